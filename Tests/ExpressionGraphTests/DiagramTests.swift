import ExpressionGraph
import Plotting
import Testing

/// The graph picture: one box per node labelled with its operation and value, one edge per
/// argument labelled with its local partial, inputs at the bottom and outputs at the top.
struct DiagramTests {
    @Test func theLectureExampleDiagram() throws {
        let g = try ComputationGraph(parsing: "x1*x2 + sin(x1)")
        let d = g.diagram(at: [1, 2])
        #expect(d.nodes.map(\.lines) == [
            ["w1 = x1", "= 1"], ["w2 = x2", "= 2"], ["w3 = w1·w2", "= 2"], ["w4 = sin(w1)", "= 0.841471"],
            ["w5 = w3 + w4", "f = 2.84147"],
        ])
        #expect(d.nodes.map(\.layer) == [0, 0, 1, 1, 2])
        #expect(d.nodes.map(\.kind) == [.input, .input, .operation, .operation, .output])
        let edges = d.edges.map { "\($0.from)->\($0.to): \($0.label)" }
        #expect(Set(edges) == ["0->2: w2 = 2", "1->2: w1 = 1", "0->3: cos(w1) = 0.540302", "2->4: 1", "3->4: 1"])
    }

    /// In the SVG, every input box is below every operation box and the output box is above.
    @Test func inputsAtTheBottomOutputsAtTheTop() throws {
        let g = try ComputationGraph(parsing: "exp(x*y) + sin(x); x - y")
        let svg = g.diagram(at: [0.5, 2]).svg()
        func boxes(_ kind: String) -> [Double] {
            svg.components(separatedBy: "data-kind=\"\(kind)\"").dropFirst().map { chunk in
                let y = chunk.components(separatedBy: " y=\"")[1].prefix { $0 != "\"" }
                return Double(y)!
            }
        }
        let inputs = boxes("input"), operations = boxes("operation"), outputs = boxes("output")
        try #require(inputs.count == 2 && outputs.count == 2 && !operations.isEmpty)
        #expect(inputs.min()! > operations.max()!)
        #expect(outputs.max()! < operations.min()!)
        #expect(svg.components(separatedBy: "class=\"edge\"").count - 1 == g.edgeCount)
        #expect(svg.contains("f1 = ") && svg.contains("f2 = "))
    }
}
