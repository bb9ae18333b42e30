import Autodiff
import LinearAlgebra

/// An objective together with the derivative routines the minimisers call: its value, its value
/// and gradient, and optionally its Hessian and Hessian–vector products.
///
/// Built from an ``ObjectiveFunction`` by ``init(_:)``, every derivative comes from `Autodiff`:
/// the gradient by one reverse sweep of a ``/Autodiff/Tape`` that is kept and reused between calls (reset,
/// not reallocated), the Hessian forward over reverse (8 columns per recording on a reused
/// `ReverseTape<MultiDual<8, Double>>`, then symmetrised), and `H·v` forward over reverse on a
/// reused `ReverseTape<Dual<Double>>` without forming `H`. Another automatic-differentiation
/// front end (an expression graph's sweeps, say) can supply its own routines through
/// ``init(value:valueAndGradient:hessian:hessianVectorProduct:)``.
///
/// The tapes make an instance single-threaded: copies share them, so give each concurrent
/// minimisation its own objective (``Minimizer/minimize(_:from:)-(F,_)`` does).
///
/// ```swift
/// let objective = DifferentiableObjective(Rosenbrock())
/// let (f, g) = objective.valueAndGradient([-1.2, 1])   // (24.2, [−215.6, −88])
/// ```
public struct DifferentiableObjective {
    /// `f(x)`.
    public let value: ([Double]) -> Double
    /// `(f(x), ∇f(x))`.
    public let valueAndGradient: ([Double]) -> (value: Double, gradient: [Double])
    /// `∇²f(x)`, symmetric, if available.
    public let hessian: (([Double]) -> Matrix<Double>)?
    /// `∇²f(x)·v`, if available.
    public let hessianVectorProduct: (([Double], [Double]) -> [Double])?

    /// An objective from derivative routines supplied by another automatic-differentiation front end.
    /// - Parameters:
    ///   - value: `f(x)`.
    ///   - valueAndGradient: `f(x)` and `∇f(x)` (length n).
    ///   - hessian: the n×n Hessian, or `nil` (``MinimizationMethod/newton`` then reports
    ///     ``StopReason/invalidInput(_:)``).
    ///   - hessianVectorProduct: `H(x)·v`, or `nil` (``MinimizationMethod/trustRegionNewton``
    ///     then uses `hessian` if present).
    public init(value: @escaping ([Double]) -> Double,
                valueAndGradient: @escaping ([Double]) -> (value: Double, gradient: [Double]),
                hessian: (([Double]) -> Matrix<Double>)? = nil,
                hessianVectorProduct: (([Double], [Double]) -> [Double])? = nil) {
        self.value = value
        self.valueAndGradient = valueAndGradient
        self.hessian = hessian
        self.hessianVectorProduct = hessianVectorProduct
    }

    /// The objective `f` with every derivative from `Autodiff` (see the type's description).
    ///
    /// `@inlinable`, so `f` is specialised at each scalar in the caller's module: no generic
    /// dispatch per operation.
    /// - Complexity: value O(cost f); gradient O(cost f) (one recording and one sweep); Hessian
    ///   ⌈n/8⌉ recordings and sweeps at ~8× the cost; `H·v` O(cost f).
    @inlinable
    public init<F: ObjectiveFunction>(_ f: F) {
        let workspace = ObjectiveWorkspace()
        value = { x in f(x) }
        valueAndGradient = { x in
            workspace.gradientTape.valueWithGradient(of: { f($0) }, at: x)
        }
        hessian = { x in hessianMatrix(of: f, at: x, tape: workspace.hessianTape) }
        hessianVectorProduct = { x, v in
            workspace.productTape.valueGradientAndHessianVectorProduct(
                of: { f($0) }, at: x, direction: v).hessianVectorProduct
        }
    }
}

/// The tapes one ``DifferentiableObjective`` reuses between calls, created on first use.
@usableFromInline
final class ObjectiveWorkspace {
    @usableFromInline var gradientTapeStorage: Tape?
    @usableFromInline var hessianTapeStorage: ReverseTape<MultiDual<8, Double>>?
    @usableFromInline var productTapeStorage: ReverseTape<Dual<Double>>?

    @usableFromInline init() {}

    @inlinable var gradientTape: Tape {
        if let t = gradientTapeStorage { return t }
        let t = Tape(capacity: 1 << 12)
        gradientTapeStorage = t
        return t
    }

    @inlinable var hessianTape: ReverseTape<MultiDual<8, Double>> {
        if let t = hessianTapeStorage { return t }
        let t = ReverseTape<MultiDual<8, Double>>(capacity: 1 << 12)
        hessianTapeStorage = t
        return t
    }

    @inlinable var productTape: ReverseTape<Dual<Double>> {
        if let t = productTapeStorage { return t }
        let t = ReverseTape<Dual<Double>>(capacity: 1 << 12)
        productTapeStorage = t
        return t
    }
}

/// The symmetric Hessian `∇²f(x)` forward over reverse on `tape` (reset and reused): ⌈n/8⌉
/// recordings of `f` whose inputs carry 8 unit tangents each, one reverse sweep per recording
/// giving 8 columns; the result is symmetrised, `(H + Hᵀ)/2`, removing rounding asymmetry.
///
/// - Complexity: ⌈n/8⌉ recordings and sweeps, each about 8× the cost of `f`; O(n²) memory.
///
/// ```swift
/// let h = hessianMatrix(of: Rosenbrock(), at: [1, 1], tape: ReverseTape<MultiDual<8, Double>>())
/// // [[802, −400], [−400, 200]]
/// ```
@inlinable
public func hessianMatrix<F: ObjectiveFunction>(
    of f: F, at x: [Double], tape: ReverseTape<MultiDual<8, Double>>
) -> Matrix<Double> {
    let n = x.count
    var h = [Double](repeating: 0, count: n * n)
    var start = 0
    while start < n {
        tape.reset()
        let tag = makePerturbationTag()
        let width = Swift.min(8, n - start)
        let seeded = (0..<n).map { i -> MultiDual<8, Double> in
            var p = InlineArray<8, Double>(repeating: 0)
            if i >= start && i < start + width { p[i - start] = 1 }
            return MultiDual(x[i], partials: p, tag: tag)
        }
        let xs = tape.variables(seeded)
        let y = f(xs)
        let adjoint = tape.adjoints(seeds: [(y, 1)])
        for i in 0..<n {
            let a = adjoint[xs[i].nodeIndex]
            for k in 0..<width { h[i * n + start + k] = a.partials[k] }
        }
        start += 8
    }
    for i in 0..<n {
        for j in (i + 1)..<Swift.max(i + 1, n) {
            let s = 0.5 * (h[i * n + j] + h[j * n + i])
            h[i * n + j] = s
            h[j * n + i] = s
        }
    }
    return Matrix(rows: n, columns: n, elements: h)
}
