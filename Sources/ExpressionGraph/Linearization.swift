import Autodiff

/// A ``ComputationGraph`` linearised at a point: every node's value `wᵢ` and the local partials
/// `cᵢⱼ = ∂wᵢ/∂wⱼ` of its arguments (the edge weights of the lecture's linearised graph).
///
/// The sweeps run on it: forward (``tangents(seed:)``: `ẇᵢ = Σⱼ cᵢⱼ ẇⱼ` in evaluation order, one
/// Jacobian column or directional derivative per sweep) and reverse (``adjoints(cotangent:)``:
/// `w̄ⱼ = Σᵢ w̄ᵢ cᵢⱼ` in reverse order, one Jacobian row or gradient per sweep). Each sweep costs
/// one multiplication per edge (``ComputationGraph/edgeCount``). Generic over the scalar: with
/// `T = Dual<Double>` a reverse sweep carries second derivatives (forward over reverse). With
/// `Double` the sweeps keep exact zeros exact: a product with an exact 0 is 0 even when the other
/// factor is ±∞ or NaN, so forward and reverse mode agree where a derivative is infinite.
///
/// ```swift
/// let lin = try ComputationGraph(parsing: "x*y").linearize(at: [3.0, 4.0])
/// lin.outputTangents(seed: [1, 0])   // [4]
/// lin.gradient()                     // [4, 3]
/// ```
public struct Linearization<T: Real> {
    /// The graph.
    public let graph: ComputationGraph
    /// `wᵢ` for every node.
    public let values: [T]
    /// `∂wᵢ/∂(first argument)` (0 for inputs).
    public let firstPartials: [T]
    /// `∂wᵢ/∂(second argument)` (0 for inputs and unary operations).
    public let secondPartials: [T]

    /// A linearisation from its parts (``ComputationGraph/linearize(at:)`` makes them).
    @inlinable
    public init(graph: ComputationGraph, values: [T], firstPartials: [T], secondPartials: [T]) {
        self.graph = graph
        self.values = values
        self.firstPartials = firstPartials
        self.secondPartials = secondPartials
    }

    /// The outputs' values.
    @inlinable
    public var outputValues: [T] { graph.outputs.map { graph.outputValue($0, values) } }

    /// Whether the sweeps use the exact-zero convention: a product with an exact 0 (a tangent or
    /// adjoint that is 0, or a local partial that is 0, as in the branch `min` did not take) is 0
    /// even when the other factor is ±∞ or NaN — so forward and reverse mode agree where a
    /// derivative is infinite (`[√x, y]` at `x = 0`: ∂/∂y is 0 both ways, not NaN one way). On
    /// for `Double` and `Float`; for the derivative-carrying scalars (a `Dual` whose value is 0
    /// may still carry a tangent) every product is taken.
    @inlinable
    static var exactZeros: Bool { T.self == Double.self || T.self == Float.self }

    /// The forward sweep: `ẇᵢ` for every node, given the inputs' tangents `seed` (a direction).
    ///
    /// - Precondition: `seed.count == graph.inputCount`.
    /// - Complexity: O(N), ``ComputationGraph/edgeCount`` multiplications.
    @inlinable
    public func tangents(seed: [T]) -> [T] {
        let n = graph.inputCount, count = graph.nodeCount
        precondition(seed.count == n, "tangents: seed has \(seed.count) entries for \(n) variables")
        var t = [T](repeating: 0, count: count)
        for i in 0..<n { t[i] = seed[i] }
        graph.firstOperand.withUnsafeBufferPointer { first in
            graph.secondOperand.withUnsafeBufferPointer { second in
                let zeros = Linearization.exactZeros
                for i in n..<count {
                    var s: T = 0
                    let a = first[i], b = second[i]
                    if a >= 0 {
                        let ta = t[Int(a)], p = firstPartials[i]
                        if !(zeros && (ta == 0 || p == 0)) { s = p * ta }
                    }
                    if b >= 0 {
                        let tb = t[Int(b)], q = secondPartials[i]
                        if !(zeros && (tb == 0 || q == 0)) { s += q * tb }
                    }
                    t[i] = s
                }
            }
        }
        return t
    }

