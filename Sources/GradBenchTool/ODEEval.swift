import Autodiff
import DataIO

/// GradBench's `ode` eval: `s` steps of the classical Runge–Kutta method on
/// `y₀′ = x₀`, `yᵢ′ = xᵢ·yᵢ₋₁` from `y(0) = 0` to `t = 2` (`primal`: the final `y`), and the
/// gradient of the final `y_{n−1}` with respect to `x` (`gradient`).
///
/// **Route.** Reverse mode with one checkpoint per step: the forward pass keeps only `y` after
/// each step (`s·n` numbers); the backward pass re-records each step `y ↦ Φ(x, y)` on an
/// ``ArrayTape`` (newest first) and sweeps it seeded with the adjoint of its output — a
/// vector–Jacobian product that gives the adjoint of the step's input `y` and adds the step's
/// share of `x̄`. Each recorded step is a few array nodes (shift, elementwise product, scaled
/// sums), so the memory is `O(s·n)` instead of a full recording's `O(20·s·n)`.
public struct ODEEval: GradBenchEval {
    /// `"ode"`.
    public let module = "ode"
    /// `primal` and `gradient`.
    public let functions = ["primal", "gradient"]
    /// The largest `s·n` accepted (the checkpoints hold that many numbers).
    public static let maximumWork = 50_000_000

    /// An instance.
    public init() {}

    /// The end time.
    static let finalTime = 2.0

    /// One Runge–Kutta step of size `h` in `Double`, in place: `y ← Φ(x, y)`.
    public static func step(_ x: [Double], _ y: inout [Double], h: Double,
                            scratch k: inout (k1: [Double], k2: [Double], k3: [Double], k4: [Double], t: [Double])) {
        let n = x.count
        func f(_ y: [Double], into out: inout [Double]) {
            out[0] = x[0]
            for i in 1..<n { out[i] = x[i] * y[i - 1] }
        }
        f(y, into: &k.k1)
        for i in 0..<n { k.t[i] = y[i] + h * k.k1[i] / 2 }
        f(k.t, into: &k.k2)
        for i in 0..<n { k.t[i] = y[i] + h * k.k2[i] / 2 }
        f(k.t, into: &k.k3)
        for i in 0..<n { k.t[i] = y[i] + h * k.k3[i] }
        f(k.t, into: &k.k4)
        for i in 0..<n { y[i] += h * (k.k1[i] + 2 * k.k2[i] + 2 * k.k3[i] + k.k4[i]) / 6 }
    }

    /// The final `y` after `s` steps.
    public static func primal(_ x: [Double], steps s: Int) -> [Double] {
        let n = x.count
        var y = [Double](repeating: 0, count: n)
        var k = (k1: y, k2: y, k3: y, k4: y, t: y)
        for _ in 0..<s { step(x, &y, h: finalTime / Double(s), scratch: &k) }
        return y
    }

    /// `xᵢ·zᵢ`.
    struct Product: ArrayBinaryFunction {
        @inlinable func callAsFunction<T: Real>(_ a: T, _ b: T) -> T { a * b }
    }

    /// `Φ(x, y)` recorded on `tape`: the right-hand side `f(y) = x ∘ shift(y)` (the shift
    /// brings `yᵢ₋₁` to place `i` and a 1 to place 0, so `f₀ = x₀`) at the four stages, and
    /// their weighted sum.
    static func recordStep(_ x: ArrayVariable, _ y: ArrayVariable, h: Double, on tape: ArrayTape) -> ArrayVariable {
        func f(_ y: ArrayVariable) -> ArrayVariable { tape.map(Product(), x, tape.shift(y, by: 1, fill: 1)) }
        let k1 = f(y)
        let k2 = f(tape.add(y, tape.scale(k1, by: h / 2)))
        let k3 = f(tape.add(y, tape.scale(k2, by: h / 2)))
        let k4 = f(tape.add(y, tape.scale(k3, by: h)))
        let inner = tape.add(tape.add(k1, tape.scale(tape.add(k2, k3), by: 2)), k4)
        return tape.add(y, tape.scale(inner, by: h / 6))
    }

    /// `∇ₓ y_{n−1}` after `s` steps: forward pass keeping a checkpoint per step, then one
    /// re-recorded step and one seeded sweep per step, newest first.
    /// - Complexity: O(s·n) time and memory.
    public static func gradient(_ x: [Double], steps s: Int, tape: ArrayTape) -> [Double] {
        let n = x.count
        let h = finalTime / Double(s)
        var checkpoints = [[Double]]()
        checkpoints.reserveCapacity(s)
        var y = [Double](repeating: 0, count: n)
        var k = (k1: y, k2: y, k3: y, k4: y, t: y)
        for _ in 0..<s {
            checkpoints.append(y)
            step(x, &y, h: h, scratch: &k)
        }
        var ybar = [Double](repeating: 0, count: n)
        ybar[n - 1] = 1
        var xbar = [Double](repeating: 0, count: n)
        for t in stride(from: s - 1, through: 0, by: -1) {
            tape.reset()
            let xv = tape.variable(x), yv = tape.variable(checkpoints[t])
            let next = recordStep(xv, yv, h: h, on: tape)
            tape.gradient(of: next, seed: ybar)
            tape.withAdjoint(of: xv) { a in
                if let a { for i in 0..<n { xbar[i] += a[i] } }
            }
            ybar = tape.adjoint(of: yv)
        }
        return xbar
    }

    struct Run: PreparedEvaluation {
        let x: [Double]
        let s: Int
        let differentiate: Bool
        let tape = ArrayTape()
        var result: [Double] = []
        mutating func run() {
            result = differentiate ? ODEEval.gradient(x, steps: s, tape: tape) : ODEEval.primal(x, steps: s)
        }
        func output() -> JSONValue { .numbers(result) }
    }

    /// Reads `x` (non-empty) and `s` (≥ 1, with `s·n` at most ``maximumWork``).
    public func prepare(function: String, input: EvalInput) throws(EvalInputError) -> any PreparedEvaluation {
        let x = try input.numbers("x")
        guard !x.isEmpty else { throw EvalInputError("ode input: field \"x\" must not be empty") }
        let s = try input.integer("s", in: 1...Self.maximumWork)
        guard s * x.count <= Self.maximumWork else {
            throw EvalInputError("ode input: s·n = \(s * x.count) exceeds \(Self.maximumWork) (the checkpoints hold s·n numbers)")
        }
        return Run(x: x, s: s, differentiate: function == "gradient")
    }
}
