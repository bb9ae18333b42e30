import ArgumentParser
import Mixtape

/// `mixtape ad divided-differences`: the error of forward and central differences against the
/// step, with AD as the floor — table and log–log figure.
struct ADDividedDifferences: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "divided-differences",
        abstract: "Error of forward and central differences against the step h (1e-16 … 1), with AD's error as the floor.",
        discussion: """
            JSON keys: x, value, derivative ([f(x), f′(x)]), rounding_level, steps (h, forward, \
            central, forward_error, central_error).

            Example:
              mixtape ad divided-differences "x^3" --at x=1 --plot err.svg
            """)

    @OptionGroup var input: ExpressionArgument

    @Option(parsing: .unconditional, help: ArgumentHelp("The point: x=1 (or just 1).", valueName: "point"))
    var at: String?

    @Option(name: .customLong("steps-per-decade"), help: "Steps h per power of ten.")
    var stepsPerDecade = 4

    @Option(help: ArgumentHelp("Draw the error against h on log–log axes as SVG to this file.", valueName: "svg"))
    var plot: String?

    @OptionGroup var output: FormatOption

    func validate() throws {
        guard stepsPerDecade >= 1 && stepsPerDecade <= 100 else {
            throw ValidationError("--steps-per-decade must be between 1 and 100 (got \(stepsPerDecade))")
        }
    }

    func run() throws {
        try checkWritable(plot, option: "--plot")
        let graph = try input.graph()
        let study = try expressionFailure { () throws(ExpressionError) in
            guard graph.outputCount == 1 else {
                throw ExpressionError(.usage, "divided differences need one output; the expression has \(graph.outputCount)", source: "expression")
            }
            guard graph.inputCount == 1 else {
                throw ExpressionError(.usage, "divided differences here are for one variable; the expression has \(graph.inputCount)\(graph.inputCount == 0 ? "" : " (\(graph.variables.joined(separator: ", ")))")", source: "expression")
            }
            return try DividedDifferenceStudy(graph, at: graph.point(parsingEither: at)[0], stepsPerDecade: stepsPerDecade)
        }
        ADOutput.warn(graph.warnings(at: [study.x]))
        try ADOutput.write(output.format, text: study.text, json: study.json)
        if let plot {
            try write(study.chart(expression: graph.source ?? "f").svg(), to: plot, what: "figure")
            Terminal.note("wrote the figure to \(plot)")
        }
    }
}
