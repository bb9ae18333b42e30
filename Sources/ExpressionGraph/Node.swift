import Autodiff

/// One node `wᵢ = φ(a, b)` of a ``ComputationGraph``, in evaluation order.
///
/// Inputs are nodes with ``Operation/variable`` and no arguments; unary operations use
/// ``first`` only. ``column`` is where the operation was first written in the source (1-based
/// Unicode scalars; 0 when the node was not parsed from text), so evaluation warnings can point
/// at it.
///
/// ```swift
/// let g = try ComputationGraph(parsing: "x1*x2 + sin(x1)")
/// g.nodes[2].operation   // .multiply, arguments [.node(0), .node(1)]
/// ```
public struct Node: Sendable, Hashable {
    /// The operation.
    public let operation: Operation
    /// The first argument (`nil` for an input).
    public let first: Operand?
    /// The second argument (`nil` for inputs and unary operations). For
    /// ``Operation/integerPower`` it is the constant integer exponent.
    public let second: Operand?
    /// Column of the operator or function name in the source (1-based), 0 if unknown.
    public let column: Int

    /// A node; `arguments.count` must equal `operation.arity`.
    public init(_ operation: Operation, _ arguments: [Operand], column: Int = 0) {
        precondition(arguments.count == operation.arity,
                     "Node: \(operation) takes \(operation.arity) arguments, got \(arguments.count)")
        self.operation = operation
        self.first = arguments.first
        self.second = arguments.count > 1 ? arguments[1] : nil
        self.column = column
    }

    /// The arguments in order (0, 1 or 2).
    public var arguments: [Operand] {
        switch (first, second) {
        case let (a?, b?): return [a, b]
        case let (a?, nil): return [a]
        default: return []
        }
    }

    /// The integer exponent of an ``Operation/integerPower`` node.
    @inlinable
    public var integerExponent: Int {
        guard case .constant(let c)? = second else { return 0 }
        return Int(c)
    }
}
