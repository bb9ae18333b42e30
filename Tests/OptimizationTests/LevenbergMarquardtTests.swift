import Autodiff
import Optimization
import OptimizationProblems
import Testing

/// Levenberg–Marquardt with the residual Jacobian from Autodiff.
struct LevenbergMarquardtTests {
    /// The MGH least-squares problems (Moré, Garbow & Hillstrom, ACM TOMS 7(1), 1981) from their
    /// standard starts reach the published minimum (or another minimum the paper lists); all but
    /// extended Rosenbrock n = 1000 (its 2000×1000 QR per trial is left to the release benchmark).
    static let problems = MGHProblem.standardSet.filter { $0.variables <= 100 }

    @Test(arguments: problems)
    func reachesThePublishedMinimum(_ p: MGHProblem) throws {
        try #require(Self.problems.count == 29)
        let r = LevenbergMarquardt().minimize(p, from: p.start)
        #expect(MinimizerMGHTests.reachesPublishedMinimum(r.sumOfSquares, p), "\(p): \(r.sumOfSquares)")
        #expect(r.converged, "\(p): \(r.reason)")
        #expect(r.jacobianEvaluations == r.iterations + 1)
        #expect(r.residualEvaluations >= r.iterations + 1)
    }

    /// The residuals of a y = a·exp(−b·t) + c fit, generic over the scalar.
    struct ExponentialDecay: VectorFunction {
        let t: [Double], y: [Double]
        func callAsFunction<T: Real>(_ p: [T]) -> [T] {
            (0..<t.count).map { i in p[0] * T.exp(-p[1] * lift(t[i])) + p[2] - lift(y[i]) }
        }
    }

    /// A noisy exponential decay fitted as scipy.optimize.curve_fit (MINPACK) fits it, from the
    /// same start: parameters and sum of squares to 1e-9 relative, standard errors (√diag of
    /// s²(JᵀJ)⁻¹, curve_fit's pcov) to 1e-6 — reference numbers from scripts/curve_fit_reference.py.
    @Test func curveFitMatchesSciPy() {
        let t = (0..<25).map { Double($0) * 0.2 }
        let y: [Double] = [3.0069116838412957, 2.444061327378939, 1.9929101114491534, 1.6199518836309714, 1.4017438222304128, 1.1902569740323117, 1.0146011132947061, 0.9166867394186289, 0.8196169784201776, 0.746701745509343, 0.6862523903621506, 0.6541061603959173, 0.5956638393091988, 0.5818604378766373, 0.5559884736606203, 0.5625817028672035, 0.5398133369495903, 0.5242364456925077, 0.507559365470525, 0.512742651118409, 0.5139542546622689, 0.5051218312560504, 0.534080553543823, 0.5264565520366891, 0.45065138922779346]
        let fit = LevenbergMarquardt().minimize(ExponentialDecay(t: t, y: y), from: [1, 1, 0])
        #expect(fit.converged, "\(fit.reason)")
        let scipy = [2.5104848956482075, 1.2944052311067553, 0.4965896690447135]
        for (a, b) in zip(fit.parameters, scipy) { #expect(abs(a - b) <= 1e-9 * abs(b), "\(a) vs \(b)") }
        #expect(abs(fit.sumOfSquares - 0.006425362916525453) <= 1e-9 * 0.0064)
        let errors = fit.standardErrors ?? []
        let scipyErrors = [0.013925129156785877, 0.015022149906683241, 0.005454163687176192]
        #expect(errors.count == 3)
        for (a, b) in zip(errors, scipyErrors) { #expect(abs(a - b) <= 1e-6 * b, "\(a) vs \(b)") }
    }

    struct Line: VectorFunction {
        func callAsFunction<T: Real>(_ p: [T]) -> [T] { [p[0] + p[1] - 1, p[0] - p[1] - 3, 2 * p[0] - 4] }
    }

    /// A linear least-squares problem is solved in one step (the Gauss–Newton step is exact), and
    /// the answer is the hand-derived normal-equation solution (2, −1).
    @Test func linearProblemInOneStep() {
        var lm = LevenbergMarquardt()
        lm.initialDamping = 1e-12
        let r = lm.minimize(Line(), from: [10, 10])
        #expect(abs(r.parameters[0] - 2) < 1e-9 && abs(r.parameters[1] + 1) < 1e-9)
        #expect(r.sumOfSquares < 1e-18)
        #expect(r.iterations <= 2)
    }

    struct NaNAway: VectorFunction {
        func callAsFunction<T: Real>(_ p: [T]) -> [T] { [T.sqrt(p[0]) - 3, p[1] - 1] }
    }

    /// Bad input is a typed result, never a trap.
    @Test func badInputIsAResult() {
        let lm = LevenbergMarquardt()
        #expect(lm.minimize(Line(), from: []).reason == .invalidInput("the starting point is empty"))
        if case .invalidInput(let m) = lm.minimize(Line(), from: [.nan, 1]).reason { #expect(m.contains("entry 0")) }
        else { Issue.record("NaN start accepted") }
        #expect(lm.minimize(NaNAway(), from: [-1, 0]).reason == .nonFiniteValue)
        // Steps into √(negative) are rejected like any failed trial; the fit still converges.
        let r = lm.minimize(NaNAway(), from: [0.01, 0])
        #expect(r.converged && abs(r.parameters[0] - 9) < 1e-8)
        var calls = 0
        let changing = DifferentiableSystem(value: { x in calls += 1; return calls > 1 ? [x[0]] : [x[0] - 1, x[0] + 1] },
                                            jacobian: { _ in Matrix(rows: 2, columns: 1, elements: [1, 1]) })
        if case .invalidInput(let m) = lm.minimize(changing, from: [3]).reason { #expect(m.contains("returned 1 values")) }
        else { Issue.record("a residual map changing length was accepted") }
        var bad = LevenbergMarquardt()
        bad.initialDamping = -1
        if case .invalidInput = bad.minimize(Line(), from: [0, 0]).reason {} else { Issue.record("negative damping accepted") }
    }
}
