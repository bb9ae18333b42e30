import ExpressionGraph
import TestSupport
import Testing

/// The lecture's original, dual and adjoint programs, printed exactly.
struct ProgramTraceTests {
    /// x1·x2 + sin(x1) at (1, 2), seed (0, 1): the example. Values by hand:
    /// sin 1 = 0.8414709848078965, cos 1 = 0.5403023058681398.
    @Test func theLectureExamplePrintsThreePrograms() throws {
        let g = try ComputationGraph(parsing: "x1*x2 + sin(x1)")
        let trace = ProgramTrace(graph: g, at: [1, 2], seed: [0, 1])
        #expect(trace.original.map(\.text) == [
            "w1 = x1 = 1", "w2 = x2 = 2", "w3 = w1·w2 = 2", "w4 = sin(w1) = 0.8414709848078965",
            "w5 = w3 + w4 = 2.8414709848078967", "f = w5 = 2.8414709848078967",
        ])
        #expect(trace.dual.map(\.text) == [
            "ẇ1 = 0", "ẇ2 = 1", "ẇ3 = ẇ1·w2 + w1·ẇ2 = 1", "ẇ4 = cos(w1)·ẇ1 = 0", "ẇ5 = ẇ3 + ẇ4 = 1", "ḟ = ẇ5 = 1",
        ])
        #expect(trace.adjoint.map(\.text) == [
            "w̄5 = 1", "w̄4 = w̄5 = 1", "w̄3 = w̄5 = 1", "w̄2 = w̄3·w1 = 1", "w̄1 = w̄3·w2 + w̄4·cos(w1) = 2.5403023058681398",
        ])
        #expect(trace.gradient == [2 + 0.5403023058681398, 1])
        #expect(trace.tangents == [1])
        let text = trace.text
        for line in ["original program at x1 = 1, x2 = 2:", "dual program (forward mode) for the seed ẇ1 = 0, ẇ2 = 1:",
                     "adjoint program (reverse mode) for the seed f̄ = 1:", "  ∂f/∂x1 = w̄1 = 2.5403023058681398",
                     "  ∂f/∂x2 = w̄2 = 1"] {
            #expect(text.contains(line + "\n"), "missing: \(line)")
        }
    }

    /// Every kind of partial prints as a formula whose value is the sweep's: evaluating the
    /// printed right-hand side of each dual line gives the printed tangent.
    @Test func formulasOfEveryOperation() throws {
        let g = try ComputationGraph(parsing: "x/y - x^3 + exp(y) * log(x) + sqrt(x) + tan(y) + atan2(y, x) + hypot(x, y)")
        let trace = ProgramTrace(graph: g, at: [1.5, 0.5], seed: [1, 0])
        let formulas = Dictionary(uniqueKeysWithValues: trace.dual.compactMap { line in line.formula.map { (line.name, $0) } })
        #expect(formulas["ẇ3"] == "1/w2·ẇ1 + (-w3/w2)·ẇ2")
        #expect(formulas["ẇ4"] == "3·w1^2·ẇ1")
        #expect(formulas["ẇ6"] == "w6·ẇ2")
        #expect(formulas["ẇ7"] == "1/w1·ẇ1")
        #expect(trace.adjoint.last?.formula?.contains("w̄3·1/w2") == true)
        // The adjoint of x collects every use of it, in node order.
        let adjointOfX = try #require(trace.adjoint.first { $0.name == "w̄1" })
        #expect(adjointOfX.value == trace.gradient[0])
    }

    @Test func piecewiseOperationsPrintTheBranchTaken() throws {
        let g = try ComputationGraph(parsing: "max(x, y) + abs(x)")
        let trace = ProgramTrace(graph: g, at: [-1, 2], seed: [1, 1])
        #expect(trace.dual.map(\.text).contains("ẇ3 = ẇ2 = 1"))       // max picks y
        #expect(trace.dual.map(\.text).contains("ẇ4 = -ẇ1 = -1"))     // |x|′ = −1 at x < 0
    }

    @Test func severalOutputsTakeACotangent() throws {
        let g = try ComputationGraph(parsing: "x*y; x + y")
        let trace = ProgramTrace(graph: g, at: [3, 4], seed: [1, 0], cotangent: [2, -1])
        #expect(trace.original.suffix(2).map(\.text) == ["f1 = w3 = 12", "f2 = w4 = 7"])
        #expect(trace.adjoint.map(\.text) == ["w̄4 = -1", "w̄3 = 2", "w̄2 = w̄3·w1 + w̄4 = 5", "w̄1 = w̄3·w2 + w̄4 = 7"])
        #expect(trace.gradient == [7, 5])
        #expect(trace.text.contains("cotangent times Jacobian (ūᵀJ):"))
    }

    @Test func jsonCarriesTheProgramsAndTheGradientByName() throws {
        let trace = ProgramTrace(graph: try ComputationGraph(parsing: "x1*x2 + sin(x1)"), at: [1, 2], seed: [0, 1])
        let json = trace.json.rendered
        for key in ["\"variables\"", "\"point\"", "\"value\": 2.8414709848078967", "\"seed\"", "\"tangent\": 1",
                    "\"gradient\": {\n    \"x1\": 2.5403023058681398,\n    \"x2\": 1\n  }", "\"original\"", "\"dual\"", "\"adjoint\""] {
            #expect(json.contains(key), "missing \(key)")
        }
    }
}
