import Autodiff

/// A table of labelled rows and columns of numbers, aligned for a terminal.
enum TextTable {
    /// `corner` above the row labels, `columns` as headings, one row per label.
    static func render(corner: String = "", columns: [String], rows: [(String, [String])], indent: String = "  ") -> String {
        let labelWidth = Swift.max(corner.count, rows.map(\.0.count).max() ?? 0)
        var widths = columns.map(\.count)
        for (_, cells) in rows {
            for (j, cell) in cells.enumerated() where j < widths.count { widths[j] = Swift.max(widths[j], cell.count) }
        }
        var out = indent + corner.padded(labelWidth)
        for (j, c) in columns.enumerated() { out += "  " + c.padded(widths[j]) }
        out = out.trailingSpacesRemoved + "\n"
        for (label, cells) in rows {
            var line = indent + label.padded(labelWidth)
            for (j, cell) in cells.enumerated() { line += "  " + cell.padded(j < widths.count ? widths[j] : 0) }
            out += line.trailingSpacesRemoved + "\n"
        }
        return out
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}

/// `x1 = 1, x2 = 2`.
func pointText(_ names: [String], _ values: [Double]) -> String {
    names.isEmpty ? "(no variables)" : zip(names, values).map { "\($0) = \(NumberText.format($1))" }.joined(separator: ", ")
}

/// The value and gradient of a one-output expression by a forward or reverse sweep on the graph
/// (`mixtape ad grad`).
///
/// Forward mode takes `n` sweeps (one per variable), reverse mode one; each sweep costs
/// ``ComputationGraph/edgeCount`` multiplications.
///
/// ```swift
/// let r = try GradientReport(ComputationGraph(parsing: "x*y"), at: [3, 4], mode: .reverse)
/// r.gradient   // [4, 3]
/// ```
public struct GradientReport: Sendable {
    /// The graph.
    public let graph: ComputationGraph
    /// The point.
    public let point: [Double]
    /// The sweep direction used.
    public let mode: SweepMode
    /// `f(x)`.
    public let value: Double
    /// `∇f(x)`.
    public let gradient: [Double]
    /// Sweeps made.
    public let sweeps: Int
    /// Multiplications made by the sweeps.
    public let multiplications: Int
    /// Non-finite values or partials met.
    public let warnings: [EvaluationWarning]

    /// The gradient of the graph's single output at `point`.
    /// - Throws: ``ExpressionError`` (usage) if the graph has several outputs.
    public init(_ graph: ComputationGraph, at point: [Double], mode: SweepMode) throws(ExpressionError) {
        guard graph.outputCount == 1 else {
            throw ExpressionError(.usage, "a gradient needs one output; the expression has \(graph.outputCount) (use jacobian)", source: "expression")
        }
        self.graph = graph
        self.point = point
        self.mode = mode
        let lin = graph.linearize(at: point)
        value = lin.outputValues[0]
        switch mode {
        case .forward:
            gradient = lin.forwardGradient()
            sweeps = graph.inputCount
        case .reverse:
            gradient = lin.gradient()
            sweeps = 1
        }
        multiplications = sweeps * graph.edgeCount
        warnings = graph.warnings(of: lin)
    }

    /// `f = …`, one `∂f/∂x = …` line per variable, and the sweeps made.
    public var text: String {
        var out = "f = \(NumberText.format(value)) at \(pointText(graph.variables, point))\n"
        for (name, g) in zip(graph.variables, gradient) { out += "∂f/∂\(name) = \(NumberText.format(g))\n" }
        out += "(\(mode.rawValue) mode on the graph: \(sweeps) sweep\(sweeps == 1 ? "" : "s"), \(multiplications) multiplication\(multiplications == 1 ? "" : "s"))\n"
        return out
    }

    /// `value`, `gradient` (by variable), `variables`, `mode`, `sweeps`, `multiplications`.
    public var json: JSONOutput {
        .object([
            ("value", .number(value)),
            ("gradient", .numbers(named: graph.variables, gradient)),
            ("variables", .strings(graph.variables)),
            ("mode", .string(mode.rawValue)),
            ("sweeps", .integer(sweeps)),
            ("multiplications", .integer(multiplications)),
        ])
    }
}

/// The Jacobian of an expression's outputs (`mixtape ad jacobian`): by forward sweeps (a column
/// each), reverse sweeps (a row each) or vertex elimination in Markowitz order, with the cost of
/// every way: sweeps and multiplications of forward and reverse mode, and the multiplications of
/// vertex elimination in forward, reverse and Markowitz order.
///
/// ```swift
/// let r = try JacobianReport(ComputationGraph(parsing: "x*y; x + y"), at: [3, 4], method: .markowitz)
/// r.jacobian   // [[4, 3], [1, 1]]
/// ```
public struct JacobianReport: Sendable {
    /// How the Jacobian is accumulated.
    public enum Method: String, Sendable, CaseIterable {
        /// One forward sweep per column.
        case forward
        /// One reverse sweep per row.
        case reverse
        /// Vertex elimination in Markowitz order.
        case markowitz
    }

