import Autodiff
import LinearAlgebra

/// A map `F: ℝⁿ → ℝᵐ` together with its Jacobian routine, for Newton's method on F(x) = 0
/// (``NewtonSolver``) and for nonlinear least squares (``LevenbergMarquardt``).
///
/// Built from a `VectorFunction` by ``init(_:mode:)``, the Jacobian comes from `Autodiff`:
/// forward mode (⌈n/8⌉ sweeps of 8-direction duals, one block of columns each) when n ≤ m,
/// reverse mode (one recording on a reused tape, then one sweep per row) when n > m — or the
/// mode asked for.
///
/// ```swift
/// struct Circle: VectorFunction {
///     func callAsFunction<T: Real>(_ x: [T]) -> [T] { [x[0] * x[0] + x[1] * x[1] - 4, x[0] - x[1]] }
/// }
/// let system = DifferentiableSystem(Circle())
/// let j = system.jacobian([1, 1])   // [[2, 2], [1, −1]]
/// ```
public struct DifferentiableSystem {
    /// `F(x)`.
    public let value: ([Double]) -> [Double]
    /// The m×n Jacobian `J[i][j] = ∂Fᵢ/∂xⱼ` at `x`.
    public let jacobian: ([Double]) -> Matrix<Double>
    /// How the Jacobian is taken (`.automatic` decides per call by shape).
    public let mode: DifferentiationMode

    /// A system from routines supplied by another automatic-differentiation front end.
    public init(value: @escaping ([Double]) -> [Double], jacobian: @escaping ([Double]) -> Matrix<Double>,
                mode: DifferentiationMode = .automatic) {
        self.value = value
        self.jacobian = jacobian
        self.mode = mode
    }

    /// The system `f` with its Jacobian from `Autodiff` (see the type's description).
    /// `@inlinable`, so `f` is specialised at each scalar in the caller's module.
    /// - Complexity: forward O(⌈n/8⌉·8·cost f); reverse O(cost f + m·tape).
    @inlinable
    public init<F: VectorFunction>(_ f: F, mode: DifferentiationMode = .automatic) {
        let tape = Tape(capacity: 1 << 12)
        let shape = SystemShape()
        value = { x in f(x) }
        self.mode = mode
        jacobian = { x in
            var chosen = mode
            if chosen == .automatic {
                // m from one plain evaluation, once per input length (cheap next to either sweep).
                if shape.inputs != x.count {
                    shape.inputs = x.count
                    shape.outputs = f(x).count
                }
                chosen = automaticMode(inputs: x.count, outputs: shape.outputs)
            }
            if chosen == .forward {
                let rows = forwardJacobian(of: { (v: [MultiDual<8, Double>]) in f(v) }, at: x)
                return Matrix(rows: rows.count, columns: x.count, elements: rows.flatMap { $0 })
            }
            return reverseJacobianMatrix(of: f, at: x, tape: tape)
        }
    }
}

/// The output count of a system, learned on the first Jacobian (`DifferentiableSystem`).
@usableFromInline
final class SystemShape {
    @usableFromInline var inputs = -1
    @usableFromInline var outputs = 0
    @usableFromInline init() {}
}

/// The Jacobian by reverse mode on a reused tape: one recording of `f`, then one sweep per output.
/// - Complexity: O(cost f + m·tape size).
@inlinable
public func reverseJacobianMatrix<F: VectorFunction>(of f: F, at x: [Double], tape: Tape) -> Matrix<Double> {
    tape.reset()
    let xs = tape.variables(x)
    let y = f(xs)
    let n = x.count
    var elements = [Double](repeating: 0, count: y.count * n)
    for (i, yi) in y.enumerated() where yi.isRecorded {
        let adjoint = tape.adjoints(seeds: [(yi, 1)])
        for j in 0..<n { elements[i * n + j] = adjoint[xs[j].nodeIndex] }
    }
    return Matrix(rows: y.count, columns: n, elements: elements)
}
