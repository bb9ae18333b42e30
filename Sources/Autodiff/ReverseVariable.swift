import RealModule

/// A reverse-mode scalar over any `Real` scalar `T`: a value and the index of the tape node that
/// produced it.
///
/// Arithmetic and `Real` functions on variables record one entry each on their ``ReverseTape``
/// (two parent indices and two local partials of type `T`); a reverse sweep then gives
/// derivatives of an output with respect to every input at once. A variable made with
/// `init(constant:)` (or an integer literal) has no tape and records nothing. Mixing variables of
/// two different tapes traps.
///
/// `T` is the scalar the tape computes in: ``Variable`` (`T = Double`) is the usual choice;
/// `Float` gives a single-precision tape; `T = Dual<Double>` records partials that are themselves
/// dual numbers, so one reverse sweep carries a directional derivative of the whole gradient
/// along — forward over reverse, which is how ``hessianVectorProduct(of:at:direction:)`` and
/// ``hessian(of:at:)`` work.
///
/// - Complexity: O(1) per operation (a 24-byte record for `T = Double`).
///
/// ```swift
/// let tape = ReverseTape<Float>()
/// let x = tape.variable(3), y = tape.variable(4)
/// tape.gradient(of: x * y, withRespectTo: [x, y])   // [4, 3] as Float
/// ```
@frozen
public struct ReverseVariable<T: Real>: ChainRuleReal {
    /// The scalar one level down.
    public typealias Primal = T
    /// `magnitude` has the same type (FloatingPoint requirement).
    public typealias Magnitude = ReverseVariable
    /// Distances have the same type (Strideable requirement).
    public typealias Stride = ReverseVariable
    /// The exponent type of the value.
    public typealias Exponent = T.Exponent

    /// The primal value.
    public var value: T
    /// The tape node (−1 for constants).
    @usableFromInline internal var index: Int32
    #if AUTODIFF_INTERNAL_CHECKS
    /// The generation of `tape` when this variable was recorded (checked builds only): a use
    /// after the tape was reset or freed is detected by comparing it with the tape's. Declared
    /// beside `index` so that it fills the padding (`Variable` stays 24 bytes).
    @usableFromInline internal var generation: UInt32
    #endif
    /// The storage of the tape that recorded this variable (unowned; nil for constants).
    @usableFromInline internal var tape: UnsafeMutablePointer<TapeStorage<T>>?

    @inlinable
    init(_ value: T, index: Int32, tape: UnsafeMutablePointer<TapeStorage<T>>?) {
        self.value = value
        self.index = index
        self.tape = tape
        #if AUTODIFF_INTERNAL_CHECKS
        self.generation = tape?.pointee.generation ?? 0
        #endif
    }

    /// Traps (in builds with `AUTODIFF_INTERNAL_CHECKS`) if this variable's tape was reset or
    /// freed since it was recorded; nothing in other builds.
    @inlinable @inline(__always)
    func checkLive() {
        #if AUTODIFF_INTERNAL_CHECKS
        if let t = tape, _slowPath(t.pointee.generation != generation) {
            staleVariable(node: index, tapeFreed: t.pointee.generation == 0)
        }
        #endif
    }

    /// A constant: not on any tape, derivative zero.
    @inlinable
    public init(constant value: T) { self.init(value, index: -1, tape: nil) }

    /// A constant: not on any tape, derivative zero.
    @inlinable
    public init(_ value: T) { self.init(value, index: -1, tape: nil) }

    /// The value with this level's derivative dropped.
    @inlinable public var primal: T { value }

    /// The node index of this variable on its tape (−1 for a constant).
    @inlinable public var nodeIndex: Int { Int(index) }

    /// Whether this variable is recorded on a tape (false for constants).
    @inlinable public var isRecorded: Bool { tape != nil }

    @inlinable @inline(__always)
    static func commonTape(
        _ a: ReverseVariable, _ b: ReverseVariable
    ) -> UnsafeMutablePointer<TapeStorage<T>>? {
        a.checkLive()
        b.checkLive()
        if _fastPath(a.tape == b.tape) { return a.tape }
        if a.tape == nil { return b.tape }
        if b.tape == nil { return a.tape }
        fatalError("Autodiff: variables from two different tapes were combined")
    }

    /// Chain rule for a unary function: see ``DifferentiableReal``.
    @inlinable @inline(__always)
    public func applyingRule(value v: T, derivative d: T) -> ReverseVariable {
        guard let t = tape else { return ReverseVariable(constant: v) }
        checkLive()
        return ReverseVariable(v, index: t.pointee.push(index, d, -1, 0), tape: t)
    }

