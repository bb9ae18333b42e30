import Autodiff
import LinearAlgebra
import Optimization
import OptimizationProblems
import Testing

/// Newton's method for F(x) = 0 with the Jacobian from Autodiff.
struct NewtonSolverTests {
    /// Square MGH systems with a root (Moré, Garbow & Hillstrom, ACM TOMS 7(1), 1981), from
    /// their standard starts, in both Jacobian modes: ‖F‖∞ ≤ 1e-10 at the end.
    static var cases: [(MGHProblem, DifferentiationMode)] {
        MGHProblem.squareSystems.flatMap { [($0, .forward), ($0, .reverse)] }
    }

    @Test(arguments: cases)
    func solvesTheSquareSystems(_ p: MGHProblem, _ mode: DifferentiationMode) throws {
        try #require(MGHProblem.squareSystems.count == 8)
        var solver = NewtonSolver()
        solver.jacobianMode = mode
        let s = try solver.solve(p, from: p.start)
        #expect(s.residualNorm <= 1e-10 || s.reason == .stepTolerance, "\(p)")
        let check: [Double] = p(s.root)
        #expect(check.map(abs).max()! <= 1e-9, "\(p)")
        #expect(s.jacobianEvaluations == s.iterations)
    }

    struct Circle: VectorFunction {
        func callAsFunction<T: Real>(_ x: [T]) -> [T] { [x[0] * x[0] + x[1] * x[1] - 4, x[0] - x[1]] }
    }

    /// The root (√2, √2) by hand, reached with quadratic convergence: once close, each error is at
    /// most a constant times the square of the previous one.
    @Test func convergesQuadraticallyToTheHandRoot() throws {
        var errors: [Double] = []
        for k in 1...6 {
            var solver = NewtonSolver()
            solver.maxIterations = k
            solver.residualTolerance = 0
            solver.stepTolerance = 0
            let x: [Double]
            do { x = try solver.solve(Circle(), from: [3, 1]).root } catch { x = error.iterate }
            errors.append(abs(x[0] - Double(2).squareRoot()) + abs(x[1] - Double(2).squareRoot()))
        }
        #expect(errors.last! < 1e-14)
        for k in 1..<4 where errors[k] > 1e-15 { #expect(errors[k] <= 2 * errors[k - 1] * errors[k - 1] + 1e-15) }
        let s = try NewtonSolver().solve(Circle(), from: [3, 1])
        #expect(abs(s.root[0] - Double(2).squareRoot()) < 1e-12 && s.iterations <= 6)
    }

    struct Dependent: VectorFunction {
        func callAsFunction<T: Real>(_ x: [T]) -> [T] { [x[0] + x[1], 2 * x[0] + 2 * x[1] - 1] }
    }
    struct Log: VectorFunction {
        func callAsFunction<T: Real>(_ x: [T]) -> [T] { [T.log(x[0])] }
    }
    struct Reciprocal: VectorFunction {
        func callAsFunction<T: Real>(_ x: [T]) -> [T] { [1 / x[0]] }
    }
    struct NoRealRoot: VectorFunction {
        func callAsFunction<T: Real>(_ x: [T]) -> [T] { [x[0] * x[0] + 1] }
    }
    struct Overdetermined: VectorFunction {
        func callAsFunction<T: Real>(_ x: [T]) -> [T] { [x[0], x[0] - 1] }
    }

    /// Each failure is typed and carries the last iterate and its residual norm.
    @Test func failuresAreTypedAndCarryTheIterate() {
        #expect {
            try NewtonSolver().solve(Dependent(), from: [1, 2])
        } throws: { error in
            guard let e = error as? NewtonFailure, case .singularJacobian = e.kind else { return false }
            return e.iterate == [1, 2] && e.residualNorm == 5 && e.iterations == 0
        }
        // F(x₀) not finite: diverged at the start, residual NaN.
        #expect {
            try NewtonSolver().solve(Log(), from: [-1])
        } throws: { error in
            guard let e = error as? NewtonFailure else { return false }
            return e.kind == .diverged && e.residualNorm.isNaN && e.iterate == [-1]
        }
        // 1/x has its "root" at infinity: the iterates double until they pass the limit.
        var solver = NewtonSolver()
        solver.divergenceLimit = 1e3
        #expect {
            try solver.solve(Reciprocal(), from: [1])
        } throws: { error in
            guard let e = error as? NewtonFailure else { return false }
            return e.kind == .diverged && e.iterate[0] > 1e3 && abs(e.residualNorm - 1 / e.iterate[0]) < 1e-18
        }
        // x² + 1 has no real root: the iteration ends at the minimum of ‖F‖ (x = 0, ‖F‖ = 1),
        // where the Jacobian vanishes.
        #expect {
            try NewtonSolver().solve(NoRealRoot(), from: [0.7])
        } throws: { error in
            guard let e = error as? NewtonFailure else { return false }
            let kindOK = e.kind == .noDecrease || e.kind == .singularJacobian(column: 0)
            return kindOK && abs(e.iterate[0]) < 1e-3 && abs(e.residualNorm - 1) < 1e-6
        }
        var short = NewtonSolver()
        short.maxIterations = 2
        #expect {
            try short.solve(MGHProblem.rosenbrock, from: [-1.2, 1])
        } throws: { error in
            guard let e = error as? NewtonFailure else { return false }
            return e.kind == .iterationLimit && e.iterations == 2 && e.residualNorm > 0
        }
    }

    @Test func badInputIsTyped() {
        func kind(_ f: some VectorFunction, _ x0: [Double], _ solver: NewtonSolver = NewtonSolver()) -> NewtonFailure.Kind? {
            do { _ = try solver.solve(f, from: x0); return nil } catch { return error.kind }
        }
        #expect(kind(Circle(), []) == .invalidInput("the starting point is empty"))
        #expect(kind(Circle(), [1, .infinity])?.code == "invalid_input")
        #expect(kind(Overdetermined(), [1])?.code == "invalid_input")
        var bad = NewtonSolver()
        bad.residualTolerance = -1
        #expect(kind(Circle(), [1, 1], bad)?.code == "invalid_input")
        let failure = NewtonFailure(kind: .noDecrease, iterate: [0], residualNorm: 1, iterations: 3,
                                    functionEvaluations: 9, jacobianEvaluations: 3)
        #expect(failure.description.contains("after 3 iterations") && failure.description.contains("‖F‖∞ = 1"))
    }

    /// A solution already at the start costs no Jacobian.
    @Test func rootAtTheStart() throws {
        let s = try NewtonSolver().solve(Circle(), from: [Double(2).squareRoot(), Double(2).squareRoot()])
        #expect(s.iterations == 0 && s.jacobianEvaluations == 0 && s.reason == .residualTolerance)
    }
}
