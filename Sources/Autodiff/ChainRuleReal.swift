import RealModule

/// Implementation detail shared by the first-order derivative-carrying scalars (``Dual``,
/// ``MultiDual``, ``ReverseVariable``): every `Real` requirement is derived from the two
/// chain-rule primitives of ``DifferentiableReal`` — the elementary functions here, the
/// `FloatingPoint` bookkeeping in ``AffineRuleReal`` (whose conventions apply).
///
/// The local derivatives come from `ElementaryDerivatives`, whose formulas avoid overflow and
/// cancellation (`sech²` for `tanh′`, `hypot` for `asinh′`, a rescaled `atan2`, …).
/// Conventions at points where a derivative is infinite or undefined:
/// - `sqrt` at 0 has derivative **+∞** (the one-sided limit), as has `root(x, n)` for n > 1;
///   `log` of a negative number is NaN, never a trap.
/// - `pow(x, y)` at x = 0: `∂/∂x` is 1 for y = 1, 0 for y > 1, +∞ for 0 < y < 1; `∂/∂y` is 0.
/// - `hypot` at the origin has partials 0; `atan2` at the origin has NaN partials.
/// - A product of a local derivative and an incoming derivative (tangent, partial, adjoint) is
///   exactly 0 when either factor is an exact 0, even if the other is infinite or NaN — in
///   forward and in reverse mode alike, so the two agree (`[√x₀, x₁]` at (0, 1) has J₀₁ = 0).
///   `MultiDual`, Taylor and hand-seeded `Dual`s apply it in every operation; the drivers and
///   the reverse sweep compute plainly and repeat with it only when a NaN comes out, which gives
///   the same numbers (a NaN is sticky) without a test per operation.
public protocol ChainRuleReal: DifferentiableReal, AffineRuleReal {}

extension ChainRuleReal {
    /// The affine rule is the chain rule (exact for first-order scalars).
    @inlinable @inline(__always)
    public func applyingAffineRule(value: Primal, slope: Primal) -> Self {
        applyingRule(value: value, derivative: slope)
    }
    /// The affine rule is the chain rule (exact for first-order scalars).
    @inlinable @inline(__always)
    public static func applyingAffineRule(
        _ x: Self, _ y: Self, value: Primal, dx: Primal, dy: Primal
    ) -> Self {
        applyingRule(x, y, value: value, dx: dx, dy: dy)
    }

    // MARK: Elementary functions (ElementaryFunctions)