    /// Sweeps and multiplications of each way to the Jacobian.
    public struct Costs: Sendable, Equatable {
        /// Forward mode: `n` sweeps.
        public let forwardSweeps: Int
        /// Forward mode: `n·|E|` multiplications.
        public let forwardMultiplications: Int
        /// Reverse mode: `m` sweeps.
        public let reverseSweeps: Int
        /// Reverse mode: `m·|E|` multiplications.
        public let reverseMultiplications: Int
        /// Vertex elimination in evaluation order (`nil` if not counted).
        public let forwardElimination: Int?
        /// Vertex elimination in reverse order (`nil` if not counted).
        public let reverseElimination: Int?
        /// Vertex elimination in Markowitz order (`nil` if not counted).
        public let markowitzElimination: Int?

        /// Costs from their figures.
        public init(forwardSweeps: Int, forwardMultiplications: Int, reverseSweeps: Int, reverseMultiplications: Int,
                    forwardElimination: Int?, reverseElimination: Int?, markowitzElimination: Int?) {
            self.forwardSweeps = forwardSweeps
            self.forwardMultiplications = forwardMultiplications
            self.reverseSweeps = reverseSweeps
            self.reverseMultiplications = reverseMultiplications
            self.forwardElimination = forwardElimination
            self.reverseElimination = reverseElimination
            self.markowitzElimination = markowitzElimination
        }
    }

    /// The graph.
    public let graph: ComputationGraph
    /// The point.
    public let point: [Double]
    /// The method used for ``jacobian``.
    public let method: Method
    /// The outputs' values.
    public let values: [Double]
    /// Rows = outputs, columns = variables.
    public let jacobian: [[Double]]
    /// The cost of every way.
    public let costs: Costs
    /// Non-finite values or partials met.
    public let warnings: [EvaluationWarning]

    /// The Jacobian at `point` by `method`, and the costs: the sweeps' always, vertex
    /// elimination's in all three orders when `countingEliminations` (each elimination is a pass
    /// over the graph whose fill-in can be large), else only the one `method` performs.
    public init(_ graph: ComputationGraph, at point: [Double], method: Method, countingEliminations: Bool = true) {
        self.graph = graph
        self.point = point
        self.method = method
        let lin = graph.linearize(at: point)
        values = lin.outputValues
        let orders: [VertexElimination.Order] = countingEliminations ? VertexElimination.Order.allCases
            : (method == .markowitz ? [.markowitz] : [])
        var counts: [VertexElimination.Order: Int] = [:]
        var eliminated: [[Double]]?
        for order in orders {
            let e = VertexElimination(lin, order: order)
            counts[order] = e.multiplications
            if order == .markowitz { eliminated = e.jacobian }
        }
        switch method {
        case .forward: jacobian = lin.jacobian(mode: .forward)
        case .reverse: jacobian = lin.jacobian(mode: .reverse)
        case .markowitz: jacobian = eliminated!
        }
        let edges = graph.edgeCount
        costs = Costs(forwardSweeps: graph.inputCount, forwardMultiplications: graph.inputCount * edges,
                      reverseSweeps: graph.outputCount, reverseMultiplications: graph.outputCount * edges,
                      forwardElimination: counts[.forward], reverseElimination: counts[.reverse],
                      markowitzElimination: counts[.markowitz])
        warnings = graph.warnings(of: lin)
    }

    var methodText: String {
        switch method {
        case .forward: return "forward mode: \(costs.forwardSweeps) sweep\(costs.forwardSweeps == 1 ? "" : "s"), one column each"
        case .reverse: return "reverse mode: \(costs.reverseSweeps) sweep\(costs.reverseSweeps == 1 ? "" : "s"), one row each"
        case .markowitz: return "vertex elimination in Markowitz order: \(costs.markowitzElimination ?? 0) multiplications"
        }
    }

    /// The Jacobian as a table (rows = outputs, columns = variables), and with `showCost` the
    /// cost table.
    public func text(showCost: Bool) -> String {
        let names = ProgramTrace.outputNames(graph.outputCount)
        var out = "values: " + zip(names, values).map { "\($0) = \(NumberText.format($1))" }.joined(separator: ", ") + "\n"
        out += "Jacobian at \(pointText(graph.variables, point)) (rows: outputs, columns: variables), \(methodText):\n"
        out += TextTable.render(columns: graph.variables, rows: zip(names, jacobian).map { ($0, $1.map(NumberText.format)) })
        if showCost { out += "\n" + costText }
        return out
    }

