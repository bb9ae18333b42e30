import Autodiff
import Plotting

extension ComputationGraph {
    /// The graph at `x` as a drawing: inputs at the bottom, outputs at the top, each node labelled
    /// with its operation and value (`w3 = w1·w2`, `= 2`), each edge with its local partial
    /// derivative as a formula and a value (`cos(w1) = 0.540302`). Values are shown to six
    /// significant digits.
    ///
    /// A node's layer is one more than its highest argument's; outputs that feed nothing are
    /// lifted to the top layer.
    ///
    /// - Complexity: O(N).
    ///
    /// ```swift
    /// let g = try ComputationGraph(parsing: "x1*x2 + sin(x1)")
    /// let svg = g.diagram(at: [1, 2]).svg()
    /// ```
    public func diagram(at x: [Double]) -> GraphDiagram {
        let lin = linearize(at: x)
        var layer = [Int](repeating: 0, count: nodeCount)
        for i in inputCount..<nodeCount {
            var l = 0
            if firstOperand[i] >= 0 { l = Swift.max(l, layer[Int(firstOperand[i])] + 1) }
            if secondOperand[i] >= 0 { l = Swift.max(l, layer[Int(secondOperand[i])] + 1) }
            layer[i] = l
        }
        let topLayer = layer.max() ?? 0
        let consumers = self.consumers
        let names = ProgramTrace.outputNames(outputCount)
        var outputName = [Int: [String]]()
        for (k, output) in outputs.enumerated() {
            if case .node(let i) = output { outputName[i, default: []].append(names[k]) }
        }
        var nodes: [GraphDiagram.Node] = []
        for i in 0..<nodeCount {
            if let _ = outputName[i], consumers[i].isEmpty { layer[i] = topLayer }
            let head = "\(ProgramText.nodeName(i)) = \(ProgramText.operationText(self, i))"
            let value = NumberText.significant(lin.values[i], digits: 6)
            let second = outputName[i].map { "\($0.joined(separator: ", ")) = \(value)" } ?? "= \(value)"
            let kind: GraphDiagram.Kind = outputName[i] != nil ? .output : (i < inputCount ? .input : .operation)
            nodes.append(GraphDiagram.Node(lines: [head, second], layer: layer[i], kind: kind))
        }
        var edges: [GraphDiagram.Edge] = []
        for i in inputCount..<nodeCount {
            for (k, raw) in [firstOperand[i], secondOperand[i]].enumerated() where raw >= 0 {
                if operations[i] == .integerPower && k == 1 { continue }
                let partial = ProgramText.partial(self, i, argument: k, linearization: lin)
                let value = k == 0 ? lin.firstPartials[i] : lin.secondPartials[i]
                let number = NumberText.significant(value, digits: 6)
                let label: String
                switch partial {
                case .one, .minusOne, .zero: label = partial.text
                case .formula(let text, _): label = text == NumberText.format(value) ? number : "\(text) = \(number)"
                }
                edges.append(GraphDiagram.Edge(from: Int(raw), to: i, label: label))
            }
        }
        var diagram = GraphDiagram(nodes: nodes, edges: edges)
        let point = zip(variables, x).map { "\($0) = \(NumberText.format($1))" }.joined(separator: ", ")
        diagram.title = "Computation graph of " + (source.map { $0.count <= 60 ? $0 : String($0.prefix(57)) + "…" } ?? "the expression")
        diagram.subtitle = (point.isEmpty ? "" : "at \(point); ") + "edges: local partial derivatives ∂wᵢ/∂wⱼ"
        return diagram
    }
}
