import RealModule

/// A truncated Taylor polynomial `Σₖ cₖ tᵏ` (k ≤ order): Taylor-mode forward differentiation.
///
/// Seeding `x + t` and running generic code on `Taylor<T>` propagates all coefficients at once
/// with the classical recurrences (Cauchy products, and `y′ = f′(x)·x′` for elementary
/// functions), so the n-th derivative of a scalar function costs O(n²) per operation instead of
/// the O(2ⁿ) of n nested duals. `f⁽ᵏ⁾(x) = k!·cₖ`.
///
/// Coefficients live in an array (one allocation per operation; constants hold one coefficient).
/// Comparisons look at `c₀`. `Taylor` is meant for one variable and does not carry a
/// perturbation tag: do not capture a `Taylor` from an outer differentiation inside an inner one.
///
/// Every elementary function is carried to full order by its own recurrence. A user-defined
/// rule must be too: `Taylor` conforms to ``AffineRuleReal`` but not to ``DifferentiableReal``,
/// so a first-order rule written for ``Dual``/``Variable`` does not compile here; use
/// ``applyingRule(value:derivative:)``, which takes `f′` as a function.
///
/// A coefficient that is an exact zero stays out of every product (the exact-zero convention of
/// ``ChainRuleReal``): `x³` at x = 10¹⁶⁰ has the finite second derivative 6·10¹⁶⁰ although its
/// value overflows.
///
/// - Complexity: O(n²) per multiplication, division and elementary function for order n;
///   O(n) for addition.
///
/// ```swift
/// derivative(of: { x in Taylor.sin(x) }, at: 0.5, order: 5)   // cos 0.5
/// ```
@frozen
public struct Taylor<T: Real>: AffineRuleReal {
    /// The scalar one level down.
    public typealias Primal = T
    /// `magnitude` has the same type (FloatingPoint requirement).
    public typealias Magnitude = Taylor
    /// Distances have the same type (Strideable requirement).
    public typealias Stride = Taylor
    /// The exponent type of the value.
    public typealias Exponent = T.Exponent

    /// The normalised Taylor coefficients `c₀ … cₙ` (`c₀` is the value).
    public var coefficients: [T]

    /// A Taylor polynomial with the given coefficients (at least one).
    @inlinable
    public init(coefficients: [T]) {
        precondition(!coefficients.isEmpty, "Taylor: at least one coefficient")
        self.coefficients = coefficients
    }

    /// The variable `x + t` truncated at `order`.
    @inlinable
    public init(variable x: T, order: Int) {
        var c = [T](repeating: 0, count: order + 1)
        c[0] = x
        if order >= 1 { c[1] = 1 }
        self.coefficients = c
    }

    /// A constant (all higher coefficients zero).
    @inlinable
    public init(constant value: T) { coefficients = [value] }

    /// The value with this level's derivative dropped.
    @inlinable public var primal: T { coefficients[0] }

    /// The order of the truncation (number of coefficients − 1).
    @inlinable public var order: Int { coefficients.count - 1 }

    /// Coefficient `k`, zero beyond the stored ones.
    @inlinable
    public subscript(k: Int) -> T { k < coefficients.count ? coefficients[k] : 0 }

    /// The k-th derivative `k!·cₖ`, with `k!` applied one factor at a time in double-length
    /// arithmetic (so it neither overflows at k ≥ 171 while the result is finite nor loses
    /// accuracy to the rounding of `k!`).
    ///
    /// - Complexity: O(k).
    @inlinable
    public func derivative(_ k: Int) -> T {
        Taylor.unscaled(self[k], order: k, scale: 1)
    }

