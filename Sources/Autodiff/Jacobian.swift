import RealModule

/// A map `ℝⁿ → ℝᵐ` written once, generically, so every mode can evaluate it.
///
/// ```swift
/// struct Polar: VectorFunction {
///     func callAsFunction<T: Real>(_ x: [T]) -> [T] { [x[0] * T.cos(x[1]), x[0] * T.sin(x[1])] }
/// }
/// jacobian(of: Polar(), at: [2, 0.5])
/// ```
public protocol VectorFunction {
    /// Evaluates the map on any `Real` scalar.
    func callAsFunction<T: Real>(_ x: [T]) -> [T]
}

/// Which sweep a Jacobian driver uses.
public enum DifferentiationMode: Sendable, Equatable {
    /// Forward when `n ≤ m` (one sweep per column), reverse otherwise (one sweep per row).
    case automatic
    /// Forward mode: ⌈n/8⌉ sweeps of 8-direction duals, column by column.
    case forward
    /// Reverse mode: one recording, then one tape sweep per output row.
    case reverse
}

/// The Jacobian `J[i][j] = ∂fᵢ/∂xⱼ` (row-major, `m` rows of `n`).
///
/// With `.automatic`, evaluates `f(x)` once to learn `m`, then uses forward mode when `n ≤ m`
/// (fewer columns than rows) and reverse mode otherwise.
///
/// - Complexity: forward O(⌈n/8⌉·8·cost f); reverse O(cost f + m·tape size).
///
/// ```swift
/// jacobian(of: Polar(), at: [2, 0.5], mode: .reverse)
/// ```
@inlinable
public func jacobian<F: VectorFunction>(
    of f: F, at x: [Double], mode: DifferentiationMode = .automatic
) -> [[Double]] {
    var chosen = mode
    if mode == .automatic {
        let m = f(x).count
        chosen = x.count <= m ? .forward : .reverse
    }
    if chosen == .forward {
        return forwardJacobian(of: { (v: [MultiDual<8, Double>]) in f(v) }, at: x)
    }
    return reverseJacobian(of: { (v: [Variable]) in f(v) }, at: x)
}

/// The mode ``jacobian(of:at:mode:)`` picks for `n` inputs and `m` outputs under `.automatic`.
@inlinable
public func automaticMode(inputs n: Int, outputs m: Int) -> DifferentiationMode {
    n <= m ? .forward : .reverse
}
