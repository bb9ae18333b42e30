import Autodiff

extension Operation {
    /// `φ(a, b)` on any `Real` scalar (`Double`, and Autodiff's `Dual`, `Variable`, `Taylor`, …).
    ///
    /// Unary operations ignore `b`; ``integerPower`` uses `exponent` (and ignores `b`). The values
    /// are swift-numerics' (`T.pow(a, n)` for integer powers, `T.pow(a, b)` for real ones), so the
    /// graph evaluates to the same bits as the same formula written in Swift.
    ///
    /// - Complexity: O(1) operations on `T`.
    ///
    /// ```swift
    /// Operation.hypot.value(3.0, 4.0, exponent: 0)   // 5
    /// ```
    @inlinable
    public func value<T: Real>(_ a: T, _ b: T, exponent: Int) -> T {
        switch self {
        case .variable: return a
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .negate: return -a
        case .integerPower: return T.pow(a, exponent)
        case .power: return T.pow(a, b)
        case .sin: return T.sin(a)
        case .cos: return T.cos(a)
        case .tan: return T.tan(a)
        case .asin: return T.asin(a)
        case .acos: return T.acos(a)
        case .atan: return T.atan(a)
        case .exp: return T.exp(a)
        case .log: return T.log(a)
        case .log1p: return T.log(onePlus: a)
        case .expm1: return T.expMinusOne(a)
        case .sqrt: return T.sqrt(a)
        case .abs: return a.magnitude
        case .tanh: return T.tanh(a)
        case .sinh: return T.sinh(a)
        case .cosh: return T.cosh(a)
        case .atan2: return T.atan2(y: a, x: b)
        case .hypot: return T.hypot(a, b)
        case .min: return T.minimum(a, b)
        case .max: return T.maximum(a, b)
        }
    }

    /// The local partial derivatives `(∂φ/∂a, ∂φ/∂b)` at `(a, b)`, given `v = φ(a, b)`: the edge
    /// weights of the linearised graph.
    ///
    /// Conventions (the same as Autodiff's, see `ChainRuleReal`): `|a|′ = 0` at 0; `min`/`max` give
    /// each argument ½ at a tie and follow the argument that is not NaN; `hypot` has partials 0
    /// at the origin; `∂(a^b)/∂b = 0` at `a = 0`; `√a′ = +∞` at 0. Formulas chosen to avoid
    /// cancellation and overflow: `tanh′ = 1/cosh²`, `asin′ = 1/√((1−a)(1+a))`, `atan2` through
    /// `hypot`.
    ///
    /// - Complexity: O(1) operations on `T`.
    ///
    /// ```swift
    /// Operation.multiply.partials(3.0, 4.0, value: 12, exponent: 0)   // (4, 3)
    /// ```
    @inlinable
    public func partials<T: Real>(_ a: T, _ b: T, value v: T, exponent: Int) -> (T, T) {
        switch self {
        case .variable: return (0, 0)
        case .add: return (1, 1)
        case .subtract: return (1, -1)
        case .multiply: return (b, a)
        case .divide:
            let r = 1 / b
            return (r, -(v * r))
        case .negate: return (-1, 0)
        case .integerPower:
            if exponent == 0 { return (0, 0) }
            return (T(exponent) * T.pow(a, exponent - 1), 0)
        case .power:
            let da = b * T.pow(a, b - 1)
            let db = a.isZero ? T.zero : v * T.log(a)
            return (da, db)
        case .sin: return (T.cos(a), 0)
        case .cos: return (-T.sin(a), 0)
        case .tan: return (1 + v * v, 0)
        case .asin: return (1 / T.sqrt((1 - a) * (1 + a)), 0)
        case .acos: return (-1 / T.sqrt((1 - a) * (1 + a)), 0)
        case .atan: return (1 / (1 + a * a), 0)
        case .exp: return (v, 0)
        case .log: return (1 / a, 0)
        case .log1p: return (1 / (1 + a), 0)
        case .expm1: return (T.exp(a), 0)
        case .sqrt: return (1 / (2 * v), 0)
        case .abs: return (a > 0 ? 1 : (a < 0 ? -1 : 0), 0)
        case .tanh:
            let c = T.cosh(a)
            return (1 / (c * c), 0)
        case .sinh: return (T.cosh(a), 0)
        case .cosh: return (T.sinh(a), 0)
        case .atan2:
            // a = y, b = x: ∂/∂y = x/r², ∂/∂x = −y/r², with r = hypot(x, y) (no overflow of r²).
            let r = T.hypot(a, b)
            return ((b / r) / r, -((a / r) / r))
        case .hypot:
            if v.isZero { return (0, 0) }
            return (a / v, b / v)
        case .min: return Operation.selection(a, b, firstWins: a < b, secondWins: b < a)
        case .max: return Operation.selection(a, b, firstWins: a > b, secondWins: b > a)
        }
    }

    /// Partials of `min`/`max`: the chosen argument gets 1, a tie gives ½ each; with a NaN the
    /// argument that is not NaN is chosen (the first if both are NaN).
    @inlinable
    static func selection<T: Real>(_ a: T, _ b: T, firstWins: Bool, secondWins: Bool) -> (T, T) {
        if a.isNaN || b.isNaN { return a.isNaN && !b.isNaN ? (0, 1) : (1, 0) }
        if firstWins { return (1, 0) }
        if secondWins { return (0, 1) }
        let half = T(1) / 2
        return (half, half)
    }
}