    /// The cost table: sweeps and multiplications of each way.
    public var costText: String {
        let c = costs
        let rows: [(String, [String])] = [
            ("forward mode (a column per sweep)", [String(c.forwardSweeps), String(c.forwardMultiplications)]),
            ("reverse mode (a row per sweep)", [String(c.reverseSweeps), String(c.reverseMultiplications)]),
            ("vertex elimination, forward order", ["-", c.forwardElimination.map(String.init) ?? "not counted"]),
            ("vertex elimination, reverse order", ["-", c.reverseElimination.map(String.init) ?? "not counted"]),
            ("vertex elimination, Markowitz order", ["-", c.markowitzElimination.map(String.init) ?? "not counted"]),
        ]
        return "cost of the Jacobian (\(graph.inputCount) variable\(graph.inputCount == 1 ? "" : "s"), \(graph.outputCount) output\(graph.outputCount == 1 ? "" : "s"), \(graph.edgeCount) edges):\n"
            + TextTable.render(corner: "", columns: ["sweeps", "multiplications"], rows: rows)
    }

    /// `value`, `variables`, `outputs`, `jacobian` (rows = outputs), `mode` and `cost`
    /// (`forward` and `reverse` with `sweeps` and `multiplications`; `elimination` with the
    /// multiplications of the orders counted: `forward`, `reverse`, `markowitz`).
    public var json: JSONOutput {
        let c = costs
        var cost: [(String, JSONOutput)] = [
            ("forward", .object([("sweeps", .integer(c.forwardSweeps)), ("multiplications", .integer(c.forwardMultiplications))])),
            ("reverse", .object([("sweeps", .integer(c.reverseSweeps)), ("multiplications", .integer(c.reverseMultiplications))])),
        ]
        let eliminations = [("forward", c.forwardElimination), ("reverse", c.reverseElimination), ("markowitz", c.markowitzElimination)]
            .compactMap { name, count in count.map { (name, JSONOutput.integer($0)) } }
        if !eliminations.isEmpty { cost.append(("elimination", .object(eliminations))) }
        return .object([
            ("value", graph.outputCount == 1 ? .number(values[0]) : .numbers(values)),
            ("variables", .strings(graph.variables)),
            ("outputs", .strings(ProgramTrace.outputNames(graph.outputCount))),
            ("jacobian", .matrix(jacobian)),
            ("mode", .string(method.rawValue)),
            ("cost", .object(cost)),
        ])
    }
}

/// Value, gradient and Hessian of a one-output expression (`mixtape ad hessian`), the Hessian
/// by forward over reverse on the graph (``ComputationGraph/hessian(at:output:)``).
///
/// ```swift
/// try HessianReport(ComputationGraph(parsing: "x^2*y"), at: [1, 2]).hessian   // [[4, 2], [2, 0]]
/// ```
public struct HessianReport: Sendable {
    /// The graph.
    public let graph: ComputationGraph
    /// The point.
    public let point: [Double]
    /// `f(x)`.
    public let value: Double
    /// `∇f(x)`.
    public let gradient: [Double]
    /// `∇²f(x)`.
    public let hessian: [[Double]]
    /// Non-finite values or partials met.
    public let warnings: [EvaluationWarning]

    /// The Hessian of the single output at `point`.
    /// - Throws: ``ExpressionError`` (usage) if the graph has several outputs.
    public init(_ graph: ComputationGraph, at point: [Double]) throws(ExpressionError) {
        guard graph.outputCount == 1 else {
            throw ExpressionError(.usage, "a Hessian needs one output; the expression has \(graph.outputCount)", source: "expression")
        }
        self.graph = graph
        self.point = point
        let lin = graph.linearize(at: point)
        value = lin.outputValues[0]
        gradient = lin.gradient()
        hessian = graph.hessian(at: point)
        warnings = graph.warnings(of: lin)
    }

    /// Value, gradient and the Hessian as a table.
    public var text: String {
        var out = "f = \(NumberText.format(value)) at \(pointText(graph.variables, point))\n"
        out += "gradient: " + zip(graph.variables, gradient).map { "∂f/∂\($0) = \(NumberText.format($1))" }.joined(separator: ", ") + "\n"
        out += "Hessian (forward over reverse on the graph, \(graph.inputCount) sweep\(graph.inputCount == 1 ? "" : "s")):\n"
        out += TextTable.render(columns: graph.variables, rows: zip(graph.variables, hessian).map { ($0, $1.map(NumberText.format)) })
        return out
    }

