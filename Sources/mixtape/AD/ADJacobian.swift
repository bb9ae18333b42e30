import ArgumentParser
import Mixtape

/// `mixtape ad jacobian`: the Jacobian by columns, rows or vertex elimination, with costs.
struct ADJacobian: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jacobian",
        abstract: "The Jacobian of several outputs: a column per forward sweep, a row per reverse sweep, or Markowitz vertex elimination.",
        discussion: """
            --show-cost adds the sweeps and multiplications of forward and reverse mode and the \
            multiplications of vertex elimination in forward, reverse and Markowitz order. JSON keys: \
            value, variables, outputs, jacobian (rows = outputs), mode, cost (with --show-cost, or \
            --mode markowitz, cost.elimination too).

            Example:
              mixtape ad jacobian "x*y*z; sin(x*y*z)" --at x=1,y=2,z=3 --mode markowitz --show-cost
            """)

    @OptionGroup var input: ExpressionArgument

    @Option(parsing: .unconditional, help: ArgumentHelp("The point: x=1,y=2 (or values in variable order).", valueName: "point"))
    var at: String?

    @Option(help: "forward (a column per sweep), reverse (a row per sweep) or markowitz (vertex elimination).")
    var mode: JacobianReport.Method = .forward

    @Flag(name: .customLong("show-cost"), help: "Print the sweeps and multiplications of every way.")
    var showCost = false

    @OptionGroup var output: FormatOption

    func run() throws {
        let graph = try input.graph()
        let point = try expressionFailure { () throws(ExpressionError) in try graph.point(parsingEither: at) }
        let report = JacobianReport(graph, at: point, method: mode, countingEliminations: showCost)
        ADOutput.warn(report.warnings)
        try ADOutput.write(output.format, text: report.text(showCost: showCost), json: report.json)
    }
}
