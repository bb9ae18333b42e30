import Autodiff
import DataIO

/// GradBench's `hello` eval: `square(x) = x²` and `double(x) = square′(x)`, the derivative by
/// forward mode (one evaluation of `square` on a dual number).
///
/// The input is a bare number (no `min_runs`/`min_seconds`: one run).
public struct HelloEval: GradBenchEval {
    /// `"hello"`.
    public let module = "hello"
    /// `square` and `double`.
    public let functions = ["square", "double"]

    /// An instance.
    public init() {}

    /// `x²`, written once for any `Real` scalar.
    @inlinable
    public static func square<T: Real>(_ x: T) -> T { x * x }

    struct Run: PreparedEvaluation {
        let x: Double
        let differentiate: Bool
        var result = 0.0
        mutating func run() {
            result = differentiate ? derivative(of: { HelloEval.square($0) }, at: x) : HelloEval.square(x)
        }
        func output() -> JSONValue { .number(result) }
    }

    /// Reads the number `x`.
    public func prepare(function: String, input: EvalInput) throws(EvalInputError) -> any PreparedEvaluation {
        guard let x = input.json.number else {
            throw EvalInputError("hello input must be a number, got \(input.json.kindDescription)")
        }
        return Run(x: x, differentiate: function == "double")
    }
}
