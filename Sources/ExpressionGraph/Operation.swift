import Autodiff

/// One elementary operation of a ``ComputationGraph``: a node `wᵢ = φ(wₐ, w_b)` of the lecture's
/// evaluation trace.
///
/// Every operation has at most two arguments. `variable` marks an input node (`wᵢ = xᵢ`); the
/// others are the language's operators and functions. `power` is `x^y` with the real semantics
/// `exp(y·log x)` (NaN for a negative base), except that a constant integer exponent `x^n` is
/// ``integerPower``, defined for every base (`(-2)^3 = -8`).
///
/// ```swift
/// Operation(functionName: "atan2")   // .atan2, arity 2
/// ```
public enum Operation: UInt8, Sendable, Hashable, CaseIterable {
    /// An input `xᵢ` (the first nodes of every graph).
    case variable
    /// `a + b`.
    case add
    /// `a − b`.
    case subtract
    /// `a · b`.
    case multiply
    /// `a / b`.
    case divide
    /// `−a`.
    case negate
    /// `aⁿ` for a constant integer `n` (the second argument), defined for every `a`.
    case integerPower
    /// `a^b = exp(b·log a)`: NaN for `a < 0`, and NaN for `0^0` (swift-numerics' `pow`).
    case power
    /// `sin a`.
    case sin
    /// `cos a`.
    case cos
    /// `tan a`.
    case tan
    /// `asin a`.
    case asin
    /// `acos a`.
    case acos
    /// `atan a`.
    case atan
    /// `eᵃ`.
    case exp
    /// `log a` (natural logarithm).
    case log
    /// `log(1 + a)`, accurate for small `a`.
    case log1p
    /// `eᵃ − 1`, accurate for small `a`.
    case expm1
    /// `√a`.
    case sqrt
    /// `|a|` (derivative 0 at 0).
    case abs
    /// `tanh a`.
    case tanh
    /// `sinh a`.
    case sinh
    /// `cosh a`.
    case cosh
    /// `atan2(a, b)`: the angle of the point `(b, a)`.
    case atan2
    /// `√(a² + b²)` without overflow.
    case hypot
    /// `min(a, b)` (at a tie each argument gets half the derivative).
    case min
    /// `max(a, b)` (at a tie each argument gets half the derivative).
    case max

    /// Number of arguments: 0 for `variable`, 1 or 2 otherwise.
    @inlinable
    public var arity: Int {
        switch self {
        case .variable: return 0
        case .negate, .sin, .cos, .tan, .asin, .acos, .atan, .exp, .log, .log1p, .expm1, .sqrt, .abs, .tanh,
             .sinh, .cosh:
            return 1
        case .add, .subtract, .multiply, .divide, .integerPower, .power, .atan2, .hypot, .min, .max:
            return 2
        }
    }

    /// Whether `φ(a, b) = φ(b, a)` exactly in floating point, so the graph may share `a·b` and `b·a`.
    @inlinable
    public var isCommutative: Bool {
        switch self {
        case .add, .multiply, .hypot, .min, .max: return true
        default: return false
        }
    }

    /// Whether the derivative is piecewise constant in the branch taken (`abs`, `min`, `max`):
    /// the programs print the partial as its value at the point instead of a formula.
    @inlinable
    public var isPiecewise: Bool { self == .abs || self == .min || self == .max }

    /// The name used in expressions and programs for function-call operations (`"sin"`,
    /// `"atan2"`, `"pow"` for ``power``); `nil` for operators and `variable`.
    public var functionName: String? {
        switch self {
        case .variable, .add, .subtract, .multiply, .divide, .negate, .integerPower: return nil
        case .power: return "pow"
        default: return String(describing: self)
        }
    }

    /// The function called `name` in the expression language (`sin … max`, `pow`), or `nil`.
    public init?(functionName name: String) {
        guard let op = Operation.functionsByName[name] else { return nil }
        self = op
    }

    /// The function names the expression language knows, in the order of the documentation.
    public static let functionNames: [String] = [
        "sin", "cos", "tan", "asin", "acos", "atan", "exp", "log", "log1p", "expm1", "sqrt", "abs", "tanh",
        "sinh", "cosh", "atan2", "pow", "hypot", "min", "max",
    ]

    static let functionsByName: [String: Operation] = {
        var table: [String: Operation] = [:]
        for op in Operation.allCases { if let name = op.functionName { table[name] = op } }
        return table
    }()
}
