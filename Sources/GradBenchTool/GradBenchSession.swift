import DataIO
/// A message that breaks the protocol so badly that no response can be given (it is not JSON, or
/// not an object with an integer `"id"`): the tool stops with this one-line message.
public struct GradBenchProtocolError: Error, Equatable, CustomStringConvertible {
    /// The message, naming the line.
    public let description: String
}

/// The tool's side of the GradBench protocol: one JSON message in, one JSON response out.
///
/// - `start` → `{"id", "tool": "mixtape"}`
/// - `define` → `"success": true` for a module in ``gradBenchEvals``, else `false` with an `"error"`
/// - `evaluate` → runs the function at least `min_runs` times and for at least `min_seconds`,
///   answering `"output"` and one `"evaluate"` timing (nanoseconds) per run — the input and
///   output conversions are outside the timings; a bad input or unknown function is
///   `"success": false` with an `"error"` naming the field
/// - `analysis` and any other kind → `{"id"}` (an unknown kind also gets an `"error"` note)
///
/// A line that is not a JSON object with an integer `"id"` cannot be answered: it throws
/// ``GradBenchProtocolError``.
///
/// ```swift
/// var session = GradBenchSession()
/// try session.respond(to: #"{"id": 0, "kind": "start"}"#)   // {"id":0,"tool":"mixtape"}
/// ```
public struct GradBenchSession {
    /// The evals answered (default: all of ``gradBenchEvals``).
    public let evals: [String: any GradBenchEval]
    /// Messages handled so far.
    public private(set) var lineNumber = 0

    /// A session answering `evals`.
    public init(evals: [String: any GradBenchEval] = gradBenchEvals) { self.evals = evals }

    /// The response to one message line.
    /// - Throws: ``GradBenchProtocolError`` for a line that cannot be answered.
    public mutating func respond(to line: String) throws(GradBenchProtocolError) -> String {
        var bytes = Array(line.utf8)
        return try respond(to: &bytes)
    }

    /// The response to one message line given as UTF-8 bytes (without the newline).
    /// - Throws: ``GradBenchProtocolError`` for a line that cannot be answered.
    public mutating func respond(to line: inout [UInt8]) throws(GradBenchProtocolError) -> String {
        lineNumber += 1
        let message: JSONValue
        do {
            message = try JSONValue(parsing: line)
        } catch {
            throw GradBenchProtocolError(description: "message \(lineNumber): invalid JSON, \(error)")
        }
        guard case .object = message else {
            throw GradBenchProtocolError(description: "message \(lineNumber): expected a JSON object, got \(message.kindDescription)")
        }
        guard let idValue = message["id"] else {
            throw GradBenchProtocolError(description: "message \(lineNumber): no \"id\"")
        }
        guard let id = idValue.integer else {
            throw GradBenchProtocolError(description: "message \(lineNumber): \"id\" must be an integer, got \(idValue.serializedPreview)")
        }
        return response(to: message, id: id).text(style: .compact)
    }

    func response(to message: JSONValue, id: Int) -> JSONValue {
        let idMember = JSONValue.Member("id", .integer(id))
        guard let kindValue = message["kind"] else {
            return .object([idMember, .init("error", .string("message has no \"kind\""))])
        }
        guard let kind = kindValue.string else {
            return .object([idMember, .init("error", .string("\"kind\" must be a string, got \(kindValue.kindDescription)"))])
        }
        switch kind {
        case "start":
            return .object([idMember, .init("tool", .string("mixtape"))])
        case "define":
            guard let module = message["module"]?.string else {
                return failure(idMember, "define message needs a \"module\" string")
            }
            guard evals[module] != nil else {
                return failure(idMember, "mixtape gradbench does not implement module \"\(module)\" (it implements \(evals.keys.sorted().joined(separator: ", ")))")
            }
            return .object([idMember, .init("success", .bool(true))])
        case "evaluate":
            return evaluate(message, idMember)
        case "analysis":
            return .object([idMember])
        default:
            return .object([idMember, .init("error", .string("unknown message kind \"\(kind)\""))])
        }
    }

    func failure(_ id: JSONValue.Member, _ error: String) -> JSONValue {
        .object([id, .init("success", .bool(false)), .init("error", .string(error))])
    }

    func evaluate(_ message: JSONValue, _ idMember: JSONValue.Member) -> JSONValue {
        guard let module = message["module"]?.string else {
            return failure(idMember, "evaluate message needs a \"module\" string")
        }
        guard let function = message["function"]?.string else {
            return failure(idMember, "evaluate message needs a \"function\" string")
        }
        guard let input = message["input"] else {
            return failure(idMember, "evaluate message needs an \"input\"")
        }
        guard let eval = evals[module] else {
            return failure(idMember, "mixtape gradbench does not implement module \"\(module)\"")
        }
        guard eval.functions.contains(function) else {
            return failure(idMember, unknownFunction(function, of: eval).description)
        }
        let evalInput = EvalInput(input, eval: module)
        do {
            let settings = try RunSettings(evalInput)
            var prepared = try eval.prepare(function: function, input: evalInput)
            let times = timedRuns(&prepared, settings)
            if let reason = prepared.failure { return failure(idMember, "\(module)::\(function): \(reason)") }
            let output = prepared.output()
            if let path = output.firstNonFiniteNumber(path: "output") {
                return failure(idMember, "\(module)::\(function) produced a non-finite number at \(path) (JSON cannot carry it)")
            }
            let timings = JSONValue.array(times.map {
                .object(["name": .string("evaluate"), "nanoseconds": .integer($0)])
            })
            return .object([idMember, .init("success", .bool(true)), .init("output", output), .init("timings", timings)])
        } catch {
            return failure(idMember, error.description)
        }
    }
}
