import Autodiff

/// A JSON value for the command outputs, written with keys in the order given (so output is
/// stable and readable) and numbers in their shortest round-trip form; non-finite numbers are
/// written `null`, as JSON has no infinities or NaN.
///
/// ```swift
/// JSONOutput.object([("value", .number(2.5)), ("variables", .strings(["x"]))]).rendered
/// // {"value": 2.5, "variables": ["x"]} (pretty-printed over several lines)
/// ```
public indirect enum JSONOutput: Sendable, Equatable {
    /// A number (`null` if not finite).
    case number(Double)
    /// An integer.
    case integer(Int)
    /// A string.
    case string(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array.
    case array([JSONOutput])
    /// An object with keys in this order.
    case object([(String, JSONOutput)])

    /// An array of numbers.
    public static func numbers(_ values: [Double]) -> JSONOutput { .array(values.map { .number($0) }) }
    /// An array of strings.
    public static func strings(_ values: [String]) -> JSONOutput { .array(values.map { .string($0) }) }
    /// An object from names and numbers in order (`{"x1": 1, "x2": 2}`).
    public static func numbers(named names: [String], _ values: [Double]) -> JSONOutput {
        .object(zip(names, values).map { ($0, .number($1)) })
    }
    /// A matrix as an array of rows.
    public static func matrix(_ rows: [[Double]]) -> JSONOutput { .array(rows.map(numbers)) }

    /// Pretty-printed JSON (two-space indent; arrays of scalars on one line), with a final newline.
    public var rendered: String {
        var out = ""
        render(into: &out, indent: 0)
        return out + "\n"
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    func render(into out: inout String, indent: Int) {
        switch self {
        case .number(let x): out += NumberText.json(x)
        case .integer(let i): out += String(i)
        case .string(let s): out += JSONOutput.quote(s)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy(\.isScalar) {
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += ", " }
                    item.render(into: &out, indent: indent)
                }
                out += "]"
                return
            }
            let pad = String(repeating: " ", count: indent + 2)
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.render(into: &out, indent: indent + 2)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            let pad = String(repeating: " ", count: indent + 2)
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += pad + JSONOutput.quote(key) + ": "
                value.render(into: &out, indent: indent + 2)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    /// `s` as a JSON string literal (quotes, backslashes and control characters escaped).
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Equality of rendered form (objects compare keys in order).
    public static func == (a: JSONOutput, b: JSONOutput) -> Bool { a.rendered == b.rendered }
}
