import RealModule

/// A reverse-mode scalar: a value and the index of the tape node that produced it.
///
/// Arithmetic and `Real` functions on variables record one entry each on their ``Tape``;
/// a reverse sweep then gives derivatives of an output with respect to every input at once.
/// A `Variable` made with `Variable(constant:)` (or an integer literal) has no tape and
/// records nothing. Mixing variables of two different tapes traps.
///
/// - Complexity: O(1) per operation (a 24-byte record).
///
/// ```swift
/// let g = gradient(of: { (x: [Variable]) in x[0] * x[1] }, at: [3, 4])   // [4, 3]
/// ```
@frozen
public struct Variable: ChainRuleReal {
    /// The scalar one level down.
    public typealias Primal = Double
    /// `magnitude` has the same type (FloatingPoint requirement).
    public typealias Magnitude = Variable
    /// Distances have the same type (Strideable requirement).
    public typealias Stride = Variable
    /// The exponent type of the value.
    public typealias Exponent = Int

    /// The primal value.
    public var value: Double
    /// The tape node (−1 for constants).
    @usableFromInline internal var index: Int32
    @usableFromInline internal var tape: UnsafeMutablePointer<TapeStorage>?

    @inlinable
    init(_ value: Double, index: Int32, tape: UnsafeMutablePointer<TapeStorage>?) {
        self.value = value
        self.index = index
        self.tape = tape
    }

    /// A constant: not on any tape, derivative zero.
    @inlinable
    public init(constant value: Double) { self.init(value, index: -1, tape: nil) }

    /// A constant: not on any tape, derivative zero.
    @inlinable
    public init(_ value: Double) { self.init(value, index: -1, tape: nil) }

    /// The value with this level's derivative dropped.
    @inlinable public var primal: Double { value }

    /// The node index of this variable on its tape (−1 for a constant).
    @inlinable public var nodeIndex: Int { Int(index) }

    /// Whether this variable is recorded on a tape (false for constants).
    @inlinable public var isRecorded: Bool { tape != nil }

    @inlinable @inline(__always)
    static func commonTape(_ a: Variable, _ b: Variable) -> UnsafeMutablePointer<TapeStorage>? {
        if _fastPath(a.tape == b.tape) { return a.tape }
        if a.tape == nil { return b.tape }
        if b.tape == nil { return a.tape }
        fatalError("Autodiff: variables from two different tapes were combined")
    }

    /// Chain rule for a unary function: see ``DifferentiableReal``.
    @inlinable @inline(__always)
    public func applyingRule(value v: Double, derivative d: Double) -> Variable {
        guard let t = tape else { return Variable(constant: v) }
        return Variable(v, index: t.pointee.push(index, d, -1, 0), tape: t)
    }

    /// Chain rule for a binary function: see ``DifferentiableReal``.
    @inlinable @inline(__always)
    public static func applyingRule(
        _ x: Variable, _ y: Variable, value v: Double, dx: Double, dy: Double
    ) -> Variable {
        guard let t = commonTape(x, y) else { return Variable(constant: v) }
        return Variable(v, index: t.pointee.push(x.index, dx, y.index, dy), tape: t)
    }
}

extension Variable {
    /// The constant 0.
    @inlinable public static var zero: Variable { Variable(constant: 0) }

    /// Sum rule.
    @inlinable @inline(__always)
    public static func + (a: Variable, b: Variable) -> Variable {
        applyingRule(a, b, value: a.value + b.value, dx: 1, dy: 1)
    }
    /// Difference rule.
    @inlinable @inline(__always)
    public static func - (a: Variable, b: Variable) -> Variable {
        applyingRule(a, b, value: a.value - b.value, dx: 1, dy: -1)
    }
    /// Product rule.
    @inlinable @inline(__always)
    public static func * (a: Variable, b: Variable) -> Variable {
        applyingRule(a, b, value: a.value * b.value, dx: b.value, dy: a.value)
    }
    /// Quotient rule.
    @inlinable @inline(__always)
    public static func / (a: Variable, b: Variable) -> Variable {
        let r = 1 / b.value
        let q = a.value * r
        return applyingRule(a, b, value: a.value / b.value, dx: r, dy: -q * r)
    }
    /// Negation.
    @inlinable @inline(__always)
    public static prefix func - (a: Variable) -> Variable {
        a.applyingRule(value: -a.value, derivative: -1)
    }
    /// Negates in place.
    @inlinable public mutating func negate() { self = -self }
    @inlinable public static func += (a: inout Variable, b: Variable) { a = a + b }
    @inlinable public static func -= (a: inout Variable, b: Variable) { a = a - b }
    @inlinable public static func *= (a: inout Variable, b: Variable) { a = a * b }
    @inlinable public static func /= (a: inout Variable, b: Variable) { a = a / b }

    // Comparisons are on the value, and are recorded in the tape's branch trace so that a
    // replay at another input can tell whether the control flow changed.
    @inlinable
    static func recordBranch(_ a: Variable, _ b: Variable, _ outcome: Bool) -> Bool {
        if let t = a.tape ?? b.tape { t.pointee.branches.append(outcome) }
        return outcome
    }
    /// Compares values (recorded in the tape's branch trace when on a tape).
    @inlinable public static func < (a: Variable, b: Variable) -> Bool {
        recordBranch(a, b, a.value < b.value)
    }
    /// Compares values.
    @inlinable public static func <= (a: Variable, b: Variable) -> Bool {
        recordBranch(a, b, a.value <= b.value)
    }
    /// Compares values.
    @inlinable public static func > (a: Variable, b: Variable) -> Bool {
        recordBranch(a, b, a.value > b.value)
    }
    /// Compares values.
    @inlinable public static func >= (a: Variable, b: Variable) -> Bool {
        recordBranch(a, b, a.value >= b.value)
    }
    /// Equal values (derivatives are not compared).
    @inlinable public static func == (a: Variable, b: Variable) -> Bool {
        recordBranch(a, b, a.value == b.value)
    }
    /// Compares values.
    @inlinable public func isLess(than other: Variable) -> Bool { self < other }
    @inlinable public func isLessThanOrEqualTo(_ other: Variable) -> Bool { self <= other }
    @inlinable public func isEqual(to other: Variable) -> Bool { self == other }
}

extension Variable: CustomStringConvertible {
    /// A readable rendering.
    public var description: String { "Variable(\(value), node \(index))" }
}
