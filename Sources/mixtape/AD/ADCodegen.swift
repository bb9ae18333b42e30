import ArgumentParser
import Mixtape

/// `mixtape ad codegen`: C or Swift source for the derivatives (source transformation).
struct ADCodegen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codegen",
        abstract: "Emit C or Swift code computing the value and derivatives (one statement per graph node).",
        discussion: """
            Forward mode emits f(x, xdot) → (y, ydot = J·xdot); reverse mode emits f(x, ybar) → \
            (y, xbar = Jᵀ·ybar), the gradient for ybar = 1. With --format json: language, mode, name, \
            variables, outputs, source.

            Example:
              mixtape ad codegen "x1*x2 + sin(x1)" --lang c --mode reverse --name f > f.c
            """)

    @OptionGroup var input: ExpressionArgument

    @Option(help: "c or swift.")
    var lang: CodeGenerator.Language = .c

    @Option(help: "forward (tangent code) or reverse (adjoint code).")
    var mode: SweepMode = .reverse

    @Option(help: "The function's name.")
    var name = "f"

    @OptionGroup var output: FormatOption

    func run() throws {
        let generator = try expressionFailure { () throws(ExpressionError) in try CodeGenerator(language: lang, mode: mode, name: name) }
        let graph = try input.graph()
        ADOutput.warn(graph.foldingWarnings)
        let source = generator.source(for: graph)
        try ADOutput.write(output.format, text: source, json: .object([
            ("language", .string(lang.rawValue)), ("mode", .string(mode.rawValue)), ("name", .string(name)),
            ("variables", .strings(graph.variables)), ("outputs", .integer(graph.outputCount)), ("source", .string(source)),
        ]))
    }
}
