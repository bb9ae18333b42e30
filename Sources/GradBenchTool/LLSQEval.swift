import Autodiff
import DataIO

/// GradBench's `llsq` eval: `y(x) = ½ Σᵢ (sᵢ − Σⱼ xⱼ tᵢʲ)²` with `tᵢ = −1 + 2i/(n − 1)` and
/// `sᵢ = sign tᵢ`, and its gradient.
///
/// **Route.** Reverse mode on an ``ArrayTape``: the polynomial values `Σⱼ xⱼ tᵢʲ` are one
/// Vandermonde-product node (its backward step is the transposed product, `x̄ⱼ = Σᵢ ȳᵢ tᵢʲ`,
/// again without forming the matrix) and the half sum of squared residuals one fused map–sum
/// whose per-element partials come from a dual number.
public struct LLSQEval: GradBenchEval {
    /// `"llsq"`.
    public let module = "llsq"
    /// `primal` and `gradient`.
    public let functions = ["primal", "gradient"]
    /// The largest `n` accepted (memory grows with it).
    public static let maximumPoints = 10_000_000
    /// The largest `n·m` accepted (the work of one evaluation).
    public static let maximumWork = 2_000_000_000

    /// An instance.
    public init() {}

    /// The points `tᵢ` and targets `sᵢ = sign tᵢ` for `n ≥ 2`.
    public static func points(_ n: Int) -> (t: [Double], s: [Double]) {
        let t = (0..<n).map { -1 + Double($0) * 2 / Double(n - 1) }
        return (t, t.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
    }

    /// `y(x)` in `Double`, as the definition states it.
    public static func primal(_ x: [Double], n: Int) -> Double {
        var sum = 0.0
        for i in 0..<n {
            let t = -1 + Double(i) * 2 / Double(n - 1)
            var r: Double = t > 0 ? 1 : (t < 0 ? -1 : 0)
            var power = 1.0
            for c in x { r -= c * power; power *= t }
            sum += r * r
        }
        return sum / 2
    }

    /// `½(s − p)²`.
    struct HalfSquaredResidual: ArrayBinaryFunction {
        @inlinable func callAsFunction<T: Real>(_ p: T, _ s: T) -> T {
            let r = s - p
            return r * r / 2
        }
    }

    /// `∇y(x)` by one recording on `tape` (emptied first) and one reverse sweep.
    /// - Complexity: O(n·m).
    public static func gradient(_ x: [Double], n: Int, tape: ArrayTape) -> (value: Double, gradient: [Double]) {
        tape.reset()
        let (t, s) = points(n)
        let xs = tape.variable(x)
        let p = tape.polynomial(coefficients: xs, at: tape.constant(t))
        let y = tape.mapSum(HalfSquaredResidual(), p, tape.constant(s))
        tape.gradient(of: y)
        return (tape.scalarValue(of: y), tape.adjoint(of: xs))
    }

    struct Run: PreparedEvaluation {
        let x: [Double]
        let n: Int
        let differentiate: Bool
        let tape = ArrayTape()
        var value = 0.0
        var gradient: [Double] = []
        mutating func run() {
            if differentiate { gradient = LLSQEval.gradient(x, n: n, tape: tape).gradient }
            else { value = LLSQEval.primal(x, n: n) }
        }
        func output() -> JSONValue { differentiate ? .numbers(gradient) : .number(value) }
    }

    /// Reads `x` (the coefficients) and `n` (2 … ``maximumPoints``).
    public func prepare(function: String, input: EvalInput) throws(EvalInputError) -> any PreparedEvaluation {
        let x = try input.numbers("x")
        let n = try input.integer("n", in: 2...Self.maximumPoints)
        guard n * x.count <= Self.maximumWork else {
            throw EvalInputError("llsq input: n·m = \(n * x.count) exceeds \(Self.maximumWork)")
        }
        return Run(x: x, n: n, differentiate: function == "gradient")
    }
}
