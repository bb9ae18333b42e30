import RealModule

/// A `Real` scalar that carries (at most) first derivatives at its own level, and the hook for
/// user-defined derivative rules.
///
/// `Double`, `Float`, ``Dual``, ``MultiDual`` and ``Variable`` conform, so a rule written once
/// works in every first-order mode, nested ones included:
///
/// ```swift
/// func softplus<T: DifferentiableReal>(_ x: T) -> T where T.Primal == Double {
///     let p = x.primal
///     return x.applyingRule(value: Double.log(onePlus: .exp(p)), derivative: 1 / (1 + .exp(-p)))
/// }
/// ```
///
/// For nested duals (`Dual<Dual<Double>>`) `Primal` is itself a dual, so a rule used under nesting
/// computes `value` and `derivative` generically (they are then differentiated in turn).
///
/// ``Taylor`` does **not** conform: a rule that knows only `f′` at a point cannot give `f″`, `f‴`,
/// …, so `softplus(Taylor(…))` is a compile-time error rather than a silently first-order
/// answer. Taylor mode takes a rule with the derivative as a function instead
/// (``Taylor/applyingRule(value:derivative:)``), which it carries to every order.
public protocol DifferentiableReal: Real {
    /// The scalar one differentiation level down (`Double` for `Dual<Double>`; `Self` for `Double`).
    associatedtype Primal: Real
    /// The value with this level's derivative information dropped.
    var primal: Primal { get }
    /// A constant: derivative zero at this level.
    init(constant: Primal)
    /// `f(self)` for a function `f` with `f(primal) = value` and `f′(primal) = derivative`.
    ///
    /// - Complexity: O(1) (one tape record in reverse mode; one scaled tangent in forward mode).
    func applyingRule(value: Primal, derivative: Primal) -> Self
    /// `f(x, y)` for a function with `f = value`, `∂f/∂x = dx`, `∂f/∂y = dy` at the primals.
    static func applyingRule(_ x: Self, _ y: Self, value: Primal, dx: Primal, dy: Primal) -> Self
}

extension Double: DifferentiableReal {
    /// The scalar one level down.
    public typealias Primal = Double
    /// The value with this level's derivative dropped.
    @inlinable public var primal: Double { self }
    @inlinable public init(constant: Double) { self = constant }
    @inlinable public func applyingRule(value: Double, derivative: Double) -> Double { value }
    @inlinable public static func applyingRule(
        _ x: Double, _ y: Double, value: Double, dx: Double, dy: Double
    ) -> Double { value }
}

extension Float: DifferentiableReal {
    /// The scalar one level down.
    public typealias Primal = Float
    /// The value with this level's derivative dropped.
    @inlinable public var primal: Float { self }
    @inlinable public init(constant: Float) { self = constant }
    @inlinable public func applyingRule(value: Float, derivative: Float) -> Float { value }
    @inlinable public static func applyingRule(
        _ x: Float, _ y: Float, value: Float, dx: Float, dy: Float
    ) -> Float { value }
}

