import Autodiff
import DataIO

/// GradBench's `particle` eval: a charged particle starting at `(0, 8)` with velocity
/// `(0.75, 0)` is pushed by the field of charges at `(10, 10 − w)` and `(10, 0)`
/// (acceleration `−∇ₓp`, `p(x; w) = Σ 1/‖x − cⱼ‖`), integrated by Euler steps of 0.1 until it
/// crosses the `x` axis (the crossing point by linear interpolation); `w` is chosen by gradient
/// descent from the input `w` to minimise the squared crossing abscissa. Output: that `w`.
///
/// **Routes.** The acceleration inside the integrator is a gradient (inner AD), and the
/// descent differentiates the whole integration with respect to `w` through it (outer AD):
/// `ff` forward over forward, `fr` forward over reverse (`ReverseTape<Dual<Double>>`), `rf`
/// reverse over forward (`Dual<Variable>`), `rr` reverse over reverse (`ReverseTape<Variable>`).
public struct ParticleEval: GradBenchEval {
    /// `"particle"`.
    public let module = "particle"
    /// `ff`, `fr`, `rf`, `rr`.
    public let functions = ["ff", "fr", "rf", "rr"]
    /// Most Euler steps before the trajectory is declared not to cross the axis.
    public static let maximumSteps = 1_000_000

    /// An instance.
    public init() {}

    /// `p(x; w) = Σⱼ 1/‖x − cⱼ‖` with the charges at `(10, 10 − w)` and `(10, 0)`; the
    /// parameter is `[w]`.
    struct Potential: NestedObjective {
        func callAsFunction<T: Real>(_ x: [T], _ parameters: [T]) -> T {
            let w = parameters[0]
            let d1x = x[0] - 10, d1y = x[1] - (10 - w)
            let d2x = x[0] - 10, d2y = x[1]
            return 1 / T.sqrt(d1x * d1x + d1y * d1y) + 1 / T.sqrt(d2x * d2x + d2y * d2y)
        }
    }

    /// The squared abscissa where the trajectory for `w` crosses the axis, with the
    /// acceleration by `inner` mode at the outer scalar `S`.
    static func crossing<S: Real>(_ w: S, inner: ADMode) throws(GradientDescent.Failure) -> S {
        let p = Potential()
        var x: [S] = [0, 8]
        var v: [S] = [lift(0.75), 0]
        let dt: S = lift(0.1)
        for _ in 0..<maximumSteps {
            let a = innerGradient(p, at: x, parameters: [w], mode: inner).map { -$0 }
            x = [x[0] + dt * v[0], x[1] + dt * v[1]]
            if x[1] <= 0 {
                let tf = -x[1] / v[1]
                let xf = x[0] + tf * v[0]
                return xf * xf
            }
            v = [v[0] + dt * a[0], v[1] + dt * a[1]]
        }
        throw GradientDescent.Failure(description: "the trajectory did not cross the axis in \(maximumSteps) steps")
    }

    /// The optimal `w` from `start` with the given modes.
    /// - Throws: `GradientDescent.Failure` if the descent or an integration fails.
    static func solve(start: Double, outer: ADMode, inner: ADMode) throws(GradientDescent.Failure) -> Double {
        let g = OuterFunction(
            forward: { (w) throws(GradientDescent.Failure) in try crossing(w[0], inner: inner) },
            reverse: { (w) throws(GradientDescent.Failure) in try crossing(w[0], inner: inner) })
        return try GradientDescent.argmin(
            from: [start],
            objective: { (w) throws(GradientDescent.Failure) -> Double in try crossing(w[0], inner: inner) },
            gradient: { (w) throws(GradientDescent.Failure) -> [Double] in try outerGradient(at: w, mode: outer, g) })[0]
    }

    struct Run: PreparedEvaluation {
        let start: Double
        let modes: (outer: ADMode, inner: ADMode)
        var result: Result<Double, GradientDescent.Failure> = .success(0)
        mutating func run() {
            result = Result { () throws(GradientDescent.Failure) in
                try ParticleEval.solve(start: start, outer: modes.outer, inner: modes.inner)
            }
        }
        func output() -> JSONValue { .number((try? result.get()) ?? 0) }
        var failure: String? { if case .failure(let e) = result { return e.description } else { return nil } }
    }

    /// Reads `w` (a number).
    public func prepare(function: String, input: EvalInput) throws(EvalInputError) -> any PreparedEvaluation {
        Run(start: try input.number("w"), modes: ADMode.variant(function)!)
    }
}
