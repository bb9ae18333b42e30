import DataIO
/// Why an `evaluate` message cannot be run: one line naming the field and what is wrong. The
/// session answers it with `"success": false` and this text as the `"error"`.
public struct EvalInputError: Error, Equatable, CustomStringConvertible {
    /// The message.
    public let description: String
    /// An error with this message.
    public init(_ description: String) { self.description = description }
}

/// Typed access to the `"input"` of an `evaluate` message, with errors that name the field.
///
/// ```swift
/// let input = EvalInput(json, eval: "lse")
/// let x = try input.numbers("x")
/// ```
public struct EvalInput {
    /// The raw input.
    public let json: JSONValue
    /// The eval's name, for messages.
    public let eval: String

    /// Wraps an input.
    public init(_ json: JSONValue, eval: String) {
        self.json = json
        self.eval = eval
    }

    func fail(_ field: String, _ what: String) -> EvalInputError {
        EvalInputError("\(eval) input: field \"\(field)\" \(what)")
    }

    /// The member `key` of the input object.
    /// - Throws: ``EvalInputError`` if the input is not an object or has no such member.
    public func field(_ key: String) throws(EvalInputError) -> JSONValue {
        guard case .object = json else {
            throw EvalInputError("\(eval) input must be an object, got \(json.kindDescription)")
        }
        guard let v = json[key] else { throw fail(key, "is missing") }
        return v
    }

    /// A finite number.
    /// - Throws: ``EvalInputError`` if missing or not a number.
    public func number(_ key: String) throws(EvalInputError) -> Double {
        let v = try field(key)
        guard let x = v.number else { throw fail(key, "must be a number, got \(v.kindDescription)") }
        return x
    }

    /// An integer in `range`.
    /// - Throws: ``EvalInputError`` if missing, not an integer, or outside the range.
    public func integer(_ key: String, in range: ClosedRange<Int>) throws(EvalInputError) -> Int {
        let v = try field(key)
        guard let k = v.integer else { throw fail(key, "must be an integer, got \(v.serializedPreview)") }
        guard range.contains(k) else {
            throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(k)")
        }
        return k
    }

    /// An array of numbers, optionally of a given length.
    /// - Throws: ``EvalInputError`` naming the first element that is not a number.
    public func numbers(_ key: String, count: Int? = nil) throws(EvalInputError) -> [Double] {
        let v = try field(key)
        return try Self.numbers(v, field: key, count: count, input: self)
    }

    static func numbers(_ v: JSONValue, field: String, count: Int?, input: EvalInput) throws(EvalInputError) -> [Double] {
        guard case .array(let xs) = v else { throw input.fail(field, "must be an array of numbers, got \(v.kindDescription)") }
        if let count, xs.count != count {
            throw input.fail(field, "must have \(count) numbers, got \(xs.count)")
        }
        var out = [Double]()
        out.reserveCapacity(xs.count)
        for (k, x) in xs.enumerated() {
            guard case .number(let d) = x else {
                throw input.fail(field, "element \(k) must be a number, got \(x.kindDescription)")
            }
            out.append(d)
        }
        return out
    }

    /// An array of `rows` arrays of `columns` numbers each (either may be left open), flattened
    /// row-major, with the shape found.
    /// - Throws: ``EvalInputError`` naming the row or element that is wrong.
    public func matrix(_ key: String, rows: Int? = nil, columns: Int? = nil) throws(EvalInputError)
        -> (values: [Double], rows: Int, columns: Int)
    {
        let v = try field(key)
        guard case .array(let rs) = v else { throw fail(key, "must be an array of arrays of numbers, got \(v.kindDescription)") }
        if let rows, rs.count != rows { throw fail(key, "must have \(rows) rows, got \(rs.count)") }
        var width = columns
        var out = [Double]()
        for (r, row) in rs.enumerated() {
            guard case .array(let xs) = row else { throw fail(key, "row \(r) must be an array of numbers, got \(row.kindDescription)") }
            if let w = width, xs.count != w {
                throw fail(key, "row \(r) must have \(w) numbers, got \(xs.count)")
            }
            width = xs.count
            if r == 0 { out.reserveCapacity(rs.count * xs.count) }
            for (c, x) in xs.enumerated() {
                guard case .number(let d) = x else {
                    throw fail(key, "row \(r) element \(c) must be a number, got \(x.kindDescription)")
                }
                out.append(d)
            }
        }
        return (out, rs.count, width ?? 0)
    }
}

extension JSONValue {
    /// At most 40 characters of the value's JSON, for error messages.
    var serializedPreview: String {
        let s = isFiniteEverywhere ? text(style: .compact) : kindDescription
        return s.count > 40 ? String(s.prefix(37)) + "..." : s
    }

    var isFiniteEverywhere: Bool { firstNonFiniteNumber() == nil }
}

/// How many times to run a function: at least `minRuns` times and until `minSeconds` have
/// accumulated (the protocol's `Runs`).
public struct RunSettings: Equatable, Sendable {
    /// Least number of runs (at least 1).
    public var minRuns: Int
    /// Least total time in seconds.
    public var minSeconds: Double

    /// Limits that keep a hostile message from making the tool run for ever.
    public static let maximumRuns = 1_000_000
    /// The largest accepted `min_seconds`.
    public static let maximumSeconds = 3600.0

    /// Settings with the given bounds.
    public init(minRuns: Int = 1, minSeconds: Double = 0) {
        self.minRuns = minRuns
        self.minSeconds = minSeconds
    }

    /// Reads `min_runs` and `min_seconds` from an input object; absent fields mean one run.
    /// - Throws: ``EvalInputError`` for a value of the wrong type or out of range.
    public init(_ input: EvalInput) throws(EvalInputError) {
        guard case .object = input.json else { self.init(); return }
        var runs = 1, seconds = 0.0
        if input.json["min_runs"] != nil { runs = try input.integer("min_runs", in: 0...Self.maximumRuns) }
        if input.json["min_seconds"] != nil {
            seconds = try input.number("min_seconds")
            guard seconds >= 0 && seconds <= Self.maximumSeconds else {
                throw input.fail("min_seconds", "must be between 0 and \(Int(Self.maximumSeconds)), got \(seconds)")
            }
        }
        self.init(minRuns: Swift.max(runs, 1), minSeconds: seconds)
    }
}

extension JSONValue {
    /// An array of numbers.
    static func numbers(_ xs: [Double]) -> JSONValue { .numbers(xs, shape: [xs.count]) }

    /// Rows of `columns` numbers each (an array of arrays) from row-major `xs`.
    /// - Precondition: `columns > 0` divides `xs.count`.
    static func rows(_ xs: [Double], columns: Int) -> JSONValue {
        .numbers(xs, shape: [xs.count / columns, columns])
    }
}
