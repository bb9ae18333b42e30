import Testing
@testable import GradBenchTool
import DataIO

/// `hello`: the conversation GradBench's eval runs, answers checked by hand.
@Suite struct HelloEvalTests {
    @Test(arguments: [0.0, 1.0, -2.5, 1e150, 3.0e-160])
    func squareAndDouble(_ x: Double) throws {
        let r = try converse([
            #"{"id": 0, "kind": "start", "eval": "hello"}"#,
            #"{"id": 1, "kind": "define", "module": "hello"}"#,
            evaluate(2, "hello", "square", JSONValue.number(x).text(style: .compact)),
            evaluate(3, "hello", "double", JSONValue.number(x).text(style: .compact)),
        ])
        try #require(r.count == 4)
        #expect(r[2]["output"]?.number == x * x)
        #expect(r[3]["output"]?.number == 2 * x)   // d/dx x² by a dual number: exactly 2x
    }
}
