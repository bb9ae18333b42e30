import RealModule

/// The `Double` constant `x` as any `Real` scalar (derivative zero), exactly when `T` has at
/// least `Double`'s precision, rounded otherwise.
///
/// `Real` has no initialiser from `Double`, so generic code needs this to bring data (a matrix
/// of observations, a coefficient like 0.2) into `T`.
///
/// - Complexity: O(1) (a scaling by a power of two on `T`).
///
/// ```swift
/// func ackleyTerm<T: Real>(_ x: T) -> T { lift(0.2) * x }
/// ```
@inlinable
public func lift<T: Real>(_ x: Double) -> T {
    if T.self == Double.self { return unsafeBitCast(x, to: T.self) }
    if T.self == Float.self { return unsafeBitCast(Float(x), to: T.self) }
    // Forward mode's common scalar: a constant dual directly (the generic path below gives the
    // same value, with tangent 0 and tag 0, through a bit-level rebuild of the significand).
    if T.self == Dual<Double>.self { return unsafeBitCast(Dual<Double>(constant: x), to: T.self) }
    // Reverse mode's: a constant variable (on no tape) directly.
    if T.self == Variable.self { return unsafeBitCast(Variable(constant: x), to: T.self) }
    // The scalars the map–sum and Hessian paths evaluate terms on.
    if T.self == UncheckedDual<Double>.self {
        return unsafeBitCast(UncheckedDual<Double>(constant: x), to: T.self)
    }
    if T.self == UncheckedMultiDual<2, Double>.self {
        return unsafeBitCast(UncheckedMultiDual<2, Double>(constant: x), to: T.self)
    }
    if T.self == MultiDual<2, Double>.self {
        return unsafeBitCast(MultiDual<2, Double>(constant: x), to: T.self)
    }
    if T.self == MultiDual<8, Double>.self {
        return unsafeBitCast(MultiDual<8, Double>(constant: x), to: T.self)
    }
    if x.isNaN { return .nan }
    if x.isInfinite { return x > 0 ? .infinity : -.infinity }
    if x == 0 { return x.sign == .minus ? -T.zero : T.zero }
    let m = Int64(x.significand * 0x1p52)
    return T(sign: x.sign, exponent: T.Exponent(x.exponent - 52), significand: T(m))
}
