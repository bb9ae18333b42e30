import ArgumentParser
import Mixtape

/// `mixtape ad trace`: the original, dual and adjoint programs with values, and the graph as SVG.
struct ADTrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Print the original, dual (forward) and adjoint (reverse) programs of an expression at a point.",
        discussion: """
            Example:
              mixtape ad trace "x1*x2 + sin(x1)" --at x1=1,x2=2 --seed 0,1 --plot graph.svg
            """)

    @OptionGroup var input: ExpressionArgument

    @Option(parsing: .unconditional, help: ArgumentHelp("The point: x1=1,x2=2 (or values in variable order: 1,2).", valueName: "point"))
    var at: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Tangent of the inputs for the dual program: 0,1 or x2=1 (default: the first variable 1, the rest 0).", valueName: "direction"))
    var seed: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Adjoint of the outputs for the adjoint program (default: the first output 1, the rest 0).", valueName: "list"))
    var cotangent: String?

    @Option(help: ArgumentHelp("Draw the graph (inputs at the bottom, outputs at the top) as SVG to this file.", valueName: "svg"))
    var plot: String?

    @OptionGroup var output: FormatOption

    func run() throws {
        try checkWritable(plot, option: "--plot")
        let graph = try input.graph()
        let point = try expressionFailure { () throws(ExpressionError) in try graph.point(parsingEither: at) }
        let tangentSeed = try seed.map { s in try expressionFailure { () throws(ExpressionError) in try graph.direction(parsing: s) } }
        let outputSeed = try cotangent.map { s in
            try expressionFailure { () throws(ExpressionError) -> [Double] in
                let list = try ComputationGraph.numbers(parsing: s, option: "--cotangent")
                guard list.count == graph.outputCount else {
                    throw ExpressionError(.usage, "\(list.count) value\(list.count == 1 ? "" : "s") for \(graph.outputCount) output\(graph.outputCount == 1 ? "" : "s")", source: "--cotangent")
                }
                return list
            }
        }
        if let plot, graph.nodeCount > GraphDrawingLimit.nodes {
            throw CLIFailure.usage("--plot \(plot): the graph has \(graph.nodeCount) nodes; a drawing is limited to \(GraphDrawingLimit.nodes)")
        }
        let trace = ProgramTrace(graph: graph, at: point, seed: tangentSeed, cotangent: outputSeed)
        ADOutput.warn(trace.warnings)
        try ADOutput.write(output.format, text: trace.text, json: trace.json)
        if let plot {
            try write(graph.diagram(at: point).svg(), to: plot, what: "graph picture")
            Terminal.note("wrote the graph (\(graph.nodeCount) nodes) to \(plot)")
        }
    }
}

/// How large a graph `--plot` draws.
enum GraphDrawingLimit {
    static let nodes = 300
}
