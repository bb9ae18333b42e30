import ArgumentParser
import Mixtape

/// `mixtape ad newton`: Newton's iteration for a root, each iterate printed.
struct ADNewton: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newton",
        abstract: "Newton's method for a root of an expression of one variable, f′ by forward mode.",
        discussion: """
            Prints every iterate (x, f(x), f′(x)) and why it stopped; exit status 1 when no root \
            was found. JSON keys: iterates, root, value, converged, reason, iterations. For systems \
            of several variables use 'ad solve'; to minimise, 'ad minimize'.

            Example:
              mixtape ad newton "x^2 - 2" --from 1
            """)

    @OptionGroup var input: ExpressionArgument

    @Option(parsing: .unconditional, help: ArgumentHelp("The start: 1.5 or x=1.5.", valueName: "x0"))
    var from: String

    @Option(help: "Stop when the step is below tol·max(1, |x|).")
    var tol = 1e-12

    @Option(name: .customLong("max-iter"), help: "Most Newton steps.")
    var maxIter = 50

    @OptionGroup var output: FormatOption

    func validate() throws {
        guard tol >= 0, tol.isFinite else { throw ValidationError("--tol must be a finite number ≥ 0 (got \(tol))") }
        guard maxIter >= 1 else { throw ValidationError("--max-iter must be at least 1 (got \(maxIter))") }
    }

    func run() throws {
        let graph = try input.graph()
        let newton = try expressionFailure { () throws(ExpressionError) in
            guard graph.outputCount == 1 else {
                throw ExpressionError(.usage, "newton needs one output; the expression has \(graph.outputCount)", source: "expression")
            }
            guard graph.inputCount == 1 else {
                throw ExpressionError(.usage, "Newton's method here is for one variable; the expression has \(graph.inputCount)\(graph.inputCount == 0 ? "" : " (\(graph.variables.joined(separator: ", ")))")", source: "expression")
            }
            return try NewtonIteration(graph, from: graph.point(parsingEither: from, option: "--from")[0],
                                       tolerance: tol, maxIterations: maxIter)
        }
        try ADOutput.write(output.format, text: newton.text, json: newton.json)
        if !newton.reason.converged { throw CLIFailure.data("newton: no root found: \(newton.summary)") }
    }
}
