import Autodiff
import DataIO

/// GradBench's `saddle` eval: `min_x max_y f(x, y)` with `f(x, y) = (x₁² + x₂²) − (y₁² + y₂²)`
/// by gradient descent from `start` for both levels — the argmin's objective contains an
/// argmax, so its gradient is a derivative taken through another derivative's optimisation
/// loop (nested AD). Output: `x` then `y` (the argmax for that `x`).
///
/// **Routes.** The four functions name the modes, outer first: `ff` forward over forward
/// (`Dual<Dual<Double>>` inside), `fr` forward over reverse (`ReverseTape<Dual<Double>>`),
/// `rf` reverse over forward (`Dual<Variable>`), `rr` reverse over reverse
/// (`ReverseTape<Variable>`: the inner sweep's arithmetic is itself recorded on the outer tape).
/// The final argmax uses the inner mode. The solver and `f` are each written once, generically.
public struct SaddleEval: GradBenchEval {
    /// `"saddle"`.
    public let module = "saddle"
    /// `ff`, `fr`, `rf`, `rr`.
    public let functions = ["ff", "fr", "rf", "rr"]

    /// An instance.
    public init() {}

    /// `f(x, y)` with `y` the variable and `x` the parameters.
    struct Objective: NestedObjective {
        func callAsFunction<T: Real>(_ y: [T], _ x: [T]) -> T {
            (x[0] * x[0] + x[1] * x[1]) - (y[0] * y[0] + y[1] * y[1])
        }
    }

    /// `max_y f(x, y)`, the argmax found from `start` with gradients by `inner` mode, at the
    /// outer scalar `S`.
    static func maxPrimal<S: Real>(_ x: [S], start: [Double], inner: ADMode) throws(GradientDescent.Failure) -> S {
        let f = Objective()
        let y = try GradientDescent.argmax(
            from: start.map { lift($0) as S },
            objective: { (y) throws(GradientDescent.Failure) -> S in f(y, x) },
            gradient: { (y) throws(GradientDescent.Failure) -> [S] in innerGradient(f, at: y, parameters: x, mode: inner) })
        return f(y, x)
    }

    /// The saddle point `(x, y)` from `start` with the given modes.
    /// - Throws: `GradientDescent.Failure` if a descent does not converge.
    static func solve(start: [Double], outer: ADMode, inner: ADMode) throws(GradientDescent.Failure) -> [Double] {
        let g = OuterFunction(
            forward: { (x) throws(GradientDescent.Failure) in try maxPrimal(x, start: start, inner: inner) },
            reverse: { (x) throws(GradientDescent.Failure) in try maxPrimal(x, start: start, inner: inner) })
        let x = try GradientDescent.argmin(
            from: start,
            objective: { (x) throws(GradientDescent.Failure) -> Double in try maxPrimal(x, start: start, inner: inner) },
            gradient: { (x) throws(GradientDescent.Failure) -> [Double] in try outerGradient(at: x, mode: outer, g) })
        let f = Objective()
        let y = try GradientDescent.argmax(
            from: start,
            objective: { (y) throws(GradientDescent.Failure) -> Double in f(y, x) },
            gradient: { (y) throws(GradientDescent.Failure) -> [Double] in innerGradient(f, at: y, parameters: x, mode: inner) })
        return x + y
    }

    struct Run: PreparedEvaluation {
        let start: [Double]
        let modes: (outer: ADMode, inner: ADMode)
        var result: Result<[Double], GradientDescent.Failure> = .success([])
        mutating func run() {
            result = Result { () throws(GradientDescent.Failure) in
                try SaddleEval.solve(start: start, outer: modes.outer, inner: modes.inner)
            }
        }
        func output() -> JSONValue { .numbers((try? result.get()) ?? []) }
        var failure: String? { if case .failure(let e) = result { return e.description } else { return nil } }
    }

    /// Reads `start` (two numbers).
    public func prepare(function: String, input: EvalInput) throws(EvalInputError) -> any PreparedEvaluation {
        let start = try input.numbers("start", count: 2)
        return Run(start: start, modes: ADMode.variant(function)!)
    }
}
