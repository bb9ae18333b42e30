import Foundation
import Testing

/// `mixtape ad minimize` and `mixtape ad solve` through the built binary: their JSON keys, each
/// method on problems with a known minimum, a system with a known root, and failures reported as
/// results (exit 1, the result still on stdout). The numbers are tested in ExpressionGraphTests.
struct ADSolverCommandTests {
    static let rosenbrock = "(1 - x)^2 + 100*(y - x^2)^2"
    static let minimizeKeys: Set<String> = ["minimizer", "minimum", "gradient_norm", "iterations", "evaluations", "converged", "reason"]

    static func object(_ r: CLI.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "stdout: \(r.stdout)")
    }

    /// Rosenbrock's minimum f(1, 1) = 0 from the standard start (−1.2, 1) (Moré, Garbow & Hillstrom
    /// 1981, problem 1) by every method; gradient descent with a loose --gtol (it needs ~10⁴ steps).
    @Test(arguments: ["gd", "bfgs", "lbfgs", "newton", "newton-tr"])
    func rosenbrockByEachMethod(_ method: String) throws {
        var args = ["ad", "minimize", ADSolverCommandTests.rosenbrock, "--from", "x=-1.2,y=1", "--method", method, "--format", "json"]
        if method == "gd" { args += ["--gtol", "1e-4", "--max-iter", "100000"] }
        let r = try CLI.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        let object = try ADSolverCommandTests.object(r)
        #expect(Set(object.keys) == ADSolverCommandTests.minimizeKeys)
        let minimizer = try #require(object["minimizer"] as? [String: Double])
        #expect(Set(minimizer.keys) == ["x", "y"])
        let tolerance = method == "gd" ? 1e-3 : 1e-5
        #expect(abs(minimizer["x"]! - 1) <= tolerance && abs(minimizer["y"]! - 1) <= tolerance, "\(minimizer)")
        #expect(try #require(object["minimum"] as? Double) <= 1e-6)
        #expect(try #require(object["gradient_norm"] as? Double) <= (method == "gd" ? 1e-4 : 1e-8))
        #expect(object["converged"] as? Bool == true && object["reason"] as? String == "gradient_tolerance")
        let evaluations = try #require(object["evaluations"] as? [String: Int])
        #expect(Set(evaluations.keys) == ["function", "gradient", "hessian", "hessian_vector"])
        #expect(evaluations["function"]! >= (object["iterations"] as? Int ?? .max))
        #expect((evaluations["hessian"]! > 0) == (method == "newton"))
        #expect((evaluations["hessian_vector"]! > 0) == (method == "newton-tr"))
    }

    /// f = x² + 2y² + xy − 4x − 5y: minimum −37/7 at (11/7, 6/7), by hand; the text form, and the
    /// start given as values in variable order.
    @Test func quadraticInText() throws {
        let r = try CLI.run(["ad", "minimize", "x^2 + 2*y^2 + x*y - 4*x - 5*y", "--from", "3,-2", "--method", "newton"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 5, "\(r.stdout)")
        #expect(lines[0].hasPrefix("minimizer: x = 1.571428571428") && lines[0].contains("y = 0.857142857142"))
        #expect(lines[1].hasPrefix("minimum: f = -5.28571428571"))
        #expect(lines[3].hasPrefix("evaluations: ") && lines[3].contains("of ∇²f"))
        #expect(lines[4].hasPrefix("converged (gradient norm below tolerance) — newton after 1 iteration"))
    }

    /// A minimiser that stops without converging prints its result and exits 1 with one line.
    @Test func nonConvergenceIsAResultWithExitStatusOne() throws {
        let limited = try CLI.run(["ad", "minimize", ADSolverCommandTests.rosenbrock, "--from", "x=-1.2,y=1", "--method", "bfgs",
                                   "--max-iter", "2", "--format", "json"])
        #expect(limited.status == 1)
        let object = try ADSolverCommandTests.object(limited)
        #expect(Set(object.keys) == ADSolverCommandTests.minimizeKeys)
        #expect(object["converged"] as? Bool == false && object["reason"] as? String == "iteration_limit")
        #expect(object["iterations"] as? Int == 2)
        let lines = limited.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("mixtape: error: minimize: not converged: iteration limit reached"),
                "\(limited.stderr)")

        let nan = try CLI.run(["ad", "minimize", "log(x) + y^2", "--from", "x=-1,y=0", "--format", "json"])
        #expect(nan.status == 1 && !nan.crashed)
        #expect(try ADSolverCommandTests.object(nan)["reason"] as? String == "non_finite_value")

        let evaluations = try CLI.run(["ad", "minimize", ADSolverCommandTests.rosenbrock, "--from", "x=-1.2,y=1", "--max-evals", "3"])
        #expect(evaluations.status == 1 && evaluations.stdout.contains("not converged: evaluation limit reached"))

        let unbounded = try CLI.run(["ad", "minimize", "x", "--from", "x=0", "--method", "gd", "--max-iter", "50"])
        #expect(unbounded.status == 1 && !unbounded.crashed && unbounded.stdout.contains("not converged"))
    }

    /// --ftol and --xtol are convergence tests of their own.
    @Test func functionAndStepTolerances() throws {
        for (option, reason) in [("--ftol", "function_tolerance"), ("--xtol", "step_tolerance")] {
            let r = try CLI.run(["ad", "minimize", ADSolverCommandTests.rosenbrock, "--from", "x=-1.2,y=1", "--method", "gd",
                                 option, "1e-3", "--gtol", "0", "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try ADSolverCommandTests.object(r)["reason"] as? String == reason)
        }
        let memory = try CLI.run(["ad", "minimize", ADSolverCommandTests.rosenbrock, "--from", "x=-1.2,y=1", "--memory", "3", "--format", "json"])
        #expect(memory.status == 0)
        #expect(try ADSolverCommandTests.object(memory)["converged"] as? Bool == true)
    }

    /// x² + y² = 4, x = y: root (√2, √2) from (1, 0.5), in both Jacobian modes.
    @Test func solveASystemWithAKnownRoot() throws {
        for mode in ["auto", "forward", "reverse"] {
            let r = try CLI.run(["ad", "solve", "x^2 + y^2 - 4; x - y", "--from", "x=1,y=0.5", "--mode", mode, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let object = try ADSolverCommandTests.object(r)
            #expect(Set(object.keys) == ["root", "residual", "residual_norm", "iterations", "evaluations", "jacobian_mode",
                                         "converged", "reason"])
            let root = try #require(object["root"] as? [String: Double])
            #expect(abs(root["x"]! - 2.0.squareRoot()) <= 1e-12 && abs(root["y"]! - 2.0.squareRoot()) <= 1e-12)
            #expect(try #require(object["residual_norm"] as? Double) <= 1e-10)
            #expect(Set(try #require(object["residual"] as? [String: Double]).keys) == ["f1", "f2"])
            #expect(object["jacobian_mode"] as? String == (mode == "reverse" ? "reverse" : "forward"))
            #expect(Set(try #require(object["evaluations"] as? [String: Int]).keys) == ["function", "jacobian"])
            #expect(object["converged"] as? Bool == true && object["reason"] as? String == "residual_tolerance")
        }
        let text = try CLI.run(["ad", "solve", "x^2 + y^2 - 4; x - y", "--from", "1,0.5"])
        #expect(text.status == 0 && text.stdout.hasPrefix("root: x = 1.414213562373095"))
    }

    /// A singular Jacobian and the iteration limit: the last iterate and residual norm, exit 1.
    @Test func solveFailuresAreResults() throws {
        let singular = try CLI.run(["ad", "solve", "x^2 - 1; y^2 - 1", "--from", "x=0,y=0", "--format", "json"])
        #expect(singular.status == 1)
        let object = try ADSolverCommandTests.object(singular)
        #expect(object["reason"] as? String == "singular_jacobian" && object["converged"] as? Bool == false)
        #expect(object["root"] as? [String: Double] == ["x": 0, "y": 0] && object["residual_norm"] as? Double == 1)
        #expect(singular.stderr.hasPrefix("mixtape: error: solve: not converged: the Jacobian is singular"))
        #expect(singular.stderr.split(separator: "\n").count == 1)

        for (expression, start, reason) in [("log(x); y", "x=-1,y=0", "diverged"), ("x^2 + 1", "x=0.5", "no_decrease")] {
            let r = try CLI.run(["ad", "solve", expression, "--from", start, "--format", "json"])
            #expect(r.status == 1 && !r.crashed)
            #expect(try ADSolverCommandTests.object(r)["reason"] as? String == reason)
        }

        let limited = try CLI.run(["ad", "solve", "exp(x) - 1; y", "--from", "x=10,y=1", "--max-iter", "2"])
        #expect(limited.status == 1 && limited.stdout.hasPrefix("last iterate: x = "))
        #expect(limited.stdout.contains("no convergence within 2 iterations"))
    }
}
