import Autodiff
import LinearAlgebra
import Optimization
import OptimizationProblems
import TestSupport
import Testing

/// The minimisers' contracts: derivatives from Autodiff, stopping reasons, counts, bad input.
struct MinimizerTests {
    static let methods: [MinimizationMethod] = [.gradientDescent, .bfgs, .lbfgs(), .lbfgs(memory: 3), .newton, .trustRegionNewton]

    /// f = Σ cᵢ(xᵢ − i)² + (x₀ − x₁)²/2: a strictly convex quadratic whose minimiser solves the
    /// linear system ∇f = 0 (solved in the test by LU, independently of the minimisers).
    struct Quadratic: ObjectiveFunction {
        let c: [Double]
        func callAsFunction<T: Real>(_ x: [T]) -> T {
            var s = T.zero
            for i in x.indices { let d = x[i] - T(i); s = s + lift(c[i]) * d * d }
            let e = x[0] - x[1]
            return s + e * e / 2
        }
    }

    /// Every method minimises a convex quadratic to its minimiser (from the linear system
    /// H x* = b solved by LU), and Newton's method needs exactly one iteration (the unit step is
    /// exact and satisfies the Wolfe conditions).
    @Test(arguments: methods)
    func minimisesAConvexQuadratic(_ method: MinimizationMethod) throws {
        let q = Quadratic(c: [1, 3, 0.5, 2, 1.5])
        // ∇f = 0: 2cᵢ(xᵢ − i) + (x₀ − x₁)(δᵢ₀ − δᵢ₁) = 0.
        var h = Matrix<Double>.diagonal(q.c.map { 2 * $0 })
        h[0, 0] += 1; h[1, 1] += 1; h[0, 1] -= 1; h[1, 0] -= 1
        let b = q.c.indices.map { 2 * q.c[$0] * Double($0) }
        let exact = try h.lu().get().solve(b)
        var options = MinimizationOptions()
        options.maxIterations = 10_000
        let r = Minimizer(method: method, options: options).minimize(q, from: [5, -3, 2, 0, 1])
        #expect(r.reason == .gradientTolerance)
        // ‖x − x*‖ ≤ ‖g‖₂/λ_min with λ_min(H) = 1 (H = diag(2cᵢ) plus the coupling block):
        // a 1e-8 gradient gives ~2e-8; 1e-7 bound.
        for (a, e) in zip(r.minimizer, exact) { #expect(abs(a - e) < 1e-7) }
        if method == .newton { #expect(r.iterations == 1 && r.hessianEvaluations == 1) }
        let hessian = DifferentiableObjective(q).hessian!(r.minimizer)
        for (a, e) in zip(hessian.elements, h.elements) { #expect(abs(a - e) < 1e-12) }
    }

    /// f = x⁴ − 2x² + y²: at (0.1, 1) the Hessian is indefinite (∂²f/∂x² = 12x² − 4 < 0). The
    /// shifted Newton direction is still a descent direction and the iteration reaches the
    /// minimum (1, 0), f = −1; the trust region follows the negative curvature there too.
    struct DoubleWell: ObjectiveFunction {
        func callAsFunction<T: Real>(_ x: [T]) -> T { x[0] * x[0] * x[0] * x[0] - 2 * x[0] * x[0] + x[1] * x[1] }
    }

    @Test(arguments: [MinimizationMethod.newton, .trustRegionNewton, .bfgs])
    func escapesIndefiniteRegions(_ method: MinimizationMethod) {
        let r = minimize(DoubleWell(), from: [0.1, 1], method: method)
        #expect(r.converged)
        #expect(abs(r.value + 1) < 1e-12 && abs(abs(r.minimizer[0]) - 1) < 1e-7)
    }

    /// The derivative routines of an objective built from an ObjectiveFunction: the gradient
    /// equals central differences, the Hessian equals the reverse-over-forward Hessian of
    /// Autodiff (the other nesting order), is symmetric, and H·v equals the product.
    @Test func derivativeRoutinesAgreeWithIndependentOnes() {
        let p = SumOfSquares(MGHProblem.wood)
        let x = [-1.1, 0.9, -0.8, 1.3]
        let objective = DifferentiableObjective(p)
        let (f, g) = objective.valueAndGradient(x)
        #expect(f == objective.value(x))
        let fd = FiniteDifference.gradient(of: { (v: [Double]) in p(v) }, at: x)
        for (a, b) in zip(g, fd) { #expect(abs(a - b) <= 1e-6 * max(1, abs(b))) }
        let h = objective.hessian!(x)
        let other = reverseOverForwardHessian(of: { (v: [Dual<Variable>]) in p(v) }, at: x)
        var rng = SplitMix64(seed: 11)
        let v = (0..<4).map { _ in Double.random(in: -1...1, using: &rng) }
        let hv = objective.hessianVectorProduct!(x, v)
        for i in 0..<4 {
            for j in 0..<4 {
                #expect(abs(h[i, j] - other[i][j]) <= 1e-10 * max(1, abs(other[i][j])))
                #expect(h[i, j] == h[j, i])
            }
            let product = (0..<4).reduce(0.0) { $0 + h[i, $1] * v[$1] }
            #expect(abs(hv[i] - product) <= 1e-10 * max(1, abs(product)))
        }
    }

    struct NaNEverywhere: ObjectiveFunction {
        func callAsFunction<T: Real>(_ x: [T]) -> T { T.log(-1 - x[0] * x[0]) }
    }
    /// log(x): finite only for x > 0; the minimisers must never step into x ≤ 0 for good, and a
    /// line search meeting NaN backs off. Minimising x − 2 log x (minimum at x = 2).
    struct LogBarrier: ObjectiveFunction {
        func callAsFunction<T: Real>(_ x: [T]) -> T { x[0] - 2 * T.log(x[0]) }
    }

    /// Bad input is a typed result for every method, never a trap.
    @Test(arguments: methods)
    func badInputIsAResult(_ method: MinimizationMethod) {
        let m = Minimizer(method: method)
        let empty = m.minimize(MGHProblemObjective.rosenbrock, from: [])
        #expect(empty.reason == .invalidInput("the starting point is empty") && !empty.converged)
        let nan = m.minimize(MGHProblemObjective.rosenbrock, from: [1, .nan])
        #expect(nan.reason.code == "invalid_input" && nan.minimizer.count == 2)
        let inf = m.minimize(MGHProblemObjective.rosenbrock, from: [-.infinity, 1])
        #expect(inf.reason.code == "invalid_input")
        let notFinite = m.minimize(NaNEverywhere(), from: [1])
        #expect(notFinite.reason == .nonFiniteValue && notFinite.iterations == 0)
        let barrier = m.minimize(LogBarrier(), from: [40])
        #expect(barrier.converged, "\(method): \(barrier.reason)")
        #expect(abs(barrier.minimizer[0] - 2) < 1e-6)
        var options = MinimizationOptions()
        options.curvature = 2
        #expect(Minimizer(method: method, options: options).minimize(LogBarrier(), from: [1]).reason.code == "invalid_input")
        options = MinimizationOptions()
        options.gradientTolerance = .nan
        #expect(Minimizer(method: method, options: options).minimize(LogBarrier(), from: [1]).reason.code == "invalid_input")
    }

    /// f = 2⁻¹⁰⁶⁰·x² (≈ 10⁻³¹⁹) near x = 1: the gradient is subnormal and ‖g‖² underflows to 0, so no
    /// direction has a negative slope in floating point. With the gradient test off, the
    /// first-order methods and the trust region stop with `.noProgress` at the start instead of
    /// trapping; Newton's step −g/H is exact and lands on 0 (to rounding).
    struct Flat: ObjectiveFunction {
        func callAsFunction<T: Real>(_ x: [T]) -> T { T(sign: .plus, exponent: -1060, significand: 1) * x[0] * x[0] }
    }

    @Test(arguments: methods)
    func underflowingSlopesStopCleanly(_ method: MinimizationMethod) {
        var options = MinimizationOptions()
        options.gradientTolerance = 0
        let r = Minimizer(method: method, options: options).minimize(Flat(), from: [1])
        if method == .newton {
            #expect(r.reason == .gradientTolerance && abs(r.minimizer[0]) < 1e-15)
        } else {
            #expect(r.reason == .noProgress && r.minimizer == [1] && r.iterations == 0)
        }
    }

    @Test func invalidMethodSettingsAndMissingDerivatives() {
        #expect(minimize(LogBarrier(), from: [1], method: .lbfgs(memory: 0)).reason.code == "invalid_input")
        let noHessian = DifferentiableObjective(
            value: { x in x[0] * x[0] }, valueAndGradient: { x in (x[0] * x[0], [2 * x[0]]) })
        #expect(Minimizer(method: .newton).minimize(noHessian, from: [1]).reason.code == "invalid_input")
        #expect(Minimizer(method: .trustRegionNewton).minimize(noHessian, from: [1]).reason.code == "invalid_input")
        #expect(Minimizer(method: .bfgs).minimize(noHessian, from: [1]).converged)
        // A custom routine of the wrong shape mid-run is a typed stop, not an out-of-bounds read.
        let badHessian = DifferentiableObjective(
            value: { x in x[0] * x[0] }, valueAndGradient: { x in (x[0] * x[0], [2 * x[0]]) },
            hessian: { _ in Matrix(rows: 2, columns: 2, repeating: 1) }, hessianVectorProduct: { _, _ in [1, 2, 3] })
        #expect(Minimizer(method: .newton).minimize(badHessian, from: [1]).reason == .nonFiniteValue)
        #expect(Minimizer(method: .trustRegionNewton).minimize(badHessian, from: [1]).reason == .nonFiniteValue)
        var calls = 0
        let shrinking = DifferentiableObjective(
            value: { x in x[0] * x[0] },
            valueAndGradient: { x in calls += 1; return (x[0] * x[0], calls > 1 ? [] : [2 * x[0]]) })
        #expect(Minimizer(method: .lbfgs()).minimize(shrinking, from: [1]).reason.code == "invalid_input")
        // Dense methods refuse sizes whose n×n matrix would not fit, before evaluating anything.
        let big = Minimizer(method: .bfgs).minimize(LogBarrier(), from: [Double](repeating: 1, count: 5001))
        #expect(big.reason.code == "invalid_input" && big.functionEvaluations == 0)
        let wrongLength = DifferentiableObjective(
            value: { x in x[0] * x[0] }, valueAndGradient: { x in (x[0] * x[0], [2 * x[0], 0]) })
        #expect(Minimizer(method: .bfgs).minimize(wrongLength, from: [1]).reason.code == "invalid_input")
    }

    /// The limits stop the run where they say, with the best point so far; the history records
    /// every iteration with f non-increasing.
    @Test(arguments: [MinimizationMethod.gradientDescent, .bfgs, .lbfgs(), .newton, .trustRegionNewton])
    func limitsAndHistory(_ method: MinimizationMethod) {
        var options = MinimizationOptions()
        options.maxIterations = 5
        options.recordHistory = true
        let r = Minimizer(method: method, options: options).minimize(MGHProblemObjective.rosenbrock, from: [-1.2, 1])
        #expect(r.reason == .iterationLimit && r.iterations == 5)
        #expect(r.history.count == 6 && r.history.map(\.iteration) == Array(0...5))
        #expect(zip(r.history, r.history.dropFirst()).allSatisfy { $1.value <= $0.value })
        #expect(r.history.last!.value == r.value && r.value < 24.2)
        options = MinimizationOptions()
        options.maxEvaluations = 7
        let e = Minimizer(method: method, options: options).minimize(MGHProblemObjective.rosenbrock, from: [-1.2, 1])
        #expect(e.reason == .evaluationLimit && e.functionEvaluations <= 7)
        options = MinimizationOptions()
        options.maxIterations = 0
        let z = Minimizer(method: method, options: options).minimize(MGHProblemObjective.rosenbrock, from: [-1.2, 1])
        #expect(z.reason == .iterationLimit && z.iterations == 0 && abs(z.value - 24.2) < 1e-13 && z.gradientEvaluations == 1)
    }

    /// The function and step tolerances stop a run when asked, before the gradient test.
    @Test func functionAndStepTolerances() {
        var options = MinimizationOptions()
        options.functionTolerance = 1e-3
        let f = Minimizer(method: .gradientDescent, options: options).minimize(MGHProblemObjective.rosenbrock, from: [-1.2, 1])
        #expect(f.reason == .functionTolerance && f.converged)
        options = MinimizationOptions()
        options.stepTolerance = 1e-2
        let s = Minimizer(method: .gradientDescent, options: options).minimize(MGHProblemObjective.rosenbrock, from: [-1.2, 1])
        #expect(s.reason == .stepTolerance && s.converged)
    }

    @Test func methodNamesRoundTrip() {
        for name in MinimizationMethod.names { #expect(MinimizationMethod(name: name)?.description == name) }
        #expect(MinimizationMethod(name: "simplex") == nil)
        #expect(StopReason.noProgress.code == "no_progress" && !StopReason.noProgress.isConvergence)
    }
}

/// Rosenbrock's function as an objective (the MGH problem's sum of squares).
enum MGHProblemObjective {
    static let rosenbrock = SumOfSquares(MGHProblem.rosenbrock)
}
