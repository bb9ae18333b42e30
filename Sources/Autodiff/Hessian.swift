import RealModule

/// The Hessian `H[i][j] = ∂²f/∂xᵢ∂xⱼ` of a scalar field, one column per recording.
///
/// Each column `H·eⱼ` is a reverse sweep of a forward directional derivative: `f` runs on
/// `Dual<Variable>` with tangent `eⱼ`, so the output's tangent is the variable `∇f·eⱼ`, and one
/// reverse sweep of it gives `H·eⱼ` (the `Dual` is the outer layer, the tape the inner one).
/// Pass a generic `func f<T: Real>(_ x: [T]) -> T`.
///
/// - Complexity: n recordings and n sweeps, each O(cost f): O(n·cost f).
///
/// ```swift
/// hessian(of: { x in x[0] * x[0] * x[1] }, at: [1, 2])   // [[4, 2], [2, 0]]
/// ```
@inlinable
public func hessian(of f: ([Dual<Variable>]) -> Dual<Variable>, at x: [Double]) -> [[Double]] {
    let n = x.count
    let tape = Tape(capacity: Swift.max(1 << 12, 32 * n))
    var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for j in 0..<n {
        let column = hessianVectorProduct(of: f, at: x, direction: unitVector(n, j), tape: tape)
        for i in 0..<n { h[i][j] = column[i] }
    }
    return h
}

/// Hessian–vector product `H(x)·v` with one recording and one reverse sweep (the reverse
/// derivative of the forward directional derivative `∇f·v`), without forming `H`.
/// - Complexity: O(cost f).
///
/// ```swift
/// hessianVectorProduct(of: { x in x[0] * x[0] * x[1] }, at: [1, 2], direction: [1, 0])  // [4, 2]
/// ```
@inlinable
public func hessianVectorProduct(
    of f: ([Dual<Variable>]) -> Dual<Variable>, at x: [Double], direction v: [Double]
) -> [Double] {
    hessianVectorProduct(of: f, at: x, direction: v,
                         tape: Tape(capacity: Swift.max(1 << 12, 32 * x.count)))
}

@inlinable
func hessianVectorProduct(
    of f: ([Dual<Variable>]) -> Dual<Variable>, at x: [Double], direction v: [Double], tape: Tape
) -> [Double] {
    precondition(x.count == v.count, "hessianVectorProduct: direction length differs")
    tape.reset()
    let xs = tape.variables(x)
    let tag = makePerturbationTag()
    let y = f((0..<x.count).map { Dual(xs[$0], tangent: Variable(constant: v[$0]), tag: tag) })
    let adj = tape.adjoints(seeds: [(y.tangent, 1)])
    return withExtendedLifetime(tape) { xs.map { adj[$0.nodeIndex] } }
}

@inlinable
func unitVector(_ n: Int, _ j: Int) -> [Double] {
    var e = [Double](repeating: 0, count: n)
    e[j] = 1
    return e
}
