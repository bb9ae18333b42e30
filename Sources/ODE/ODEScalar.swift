import RealModule
import Autodiff

/// A scalar the integrators can carry in the state: `Double`, `Float`, and the forward-mode
/// numbers of `Autodiff` (`Dual<T>`, `MultiDual<N, T>`) over any of these, to any depth.
///
/// The integrators are written once over `ODEScalar`. On `Double` they integrate; on
/// `Dual<Double>` or `MultiDual<N, Double>` (parameters or initial values seeded with tangents)
/// the same arithmetic also carries `∂y(t)/∂p` — forward-mode differentiation *through* the
/// solver (internal differentiation in the sense of Bock). Time and step size stay `Double`:
/// the step-size sequence is a discrete choice, not something differentiated.
///
/// What the integrators need beyond `Real`:
/// - ``odeValue``: the number with every derivative part dropped, for step-size control.
/// - ``odeSquaredNorm(dividedBy:)``: `Σ (c/s)²` over the value and every derivative part `c`, so
///   Newton convergence and error control see the derivative parts as well as the value
///   (otherwise the tangents of an implicit method could be left unconverged).
/// - ``init(odeConstant:)`` and ``odeScaled(by:)``: `Double` constants brought into the scalar
///   without the cost of a full product.
///
/// ```swift
/// let y = Dual<Double>(2, tangent: 1)
/// y.odeValue                       // 2
/// y.odeSquaredNorm(dividedBy: 2)   // (2/2)² + (1/2)² = 1.25
/// ```
public protocol ODEScalar: Real, Sendable {
    /// The value with every derivative part dropped, as a `Double`.
    var odeValue: Double { get }
    /// `Σ (c / s)²` over the value and every derivative part `c` (all nesting levels).
    ///
    /// - Complexity: O(number of parts).
    func odeSquaredNorm(dividedBy s: Double) -> Double
    /// `true` when the value and every derivative part are finite.
    var odeIsFinite: Bool { get }
    /// The constant `x` (derivative parts zero).
    init(odeConstant x: Double)
    /// `self · x` for a `Double` constant `x`: every part scaled by `x`.
    func odeScaled(by x: Double) -> Self
}

extension Double: ODEScalar {
    /// The value itself.
    @inlinable public var odeValue: Double { self }
    /// `(self / s)²`.
    @inlinable public func odeSquaredNorm(dividedBy s: Double) -> Double {
        let q = self / s
        return q * q
    }
    /// `isFinite`.
    @inlinable public var odeIsFinite: Bool { isFinite }
    /// `x`.
    @inlinable public init(odeConstant x: Double) { self = x }
    /// `self · x`.
    @inlinable public func odeScaled(by x: Double) -> Double { self * x }
}

extension Float: ODEScalar {
    /// The value, widened.
    @inlinable public var odeValue: Double { Double(self) }
    /// `(self / s)²`, computed in `Double`.
    @inlinable public func odeSquaredNorm(dividedBy s: Double) -> Double {
        let q = Double(self) / s
        return q * q
    }
    /// `isFinite`.
    @inlinable public var odeIsFinite: Bool { isFinite }
    /// `x` rounded to `Float`.
    @inlinable public init(odeConstant x: Double) { self = Float(x) }
    /// `self · x`, rounded to `Float`.
    @inlinable public func odeScaled(by x: Double) -> Float { self * Float(x) }
}

extension Dual: ODEScalar where T: ODEScalar {
    /// The value of the innermost primal.
    @inlinable public var odeValue: Double { value.odeValue }
    /// The value's and the tangent's squared norms, summed.
    @inlinable public func odeSquaredNorm(dividedBy s: Double) -> Double {
        value.odeSquaredNorm(dividedBy: s) + tangent.odeSquaredNorm(dividedBy: s)
    }
    /// Value and tangent finite.
    @inlinable public var odeIsFinite: Bool { value.odeIsFinite && tangent.odeIsFinite }
    /// A constant dual (tag 0).
    @inlinable public init(odeConstant x: Double) { self.init(constant: T(odeConstant: x)) }
    /// Value and tangent scaled by `x` (the tag is kept).
    @inlinable public func odeScaled(by x: Double) -> Dual {
        Dual(value.odeScaled(by: x), tangent: tangent.odeScaled(by: x), tag: perturbationTag)
    }
}

extension MultiDual: ODEScalar where T: ODEScalar {
    /// The value of the innermost primal.
    @inlinable public var odeValue: Double { value.odeValue }
    /// The value's and every partial's squared norms, summed.
    @inlinable public func odeSquaredNorm(dividedBy s: Double) -> Double {
        var total = value.odeSquaredNorm(dividedBy: s)
        for i in 0..<N { total += partials[i].odeSquaredNorm(dividedBy: s) }
        return total
    }
    /// Value and every partial finite.
    @inlinable public var odeIsFinite: Bool {
        guard value.odeIsFinite else { return false }
        for i in 0..<N where !partials[i].odeIsFinite { return false }
        return true
    }
    /// A constant (all partials zero).
    @inlinable public init(odeConstant x: Double) { self.init(constant: T(odeConstant: x)) }
    /// Value and every partial scaled by `x`: one product per part (the chain rule of `t ↦ x·t`).
    @inlinable public func odeScaled(by x: Double) -> MultiDual {
        applyingRule(value: value.odeScaled(by: x), derivative: T(odeConstant: x))
    }
}
