import DataIO
import Testing
@testable import GradBenchTool

/// The protocol's JSON is DataIO's `JSONValue` (its grammar and exact number round trips are
/// tested in DataIOTests); here, the shapes the evals answer with and the one-line responses.
@Suite struct JSONTests {
    @Test func rowsAndNumbersHaveTheirShapes() {
        #expect(JSONValue.numbers([1, 2.5]).text(style: .compact) == "[1,2.5]")
        #expect(JSONValue.numbers([]).text(style: .compact) == "[]")
        #expect(JSONValue.rows([1, 2, 3, 4, 5, 6], columns: 3).text(style: .compact) == "[[1,2,3],[4,5,6]]")
        #expect(JSONValue.rows([], columns: 2).text(style: .compact) == "[]")
    }

    /// Every response is one line of compact JSON whose numbers read back bit for bit.
    @Test func responsesAreOneExactLine() throws {
        let x = 0.1 + 0.2
        var session = GradBenchSession()
        _ = try session.respond(to: #"{"id": 0, "kind": "start"}"#)
        _ = try session.respond(to: #"{"id": 1, "kind": "define", "module": "hello"}"#)
        let line = try session.respond(to: #"{"id": 2, "kind": "evaluate", "module": "hello", "function": "double", "input": \#(JSONValue.number(x).text(style: .compact))}"#)
        #expect(!line.contains("\n") && !line.contains(" "))
        let output = try #require(try JSONValue(parsing: line)["output"]?.number)
        #expect(output.bitPattern == (2 * x).bitPattern)
    }
}
