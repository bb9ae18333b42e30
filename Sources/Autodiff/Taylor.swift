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
/// - Complexity: O(n²) per multiplication, division and elementary function for order n;
///   O(n) for addition.
///
/// ```swift
/// derivative(of: { x in Taylor.sin(x) }, at: 0.5, order: 5)   // cos 0.5
/// ```
@frozen
public struct Taylor<T: Real>: ChainRuleReal {
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

    /// The k-th derivative `k!·cₖ`.
    @inlinable
    public func derivative(_ k: Int) -> T {
        var f: T = 1
        if k > 1 { for i in 2...k { f *= T(i) } }
        return self[k] * f
    }

    /// Linear rules (used by the piecewise `FloatingPoint` conventions): `v + d·(x − x₀)`.
    @inlinable
    public func applyingRule(value v: T, derivative d: T) -> Taylor {
        var c = coefficients
        c[0] = v
        for k in c.indices.dropFirst() { c[k] = d * c[k] }
        return Taylor(coefficients: c)
    }

    /// Chain rule for a binary function: see ``DifferentiableReal``.
    @inlinable
    public static func applyingRule(_ x: Taylor, _ y: Taylor, value v: T, dx: T, dy: T) -> Taylor {
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
            let s = b.coefficients[0]; return Taylor(coefficients: a.coefficients.map { $0 * s })
        }
        if a.coefficients.count == 1 { return b * a }
        let n = Swift.max(a.coefficients.count, b.coefficients.count)
        var c = [T](repeating: 0, count: n)
        for k in 0..<n {
            var s: T = 0
            for j in 0...k { s += a[j] * b[k - j] }
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
            if k > 0 { for j in 1...k { s -= b[j] * c[k - j] } }
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
                for j in 1...k { s += T(j) * a[j] * d[k - j] }
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
                for j in 1...k { s += T(j) * a[j] * d[k - j] }
                y[k] = s / T(k)
            }
        }
        return Taylor(coefficients: y)
    }

    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func exp(_ x: Taylor) -> Taylor {
        let n = x.coefficients.count
        var y = [T](repeating: 0, count: n)
        y[0] = T.exp(x[0])
        if n > 1 {
            for k in 1..<n {
                var s: T = 0
                for j in 1...k { s += T(j) * x[j] * y[k - j] }
                y[k] = s / T(k)
            }
        }
        return Taylor(coefficients: y)
    }
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
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func tanh(_ x: Taylor) -> Taylor {
        ode(x, value: T.tanh(x[0])) { y in 1 - y * y }
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func log(_ x: Taylor) -> Taylor {
        integrate(x, value: T.log(x[0]), derivative: 1 / x)
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func log(onePlus x: Taylor) -> Taylor {
        integrate(x, value: T.log(onePlus: x[0]), derivative: 1 / (1 + x))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func acosh(_ x: Taylor) -> Taylor {
        integrate(x, value: T.acosh(x[0]), derivative: 1 / sqrt(x * x - 1))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func asinh(_ x: Taylor) -> Taylor {
        integrate(x, value: T.asinh(x[0]), derivative: 1 / sqrt(x * x + 1))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func atanh(_ x: Taylor) -> Taylor {
        integrate(x, value: T.atanh(x[0]), derivative: 1 / (1 - x * x))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func acos(_ x: Taylor) -> Taylor {
        integrate(x, value: T.acos(x[0]), derivative: -1 / sqrt(1 - x * x))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func asin(_ x: Taylor) -> Taylor {
        integrate(x, value: T.asin(x[0]), derivative: 1 / sqrt(1 - x * x))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func atan(_ x: Taylor) -> Taylor {
        integrate(x, value: T.atan(x[0]), derivative: 1 / (1 + x * x))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func pow(_ x: Taylor, _ y: Taylor) -> Taylor {
        if y.coefficients.count == 1 { return powConstant(x, y[0]) }
        var r = exp(y * log(x)); r.coefficients[0] = T.pow(x[0], y[0]); return r
    }
    /// `x^p` for constant `p` by `y′·x = p·y·x′` (valid at any x₀ ≠ 0).
    @inlinable static func powConstant(_ x: Taylor, _ p: T) -> Taylor {
        let n = x.coefficients.count
        var y = [T](repeating: 0, count: n)
        y[0] = T.pow(x[0], p)
        if n > 1 {
            for k in 1..<n {
                // k·x₀·yₖ = Σⱼ₌₁ᵏ (p·j − (k − j))·xⱼ·yₖ₋ⱼ
                var s: T = 0
                for j in 1...k { s += (p * T(j) - T(k - j)) * x[j] * y[k - j] }
                y[k] = s / (T(k) * x[0])
            }
        }
        return Taylor(coefficients: y)
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func pow(_ x: Taylor, _ n: Int) -> Taylor {
        if n == 0 { return Taylor(constant: 1) }
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
        let n = x.coefficients.count
        var y = [T](repeating: 0, count: n)
        y[0] = T.sqrt(x[0])
        if n > 1 {
            for k in 1..<n {
                var s = x[k]
                if k > 1 { for j in 1..<k { s -= y[j] * y[k - j] } }
                y[k] = s / (2 * y[0])
            }
        }
        return Taylor(coefficients: y)
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func root(_ x: Taylor, _ n: Int) -> Taylor {
        var r = powConstant(x, 1 / T(n)); r.coefficients[0] = T.root(x[0], n); return r
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func atan2(y: Taylor, x: Taylor) -> Taylor {
        // d atan2 = (x dy − y dx)/(x² + y²)
        let d = (x * derivativeSeries(y) - y * derivativeSeries(x)) / (x * x + y * y)
        return antiderivative(d, value: T.atan2(y: y[0], x: x[0]))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func erf(_ x: Taylor) -> Taylor {
        integrate(x, value: T.erf(x[0]), derivative: Taylor(constant: 2 / T.sqrt(.pi)) * exp(-x * x))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func erfc(_ x: Taylor) -> Taylor {
        integrate(x, value: T.erfc(x[0]), derivative: Taylor(constant: -2 / T.sqrt(.pi)) * exp(-x * x))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func exp2(_ x: Taylor) -> Taylor {
        var r = exp(x * Taylor(constant: T.log(2))); r.coefficients[0] = T.exp2(x[0]); return r
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func exp10(_ x: Taylor) -> Taylor {
        var r = exp(x * Taylor(constant: T.log(10))); r.coefficients[0] = T.exp10(x[0]); return r
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func hypot(_ x: Taylor, _ y: Taylor) -> Taylor {
        var r = sqrt(x * x + y * y); r.coefficients[0] = T.hypot(x[0], y[0]); return r
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func log2(_ x: Taylor) -> Taylor {
        var r = log(x) / Taylor(constant: T.log(2)); r.coefficients[0] = T.log2(x[0]); return r
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func log10(_ x: Taylor) -> Taylor {
        var r = log(x) / Taylor(constant: T.log(10)); r.coefficients[0] = T.log10(x[0]); return r
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func logGamma(_ x: Taylor) -> Taylor {
        integrate(x, value: T.logGamma(x[0]), derivative: digamma(x))
    }
    /// Part of the `Real` conformance: the full-order truncated Taylor recurrence, O(n²).
    @inlinable public static func gamma(_ x: Taylor) -> Taylor {
        let sign: T = T.signGamma(x[0]) == .minus ? -1 : 1
        var r = exp(logGamma(x)) * Taylor(constant: sign)
        r.coefficients[0] = T.gamma(x[0])
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
/// Pass a generic `func f<T: Real>(_ x: T) -> T`.
///
/// - Complexity: O(k²) per operation of `f` (against O(2ᵏ) for k nested duals).
///
/// ```swift
/// derivative(of: { Taylor.exp($0) }, at: 1.0, order: 10)   // e
/// ```
@inlinable
public func derivative<T: Real>(of f: (Taylor<T>) -> Taylor<T>, at x: T, order k: Int) -> T {
    precondition(k >= 0, "derivative: order must be ≥ 0")
    return f(Taylor(variable: x, order: k)).derivative(k)
}

/// All derivatives `[f(x), f′(x), …, f⁽ᵏ⁾(x)]` from one Taylor-mode evaluation.
/// - Complexity: O(k²) per operation of `f`.
///
/// ```swift
/// derivatives(of: { Taylor.sin($0) }, at: 0.0, order: 3)   // [0, 1, 0, −1]
/// ```
@inlinable
public func derivatives<T: Real>(of f: (Taylor<T>) -> Taylor<T>, at x: T, order k: Int) -> [T] {
    let y = f(Taylor(variable: x, order: k))
    return (0...k).map { y.derivative($0) }
}

extension Taylor: Sendable where T: Sendable {}
