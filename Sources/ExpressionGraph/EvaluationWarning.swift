import Autodiff

/// A non-finite value or derivative that arose from finite arguments at a point — division by
/// zero, the logarithm or square root of a negative number, an overflow — located at the column
/// of the operation in the source.
///
/// Evaluation does not stop: the IEEE result (`inf`, `nan`) is used and reported, as NumPy does
/// with its `RuntimeWarning`s. ``description`` is one line.
///
/// ```swift
/// let g = try ComputationGraph(parsing: "1/x")
/// g.warnings(at: [0]).first?.description   // "column 2: division by zero in w2 = 1/w1 gives inf"
/// ```
public struct EvaluationWarning: Sendable, Equatable, CustomStringConvertible {
    /// The node (0-based index) whose value or partial is not finite; `nil` for a folded constant.
    public let node: Int?
    /// The column of the operation in the source (1-based), 0 if unknown.
    public let column: Int
    /// What happened, e.g. `"division by zero in w3 = w1/w2 gives inf"`.
    public let message: String

    /// A warning about `node` at `column`.
    public init(node: Int?, column: Int, message: String) {
        self.node = node
        self.column = column
        self.message = message
    }

    /// `column c: message` (or the message alone without a column).
    public var description: String { column > 0 ? "column \(column): \(message)" : message }

    /// Why `op(a, b)` is not finite although `a` and `b` are: "division by zero", "log of a
    /// negative number (-2)", …
    static func reason(_ op: Operation, _ a: Double, _ b: Double) -> String {
        let n = NumberText.format
        switch op {
        case .divide where b == 0: return "division by zero"
        case .log where a < 0: return "log of a negative number (\(n(a)))"
        case .log where a == 0: return "log of zero"
        case .log1p where a < -1: return "log1p of a number below -1 (\(n(a)))"
        case .log1p where a == -1: return "log1p of -1"
        case .sqrt where a < 0: return "square root of a negative number (\(n(a)))"
        case .asin where Swift.abs(a) > 1, .acos where Swift.abs(a) > 1:
            return "\(op.functionName!) of \(n(a)), outside [-1, 1]"
        case .power where a < 0: return "power of a negative base (\(n(a))) with a non-integer exponent"
        case .power where a == 0 && b == 0: return "0^0 with a real exponent"
        case .power where a == 0 && b < 0, .integerPower where a == 0: return "power of zero with a negative exponent"
        case .tan: return "tan at a pole"
        default: return "overflow"
        }
    }
}
