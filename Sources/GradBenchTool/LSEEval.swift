import Autodiff
import VectorMath
import DataIO

/// GradBench's `lse` eval: `LSE(x) = m + log Σ exp(xᵢ − m)` with `m = max x`, and its gradient.
///
/// The gradient is reverse mode on an ``ArrayTape`` through the function's own primitives — the
/// maximum (behind a stop-gradient, as JAX's `logsumexp` does), the fused map–sum of
/// `exp(xᵢ − m)` (each element's partial from a dual number), the logarithm and the addition —
/// never a hand-written softmax.
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

    /// Records `LSE(x)` on `tape` (emptied first) and sweeps it once; the gradient is then the
    /// adjoint of the returned input. The shift `m = max x` enters through a stop-gradient (as
    /// in JAX's `logsumexp`): `m + log Σ exp(xᵢ − m)` is `LSE(x)` for any constant `m`, so the
    /// derivative is exact and the map–sum differentiates one operand only. The input is read
    /// in place (`x` must outlive the recording).
    /// - Precondition: `x` is not empty.
    /// - Complexity: O(n), one vectorised `exp` per element.
    public static func record(_ x: UnsafeBufferPointer<Double>, on tape: ArrayTape) -> (input: ArrayVariable, output: ArrayVariable) {
        tape.reset()
        let xs = tape.variable(unsafeBorrowing: x, rows: x.count)
        let m = tape.stopGradient(tape.max(xs))
        let s = tape.sumExp(xs, shift: m)   // Σ exp(xᵢ − m) by the vectorised exp, exp′ = exp
        let y = tape.map(LogPlus(), s, m)
        tape.gradient(of: y)
        return (xs, y)
    }

    /// `(LSE(x), ∇LSE(x))` (see ``record(_:on:)``).
    /// - Precondition: `x` is not empty.
    public static func gradient(_ x: [Double], tape: ArrayTape) -> (value: Double, gradient: [Double]) {
        x.withUnsafeBufferPointer { b in
            let (input, output) = record(b, on: tape)
            return (tape.scalarValue(of: output), tape.adjoint(of: input))
        }
    }

    struct Run: PreparedEvaluation {
        let x: [Double]
        let differentiate: Bool
        let tape = ArrayTape()
        var value = 0.0
        var input: ArrayVariable?
        mutating func run() {
            if differentiate {
                // The gradient stays in the tape's adjoint storage (as a C++ tool leaves it in
                // its output vector); output() converts it.
                input = x.withUnsafeBufferPointer { LSEEval.record($0, on: tape).input }
            } else {
                value = x.withUnsafeBufferPointer { VectorMath.logSumExp($0) }
            }
        }
        func output() -> JSONValue {
            guard differentiate, let input else { return .number(value) }
            return .numbers(tape.adjoint(of: input))
        }
    }

    /// Reads `x` (a non-empty array of numbers).
    public func prepare(function: String, input: EvalInput) throws(EvalInputError) -> any PreparedEvaluation {
        let x = try input.numbers("x")
        guard !x.isEmpty else { throw EvalInputError("lse input: field \"x\" must not be empty") }
        return Run(x: x, differentiate: function == "gradient")
    }
}
