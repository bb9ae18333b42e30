import Autodiff

extension ComputationGraph {
    /// The Hessian `H[i][j] = ∂²f/∂xᵢ∂xⱼ` of output `output` at `x`, **forward over reverse on the
    /// graph**: for each input `j`, the graph is linearised over `Dual<Double>` with the inputs
    /// seeded `xᵢ + δᵢⱼε`, so every local partial carries its derivative along `eⱼ`, and one
    /// reverse sweep gives the gradient and, in the adjoints' tangents, the column `H·eⱼ`.
    ///
    /// - Precondition: `x.count == inputCount`, `output < outputCount`.
    /// - Complexity: `n` linearisations and reverse sweeps over duals, O(n·N).
    ///
    /// ```swift
    /// try ComputationGraph(parsing: "x^2*y").hessian(at: [1, 2])   // [[4, 2], [2, 0]]
    /// ```
    public func hessian(at x: [Double], output: Int = 0) -> [[Double]] {
        let n = inputCount
        var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var cotangent = [Dual<Double>](repeating: Dual(constant: 0), count: outputCount)
        cotangent[output] = Dual(constant: 1)
        for j in 0..<n {
            let tag = makePerturbationTag()
            let seeded = x.indices.map { Dual(x[$0], tangent: $0 == j ? 1 : 0, tag: tag) }
            let adjoints = linearize(at: seeded).adjoints(cotangent: cotangent)
            for i in 0..<n { h[i][j] = adjoints[i].tangent }
        }
        return h
    }

    /// `[f(x), f′(x), …, f⁽ᵏ⁾(x)]` for output `output` of a graph of one variable, by Taylor mode:
    /// one evaluation of the graph on Autodiff's `Taylor<Double>` truncated at order `k`.
    ///
    /// - Precondition: `inputCount == 1`, `0 ≤ order ≤ 170` (beyond, `k!` overflows a `Double`).
    /// - Complexity: O(k²) per node.
    ///
    /// ```swift
    /// try ComputationGraph(parsing: "x^3").taylorDerivatives(at: 2, order: 4)   // [8, 12, 12, 6, 0]
    /// ```
    public func taylorDerivatives(at x: Double, order: Int, output: Int = 0) -> [Double] {
        precondition(inputCount == 1, "taylorDerivatives: the graph has \(inputCount) variables, not 1")
        precondition(order >= 0 && order <= 170, "taylorDerivatives: order \(order) outside 0…170")
        let v = values(at: [Taylor(variable: x, order: order)])
        let y: Taylor<Double> = outputValue(outputs[output], v)
        return (0...order).map { y.derivative($0) }
    }
}
