import ArgumentParser
import Mixtape

/// `mixtape ad hessian`: value, gradient and Hessian (forward over reverse on the graph).
struct ADHessian: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hessian",
        abstract: "Value, gradient and Hessian of an expression at a point (forward over reverse on the graph).",
        discussion: """
            JSON keys: value, gradient (by variable), hessian, variables.

            Example:
              mixtape ad hessian "x^2*y + sin(x*y)" --at x=1,y=2
            """)

    @OptionGroup var input: ExpressionArgument

    @Option(parsing: .unconditional, help: ArgumentHelp("The point: x=1,y=2 (or values in variable order).", valueName: "point"))
    var at: String?

    @OptionGroup var output: FormatOption

    func run() throws {
        let graph = try input.graph()
        let report = try expressionFailure { () throws(ExpressionError) in
            try HessianReport(graph, at: graph.point(parsingEither: at))
        }
        ADOutput.warn(report.warnings)
        try ADOutput.write(output.format, text: report.text, json: report.json)
    }
}