    /// `c·k!/sᵏ` for a power-of-two scale `s`: the k-th derivative from the k-th coefficient of
    /// a series seeded as `x + s·t`. The factors `i/s` are exact; their running product is kept
    /// as head + tail (`Augmented.product`) times a power of two `2ᴱ` (renormalised exactly as it
    /// grows or shrinks), and is applied to `c` once at the end: the result is within about an ulp
    /// of `c·k!/sᵏ`, and finite whenever that is.
    ///
    /// - Complexity: O(k).
    @inlinable
    static func unscaled(_ c: T, order k: Int, scale s: T) -> T {
        if k == 0 || c.isZero || !c.isFinite { return c }
        var head: T = 1, tail: T = 0, e = 0     // ∏ (i/s) = (head + tail)·2ᵉ
        for i in 1...k {
            let f = T(i) / s
            let p = Augmented.product(head, f)
            head = p.head
            tail = tail * f + p.tail
            let x = Int(head.exponent)
            if x > 32 || x < -32 {
                head = T(sign: .plus, exponent: T.Exponent(-x), significand: head)
                tail = T(sign: .plus, exponent: T.Exponent(-x), significand: tail)
                e += x
            }
        }
        // c = cm·2^ce with 1 ≤ |cm| < 2 (exact), cm·(head + tail), then one scaling by 2^(e + ce)
        // (which rounds once if the result is subnormal).
        let ce = Int(c.exponent)
        let cm = T(sign: .plus, exponent: T.Exponent(-ce), significand: c)
        let (ph, pt) = Augmented.product(cm, head)
        let m = ph + (pt + cm * tail)
        return T(sign: .plus, exponent: T.Exponent(e + ce), significand: m)
    }

    /// An affine rule (used by the piecewise `FloatingPoint` conventions): `v + d·(x − x₀)`,
    /// exact at every order.
    @inlinable
    public func applyingAffineRule(value v: T, slope d: T) -> Taylor {
        var c = coefficients
        c[0] = v
        for k in c.indices.dropFirst() { c[k] = d * c[k] }
        return Taylor(coefficients: c)
    }

    /// A user-defined rule carried to every order: `f(self)` for a function with
    /// `f(x₀) = value` and derivative `f′` given as a function that Taylor mode can evaluate on a
    /// series (written with `Taylor` operations): the result's coefficients solve
    /// `y′(t) = f′(x(t))·x′(t)`, `y(0) = value`.
    ///
    /// This is Taylor mode's counterpart of ``DifferentiableReal/applyingRule(value:derivative:)``
    /// (which `Taylor` does not offer, since a number `f′(x₀)` cannot give `f″`).
    ///
    /// - Complexity: one evaluation of `derivative` plus O(order²).
    ///
    /// ```swift
    /// // softplus(x) = log(1 + eˣ), f′ = 1/(1 + e⁻ˣ)
    /// let y = x.applyingRule(value: Double.log(onePlus: .exp(x.primal))) { 1 / (1 + Taylor.exp(-$0)) }
    /// ```
    @inlinable
    public func applyingRule(value: T, derivative: (Taylor) -> Taylor) -> Taylor {
        if coefficients.count == 1 { return Taylor(constant: value) }
        return Taylor.integrate(self, value: value, derivative: derivative(self))
    }

    /// An affine rule of two series: `v + dx·(x − x₀) + dy·(y − y₀)`, exact at every order.
    @inlinable
    public static func applyingAffineRule(_ x: Taylor, _ y: Taylor, value v: T, dx: T, dy: T) -> Taylor {
        let n = Swift.max(x.coefficients.count, y.coefficients.count)
        var c = [T](repeating: 0, count: n)
        c[0] = v
        for k in 1..<n { c[k] = dx * x[k] + dy * y[k] }
        return Taylor(coefficients: c)
    }
}

// MARK: - Arithmetic

extension Taylor {
    /// The constant 0.
    @inlinable public static var zero: Taylor { Taylor(constant: 0) }

