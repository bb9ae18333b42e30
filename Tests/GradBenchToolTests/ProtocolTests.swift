import Testing
@testable import GradBenchTool
import DataIO

/// Sends `messages` through one session and parses the responses.
func converse(_ messages: [String]) throws -> [JSONValue] {
    var session = GradBenchSession()
    return try messages.map { try JSONValue(parsing: try session.respond(to: $0)) }
}

/// One evaluate message with one run.
func evaluate(_ id: Int, _ module: String, _ function: String, _ input: String) -> String {
    #"{"id": \#(id), "kind": "evaluate", "module": "\#(module)", "function": "\#(function)", "input": \#(input)}"#
}

/// The session's handling of the protocol itself: kinds, ids, timings, errors.
@Suite struct ProtocolTests {
    @Test func startDefineEvaluateAnalysis() throws {
        let r = try converse([
            #"{"id": 0, "kind": "start", "eval": "hello"}"#,
            #"{"id": 1, "kind": "define", "module": "hello"}"#,
            evaluate(2, "hello", "square", "3"),
            #"{"id": 3, "kind": "analysis", "of": 2, "valid": true}"#,
        ])
        try #require(r.count == 4)
        #expect(r[0] == .object(["id": .number(0), "tool": .string("mixtape")]))
        #expect(r[1] == .object(["id": .number(1), "success": .bool(true)]))
        #expect(r[2]["id"] == .number(2) && r[2]["success"] == .bool(true) && r[2]["output"] == .number(9))
        let timings = try #require(r[2]["timings"]?.array)
        #expect(timings.count == 1)
        #expect(timings[0]["name"] == .string("evaluate"))
        #expect((timings[0]["nanoseconds"]?.integer ?? -1) >= 0)
        #expect(r[3] == .object(["id": .number(3)]))
    }

