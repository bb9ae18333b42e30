import RealModule

/// The first derivatives of the elementary functions, written once for every mode.
///
/// Each formula is chosen so that it neither overflows nor cancels wherever the derivative is a
/// finite `Double`: `sech²` instead of `1 − tanh²`, `(1 − p)(1 + p)` instead of `1 − p²`,
/// `hypot` instead of `√(p² + 1)`, `1/p` rescaled for `atan′` at large `|p|`, a power-of-two
/// rescaling for `atan2`, `exp(−p²)` from the exact square `head + tail`. The target — checked by
/// `Tests/AutodiffTests/ElementaryAccuracyTests.swift` against mpmath — is a few ulps of the
/// correctly rounded derivative.
///
/// The functions are generic over `Real` because `Primal` may itself be a dual number (nested
/// differentiation): then the formula is differentiated in turn, so it is written with `Real`
/// operations only, and constants come from ``lift(_:)``.
@usableFromInline
enum ElementaryDerivatives {
    /// ln 2, log₂ e, ln 10, log₁₀ e and 2/√π, each correctly rounded to `Double`.
    @usableFromInline static let ln2 = 0.6931471805599453
    @usableFromInline static let log2e = 1.4426950408889634
    @usableFromInline static let ln10 = 2.302585092994046
    @usableFromInline static let log10e = 0.4342944819032518
    @usableFromInline static let twoOverSqrtPi = 1.1283791670955126

    /// `tanh′ p = sech² p = 4e/(1 + e)²` with `e = exp(−2|p|)`: no cancellation (unlike
    /// `1 − tanh²`, which keeps 8 digits at p = 10 and gives 0 at 20), no overflow (`e` only
    /// underflows, where sech² does too), and a derivative that stays finite at every |p| (that
    /// of `1/cosh²` is ∞/∞ once cosh overflows). Smooth at 0 although `|p|` is not: the
    /// derivative of `4e/(1 + e)²` with respect to `e` vanishes at e = 1.
    /// Below |p| = 1 it is `(1/cosh p)²` instead, whose derivative `−2 sinh/cosh³` keeps its
    /// relative accuracy at tiny p (that of the exponential form goes through `1 − e`, which
    /// cancels there).
    @inlinable
    static func tanh<P: Real>(_ p: P) -> P {
        if p.magnitude < 1 {
            let s = 1 / P.cosh(p)
            return s * s
        }
        let e = P.exp(-2 * p.magnitude)
        let d = 1 + e
        return 4 * e / (d * d)
    }

    /// `acosh′ p = 1/(√(p − 1)·√(p + 1))`: exact `p − 1` near 1, no overflow of `p²` for large p.
    @inlinable
    static func acosh<P: Real>(_ p: P) -> P { 1 / (P.sqrt(p - 1) * P.sqrt(p + 1)) }

    /// `asinh′ p = 1/hypot(1, p)`: no overflow of `p²` for large p.
    @inlinable
    static func asinh<P: Real>(_ p: P) -> P { 1 / P.hypot(1, p) }

    /// `1 − p²`: as `(1 − p)(1 + p)` for |p| ≥ ½ (where `1 − p` is exact, so there is no
    /// cancellation next to ±1), as `1 − p·p` below (whose derivative `−2p` is exact, where that
    /// of the factored form, `(1 − p) − (1 + p)`, cancels to 0 for tiny p).
    @inlinable
    static func oneMinusSquare<P: Real>(_ p: P) -> P {
        p.magnitude < lift(0.5) ? 1 - p * p : (1 - p) * (1 + p)
    }

    /// `atanh′ p = 1/(1 − p²)`, with `1 − p²` from ``oneMinusSquare(_:)``.
    @inlinable
    static func atanh<P: Real>(_ p: P) -> P { 1 / oneMinusSquare(p) }

    /// `asin′ p = 1/√(1 − p²)` (`acos′` is its negative), with `1 − p²` from
    /// ``oneMinusSquare(_:)``.
    @inlinable
    static func asin<P: Real>(_ p: P) -> P { 1 / P.sqrt(oneMinusSquare(p)) }

    /// `atan′ p = 1/(1 + p²)`, and `r²/(1 + r²)` with `r = 1/p` for |p| > 1 (so that 1e160 gives
    /// the subnormal 1e−320, not 0).
    @inlinable
    static func atan<P: Real>(_ p: P) -> P {
        if p.magnitude <= 1 { return 1 / (1 + p * p) }
        let r = 1 / p
        let r2 = r * r
        return r2 / (1 + r2)
    }

    /// `exp(−p²)`, with `p²` split exactly into `head + tail` (so the error of rounding `p²` is
    /// not multiplied by p² in the exponent: ~200 ulps at p = 20 otherwise).
    @inlinable
    static func expMinusSquare<P: Real>(_ p: P) -> P {
        let (h, t) = Augmented.product(p, p)
        let e = P.exp(-h)
        if e.isZero || !t.isFinite { return e }
        return e - e * t
    }