    /// Sum rule.
    @inlinable
    public static func + (a: Taylor, b: Taylor) -> Taylor {
        if b.coefficients.count == 1 {
            var c = a.coefficients; c[0] += b.coefficients[0]; return Taylor(coefficients: c)
        }
        if a.coefficients.count == 1 { return b + a }
        let n = Swift.max(a.coefficients.count, b.coefficients.count)
        return Taylor(coefficients: (0..<n).map { a[$0] + b[$0] })
    }
    /// Difference rule.
    @inlinable
    public static func - (a: Taylor, b: Taylor) -> Taylor { a + (-b) }
    /// Negation.
    @inlinable
    public static prefix func - (a: Taylor) -> Taylor { Taylor(coefficients: a.coefficients.map { -$0 }) }
    /// Product rule.
    @inlinable
    public static func * (a: Taylor, b: Taylor) -> Taylor {
        if b.coefficients.count == 1 {
            let s = b.coefficients[0]
            var c = a.coefficients.map { strongZeroProduct($0, s) }
            c[0] = a.coefficients[0] * s   // the value keeps IEEE semantics
            return Taylor(coefficients: c)
        }
        if a.coefficients.count == 1 { return b * a }
        let n = Swift.max(a.coefficients.count, b.coefficients.count)
        var c = [T](repeating: 0, count: n)
        for k in 0..<n {
            var s: T = 0
            for j in 0...k { s += k == 0 ? a[0] * b[0] : strongZeroProduct(a[j], b[k - j]) }
            c[k] = s
        }
        return Taylor(coefficients: c)
    }
    /// Quotient rule.
    @inlinable
    public static func / (a: Taylor, b: Taylor) -> Taylor {
        if b.coefficients.count == 1 {
            let s = b.coefficients[0]; return Taylor(coefficients: a.coefficients.map { $0 / s })
        }
        let n = Swift.max(a.coefficients.count, b.coefficients.count)
        var c = [T](repeating: 0, count: n)
        let b0 = b[0]
        for k in 0..<n {
            var s = a[k]
            if k > 0 { for j in 1...k { s -= strongZeroProduct(b[j], c[k - j]) } }
            c[k] = s / b0
        }
        return Taylor(coefficients: c)
    }
    /// Negates in place.
    @inlinable public mutating func negate() { self = -self }
    @inlinable public static func += (a: inout Taylor, b: Taylor) { a = a + b }
    @inlinable public static func -= (a: inout Taylor, b: Taylor) { a = a - b }
    @inlinable public static func *= (a: inout Taylor, b: Taylor) { a = a * b }
    @inlinable public static func /= (a: inout Taylor, b: Taylor) { a = a / b }
}

// MARK: - Elementary functions (every requirement overridden with its full-order recurrence)

extension Taylor {
    /// `y` with `y₀ = v` and `y′ = d·a′`, where `d` is `f′(a)` as a series:
    /// `yₖ = (1/k) Σⱼ₌₁ᵏ j·aⱼ·dₖ₋ⱼ`.
    @inlinable
    static func integrate(_ a: Taylor, value v: T, derivative d: Taylor) -> Taylor {
        let n = a.coefficients.count
        var y = [T](repeating: 0, count: n)
        y[0] = v
        if n > 1 {
            for k in 1..<n {
                var s: T = 0
                for j in 1...k { s += strongZeroProduct(T(j) * a[j], d[k - j]) }
                y[k] = s / T(k)
            }
        }
        return Taylor(coefficients: y)
    }

    /// Solves `y′ = g(y)·a′` coefficient by coefficient, where `g` is a polynomial in `y`
    /// evaluated on the coefficients known so far (used for exp, tan, tanh).
    @inlinable
    static func ode(_ a: Taylor, value v: T, _ g: (Taylor) -> Taylor) -> Taylor {
        let n = a.coefficients.count
        var y = [T](repeating: 0, count: n)
        y[0] = v
        if n > 1 {
            for k in 1..<n {
                let d = g(Taylor(coefficients: Array(y[0..<k])))
                var s: T = 0
                for j in 1...k { s += strongZeroProduct(T(j) * a[j], d[k - j]) }
                y[k] = s / T(k)
            }
        }
        return Taylor(coefficients: y)
    }

