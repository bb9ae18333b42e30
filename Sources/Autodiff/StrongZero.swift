import RealModule

// The exact-zero convention shared by every mode.
//
// A derivative contribution is the product of a local partial derivative and an incoming
// derivative (a tangent or a partial in forward mode, an adjoint in reverse mode). It is exactly
// zero when either factor is an exact zero, even if the other factor is infinite or NaN: a
// perturbation that is not there cannot be amplified, and a function that does not depend on an
// input passes nothing on. Reverse mode always skipped records whose adjoint is 0; forward mode
// now does the same with zero tangents and partials, and both modes treat a zero *local*
// derivative the same way, so that a Jacobian computed forward and reverse agree (`[√x₀, x₁]` at
// (0, 1): J₀₁ = 0 both ways, not NaN one way). The products are computed as usual and only
// re-examined when the result is NaN, so the common path costs one comparison.

/// A derivative-carrying scalar that can tell whether it is an exact zero at every level
/// (value and all derivative components), for the exact-zero convention.
@usableFromInline
protocol ExactZeroTestable {
    /// The value and every derivative component are zero.
    var isExactlyZero: Bool { get }
}

/// Whether `x` is exactly zero at every level: `== 0` for `Double`/`Float`, the value and every
/// derivative component for the scalars of this module, the value for any other `Real` type.
@inlinable @inline(__always)
func isExactlyZero<T: Real>(_ x: T) -> Bool {
    if T.self == Double.self { return unsafeBitCast(x, to: Double.self) == 0 }
    if T.self == Float.self { return unsafeBitCast(x, to: Float.self) == 0 }
    return isExactlyZeroSlow(x)
}

/// The out-of-line part of ``isExactlyZero(_:)`` (a dynamic cast; only on slow paths).
@inlinable @inline(never)
func isExactlyZeroSlow<T: Real>(_ x: T) -> Bool {
    if let z = x as? any ExactZeroTestable { return z.isExactlyZero }
    return x == 0
}

/// `a·b` with the exact-zero convention: 0 when either factor is an exact zero.
///
/// - Complexity: one multiplication, plus a classification when the product is NaN.
@inlinable @inline(__always)
func strongZeroProduct<T: Real>(_ a: T, _ b: T) -> T {
    let r = a * b
    if _fastPath(!r.isNaN) { return r }
    return strongZeroOfNaNProduct(a, b)
}

/// The exact-zero convention for a product `a·b` that came out NaN: 0 if a factor is an exact
/// zero, else NaN. Out of line, so that the rare case does not weigh on the callers' code.
@inlinable @inline(never)
func strongZeroOfNaNProduct<T: Real>(_ a: T, _ b: T) -> T {
    isExactlyZero(a) || isExactlyZero(b) ? 0 : a * b
}


/// `a·b + c·d` with the exact-zero convention on each product (out of line: the callers use it
/// only after the plain sum came out NaN, or where one side is known to be non-finite).
@inlinable @inline(never)
func strongZeroSum<T: Real>(_ a: T, _ b: T, _ c: T, _ d: T) -> T {
    strongZeroProduct(a, b) + strongZeroProduct(c, d)
}