    /// The outputs' tangents `ẏ = J·seed`.
    /// - Complexity: one forward sweep.
    @inlinable
    public func outputTangents(seed: [T]) -> [T] {
        let t = tangents(seed: seed)
        return graph.outputs.map { output -> T in
            if case .node(let i) = output { return t[i] }
            return 0
        }
    }

    /// The reverse sweep: `w̄ⱼ` for every node, given the outputs' adjoints `cotangent`.
    ///
    /// - Precondition: `cotangent.count == graph.outputCount`.
    /// - Complexity: O(N), ``ComputationGraph/edgeCount`` multiplications.
    @inlinable
    public func adjoints(cotangent: [T]) -> [T] {
        let n = graph.inputCount, count = graph.nodeCount
        precondition(cotangent.count == graph.outputCount,
                     "adjoints: cotangent has \(cotangent.count) entries for \(graph.outputCount) outputs")
        var adj = [T](repeating: 0, count: count)
        for (k, output) in graph.outputs.enumerated() {
            if case .node(let i) = output { adj[i] += cotangent[k] }
        }
        graph.firstOperand.withUnsafeBufferPointer { first in
            graph.secondOperand.withUnsafeBufferPointer { second in
                let zeros = Linearization.exactZeros
                var i = count - 1
                while i >= n {
                    let w = adj[i]
                    i -= 1
                    if zeros && w == 0 { continue }
                    let a = first[i + 1], b = second[i + 1]
                    if a >= 0 {
                        let p = firstPartials[i + 1]
                        if !(zeros && p == 0) { adj[Int(a)] += w * p }
                    }
                    if b >= 0 {
                        let q = secondPartials[i + 1]
                        if !(zeros && q == 0) { adj[Int(b)] += w * q }
                    }
                }
            }
        }
        return adj
    }

    /// `uᵀJ`: the inputs' adjoints for the outputs' cotangent `u` (one reverse sweep).
    @inlinable
    public func vectorJacobianProduct(cotangent u: [T]) -> [T] {
        Array(adjoints(cotangent: u).prefix(graph.inputCount))
    }

    /// The gradient of output `k` by one reverse sweep.
    /// - Complexity: O(N).
    @inlinable
    public func gradient(output k: Int = 0) -> [T] {
        var u = [T](repeating: 0, count: graph.outputCount)
        u[k] = 1
        return vectorJacobianProduct(cotangent: u)
    }

    /// The gradient of output `k` by `n` forward sweeps (one per input).
    /// - Complexity: O(n·N).
    @inlinable
    public func forwardGradient(output k: Int = 0) -> [T] {
        let J = jacobian(mode: .forward)
        return J[k]
    }

    /// The Jacobian (rows = outputs, columns = inputs): `.forward` builds a column per forward
    /// sweep (`n` sweeps), `.reverse` a row per reverse sweep (`m` sweeps).
    /// - Complexity: O(n·N) or O(m·N).
    @inlinable
    public func jacobian(mode: SweepMode) -> [[T]] {
        let n = graph.inputCount, m = graph.outputCount
        var J = [[T]](repeating: [T](repeating: 0, count: n), count: m)
        switch mode {
        case .forward:
            for j in 0..<n {
                var seed = [T](repeating: 0, count: n)
                seed[j] = 1
                let column = outputTangents(seed: seed)
                for i in 0..<m { J[i][j] = column[i] }
            }
        case .reverse:
            for i in 0..<m {
                var u = [T](repeating: 0, count: m)
                u[i] = 1
                J[i] = vectorJacobianProduct(cotangent: u)
            }
        }
        return J
    }
}

/// Which way derivatives are accumulated along the graph.
public enum SweepMode: String, Sendable, CaseIterable {
    /// Tangents in evaluation order: one Jacobian column per sweep.
    case forward
    /// Adjoints in reverse order: one Jacobian row per sweep.
    case reverse
}
