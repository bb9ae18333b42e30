import Autodiff

/// The lecture's three programs for an expression at a point, with values: the original program
/// (`w1 = x1 = 1`, …, `w5 = w3 + w4 = 2.84…`), the dual program for a tangent seed
/// (`ẇ3 = ẇ1·w2 + w1·ẇ2 = …`), and the adjoint program in reverse order for a cotangent seed
/// (`w̄5 = 1`, `w̄4 = w̄5`, …, `w̄1 = w̄3·w2 + w̄4·cos(w1)`), ending in the gradient.
///
/// Every value is computed on the graph (``Linearization``): the dual program's values are one
/// forward sweep, the adjoint program's one reverse sweep.
///
/// - Complexity: O(N) for the sweeps, O(N) lines of text.
///
/// ```swift
/// let g = try ComputationGraph(parsing: "x1*x2 + sin(x1)")
/// print(ProgramTrace(graph: g, at: [1, 2], seed: [0, 1]).text)
/// ```
public struct ProgramTrace: Sendable {
    /// One line `name = formula = value` of a program.
    public struct Line: Sendable, Equatable {
        /// The left-hand side: `w3`, `ẇ3`, `w̄3`, `f`.
        public let name: String
        /// The right-hand side formula (`nil` when the value is given directly, as a seed).
        public let formula: String?
        /// The value.
        public let value: Double

        /// `name = formula = value`.
        public var text: String {
            if let formula { return "\(name) = \(formula) = \(NumberText.format(value))" }
            return "\(name) = \(NumberText.format(value))"
        }
    }

    /// The graph.
    public let graph: ComputationGraph
    /// The point.
    public let point: [Double]
    /// The inputs' tangents (the direction of the dual program).
    public let seed: [Double]
    /// The outputs' adjoints (the seed of the adjoint program).
    public let cotangent: [Double]
    /// `w1 = x1 = 1`, …, then the outputs `f = w5 = …`.
    public let original: [Line]
    /// `ẇ1 = 0`, …, then `ḟ = ẇ5 = …`.
    public let dual: [Line]
    /// `w̄N = 1`, … `w̄1 = …`, in reverse order.
    public let adjoint: [Line]
    /// The outputs' values.
    public let values: [Double]
    /// The outputs' tangents `J·seed`.
    public let tangents: [Double]
    /// The inputs' adjoints `cotangentᵀJ` (the gradient for one output seeded 1).
    public let gradient: [Double]
    /// Non-finite values or partials met at the point.
    public let warnings: [EvaluationWarning]

    /// The names of the outputs: `f` for one, `f1`, `f2`, … for several.
    public static func outputNames(_ count: Int) -> [String] {
        count == 1 ? ["f"] : (1...Swift.max(1, count)).map { "f\($0)" }
    }

