import ArgumentParser
import Mixtape

extension MinimizationMethod: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { names }
    public var defaultValueDescription: String { description }
}

/// `mixtape ad minimize`: the minimum of an expression of several variables by one of
/// `Optimization`'s minimisers, every derivative from `Autodiff` through the graph.
struct ADMinimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minimize",
        abstract: "Minimise an expression of several variables (gradient descent, BFGS, L-BFGS, Newton, trust-region Newton).",
        discussion: """
            Gradients by reverse mode, Hessians (newton) and Hessian–vector products (newton-tr) \
            forward over reverse, all by Autodiff through the expression's graph. Stops at the first \
            test met: ‖∇f‖∞ ≤ --gtol, the relative change of f ≤ --ftol, the relative step ≤ --xtol, \
            or the limits --max-iter and --max-evals.

            A minimiser that stops without converging (iteration or evaluation limit, no_progress, \
            non_finite_value) still prints its result — the last iterate, converged false and the \
            reason — and then exits with status 1 and a one-line message on stderr; bad input \
            exits 64.

            JSON keys: minimizer (by variable), minimum, gradient_norm (‖∇f‖∞), iterations, \
            evaluations (an object: function, gradient, hessian, hessian_vector — the counts of f, \
            ∇f, ∇²f and ∇²f·v), converged, reason (gradient_tolerance, function_tolerance, \
            step_tolerance, iteration_limit, evaluation_limit, no_progress, non_finite_value).

            Example:
              mixtape ad minimize "(1 - x)^2 + 100*(y - x^2)^2" --from x=-1.2,y=1 --method bfgs
            """)

    @OptionGroup var input: ExpressionArgument

    @Option(parsing: .unconditional, help: ArgumentHelp("The start: x=-1.2,y=1 (or values in variable order).", valueName: "point"))
    var from: String

    @Option(help: "gd, bfgs, lbfgs, newton or newton-tr.")
    var method: MinimizationMethod = .lbfgs()

    @Option(name: [.customLong("gtol"), .customLong("tol")], help: "Converged when ‖∇f‖∞ ≤ this.")
    var gtol = 1e-8

    @Option(help: "Converged when an iteration changes f by at most this relative amount (0: off).")
    var ftol = 0.0

    @Option(help: "Converged when an iteration moves x by at most this relative amount (0: off).")
    var xtol = 0.0

    @Option(name: .customLong("max-iter"), help: "Most iterations (0 evaluates the start).")
    var maxIter = 1000

    @Option(name: .customLong("max-evals"), help: "Most evaluations of f.")
    var maxEvals = 100_000

    @Option(help: "Correction pairs L-BFGS keeps (lbfgs only; default 10).")
    var memory: Int?

    @OptionGroup var output: FormatOption

    /// The most iterations or evaluations accepted (beyond, a run would not end in useful time).
    static let countLimit = 100_000_000

    func validate() throws {
        for (name, value) in [("--gtol", gtol), ("--ftol", ftol), ("--xtol", xtol)] where !(value >= 0 && value.isFinite) {
            throw ValidationError("\(name) must be a finite number ≥ 0 (got \(value))")
        }
        guard (0...ADMinimize.countLimit).contains(maxIter) else {
            throw ValidationError("--max-iter must be between 0 and \(ADMinimize.countLimit) (got \(maxIter))")
        }
        guard (1...ADMinimize.countLimit).contains(maxEvals) else {
            throw ValidationError("--max-evals must be between 1 and \(ADMinimize.countLimit) (got \(maxEvals))")
        }
        if let memory {
            guard case .lbfgs = method else { throw ValidationError("--memory applies to --method lbfgs only (got --method \(method))") }
            guard (1...1000).contains(memory) else { throw ValidationError("--memory must be between 1 and 1000 (got \(memory))") }
        }
    }

    func run() throws {
        let graph = try input.graph()
        var options = MinimizationOptions()
        options.gradientTolerance = gtol
        options.functionTolerance = ftol
        options.stepTolerance = xtol
        options.maxIterations = maxIter
        options.maxEvaluations = maxEvals
        var chosen = method
        if let memory { chosen = .lbfgs(memory: memory) }
        let report = try expressionFailure { () throws(ExpressionError) in
            try MinimizationReport(graph, from: graph.point(parsingEither: from, option: "--from"),
                                          method: chosen, options: options)
        }
        try ADOutput.write(output.format, text: report.text, json: report.json)
        if !report.converged { throw CLIFailure.data("minimize: \(report.summary)") }
    }
}
