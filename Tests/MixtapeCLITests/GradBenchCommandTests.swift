import Foundation
import Testing

/// `mixtape gradbench` over real pipes: a conversation, and lines that end the session.
@Suite struct GradBenchCommandTests {
    @Test func conversationOverPipes() throws {
        let messages = [
            #"{"id": 0, "kind": "start", "eval": "lse"}"#,
            #"{"id": 1, "kind": "define", "module": "lse"}"#,
            #"{"id": 2, "kind": "evaluate", "module": "lse", "function": "gradient", "input": {"x": [0, 0], "min_runs": 3, "min_seconds": 0}}"#,
            #"{"id": 3, "kind": "analysis", "of": 2, "valid": true}"#,
        ]
        let r = try CLI.run(["gradbench"], stdin: messages.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 4)
        #expect(lines[0] == #"{"id":0,"tool":"mixtape"}"#)
        #expect(lines[1] == #"{"id":1,"success":true}"#)
        #expect(lines[2].hasPrefix(#"{"id":2,"success":true,"output":[0.5,0.5],"timings":[{"name":"evaluate","nanoseconds":"#))
        #expect(lines[2].components(separatedBy: #""name":"evaluate""#).count == 4)
        #expect(lines[3] == #"{"id":3}"#)
        #expect(r.stderr.isEmpty)
    }

    /// A line that is not JSON (or has no id) cannot be answered: one line on stderr, exit 1,
    /// after answering what came before.
    @Test(arguments: [("{oops", "invalid JSON, line 1, column 2"), (#"{"kind": "start"}"#, "no \"id\"")])
    func unanswerableLineExitsWithMessage(_ bad: String, _ message: String) throws {
        let r = try CLI.run(["gradbench"], stdin: #"{"id": 0, "kind": "start"}"# + "\n" + bad + "\n")
        #expect(r.status == 1)
        #expect(r.stdout == #"{"id":0,"tool":"mixtape"}"# + "\n")
        let errLines = r.stderr.split(separator: "\n")
        #expect(errLines.count == 1)
        #expect(r.stderr.contains("message 2: \(message)"), "\(r.stderr)")
    }

    /// No input at all: a clean end.
    @Test func emptyInputEndsCleanly() throws {
        let r = try CLI.run(["gradbench"], stdin: "")
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty)
    }
}
