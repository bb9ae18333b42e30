import Autodiff

/// GradBench's `lse` eval: `LSE(x) = m + log Σ exp(xᵢ − m)` with `m = max x`, and its gradient.
///
/// The gradient is reverse mode on an ``ArrayTape`` through the function's own primitives — the
/// maximum, the fused map–sum of `exp(xᵢ − m)` (each element's partials from a dual number), the
/// logarithm and the addition — never a hand-written softmax: the `m` terms cancel in the sweep
/// itself (`m̄ = 1 − Σ softmax`, routed to the argmax).
public struct LSEEval: GradBenchEval {
    /// `"lse"`.
    public let module = "lse"
    /// `primal` and `gradient`.
    public let functions = ["primal", "gradient"]

    /// An instance.
    public init() {}

    /// `exp(x − m)`.
    public struct ShiftedExp: ArrayBinaryFunction {
        /// An instance.
        public init() {}
        /// `exp(x − m)`.
        @inlinable public func callAsFunction<T: Real>(_ x: T, _ m: T) -> T { T.exp(x - m) }
    }

    /// `log s + m`.
    public struct LogPlus: ArrayBinaryFunction {
        /// An instance.
        public init() {}
        /// `log s + m`.
        @inlinable public func callAsFunction<T: Real>(_ s: T, _ m: T) -> T { T.log(s) + m }
    }

    /// `LSE(x)` in `Double`, as the definition states it.
    /// - Precondition: `x` is not empty.
    public static func primal(_ x: [Double]) -> Double {
        var m = x[0]
        for v in x where v > m { m = v }
        var s = 0.0
        for v in x { s += Double.exp(v - m) }
        return Double.log(s) + m
    }

    /// `(LSE(x), ∇LSE(x))` by one recording on `tape` (emptied first) and one reverse sweep.
    /// - Precondition: `x` is not empty.
    /// - Complexity: O(n), one `exp` per element.
    public static func gradient(_ x: [Double], tape: ArrayTape) -> (value: Double, gradient: [Double]) {
        tape.reset()
        let xs = tape.variable(x)
        let m = tape.max(xs)
        let s = tape.mapSum(ShiftedExp(), xs, m)
        let y = tape.map(LogPlus(), s, m)
        tape.gradient(of: y)
        return (tape.scalarValue(of: y), tape.adjoint(of: xs))
    }

    struct Run: PreparedEvaluation {
        let x: [Double]
        let differentiate: Bool
        let tape = ArrayTape()
        var value = 0.0
        var gradient: [Double] = []
        mutating func run() {
            if differentiate { gradient = LSEEval.gradient(x, tape: tape).gradient }
            else { value = LSEEval.primal(x) }
        }
        func output() -> GradBenchJSON { differentiate ? .numbers(gradient) : .number(value) }
    }

    /// Reads `x` (a non-empty array of numbers).
    public func prepare(function: String, input: EvalInput) throws(EvalInputError) -> any PreparedEvaluation {
        let x = try input.numbers("x")
        guard !x.isEmpty else { throw EvalInputError("lse input: field \"x\" must not be empty") }
        return Run(x: x, differentiate: function == "gradient")
    }
}
