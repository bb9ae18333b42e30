/// A JSON value (RFC 8259), with object members kept in the order they were read or built.
///
/// Mixtape's model files, `select` tables and `kmeans` reports are JSON; this is the one type that
/// reads and writes them (``init(parsing:maximumDepth:)-(Collection<UInt8>,_)`` and
/// ``text(style:)``). Numbers are `Double`s and round-trip exactly: the parser is correctly
/// rounded and the writer prints the shortest text that reads back to the same `Double`.
/// Foundation's `JSONSerialization` is not used because on Linux it does not round-trip every
/// `Double` (measured: off by an ulp in about 1 of 4 fitted parameters) and reads the integer 1 as
/// `true`.
///
/// ```swift
/// let value = try JSONValue(parsing: #"{"k": 2, "weights": [0.25, 0.75]}"#)
/// value["weights"]?.numericArray?.values   // [0.25, 0.75]
/// print(value.text())                      // pretty-printed, members in the same order
/// ```
public enum JSONValue: Equatable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number. The parser gives ±infinity for a decimal too large for a `Double` (`1e999`), so
    /// that a reader can say which key holds it; the writer writes non-finite numbers as `null`.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object: its members in order; keys are unique (the parser rejects a repeated key).
    case object([Member])

    /// One `"key": value` member of an object.
    public struct Member: Equatable, Sendable {
        /// The key.
        public var key: String
        /// The value.
        public var value: JSONValue

        /// A member from its key and value.
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// An object from `(key, value)` pairs, in that order.
    /// - Precondition: the keys are distinct.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        let members = pairs.map { Member($0.key, $0.value) }
        precondition(Set(members.map(\.key)).count == members.count, "JSONValue.object: repeated key")
        return .object(members)
    }

    /// The value of `key` when this is an object that has it, else `nil`.
    /// - Complexity: O(number of members).
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// An integer as a number (exact for |value| ≤ 2⁵³).
    public static func integer(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// A nested array of numbers of the given shape from row-major `values`: shape `[]` is the
    /// single number `values[0]`, `[3]` a flat array, `[2, 3]` two arrays of three.
    /// - Precondition: `values.count` is the product of `shape`.
    /// - Complexity: O(values.count).
    public static func numbers(_ values: [Double], shape: [Int]) -> JSONValue {
        precondition(values.count == shape.reduce(1, *), "JSONValue.numbers: \(values.count) values do not fill shape \(shape)")
        func nest(_ start: Int, _ level: Int) -> JSONValue {
            if level == shape.count { return .number(values[start]) }
            let inner = shape[(level + 1)...].reduce(1, *)
            return .array((0..<shape[level]).map { nest(start + $0 * inner, level + 1) })
        }
        return nest(0, 0)
    }

    /// When this is a number or a rectangular nested array of numbers: its shape (`[]` for a
    /// number, `[n]` for a flat array, `[rows, columns]` …) and its numbers, row-major. `nil` when
    /// an element is not a number or rows differ in length. An empty array has shape `[0]`.
    /// - Complexity: O(number of elements).
    public var numericArray: (shape: [Int], values: [Double])? {
        var values: [Double] = []
        var shape: [Int]?
        func walk(_ value: JSONValue, _ prefix: [Int]) -> Bool {
            switch value {
            case let .number(x):
                if let shape { guard shape == prefix else { return false } } else { shape = prefix }
                values.append(x)
                return true
            case let .array(items):
                if items.isEmpty {
                    if let shape { return shape == prefix + [0] }
                    shape = prefix + [0]
                    return true
                }
                let inner = prefix + [items.count]
                // Every element at this level must have the same length as the first one seen.
                if let shape, shape.count <= prefix.count || shape[prefix.count] != items.count { return false }
                return items.allSatisfy { walk($0, inner) }
            default:
                return false
            }
        }
        guard walk(self, []), let shape else { return nil }
        return (shape, values)
    }

    /// The string, when this is one.
    public var string: String? { if case let .string(s) = self { s } else { nil } }
    /// The number, when this is one.
    public var number: Double? { if case let .number(x) = self { x } else { nil } }
    /// The elements, when this is an array.
    public var array: [JSONValue]? { if case let .array(items) = self { items } else { nil } }
    /// The Boolean, when this is one.
    public var bool: Bool? { if case let .bool(b) = self { b } else { nil } }
    /// The number as an exact integer: a number with no fractional part within ±2⁵³; else `nil`.
    public var integer: Int? {
        guard case let .number(x) = self, x.rounded() == x, abs(x) <= 0x1p53 else { return nil }
        return Int(x)
    }

    /// The path of the first NaN or infinite number inside this value (`output.mu[1][0]`, members
    /// by key, elements by index, starting from `path`), or `nil` when every number is finite. The
    /// writer turns such numbers into `null`; a caller that must not send `null` checks first.
    /// - Complexity: O(size of the value).
    public func firstNonFiniteNumber(path: String = "") -> String? {
        switch self {
        case let .number(x): return x.isFinite ? nil : path
        case let .array(items):
            for (i, item) in items.enumerated() {
                if let p = item.firstNonFiniteNumber(path: "\(path)[\(i)]") { return p }
            }
            return nil
        case let .object(members):
            for member in members {
                let inner = path.isEmpty ? member.key : "\(path).\(member.key)"
                if let p = member.value.firstNonFiniteNumber(path: inner) { return p }
            }
            return nil
        default: return nil
        }
    }

    /// A short description of the kind of value, for messages: "a number", "an array", ….
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case let .bool(b): b ? "true" : "false"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
