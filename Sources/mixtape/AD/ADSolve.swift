import ArgumentParser
import Mixtape

/// The Jacobian mode of `ad solve`.
enum JacobianModeOption: String, ExpressibleByArgument, CaseIterable {
    case auto, forward, reverse

    var mode: DifferentiationMode {
        switch self {
        case .auto: .automatic
        case .forward: .forward
        case .reverse: .reverse
        }
    }
}

/// `mixtape ad solve`: Newton's method for a square system F(x) = 0, the Jacobian by `Autodiff`
/// through the graph (`ad newton` is the one-variable version that prints every iterate).
struct ADSolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Newton's method for a system F(x) = 0 (one equation per ';'), the Jacobian by forward or reverse mode.",
        discussion: """
            Each iteration solves J·Δ = −F by LU with partial pivoting and damps the step by \
            backtracking on ‖F‖. The Jacobian is taken by Autodiff through the graph: --mode auto \
            chooses by shape (forward for a square system), or force forward or reverse. For one \
            variable, 'ad newton' prints every iterate instead.

            Without a root — a singular Jacobian, divergence, no decrease of ‖F‖, the iteration \
            limit — the result is still printed (the last iterate, its residual norm, converged \
            false and the reason) and the command exits with status 1 and a one-line message on \
            stderr; bad input exits 64.

            JSON keys: root (by variable; the last iterate when not converged), residual (by \
            equation f1, f2, …), residual_norm (‖F‖∞), iterations, evaluations (an object: \
            function, jacobian), jacobian_mode, converged, reason (residual_tolerance, \
            step_tolerance, singular_jacobian, diverged, no_decrease, iteration_limit).

            Example:
              mixtape ad solve "x^2 + y^2 - 4; x - y" --from x=1,y=0.5
            """)

    @OptionGroup var input: ExpressionArgument

    @Option(parsing: .unconditional, help: ArgumentHelp("The start: x=1,y=0.5 (or values in variable order).", valueName: "point"))
    var from: String

    @Option(help: "Converged when ‖F(x)‖∞ ≤ this.")
    var tol = 1e-10

    @Option(name: .customLong("max-iter"), help: "Most Newton iterations.")
    var maxIter = 100

    @Option(help: "How the Jacobian is taken: auto (by shape), forward or reverse.")
    var mode: JacobianModeOption = .auto

    @OptionGroup var output: FormatOption

    func validate() throws {
        guard tol >= 0, tol.isFinite else { throw ValidationError("--tol must be a finite number ≥ 0 (got \(tol))") }
        guard (0...ADMinimize.countLimit).contains(maxIter) else {
            throw ValidationError("--max-iter must be between 0 and \(ADMinimize.countLimit) (got \(maxIter))")
        }
    }

    func run() throws {
        let graph = try input.graph()
        var solver = NewtonSolver()
        solver.residualTolerance = tol
        solver.maxIterations = maxIter
        solver.jacobianMode = mode.mode
        let report = try expressionFailure { () throws(ExpressionError) in
            try SystemSolveReport(graph, from: graph.point(parsingEither: from, option: "--from"), solver: solver)
        }
        try ADOutput.write(output.format, text: report.text, json: report.json)
        if !report.converged { throw CLIFailure.data("solve: \(report.summary)") }
    }
}
