import Foundation

/// A JSON value as the GradBench protocol exchanges it.
///
/// Numbers are kept as `Double` (parsed correctly rounded, written in the shortest form that
/// reads back to the same `Double`, so every answer round-trips exactly); object members keep
/// their order (a list of pairs, since messages are small and read once).
///
/// ```swift
/// let v = try GradBenchJSON.parse(#"{"id": 1, "kind": "start"}"#)
/// v["kind"]?.string   // "start"
/// ```
public enum GradBenchJSON: Equatable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number (JSON has one number type; integers are exact up to 2⁵³).
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([GradBenchJSON])
    /// An object: its members in the order they were written.
    case object([(String, GradBenchJSON)])

    /// Equal values (objects compare their members in order).
    public static func == (a: GradBenchJSON, b: GradBenchJSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member named `key` of an object (the first, if repeated); `nil` otherwise.
    public subscript(key: String) -> GradBenchJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The string, if this is one.
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The number, if this is one.
    public var number: Double? { if case .number(let x) = self { return x } else { return nil } }
    /// The elements, if this is an array.
    public var array: [GradBenchJSON]? { if case .array(let a) = self { return a } else { return nil } }
    /// The Boolean, if this is one.
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }

    /// The number as an exact integer (a JSON number with no fractional part within ±2⁵³).
    public var integer: Int? {
        guard case .number(let x) = self, x.rounded() == x, abs(x) <= 9_007_199_254_740_992 else { return nil }
        return Int(x)
    }

    /// A short name of the kind of value, for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a Boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// An array of numbers as JSON.
    public static func numbers(_ xs: [Double]) -> GradBenchJSON { .array(xs.map { .number($0) }) }

    /// Rows of numbers as JSON (an array of arrays).
    public static func rows(_ xs: [Double], columns: Int) -> GradBenchJSON {
        guard columns > 0 else { return .array([]) }
        return .array(stride(from: 0, to: xs.count, by: columns).map {
            .numbers(Array(xs[$0..<Swift.min($0 + columns, xs.count)]))
        })
    }
}
