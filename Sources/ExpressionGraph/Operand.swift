import Autodiff

/// An argument of a graph node: another node `wᵢ` (by index) or a constant folded into the node.
///
/// Constants are not nodes of their own (as in the lecture's programs, `w3 = 2·w1`). Two constant
/// operands are equal when their bit patterns are (so `0` and `-0` are different constants and a
/// NaN constant equals itself), which is what sharing identical subexpressions needs.
///
/// ```swift
/// Operand.node(0)       // w1
/// Operand.constant(2)   // the literal 2
/// ```
public enum Operand: Sendable {
    /// The node with this index (0-based: `.node(0)` is `w1`).
    case node(Int)
    /// A constant.
    case constant(Double)

    /// The node index, or `nil` for a constant.
    @inlinable
    public var nodeIndex: Int? {
        if case .node(let i) = self { return i }
        return nil
    }

    /// The constant, or `nil` for a node.
    @inlinable
    public var constantValue: Double? {
        if case .constant(let c) = self { return c }
        return nil
    }
}

extension Operand: Hashable {
    /// Nodes by index; constants by bit pattern.
    public static func == (a: Operand, b: Operand) -> Bool {
        switch (a, b) {
        case let (.node(i), .node(j)): return i == j
        case let (.constant(x), .constant(y)): return x.bitPattern == y.bitPattern
        default: return false
        }
    }

    /// Consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .node(let i): hasher.combine(0 as UInt8); hasher.combine(i)
        case .constant(let c): hasher.combine(1 as UInt8); hasher.combine(c.bitPattern)
        }
    }

    /// The order used to normalise the arguments of commutative operations: constants first (by
    /// bit pattern), then nodes by index.
    static func precedes(_ a: Operand, _ b: Operand) -> Bool {
        switch (a, b) {
        case let (.constant(x), .constant(y)): return x.bitPattern < y.bitPattern
        case (.constant, .node): return true
        case (.node, .constant): return false
        case let (.node(i), .node(j)): return i < j
        }
    }
}