    /// `value`, `gradient` (by variable), `hessian` (rows and columns in `variables` order),
    /// `variables`.
    public var json: JSONOutput {
        .object([
            ("value", .number(value)),
            ("gradient", .numbers(named: graph.variables, gradient)),
            ("hessian", .matrix(hessian)),
            ("variables", .strings(graph.variables)),
        ])
    }
}

/// `f(x), f′(x), …, f⁽ⁿ⁾(x)` of a one-variable expression by Taylor mode (`mixtape ad derive`).
///
/// ```swift
/// try TaylorReport(ComputationGraph(parsing: "x^3"), at: 2, order: 3).derivatives   // [8, 12, 12, 6]
/// ```
public struct TaylorReport: Sendable {
    /// The largest order accepted (`k!` overflows a `Double` beyond 170).
    public static let maximumOrder = 170

    /// The graph.
    public let graph: ComputationGraph
    /// The point.
    public let x: Double
    /// `[f(x), f′(x), …, f⁽ⁿ⁾(x)]`.
    public let derivatives: [Double]
    /// Non-finite values or partials met.
    public let warnings: [EvaluationWarning]

    /// Derivatives up to `order` of the single output, in the graph's single variable.
    /// - Throws: ``ExpressionError`` (usage) for several outputs or variables, or an order
    ///   outside 0…170.
    public init(_ graph: ComputationGraph, at x: Double, order: Int) throws(ExpressionError) {
        guard graph.outputCount == 1 else {
            throw ExpressionError(.usage, "derive needs one output; the expression has \(graph.outputCount)", source: "expression")
        }
        guard graph.inputCount == 1 else {
            throw ExpressionError(.usage, "derive is for one variable; the expression has \(graph.inputCount) (\(graph.variables.joined(separator: ", "))) — use grad or hessian",
                                  source: "expression")
        }
        guard order >= 0 && order <= TaylorReport.maximumOrder else {
            throw ExpressionError(.usage, "the order must be between 0 and \(TaylorReport.maximumOrder) (got \(order))", source: "--order")
        }
        self.graph = graph
        self.x = x
        derivatives = graph.taylorDerivatives(at: x, order: order)
        warnings = graph.warnings(at: [x])
    }

    /// `f`, `f′`, `f″`, `f‴`, then `f⁽ᵏ⁾`.
    public static func derivativeName(_ k: Int) -> String {
        switch k {
        case 0: return "f"
        case 1: return "f′"
        case 2: return "f″"
        case 3: return "f‴"
        default:
            let superscripts: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
            return "f⁽" + String(String(k).map { superscripts[Int(String($0))!] }) + "⁾"
        }
    }

    /// One line per derivative: `f′(2) = 12`.
    public var text: String {
        let at = NumberText.format(x)
        var out = ""
        for (k, d) in derivatives.enumerated() { out += "\(TaylorReport.derivativeName(k))(\(at)) = \(NumberText.format(d))\n" }
        out += "(Taylor mode on the graph, order \(derivatives.count - 1), in \(graph.variables[0]))\n"
        return out
    }

    /// `value`, `derivative` (entry i = the i-th derivative, so entry 0 is the value),
    /// `variable`, `x`, `order`.
    public var json: JSONOutput {
        .object([
            ("value", .number(derivatives[0])),
            ("derivative", .numbers(derivatives)),
            ("variable", .string(graph.variables[0])),
            ("x", .number(x)),
            ("order", .integer(derivatives.count - 1)),
        ])
    }
}

extension NewtonIteration {
    /// The iterates as a table (`k`, `x`, `f(x)`, `f′(x)`) and the reason it stopped.
    public var text: String {
        var out = "Newton's method from x = \(NumberText.format(iterates[0].x)) (f′ by forward mode on the graph):\n"
        out += TextTable.render(corner: "k", columns: ["x", "f(x)", "f′(x)"],
                                rows: iterates.map { (String($0.index), [NumberText.format($0.x), NumberText.format($0.value), NumberText.format($0.derivative)]) })
        out += summary + "\n"
        return out
    }

    /// `iterates` (each `k`, `x`, `value`, `derivative`), `root` (`null` unless converged),
    /// `value` (f at the last iterate), `converged`, `reason`, `iterations`.
    public var json: JSONOutput {
        .object([
            ("iterates", .array(iterates.map {
                .object([("k", .integer($0.index)), ("x", .number($0.x)), ("value", .number($0.value)),
                         ("derivative", .number($0.derivative))])
            })),
            ("root", root.map { .number($0) } ?? .null),
            ("value", .number(iterates.last!.value)),
            ("converged", .bool(reason.converged)),
            ("reason", .string(reasonCode)),
            ("iterations", .integer(iterates.count - 1)),
        ])
    }
}