    /// The series of `exp(a(t))` with `y₀` given (so that a value computed more accurately than
    /// `exp(a₀)` — `2^x₀`, `exp(−x₀²)`, `Γ(x₀)` — feeds every coefficient): `y′ = y·a′`,
    /// `yₖ = (1/k) Σⱼ₌₁ᵏ j·aⱼ·yₖ₋ⱼ`.
    @inlinable
    static func expSeries(_ a: Taylor, value y0: T) -> Taylor {
        let n = a.coefficients.count
        var y = [T](repeating: 0, count: n)
        y[0] = y0
        if n > 1 {
            for k in 1..<n {
                var s: T = 0
                for j in 1...k { s += strongZeroProduct(T(j) * a[j], y[k - j]) }
                y[k] = s / T(k)
            }
        }
        return Taylor(coefficients: y)
    }

    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func exp(_ x: Taylor) -> Taylor { expSeries(x, value: T.exp(x[0])) }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func expMinusOne(_ x: Taylor) -> Taylor {
        var y = exp(x); y.coefficients[0] = T.expMinusOne(x[0]); return y
    }
    @inlinable static func sinCos(_ x: Taylor) -> (Taylor, Taylor) {
        let n = x.coefficients.count
        var s = [T](repeating: 0, count: n), c = [T](repeating: 0, count: n)
        s[0] = T.sin(x[0]); c[0] = T.cos(x[0])
        if n > 1 {
            for k in 1..<n {
                var ss: T = 0, cc: T = 0
                for j in 1...k { ss += T(j) * x[j] * c[k - j]; cc -= T(j) * x[j] * s[k - j] }
                s[k] = ss / T(k); c[k] = cc / T(k)
            }
        }
        return (Taylor(coefficients: s), Taylor(coefficients: c))
    }
    @inlinable static func sinhCosh(_ x: Taylor) -> (Taylor, Taylor) {
        let n = x.coefficients.count
        var s = [T](repeating: 0, count: n), c = [T](repeating: 0, count: n)
        s[0] = T.sinh(x[0]); c[0] = T.cosh(x[0])
        if n > 1 {
            for k in 1..<n {
                var ss: T = 0, cc: T = 0
                for j in 1...k { ss += T(j) * x[j] * c[k - j]; cc += T(j) * x[j] * s[k - j] }
                s[k] = ss / T(k); c[k] = cc / T(k)
            }
        }
        return (Taylor(coefficients: s), Taylor(coefficients: c))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func sin(_ x: Taylor) -> Taylor { sinCos(x).0 }
    @inlinable public static func cos(_ x: Taylor) -> Taylor { sinCos(x).1 }
    @inlinable public static func sinh(_ x: Taylor) -> Taylor { sinhCosh(x).0 }
    @inlinable public static func cosh(_ x: Taylor) -> Taylor { sinhCosh(x).1 }
    @inlinable public static func tan(_ x: Taylor) -> Taylor {
        ode(x, value: T.tan(x[0])) { y in 1 + y * y }
    }
    /// Part of the `Real` conformance: `y′ = sech²(x)·x′` (not `1 − tanh²`, which cancels), O(n²).
    @inlinable public static func tanh(_ x: Taylor) -> Taylor {
        integrate(x, value: T.tanh(x[0]), derivative: ElementaryDerivatives.tanh(x))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func log(_ x: Taylor) -> Taylor {
        integrate(x, value: T.log(x[0]), derivative: 1 / x)
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func log(onePlus x: Taylor) -> Taylor {
        integrate(x, value: T.log(onePlus: x[0]), derivative: 1 / (1 + x))
    }
    /// Part of the `Real` conformance: `y′ = x′/(√(x − 1)·√(x + 1))`, O(n²).
    @inlinable public static func acosh(_ x: Taylor) -> Taylor {
        integrate(x, value: T.acosh(x[0]), derivative: ElementaryDerivatives.acosh(x))
    }
    /// Part of the `Real` conformance: `y′ = x′/hypot(1, x)`, O(n²).
    @inlinable public static func asinh(_ x: Taylor) -> Taylor {
        integrate(x, value: T.asinh(x[0]), derivative: ElementaryDerivatives.asinh(x))
    }
    /// Part of the `Real` conformance: `y′ = x′/((1 − x)(1 + x))`, O(n²).
    @inlinable public static func atanh(_ x: Taylor) -> Taylor {
        integrate(x, value: T.atanh(x[0]), derivative: ElementaryDerivatives.atanh(x))
    }
    /// Part of the `Real` conformance: `y′ = −x′/√((1 − x)(1 + x))`, O(n²).
    @inlinable public static func acos(_ x: Taylor) -> Taylor {
        integrate(x, value: T.acos(x[0]), derivative: -ElementaryDerivatives.asin(x))
    }
    /// Part of the `Real` conformance: `y′ = x′/√((1 − x)(1 + x))`, O(n²).
    @inlinable public static func asin(_ x: Taylor) -> Taylor {
        integrate(x, value: T.asin(x[0]), derivative: ElementaryDerivatives.asin(x))
    }
    /// Part of the `Real` conformance: `y′ = x′/(1 + x²)` (rescaled for |x₀| > 1), O(n²).
    @inlinable public static func atan(_ x: Taylor) -> Taylor {
        integrate(x, value: T.atan(x[0]), derivative: ElementaryDerivatives.atan(x))
    }
    /// Part of the `Real` conformance: `exp(y·log x)`, or for a constant exponent `p` the
    /// recurrence `x·y′ = p·y·x′` — at `x₀ = 0` with an integer `p` the exact polynomial
    /// (repeated products), where the recurrence would divide by 0. O(n²).
    @inlinable public static func pow(_ x: Taylor, _ y: Taylor) -> Taylor {
        if y.coefficients.count == 1 {
            let p = y[0]
            if x[0].isZero, let n = smallInteger(p) {
                var r = pow(x, n)
                r.coefficients[0] = T.pow(x[0], p)   // the primal's value (NaN for 0⁰)
                return r
            }
            return powConstant(x, p, value: T.pow(x[0], p))
        }
        return expSeries(y * log(x), value: T.pow(x[0], y[0]))
    }
    /// `p` as an `Int` if it is an integer of magnitude at most 2³⁰ (bit by bit: `Real` has no
    /// conversion to `Int`).
    @inlinable static func smallInteger(_ p: T) -> Int? {
        guard p == p.rounded(), p.magnitude <= T(1 << 30) else { return nil }
        var r = p.magnitude, n = 0
        for b in stride(from: 30, through: 0, by: -1) where r >= T(1 << b) {
            r -= T(1 << b); n |= 1 << b
        }
        return p < 0 ? -n : n
    }
    /// `x^p` for constant `p` by `y′·x = p·y·x′` (valid at any x₀ ≠ 0), with `y₀` given.
    @inlinable static func powConstant(_ x: Taylor, _ p: T, value y0: T) -> Taylor {
        let n = x.coefficients.count
        var y = [T](repeating: 0, count: n)
        y[0] = y0
        if x[0].isInfinite && n > 1 {
            // At ±∞ the recurrence is ∞/∞: every derivative of x^p tends to 0 for p < 1; for
            // p > 1 the first is infinite and the others are not defined here.
            if p < 1 { return Taylor(coefficients: y) }
            if p == 1 { return x }
            y[1] = ElementaryDerivatives.powBase(x[0], p, value: y0) * x[1]
            for k in 2..<n { y[k] = .nan }
            return Taylor(coefficients: y)
        }
        if n > 1 {
            // y₁ = p·x₀^(p−1)·x₁ from the scalar rule, which stays right where y₀ = x₀^p
            // underflows (x₀ = 1e−300, p = 1.5) and gives the one-sided limits at x₀ = 0.
            y[1] = strongZeroProduct(ElementaryDerivatives.powBase(x[0], p, value: y0), x[1])
        }
        if x[0].isZero {
            // At 0 (p not an integer, else the polynomial path is taken): cₖ ∝ 0^(p−k), so 0 for
            // k < p and infinite for k > p, with the sign of C(p, k)·x₁ᵏ.
            if n > 2 {
                var binomial = p
                var x1k = x[1]
                for k in 2..<n {
                    binomial = binomial * (p - T(k - 1)) / T(k)
                    x1k = x1k * x[1]
                    let c = binomial * x1k
                    y[k] = T(k) < p ? 0 : (c.isZero ? .nan : (c > 0 ? T.infinity : -T.infinity))
                }
            }
            return Taylor(coefficients: y)
        }
        if n > 2 {
            for k in 2..<n {
                // k·x₀·yₖ = Σⱼ₌₁ᵏ (p·j − (k − j))·xⱼ·yₖ₋ⱼ
                var s: T = 0
                for j in 1...k { s += strongZeroProduct((p * T(j) - T(k - j)) * x[j], y[k - j]) }
                y[k] = s / (T(k) * x[0])
            }
        }
        return Taylor(coefficients: y)
    }
    /// Part of the `Real` conformance: repeated squaring of the series (exact polynomial
    /// arithmetic, valid at x₀ = 0), O(n² log |n|).
    @inlinable public static func pow(_ x: Taylor, _ n: Int) -> Taylor {
        if n == 0 { return Taylor(constant: 1) }
        if n == .min { return 1 / (pow(x, Int.max) * x) }
        if n < 0 { return 1 / pow(x, -n) }
        var result = Taylor(constant: 1), base = x, e = n
        while e > 0 {
            if e & 1 == 1 { result = result * base }
            e >>= 1
            if e > 0 { base = base * base }
        }
        return result
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func sqrt(_ x: Taylor) -> Taylor {
        sqrtSeries(x, value: T.sqrt(x[0]))
    }
    /// The series of `√a(t)` with `y₀` given: `yₖ = (aₖ − Σⱼ₌₁ᵏ⁻¹ yⱼyₖ₋ⱼ)/(2y₀)`.
    @inlinable static func sqrtSeries(_ x: Taylor, value y0: T) -> Taylor {
        let n = x.coefficients.count
        var y = [T](repeating: 0, count: n)
        y[0] = y0
        if n > 1 {
            for k in 1..<n {
                var s = x[k]
                if k > 1 { for j in 1..<k { s -= strongZeroProduct(y[j], y[k - j]) } }
                y[k] = s / (2 * y[0])
            }
        }
        return Taylor(coefficients: y)
    }
    /// Part of the `Real` conformance: `x·y′ = (1/n)·y·x′`, O(n²); at x₀ = 0 the first
    /// derivative is the one-sided limit +∞ (n > 1) and higher ones are undefined (NaN).
    @inlinable public static func root(_ x: Taylor, _ n: Int) -> Taylor {
        if n == 1 { return x }
        let v = T.root(x[0], n)
        if x[0].isZero && x.coefficients.count > 1 {
            var c = [T](repeating: .nan, count: x.coefficients.count)
            c[0] = v
            c[1] = x[1].isZero ? 0 : (n > 0 ? T.infinity : -T.infinity) * x[1]
            return Taylor(coefficients: c)
        }
        return powConstant(x, 1 / T(n), value: v)
    }
    /// Part of the `Real` conformance: `d atan2 = (x dy − y dx)/(x² + y²)`, with both series
    /// rescaled by the same power of two (exact; atan2 is scale-invariant) so that `x² + y²`
    /// neither overflows nor underflows. O(n²).
    @inlinable public static func atan2(y: Taylor, x: Taylor) -> Taylor {
        let m = Swift.max(x[0].magnitude, y[0].magnitude)
        if m.isFinite && !m.isZero {
            // atan2(ỹ(τ), x̃(τ)) with x̃(τ) = 2ᵏ·x(2⁻ᵏτ) is atan2(y(t), x(t)) at t = 2⁻ᵏτ, so its
            // coefficients are those of t times 2^(−kj): one exact scaling in, one out.
            let k = Int(-m.exponent)
            let xs = x.homogeneouslyScaled(k), ys = y.homogeneouslyScaled(k)
            let d = (xs * derivativeSeries(ys) - ys * derivativeSeries(xs)) / (xs * xs + ys * ys)
            var r = antiderivative(d, value: T.atan2(y: y[0], x: x[0]))
            for j in r.coefficients.indices.dropFirst() {
                r.coefficients[j] = T(sign: .plus, exponent: T.Exponent(k * j), significand: r.coefficients[j])
            }
            return r
        }
        let d = (x * derivativeSeries(y) - y * derivativeSeries(x)) / (x * x + y * y)
        return antiderivative(d, value: T.atan2(y: y[0], x: x[0]))
    }
    /// Part of the `Real` conformance: `y′ = (2/√π)·exp(−x²)·x′` with `exp(−x₀²)` from the exact
    /// square, O(n²).
    @inlinable public static func erf(_ x: Taylor) -> Taylor {
        integrate(x, value: T.erf(x[0]), derivative: expMinusSquareSeries(x)
                    * Taylor(constant: lift(ElementaryDerivatives.twoOverSqrtPi)))
    }
    /// Part of the `Real` conformance: `y′ = −(2/√π)·exp(−x²)·x′`, O(n²).
    @inlinable public static func erfc(_ x: Taylor) -> Taylor {
        integrate(x, value: T.erfc(x[0]), derivative: expMinusSquareSeries(x)
                    * Taylor(constant: -lift(ElementaryDerivatives.twoOverSqrtPi)))
    }
    /// `exp(−x²)` as a series, its value from the exact square of `x₀`.
    @inlinable static func expMinusSquareSeries(_ x: Taylor) -> Taylor {
        expSeries(-(x * x), value: ElementaryDerivatives.expMinusSquare(x[0]))
    }
    /// Part of the `Real` conformance: `exp(x·ln 2)` with the value `2^x₀` in every coefficient,
    /// O(n²).
    @inlinable public static func exp2(_ x: Taylor) -> Taylor {
        expSeries(x * Taylor(constant: lift(ElementaryDerivatives.ln2)), value: T.exp2(x[0]))
    }
    /// Part of the `Real` conformance: `exp(x·ln 10)` with the value `10^x₀` in every
    /// coefficient, O(n²).
    @inlinable public static func exp10(_ x: Taylor) -> Taylor {
        expSeries(x * Taylor(constant: lift(ElementaryDerivatives.ln10)), value: T.exp10(x[0]))
    }
    /// Part of the `Real` conformance: `√(x² + y²)` on both series rescaled by the same power of
    /// two (exact), so that the squares neither overflow nor underflow, O(n²).
    @inlinable public static func hypot(_ x: Taylor, _ y: Taylor) -> Taylor {
        let v = T.hypot(x[0], y[0])
        let m = Swift.max(x[0].magnitude, y[0].magnitude)
        guard m.isFinite, !m.isZero else {
            var r = sqrt(x * x + y * y); r.coefficients[0] = v; return r
        }
        // hypot(x̃(τ), ỹ(τ)) = 2ᵏ·hypot(x(t), y(t)) with x̃(τ) = 2ᵏ·x(2⁻ᵏτ), t = 2⁻ᵏτ: the
        // squares stay in range whatever x₀ and y₀ are, and the coefficients scale back exactly.
        let k = Int(-m.exponent)
        let xs = x.homogeneouslyScaled(k), ys = y.homogeneouslyScaled(k)
        var r = sqrtSeries(xs * xs + ys * ys, value: T.hypot(xs[0], ys[0]))
        for j in r.coefficients.indices {
            r.coefficients[j] = T(sign: .plus, exponent: T.Exponent(k * (j - 1)), significand: r.coefficients[j])
        }
        r.coefficients[0] = v
        return r
    }
    /// `x̃(τ) = 2ᵏ·x(2⁻ᵏτ)`: coefficient j times 2^(k(1 − j)), exactly (barring underflow or
    /// overflow of a coefficient; `init(sign:exponent:significand:)` scales in steps when the
    /// power of two itself is out of range). For the homogeneous functions hypot and atan2.
    @inlinable func homogeneouslyScaled(_ k: Int) -> Taylor {
        Taylor(coefficients: coefficients.indices.map {
            T(sign: .plus, exponent: T.Exponent(k * (1 - $0)), significand: coefficients[$0])
        })
    }
    /// Part of the `Real` conformance: `log(x)·log₂ e`, O(n²).
    @inlinable public static func log2(_ x: Taylor) -> Taylor {
        var r = log(x) * Taylor(constant: lift(ElementaryDerivatives.log2e))
        r.coefficients[0] = T.log2(x[0]); return r
    }
    /// Part of the `Real` conformance: `log(x)·log₁₀ e`, O(n²).
    @inlinable public static func log10(_ x: Taylor) -> Taylor {
        var r = log(x) * Taylor(constant: lift(ElementaryDerivatives.log10e))
        r.coefficients[0] = T.log10(x[0]); return r
    }
    /// Part of the `Real` conformance: `y′ = ψ(x)·x′` (``digamma(_:)`` on the series), O(n²).
    @inlinable public static func logGamma(_ x: Taylor) -> Taylor {
        integrate(x, value: T.logGamma(x[0]), derivative: digamma(x))
    }
    /// Part of the `Real` conformance: `±exp(logΓ(x))` with the value `Γ(x₀)` in every
    /// coefficient, O(n²).
    @inlinable public static func gamma(_ x: Taylor) -> Taylor {
        let v = T.gamma(x[0])
        let sign: T = T.signGamma(x[0]) == .minus ? -1 : 1
        var r = expSeries(logGamma(x), value: v.magnitude) * Taylor(constant: sign)
        r.coefficients[0] = v
        return r
    }

    /// The series of `d/dt` of `x(t)`, shifted down one power (`(k+1)·cₖ₊₁`).
    @inlinable static func derivativeSeries(_ x: Taylor) -> Taylor {
        let n = x.coefficients.count
        if n == 1 { return Taylor(constant: 0) }
        return Taylor(coefficients: (0..<(n - 1)).map { T($0 + 1) * x[$0 + 1] })
    }

    /// The series with derivative series `d` and value `v` (inverse of `derivativeSeries`).
    @inlinable static func antiderivative(_ d: Taylor, value v: T) -> Taylor {
        var c = [T](repeating: 0, count: d.coefficients.count + 1)
        c[0] = v
        for k in 0..<d.coefficients.count { c[k + 1] = d[k] / T(k + 1) }
        return Taylor(coefficients: c)
    }
}

extension Taylor: CustomStringConvertible {
    /// A readable rendering.
    public var description: String {
        coefficients.enumerated().map { "\($0.element)t^\($0.offset)" }.joined(separator: " + ")
    }
}

/// The k-th derivative `f⁽ᵏ⁾(x)` by Taylor mode: one evaluation of `f` on `Taylor<T>` of order k.
///
/// Pass a generic `func f<T: Real>(_ x: T) -> T`. High orders are handled without overflow or
/// underflow of the factorials: `k!` is applied factor by factor to the k-th coefficient, and if
/// that coefficient underflowed (the normalised coefficients `f⁽ᵏ⁾/k!` of an entire function fall
/// below the smallest `Double` near k = 171) `f` is evaluated again on the variable seeded as
/// `x + s·t` with a power of two `s ≈ k/e`, whose coefficients `f⁽ᵏ⁾·sᵏ/k!` stay in range.
///
/// - Precondition: `k >= 0`.
/// - Complexity: O(k²) per operation of `f` (against O(2ᵏ) for k nested duals); at most two
///   evaluations of `f`.
///
/// ```swift
/// derivative(of: { Taylor.exp($0) }, at: 1.0, order: 10)   // e
/// derivative(of: { Taylor.exp($0) }, at: 0.0, order: 300)  // 1
/// ```
@inlinable
public func derivative<T: Real>(of f: (Taylor<T>) -> Taylor<T>, at x: T, order k: Int) -> T {
    precondition(k >= 0, "derivative: order must be ≥ 0")
    let (y, s) = taylorEvaluation(of: f, at: x, order: k)
    return Taylor.unscaled(y[k], order: k, scale: s)
}

/// All derivatives `[f(x), f′(x), …, f⁽ᵏ⁾(x)]` from one Taylor-mode evaluation (two at high
/// order, see `derivative(of:at:order:)`).
///
/// - Precondition: `k >= 0`.
/// - Complexity: O(k²) per operation of `f`.
///
/// ```swift
/// derivatives(of: { Taylor.sin($0) }, at: 0.0, order: 3)   // [0, 1, 0, −1]
/// ```
@inlinable
public func derivatives<T: Real>(of f: (Taylor<T>) -> Taylor<T>, at x: T, order k: Int) -> [T] {
    precondition(k >= 0, "derivatives: order must be ≥ 0")
    let (y, s) = taylorEvaluation(of: f, at: x, order: k)
    return (0...k).map { Taylor.unscaled(y[$0], order: $0, scale: s) }
}

/// `f(x + s·t)` truncated at order k, with `s = 1` unless the top coefficient came out zero or
/// subnormal at order ≥ 20; then `f` is evaluated again with `s` the power of two nearest `k/e`
/// (exact scaling: the coefficients become `cⱼ·sʲ` and no rounding changes).
@inlinable
func taylorEvaluation<T: Real>(
    of f: (Taylor<T>) -> Taylor<T>, at x: T, order k: Int
) -> (Taylor<T>, scale: T) {
    let y = f(Taylor(variable: x, order: k))
    let top = y[k]
    guard k >= 20, top.isZero || top.isSubnormal else { return (y, 1) }
    let e = Int((Double(k) / 2.718281828459045).rounded(.toNearestOrEven))
    let bits = Swift.max(1, Int.bitWidth - e.leadingZeroBitCount)   // ≈ log₂(k/e) rounded up
    let s = T(sign: .plus, exponent: T.Exponent(bits - 1), significand: 1)
    var c = [T](repeating: 0, count: k + 1)
    c[0] = x
    c[1] = s
    return (f(Taylor(coefficients: c)), s)
}

extension Taylor: Sendable where T: Sendable {}
