import ArgumentParser
import Mixtape

/// `mixtape ad grad`: value and gradient by a forward or reverse sweep on the graph.
struct ADGrad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grad",
        abstract: "Value and gradient of an expression at a point (reverse mode: one sweep; forward: one per variable).",
        discussion: """
            JSON keys: value, gradient (by variable), variables, mode, sweeps, multiplications.

            Example:
              mixtape ad grad "x^2*y + exp(y)" --at x=1,y=0.5 --mode forward
            """)

    @OptionGroup var input: ExpressionArgument

    @Option(parsing: .unconditional, help: ArgumentHelp("The point: x=1,y=2 (or values in variable order).", valueName: "point"))
    var at: String?

    @Option(help: "Forward or reverse sweeps.")
    var mode: SweepMode = .reverse

    @OptionGroup var output: FormatOption

    func run() throws {
        let graph = try input.graph()
        let report = try expressionFailure { () throws(ExpressionError) in
            try GradientReport(graph, at: graph.point(parsingEither: at), mode: mode)
        }
        ADOutput.warn(report.warnings)
        try ADOutput.write(output.format, text: report.text, json: report.json)
    }
}
