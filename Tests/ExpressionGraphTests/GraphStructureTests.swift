import ExpressionGraph
import TestSupport
import Testing

/// Nodes in evaluation order, shared subexpressions, folding and identities.
struct GraphStructureTests {
    static func shape(_ text: String) throws -> [String] {
        let g = try ComputationGraph(parsing: text)
        return (0..<g.nodeCount).map { "\(ProgramText.nodeName($0)) = \(ProgramText.operationText(g, $0))" }
    }

    @Test func theLectureExampleHasFiveNodes() throws {
        #expect(try GraphStructureTests.shape("x1*x2 + sin(x1)") == [
            "w1 = x1", "w2 = x2", "w3 = w1·w2", "w4 = sin(w1)", "w5 = w3 + w4",
        ])
    }

    @Test func commonSubexpressionsAreShared() throws {
        #expect(try GraphStructureTests.shape("sin(x)*sin(x)") == ["w1 = x", "w2 = sin(w1)", "w3 = w2·w2"])
        // Commutative operations share across argument order.
        #expect(try GraphStructureTests.shape("x*y + y*x") == ["w1 = x", "w2 = y", "w3 = w1·w2", "w4 = w3 + w3"])
        #expect(try GraphStructureTests.shape("min(x, y) - min(y, x)") == ["w1 = x", "w2 = y", "w3 = min(w1, w2)", "w4 = w3 - w3"])
        // Non-commutative ones do not.
        #expect(try ComputationGraph(parsing: "x - y + (y - x)").nodeCount == 5)
        // Across outputs.
        let g = try ComputationGraph(parsing: "exp(x*y); exp(x*y) + 1")
        #expect(g.nodeCount == 5)
        #expect(g.outputs[0] == .node(3))
    }

    @Test func constantsAreFolded() throws {
        #expect(try GraphStructureTests.shape("2*3*x") == ["w1 = x", "w2 = 6·w1"])
        #expect(try GraphStructureTests.shape("x + sin(0) + 2^10") == ["w1 = x", "w2 = 1024 + w1"])
        let c = try ComputationGraph(parsing: "2*pi")
        #expect(c.nodeCount == 0 && c.outputs == [.constant(2 * Double.pi)])
        #expect(c.foldingWarnings.isEmpty)
        let inf = try ComputationGraph(parsing: "x + 1/0")
        #expect(inf.foldingWarnings.count == 1)
        #expect(inf.foldingWarnings[0].column == 6)
        #expect(inf.foldingWarnings[0].message.contains("division by zero"))
    }

    struct Identity: Sendable, CustomTestStringConvertible {
        let text: String
        let nodes: [String]
        var testDescription: String { text }
    }

    static let identities: [Identity] = [
        Identity(text: "x*1", nodes: ["w1 = x"]),
        Identity(text: "1*x", nodes: ["w1 = x"]),
        Identity(text: "x + 0", nodes: ["w1 = x"]),
        Identity(text: "0 + x", nodes: ["w1 = x"]),
        Identity(text: "x - 0", nodes: ["w1 = x"]),
        Identity(text: "x/1", nodes: ["w1 = x"]),
        Identity(text: "x^1", nodes: ["w1 = x"]),
        Identity(text: "--x", nodes: ["w1 = x"]),
        Identity(text: "0 - x", nodes: ["w1 = x", "w2 = -w1"]),
        Identity(text: "x*-1", nodes: ["w1 = x", "w2 = -w1"]),
        Identity(text: "sin(x)*(2 - 1) + 0*cos(x)", nodes: ["w1 = x", "w2 = sin(w1)"]),   // cos(x) left unused
        Identity(text: "x*0 + y", nodes: ["w1 = x", "w2 = y"]),                              // x stays an input
    ]

    @Test(arguments: identities)
    func identitiesRemoveNodes(_ i: Identity) throws {
        #expect(try GraphStructureTests.shape(i.text) == i.nodes)
    }

    @Test func timesZeroAndPowerZeroAreConstants() throws {
        let g = try ComputationGraph(parsing: "x*0; x^0; 0*sin(x)")
        #expect(g.outputs == [.constant(0), .constant(1), .constant(0)])
        #expect(g.variables == ["x"])
        #expect(g.linearize(at: [2]).jacobian(mode: .reverse) == [[0], [0], [0]])
    }

    @Test func integerAndRealPowersAreDistinguished() throws {
        let g = try ComputationGraph(parsing: "x^2; x^2.5; x^y; pow(x, 3)")
        let ops = g.outputs.map { g.node($0.nodeIndex!).operation }
        #expect(ops == [.integerPower, .power, .power, .integerPower])
        // Integer power of a negative base is defined; the real power is NaN there (exp(y log x)).
        let v = g.evaluate(at: [-2, 3])
        #expect(v[0] == 4 && v[1].isNaN && v[2].isNaN && v[3] == -8)
    }

    /// Every argument precedes its node, inputs come first, columns point into the text.
    @Test(arguments: TestExpressions.all)
    func nodesAreInEvaluationOrder(_ c: TestExpressions.Case) throws {
        let g = try ComputationGraph(parsing: c.text)
        for i in 0..<g.nodeCount {
            let node = g.node(i)
            #expect((i < g.inputCount) == (node.operation == .variable))
            for arg in node.arguments { if let j = arg.nodeIndex { #expect(j < i) } }
            #expect(node.column >= 1 && node.column <= c.text.unicodeScalars.count)
        }
        #expect(g.edgeCount == g.consumers.map(\.count).reduce(0, +))
    }

    @Test func nodesRememberTheColumnOfTheirOperator() throws {
        let g = try ComputationGraph(parsing: "x1*x2 + sin(x1)")
        #expect((0..<5).map { g.node($0).column } == [1, 4, 3, 9, 7])
    }
}
