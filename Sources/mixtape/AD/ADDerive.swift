import ArgumentParser
import Mixtape

/// `mixtape ad derive`: value and derivatives up to order n by Taylor mode.
struct ADDerive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derive",
        abstract: "Value and derivatives up to order n of an expression of one variable (Taylor mode).",
        discussion: """
            JSON keys: value, derivative (entry i is the i-th derivative), variable, x, order.

            Example:
              mixtape ad derive "exp(sin(x))" --at x=0.5 --order 4
            """)

    @OptionGroup var input: ExpressionArgument

    @Option(parsing: .unconditional, help: ArgumentHelp("The point: x=2 (or just 2).", valueName: "point"))
    var at: String?

    @Option(help: "The highest derivative (0…170).")
    var order = 1

    @OptionGroup var output: FormatOption

    func validate() throws {
        guard order >= 0 && order <= TaylorReport.maximumOrder else {
            throw ValidationError("--order must be between 0 and \(TaylorReport.maximumOrder) (got \(order))")
        }
    }

    func run() throws {
        let graph = try input.graph()
        let report = try expressionFailure { () throws(ExpressionError) in
            guard graph.inputCount == 1 else {
                throw ExpressionError(.usage, "derive is for one variable; the expression has \(graph.inputCount)\(graph.inputCount == 0 ? "" : " (\(graph.variables.joined(separator: ", ")))") — use grad or hessian", source: "expression")
            }
            return try TaylorReport(graph, at: graph.point(parsingEither: at)[0], order: order)
        }
        ADOutput.warn(report.warnings)
        try ADOutput.write(output.format, text: report.text, json: report.json)
    }
}