    /// `exp`, derivative `exp x` (the value itself).
    @inlinable public static func exp(_ x: Self) -> Self {
        let v = Primal.exp(x.primal); return x.applyingRule(value: v, derivative: v)
    }
    /// `exp x − 1`, derivative `exp x`.
    @inlinable public static func expMinusOne(_ x: Self) -> Self {
        x.applyingRule(value: .expMinusOne(x.primal), derivative: .exp(x.primal))
    }
    /// `cosh`, derivative `sinh x`.
    @inlinable public static func cosh(_ x: Self) -> Self {
        x.applyingRule(value: .cosh(x.primal), derivative: .sinh(x.primal))
    }
    /// `sinh`, derivative `cosh x`.
    @inlinable public static func sinh(_ x: Self) -> Self {
        x.applyingRule(value: .sinh(x.primal), derivative: .cosh(x.primal))
    }
    /// `tanh`, derivative `sech² x` (not `1 − tanh²`, which cancels).
    @inlinable public static func tanh(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .tanh(p), derivative: ElementaryDerivatives.tanh(p))
    }
    /// `cos`, derivative `−sin x`.
    @inlinable public static func cos(_ x: Self) -> Self {
        x.applyingRule(value: .cos(x.primal), derivative: -Primal.sin(x.primal))
    }
    /// `sin`, derivative `cos x`.
    @inlinable public static func sin(_ x: Self) -> Self {
        x.applyingRule(value: .sin(x.primal), derivative: .cos(x.primal))
    }
    /// `tan`, derivative `1 + tan² x`.
    @inlinable public static func tan(_ x: Self) -> Self {
        let v = Primal.tan(x.primal); return x.applyingRule(value: v, derivative: 1 + v * v)
    }
    /// `log`, derivative `1/x` (NaN value for x < 0; −∞ with derivative +∞ at 0).
    @inlinable public static func log(_ x: Self) -> Self {
        x.applyingRule(value: .log(x.primal), derivative: 1 / x.primal)
    }
    /// `log(1 + x)`, derivative `1/(1 + x)`.
    @inlinable public static func log(onePlus x: Self) -> Self {
        x.applyingRule(value: .log(onePlus: x.primal), derivative: 1 / (1 + x.primal))
    }
    /// `acosh`, derivative `1/(√(x − 1)·√(x + 1))`.
    @inlinable public static func acosh(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .acosh(p), derivative: ElementaryDerivatives.acosh(p))
    }
    /// `asinh`, derivative `1/hypot(1, x)`.
    @inlinable public static func asinh(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .asinh(p), derivative: ElementaryDerivatives.asinh(p))
    }
    /// `atanh`, derivative `1/((1 − x)(1 + x))`.
    @inlinable public static func atanh(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .atanh(p), derivative: ElementaryDerivatives.atanh(p))
    }
    /// `acos`, derivative `−1/√((1 − x)(1 + x))`.
    @inlinable public static func acos(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .acos(p), derivative: -ElementaryDerivatives.asin(p))
    }
    /// `asin`, derivative `1/√((1 − x)(1 + x))`.
    @inlinable public static func asin(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .asin(p), derivative: ElementaryDerivatives.asin(p))
    }
    /// `atan`, derivative `1/(1 + x²)` (rescaled for |x| > 1).
    @inlinable public static func atan(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .atan(p), derivative: ElementaryDerivatives.atan(p))
    }
    /// `xʸ` (swift-numerics: NaN for x < 0 and for 0⁰); partials `y·x^(y−1)` and `xʸ·ln x`,
    /// with the conventions at x = 0 listed in ``ChainRuleReal``.
    @inlinable public static func pow(_ x: Self, _ y: Self) -> Self {
        let px = x.primal, py = y.primal
        let v = Primal.pow(px, py)
        return applyingRule(x, y, value: v,
                            dx: ElementaryDerivatives.powBase(px, py, value: v),
                            dy: ElementaryDerivatives.powExponent(px, value: v))
    }
    /// `xⁿ`, derivative `n·xⁿ⁻¹` (0 for n = 0).
    @inlinable public static func pow(_ x: Self, _ n: Int) -> Self {
        let p = x.primal
        return x.applyingRule(value: .pow(p, n), derivative: ElementaryDerivatives.powInt(p, n))
    }
    /// `√x`, derivative `1/(2√x)`; at 0 it is `+∞`.
    @inlinable public static func sqrt(_ x: Self) -> Self {
        let v = Primal.sqrt(x.primal); return x.applyingRule(value: v, derivative: 1 / (2 * v))
    }
    /// `x^(1/n)`, derivative `root(x, n)/(n·x)` (+∞ at 0 for n > 1).
    @inlinable public static func root(_ x: Self, _ n: Int) -> Self {
        let p = x.primal
        let v = Primal.root(p, n)
        return x.applyingRule(value: v, derivative: ElementaryDerivatives.root(p, n, value: v))
    }

    // MARK: RealFunctions

    /// `atan2(y, x)`, partials `(x, −y)/(x² + y²)` on rescaled arguments (no overflow or
    /// underflow of `x² + y²`).
    @inlinable public static func atan2(y: Self, x: Self) -> Self {
        let py = y.primal, px = x.primal
        let (dy, dx) = ElementaryDerivatives.atan2(y: py, x: px)
        return applyingRule(y, x, value: .atan2(y: py, x: px), dx: dy, dy: dx)
    }
    /// `erf`, derivative `(2/√π)·exp(−x²)`.
    @inlinable public static func erf(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .erf(p), derivative: ElementaryDerivatives.erf(p))
    }
    /// `erfc`, derivative `−(2/√π)·exp(−x²)`.
    @inlinable public static func erfc(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .erfc(p), derivative: -ElementaryDerivatives.erf(p))
    }
    /// `2ˣ`, derivative `2ˣ·ln 2`.
    @inlinable public static func exp2(_ x: Self) -> Self {
        let v = Primal.exp2(x.primal)
        return x.applyingRule(value: v, derivative: v * lift(ElementaryDerivatives.ln2))
    }
    /// `10ˣ`, derivative `10ˣ·ln 10`.
    @inlinable public static func exp10(_ x: Self) -> Self {
        let v = Primal.exp10(x.primal)
        return x.applyingRule(value: v, derivative: v * lift(ElementaryDerivatives.ln10))
    }
    /// `√(x² + y²)`; at the origin both partials are taken as 0.
    @inlinable public static func hypot(_ x: Self, _ y: Self) -> Self {
        let px = x.primal, py = y.primal
        let v = Primal.hypot(px, py)
        let (dx, dy) = ElementaryDerivatives.hypot(px, py, value: v)
        return applyingRule(x, y, value: v, dx: dx, dy: dy)
    }
    /// `Γ(x)`, derivative `Γ(x)·ψ(x)`.
    @inlinable public static func gamma(_ x: Self) -> Self {
        let v = Primal.gamma(x.primal)
        return x.applyingRule(value: v, derivative: v * digamma(x.primal))
    }
    /// `log₂ x`, derivative `(1/x)·log₂ e`.
    @inlinable public static func log2(_ x: Self) -> Self {
        x.applyingRule(value: .log2(x.primal),
                       derivative: (1 / x.primal) * lift(ElementaryDerivatives.log2e))
    }
    /// `log₁₀ x`, derivative `(1/x)·log₁₀ e`.
    @inlinable public static func log10(_ x: Self) -> Self {
        x.applyingRule(value: .log10(x.primal),
                       derivative: (1 / x.primal) * lift(ElementaryDerivatives.log10e))
    }
    /// `log |Γ(x)|`, derivative `ψ(x)` (``digamma(_:)``).
    @inlinable public static func logGamma(_ x: Self) -> Self {
        x.applyingRule(value: .logGamma(x.primal), derivative: digamma(x.primal))
    }
}