    /// Every implemented module is defined; others are refused with an error.
    @Test(arguments: ["hello", "lse", "gmm", "kmeans", "det", "llsq", "ode", "saddle", "particle"])
    func defineImplemented(_ module: String) throws {
        let r = try converse([#"{"id": 7, "kind": "define", "module": "\#(module)"}"#])
        #expect(r[0] == .object(["id": .number(7), "success": .bool(true)]))
    }

    @Test(arguments: ["ba", "ht", "lstm", "", "GMM"])
    func defineUnknownFails(_ module: String) throws {
        let r = try converse([#"{"id": 1, "kind": "define", "module": "\#(module)"}"#])
        #expect(r[0]["success"] == .bool(false))
        #expect(r[0]["error"]?.string?.contains("does not implement") == true)
    }

    /// `min_runs` and `min_seconds` set the number of timings.
    @Test(arguments: [(1, 0.0, 1), (5, 0.0, 5), (0, 0.0, 1)])
    func runsAreTimedSeparately(_ runs: Int, _ seconds: Double, _ expected: Int) throws {
        let r = try converse([evaluate(1, "lse", "primal", #"{"x": [1, 2], "min_runs": \#(runs), "min_seconds": \#(seconds)}"#)])
        #expect(r[0]["timings"]?.array?.count == expected)
    }

    @Test func minSecondsKeepsRunning() throws {
        let r = try converse([evaluate(1, "lse", "primal", #"{"x": [1, 2], "min_runs": 1, "min_seconds": 0.02}"#)])
        let ns = try #require(r[0]["timings"]?.array).compactMap { $0["nanoseconds"]?.integer }
        #expect(ns.reduce(0, +) >= 20_000_000)
    }

    /// Lines that cannot be answered (no id to answer to) end the session with a message.
    @Test(arguments: [
        ("{not json", "invalid JSON, line 1, column 2"), ("[1, 2]", "expected a JSON object"),
        (#"{"kind": "start"}"#, "no \"id\""), (#"{"id": "a", "kind": "start"}"#, "\"id\" must be an integer"),
        (#"{"id": 1.5, "kind": "start"}"#, "\"id\" must be an integer"), ("", "invalid JSON"),
    ])
    func unanswerableLinesThrow(_ line: String, _ message: String) {
        var session = GradBenchSession()
        #expect(throws: GradBenchProtocolError.self) { try session.respond(to: line) }
        do { _ = try session.respond(to: line) } catch {
            #expect(error.description.contains(message), "\(error)")
            #expect(error.description.hasPrefix("message 2:"))
        }
    }

    /// Messages with an id but missing or wrong fields get an error response, and the session
    /// goes on.
    @Test(arguments: [
        (#"{"id": 1}"#, "no \"kind\""),
        (#"{"id": 1, "kind": 3}"#, "\"kind\" must be a string"),
        (#"{"id": 1, "kind": "frobnicate"}"#, "unknown message kind"),
        (#"{"id": 1, "kind": "define"}"#, "needs a \"module\""),
        (#"{"id": 1, "kind": "evaluate", "function": "f", "input": 1}"#, "needs a \"module\""),
        (#"{"id": 1, "kind": "evaluate", "module": "lse", "input": 1}"#, "needs a \"function\""),
        (#"{"id": 1, "kind": "evaluate", "module": "lse", "function": "primal"}"#, "needs an \"input\""),
        (#"{"id": 1, "kind": "evaluate", "module": "nope", "function": "f", "input": {}}"#, "does not implement"),
        (#"{"id": 1, "kind": "evaluate", "module": "lse", "function": "hessian", "input": {}}"#, "has no function \"hessian\""),
        (evaluate(1, "lse", "primal", #"{"x": [1], "min_runs": -1}"#), "\"min_runs\" must be between"),
        (evaluate(1, "lse", "primal", #"{"x": [1], "min_runs": 2.5}"#), "\"min_runs\" must be an integer"),
        (evaluate(1, "lse", "primal", #"{"x": [1], "min_seconds": 1e9}"#), "\"min_seconds\" must be between"),
        (evaluate(1, "lse", "primal", #"{"x": [1], "min_seconds": "1"}"#), "\"min_seconds\" must be a number"),
    ])
    func malformedMessagesGetErrors(_ line: String, _ message: String) throws {
        let r = try converse([line, #"{"id": 2, "kind": "start"}"#])
        try #require(r.count == 2)
        #expect(r[0]["id"] == .number(1))
        let error = try #require(r[0]["error"]?.string)
        #expect(error.contains(message), "\(error)")
        #expect(r[1]["tool"] == .string("mixtape"))
    }

    /// Wrong input shapes for every eval: `"success": false` naming the field, never a trap.
    @Test(arguments: [
        ("hello", "square", #"{"x": 1}"#, "must be a number"),
        ("lse", "gradient", #"{"x": []}"#, "\"x\" must not be empty"),
        ("lse", "gradient", #"{"x": [1, "2"]}"#, "element 1 must be a number"),
        ("lse", "primal", #"[1, 2]"#, "input must be an object"),
        ("gmm", "jacobian", gmmInput(d: 2, k: 2, n: 3, mutate: { $0["x"] = "[[1, 2], [3]]" }), "\"x\" must have 3 rows"),
        ("gmm", "jacobian", gmmInput(d: 2, k: 2, n: 2, mutate: { $0["x"] = "[[1, 2], [3]]" }), "row 1 must have 2 numbers"),
        ("gmm", "objective", gmmInput(d: 2, k: 2, n: 2, mutate: { $0["l"] = "[[1, 2], [3, 4]]" }), "\"l\" row 0 must have 1 numbers"),
        ("gmm", "objective", gmmInput(d: 2, k: 2, n: 2, mutate: { $0["alpha"] = "[1]" }), "\"alpha\" must have 2 numbers"),
        ("gmm", "objective", gmmInput(d: 2, k: 2, n: 2, mutate: { $0["gamma"] = "-1" }), "\"gamma\" must be a positive"),
        ("gmm", "objective", gmmInput(d: 2, k: 2, n: 2, mutate: { $0["d"] = "0" }), "\"d\" must be between"),
        ("gmm", "objective", gmmInput(d: 2, k: 2, n: 2, mutate: { $0.removeValue(forKey: "mu") }), "\"mu\" is missing"),
        ("kmeans", "dir", #"{"points": [[1, 2]], "centroids": [[1]]}"#, "row 0 must have 2 numbers"),
        ("kmeans", "dir", #"{"points": [], "centroids": [[1]]}"#, "at least one point"),
        ("kmeans", "cost", #"{"points": [[1, 2]], "centroids": []}"#, "at least one centroid"),
        ("kmeans", "cost", #"{"points": [[1, 2]], "centroids": {"a": 1}}"#, "must be an array of arrays"),
        ("det", "gradient", #"{"A": [1, 2, 3], "ell": 2}"#, "\"A\" must have 4 numbers"),
        ("det", "primal", #"{"A": [1], "ell": 13}"#, "\"ell\" must be between 1 and 12"),
        ("llsq", "gradient", #"{"x": [1], "n": 1}"#, "\"n\" must be between 2"),
        ("llsq", "primal", #"{"x": [1], "n": 1e15}"#, "\"n\" must be between 2"),
        ("ode", "gradient", #"{"x": [1, 2], "s": 0}"#, "\"s\" must be between 1"),
        ("ode", "primal", #"{"x": [], "s": 1}"#, "\"x\" must not be empty"),
        ("ode", "primal", #"{"x": [1, 2, 3], "s": 40000000}"#, "exceeds"),
        ("saddle", "rr", #"{"start": [1]}"#, "\"start\" must have 2 numbers"),
        ("gmm", "jacobian", gmmInput(d: 2, k: 2, n: 2, mutate: { $0["k"] = "100000"; $0["n"] = "1000" }), "k·n·d = 200000000 exceeds"),
        ("llsq", "gradient", #"{"x": \#(jsonNumbers(Array(repeating: 0.5, count: 300))), "n": 10000000}"#, "n·m = 3000000000 exceeds"),
        ("particle", "ff", #"{"w": null}"#, "\"w\" must be a number, got null"),
    ])
    func wrongShapesAreErrors(_ module: String, _ function: String, _ input: String, _ message: String) throws {
        let r = try converse([evaluate(1, module, function, input)])
        #expect(r[0]["success"] == .bool(false))
        let error = try #require(r[0]["error"]?.string)
        #expect(error.contains(message), "\(error)")
    }

    /// A solver that cannot converge is a failed evaluation, not a hang or a NaN: the particle
    /// never reaches the axis when the start is absurd.
    @Test func divergingSolverFailsCleanly() throws {
        let r = try converse([evaluate(1, "particle", "ff", #"{"w": 1e300}"#)])
        #expect(r[0]["success"] == .bool(false))
        #expect(r[0]["error"]?.string?.hasPrefix("particle::ff:") == true)
    }
}

/// A GMM input with small deterministic values, `mutate` editing the raw JSON of fields.
func gmmInput(d: Int, k: Int, n: Int, mutate: (inout [String: String]) -> Void = { _ in }) -> String {
    func rows(_ r: Int, _ c: Int, _ f: (Int, Int) -> Double) -> String {
        "[" + (0..<r).map { i in "[" + (0..<c).map { j in "\(f(i, j))" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
    }
    var fields: [String: String] = [
        "d": "\(d)", "k": "\(k)", "n": "\(n)", "m": "0", "gamma": "1.0",
        "x": rows(n, d) { i, j in Double((i * 7 + j * 3) % 11) / 5 - 1 },
        "alpha": "[" + (0..<k).map { "\(Double($0) / 4)" }.joined(separator: ",") + "]",
        "mu": rows(k, d) { i, j in Double((i + 2 * j) % 5) / 4 - 0.5 },
        "q": rows(k, d) { i, j in Double((i * 3 + j) % 4) / 10 - 0.1 },
        "l": rows(k, d * (d - 1) / 2) { i, j in Double((i + j) % 3) / 5 - 0.2 },
    ]
    mutate(&fields)
    return "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
}