    /// `erf′ p = (2/√π)·exp(−p²)` (`erfc′` is its negative).
    @inlinable
    static func erf<P: Real>(_ p: P) -> P { lift(twoOverSqrtPi) * expMinusSquare(p) }

    /// `root′(p, n) = p^(1/n − 1)/n = (v/p)/n` with `v = root(p, n)`; at p = 0 the one-sided
    /// limit (+∞ for n > 1, 1 for n = 1), at p = ±∞ the limit 0.
    @inlinable
    static func root<P: Real>(_ p: P, _ n: Int, value v: P) -> P {
        if n == 1 { return 1 }
        if p.isZero && v.isZero { return .infinity }
        if p.isInfinite && v.isInfinite { return 0 }
        return (v / p) / P(n)
    }

    /// `∂/∂x xʸ = y·x^(y−1)`, computed as `y·(v/x)` from `v = xʸ` where that is exact enough
    /// (it avoids rounding `y − 1`), else as `y·x^(y−1)`. At x = 0: 1 for y = 1 (swift-numerics
    /// defines 0⁰ as NaN, so `pow(0, y − 1)` would poison it), 0 for y > 1, +∞ for 0 < y < 1.
    @inlinable
    static func powBase<P: Real>(_ x: P, _ y: P, value v: P) -> P {
        if y == 1 { return 1 }
        if y.isZero { return 0 }
        if x.isZero {
            if y > 1 { return 0 }
            return y * P.pow(x, y - 1)   // ±∞ (or NaN for NaN y)
        }
        if v.isNormal && x.isFinite {
            // Multiply by the smaller of y and v/x first, so that a finite result never
            // overflows on the way (y·v/x at x subnormal, |y| tiny).
            return y.magnitude < 1 ? (y * v) / x : y * (v / x)
        }
        return y * P.pow(x, y - 1)
    }

    /// `∂/∂y xʸ = xʸ·ln x`; at x = 0 taken as 0 (the limit for y > 0).
    @inlinable
    static func powExponent<P: Real>(_ x: P, value v: P) -> P {
        x.isZero ? 0 : v * P.log(x)
    }

    /// `n·pⁿ⁻¹` for an integer power (0 for n = 0; `n − 1` computed without overflow).
    @inlinable
    static func powInt<P: Real>(_ p: P, _ n: Int) -> P {
        if n == 0 { return 0 }
        if n == .min { return P(n) * (P.pow(p, n) / p) }
        return P(n) * P.pow(p, n - 1)
    }

    /// The partials `(∂/∂y, ∂/∂x)` of `atan2(y, x)` = `(x, −y)/(x² + y²)`, evaluated on `x` and
    /// `y` rescaled by the same power of two (exact) so that `x² + y²` neither overflows nor
    /// underflows. Both are 0 if either argument is infinite; NaN at the origin.
    @inlinable
    static func atan2<P: Real>(y: P, x: P) -> (dy: P, dx: P) {
        let m = Swift.max(x.magnitude, y.magnitude)
        if m.isNaN || x.isNaN || y.isNaN { return (.nan, .nan) }
        if m.isInfinite { return (0, 0) }
        if m.isZero { return (.nan, .nan) }
        let k = -m.exponent
        let xs = P(sign: .plus, exponent: k, significand: x)
        let ys = P(sign: .plus, exponent: k, significand: y)
        let r = xs * xs + ys * ys   // in [1, 8)
        return (P(sign: .plus, exponent: k, significand: xs / r),
                P(sign: .plus, exponent: k, significand: -ys / r))
    }

    /// The partials of `hypot(x, y)` = `(x, y)/hypot`: 0 at the origin; ±1 and 0 when one
    /// argument is infinite; from the halved arguments (exact) when only the value overflows.
    @inlinable
    static func hypot<P: Real>(_ x: P, _ y: P, value v: P) -> (dx: P, dy: P) {
        if v.isZero { return (0, 0) }
        let m = Swift.max(x.magnitude, y.magnitude)
        if m.isSubnormal {
            // Subnormal arguments carry few significant bits relative to each other's ratio:
            // rescale both by the same power of two (exact) first.
            let k = -m.exponent
            let xs = P(sign: .plus, exponent: k, significand: x)
            let ys = P(sign: .plus, exponent: k, significand: y)
            let h = P.hypot(xs, ys)
            return (xs / h, ys / h)
        }
        if v.isInfinite {
            if x.isInfinite && y.isFinite { return (x > 0 ? 1 : -1, 0) }
            if y.isInfinite && x.isFinite { return (0, y > 0 ? 1 : -1) }
            if x.isFinite && y.isFinite {
                let xh = x / 2, yh = y / 2, h = P.hypot(xh, yh)
                return (xh / h, yh / h)
            }
        }
        return (x / v, y / v)
    }
}