    /// Chain rule for a binary function: see ``DifferentiableReal``.
    @inlinable @inline(__always)
    public static func applyingRule(
        _ x: ReverseVariable, _ y: ReverseVariable, value v: T, dx: T, dy: T
    ) -> ReverseVariable {
        guard let t = commonTape(x, y) else { return ReverseVariable(constant: v) }
        return ReverseVariable(v, index: t.pointee.push(x.index, dx, y.index, dy), tape: t)
    }
}

/// The reverse-mode scalar of a `Double` tape (``Tape``): the usual `Variable` of reverse mode.
///
/// ```swift
/// let g = gradient(of: { (x: [Variable]) in x[0] * x[1] }, at: [3, 4])   // [4, 3]
/// ```
public typealias Variable = ReverseVariable<Double>

extension ReverseVariable {
    /// The constant 0.
    @inlinable public static var zero: ReverseVariable { ReverseVariable(constant: 0) }

    /// Sum rule.
    @inlinable @inline(__always)
    public static func + (a: ReverseVariable, b: ReverseVariable) -> ReverseVariable {
        applyingRule(a, b, value: a.value + b.value, dx: 1, dy: 1)
    }
    /// Difference rule.
    @inlinable @inline(__always)
    public static func - (a: ReverseVariable, b: ReverseVariable) -> ReverseVariable {
        applyingRule(a, b, value: a.value - b.value, dx: 1, dy: -1)
    }
    /// Product rule.
    @inlinable @inline(__always)
    public static func * (a: ReverseVariable, b: ReverseVariable) -> ReverseVariable {
        applyingRule(a, b, value: a.value * b.value, dx: b.value, dy: a.value)
    }
    /// Quotient rule: partials `1/b` and `−q/b` with `q = a/b` (no `q·(1/b)`, which is `0·∞` at
    /// a subnormal `b`).
    @inlinable @inline(__always)
    public static func / (a: ReverseVariable, b: ReverseVariable) -> ReverseVariable {
        let q = a.value / b.value
        return applyingRule(a, b, value: q, dx: 1 / b.value, dy: -(q / b.value))
    }
    /// Negation.
    @inlinable @inline(__always)
    public static prefix func - (a: ReverseVariable) -> ReverseVariable {
        a.applyingRule(value: -a.value, derivative: -1)
    }
    /// Negates in place.
    @inlinable public mutating func negate() { self = -self }
    @inlinable public static func += (a: inout ReverseVariable, b: ReverseVariable) { a = a + b }
    @inlinable public static func -= (a: inout ReverseVariable, b: ReverseVariable) { a = a - b }
    @inlinable public static func *= (a: inout ReverseVariable, b: ReverseVariable) { a = a * b }
    @inlinable public static func /= (a: inout ReverseVariable, b: ReverseVariable) { a = a / b }

    // Comparisons are on the value, and are recorded in the tape's branch trace so that a
    // replay at another input can tell whether the control flow changed.
    @inlinable
    static func recordBranch(_ a: ReverseVariable, _ b: ReverseVariable, _ outcome: Bool) -> Bool {
        a.checkLive()
        b.checkLive()
        if let t = a.tape ?? b.tape { t.pointee.branches.append(outcome) }
        return outcome
    }
    /// Compares values (recorded in the tape's branch trace when on a tape).
    @inlinable public static func < (a: ReverseVariable, b: ReverseVariable) -> Bool {
        recordBranch(a, b, a.value < b.value)
    }
    /// Compares values.
    @inlinable public static func <= (a: ReverseVariable, b: ReverseVariable) -> Bool {
        recordBranch(a, b, a.value <= b.value)
    }
    /// Compares values.
    @inlinable public static func > (a: ReverseVariable, b: ReverseVariable) -> Bool {
        recordBranch(a, b, a.value > b.value)
    }
    /// Compares values.
    @inlinable public static func >= (a: ReverseVariable, b: ReverseVariable) -> Bool {
        recordBranch(a, b, a.value >= b.value)
    }
    /// Equal values (derivatives are not compared).
    @inlinable public static func == (a: ReverseVariable, b: ReverseVariable) -> Bool {
        recordBranch(a, b, a.value == b.value)
    }
    /// Compares values.
    @inlinable public func isLess(than other: ReverseVariable) -> Bool { self < other }
    @inlinable public func isLessThanOrEqualTo(_ other: ReverseVariable) -> Bool { self <= other }
    @inlinable public func isEqual(to other: ReverseVariable) -> Bool { self == other }
}

extension ReverseVariable: CustomStringConvertible {
    /// A readable rendering.
    public var description: String { "Variable(\(value), node \(index))" }
}

/// The trap for a variable used after its tape was reset or freed (checked builds).
@usableFromInline @inline(never)
func staleVariable(node: Int32, tapeFreed: Bool) -> Never {
    fatalError(tapeFreed
        ? "Autodiff: variable (node \(node)) used after its tape was deallocated"
        : "Autodiff: variable (node \(node)) used after its tape was reset (it belongs to an earlier recording)")
}