    /// The programs at `point` for the tangent `seed` (default: the first unit vector) and the
    /// cotangent (default: the first output seeded 1).
    ///
    /// - Precondition: `point.count == graph.inputCount`, the seeds of matching lengths.
    public init(graph: ComputationGraph, at point: [Double], seed: [Double]? = nil, cotangent: [Double]? = nil) {
        let n = graph.inputCount, m = graph.outputCount
        let seed = seed ?? (0..<n).map { $0 == 0 ? 1 : 0 }
        let cotangent = cotangent ?? (0..<m).map { $0 == 0 ? 1 : 0 }
        self.graph = graph
        self.point = point
        self.seed = seed
        self.cotangent = cotangent
        let lin = graph.linearize(at: point)
        let t = lin.tangents(seed: seed)
        let adj = lin.adjoints(cotangent: cotangent)
        let names = ProgramTrace.outputNames(m)
        values = lin.outputValues
        tangents = graph.outputs.map { if case .node(let i) = $0 { return t[i] } else { return 0 } }
        gradient = Array(adj.prefix(n))
        warnings = graph.warnings(of: lin)

        var original: [Line] = [], dual: [Line] = [], adjoint: [Line] = []
        for i in 0..<graph.nodeCount {
            original.append(Line(name: ProgramText.nodeName(i), formula: ProgramText.operationText(graph, i), value: lin.values[i]))
            let isInput = i < n
            dual.append(Line(name: ProgramText.tangentName(i),
                             formula: isInput ? nil : ProgramText.tangentFormula(graph, i, linearization: lin), value: t[i]))
        }
        for (k, output) in graph.outputs.enumerated() {
            let dotName = names[k].prefix(1) + "\u{307}" + names[k].dropFirst()
            switch output {
            case .node(let i):
                original.append(Line(name: names[k], formula: ProgramText.nodeName(i), value: lin.values[i]))
                dual.append(Line(name: String(dotName), formula: ProgramText.tangentName(i), value: t[i]))
            case .constant(let c):
                original.append(Line(name: names[k], formula: nil, value: c))
                dual.append(Line(name: String(dotName), formula: nil, value: 0))
            }
        }
        let consumers = graph.consumers
        for j in stride(from: graph.nodeCount - 1, through: 0, by: -1) {
            var terms: [String] = []
            var seeded = false
            for (k, output) in graph.outputs.enumerated() where output.nodeIndex == j && cotangent[k] != 0 {
                terms.append(NumberText.format(cotangent[k]))
                seeded = true
            }
            var previous = -1
            for i in consumers[j] where i != previous {
                previous = i
                let node = graph.node(i)
                for (k, operand) in node.arguments.enumerated() where operand.nodeIndex == j {
                    if node.operation == .integerPower && k == 1 { continue }
                    if let term = ProgramText.adjointTerm(graph, consumer: i, argument: k, linearization: lin) { terms.append(term) }
                }
            }
            let formula: String? = terms.isEmpty || (seeded && terms.count == 1) ? nil : ProgramText.sum(terms)
            adjoint.append(Line(name: ProgramText.adjointName(j), formula: formula, value: adj[j]))
        }
        self.original = original
        self.dual = dual
        self.adjoint = adjoint
    }

    /// The three programs as text, with headings, the outputs and the gradient.
    public var text: String {
        let names = ProgramTrace.outputNames(graph.outputCount)
        let n = graph.inputCount
        func list(_ names: [String], _ values: [Double]) -> String {
            zip(names, values).map { "\($0) = \(NumberText.format($1))" }.joined(separator: ", ")
        }
        var out = "original program at \(n == 0 ? "no variables" : list(graph.variables, point)):\n"
        for line in original { out += "  " + line.text + "\n" }
        let dots = graph.variables.indices.map { ProgramText.tangentName($0) }
        out += "\ndual program (forward mode) for the seed \(n == 0 ? "(none)" : list(dots, seed)):\n"
        for line in dual { out += "  " + line.text + "\n" }
        let bars = names.map { $0.prefix(1) + "\u{304}" + $0.dropFirst() }.map(String.init)
        out += "\nadjoint program (reverse mode) for the seed \(list(bars, cotangent)):\n"
        for line in adjoint { out += "  " + line.text + "\n" }
        let singleGradient = graph.outputCount == 1 && cotangent == [1]
        out += singleGradient ? "\ngradient:\n" : "\ncotangent times Jacobian (ūᵀJ):\n"
        for (i, name) in graph.variables.enumerated() {
            let label = singleGradient ? "∂f/∂\(name)" : name
            out += "  \(label) = \(ProgramText.adjointName(i)) = \(NumberText.format(gradient[i]))\n"
        }
        if n == 0 { out += "  (no variables)\n" }
        return out
    }

    /// The trace as JSON: `variables`, `point`, `value`, `seed`, `tangent`, `cotangent`,
    /// `gradient` (by variable name) and the three programs as lists of `{name, formula, value}`.
    public var json: JSONOutput {
        func lines(_ lines: [Line]) -> JSONOutput {
            .array(lines.map { line in
                .object([("name", .string(line.name)), ("formula", line.formula.map(JSONOutput.string) ?? .null),
                         ("value", .number(line.value))])
            })
        }
        let one = graph.outputCount == 1
        return .object([
            ("variables", .strings(graph.variables)),
            ("point", .numbers(named: graph.variables, point)),
            ("value", one ? .number(values[0]) : .numbers(values)),
            ("seed", .numbers(named: graph.variables, seed)),
            ("tangent", one ? .number(tangents[0]) : .numbers(tangents)),
            ("cotangent", one ? .number(cotangent[0]) : .numbers(cotangent)),
            ("gradient", .numbers(named: graph.variables, gradient)),
            ("original", lines(original)),
            ("dual", lines(dual)),
            ("adjoint", lines(adjoint)),
        ])
    }
}
