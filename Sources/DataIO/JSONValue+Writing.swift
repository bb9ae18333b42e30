extension JSONValue {
    /// How ``text(style:)`` lays the text out.
    public enum Style: Sendable {
        /// No whitespace at all.
        case compact
        /// Objects one member per line (two-space indent), except an object of only scalars inside
        /// an array, which stays on one line; arrays on one line unless they hold objects.
        case pretty
    }

    /// The JSON text of this value.
    ///
    /// Strings are escaped completely (`"`, `\`, and every control character below U+0020, as
    /// `\n`, `\t`, … or `\u00XX`); numbers are written by ``numberText(_:)``, which reads back to
    /// the same `Double` bit for bit.
    /// - Complexity: O(size of the text).
    public func text(style: Style = .pretty) -> String {
        var out = ""
        write(to: &out, style: style, indent: 0, nestedInArray: false)
        return out
    }

    /// The shortest JSON number text that reads back as exactly `x`: integers below 2⁵³ without a
    /// fraction (`2`, `-0` for negative zero), others in Swift's shortest round-trip form (`0.1`,
    /// `1e-05`, `1.7976931348623157e+308`). JSON has no infinities or NaN: those are written `null`.
    public static func numberText(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == 0 { return x.sign == .minus ? "-0" : "0" }
        if x == x.rounded(.towardZero), abs(x) < 0x1p53 { return String(Int64(x)) }
        return x.description
    }

    /// `s` as a quoted JSON string with every character that needs it escaped.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        appendQuoted(s, to: &out)
        return out + "\""
    }

    static func appendQuoted(_ s: String, to out: inout String) {
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16, uppercase: false)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    func write(to out: inout String, style: Style, indent: Int, nestedInArray: Bool) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(x): out += Self.numberText(x)
        case let .string(s):
            out += "\""
            Self.appendQuoted(s, to: &out)
            out += "\""
        case let .array(items):
            let multiline = style == .pretty && items.contains { if case .object = $0 { true } else { false } }
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += style == .pretty && !multiline ? ", " : "," }
                if multiline { newline(&out, indent + 1) }
                item.write(to: &out, style: style, indent: indent + 1, nestedInArray: true)
            }
            if multiline { newline(&out, indent) }
            out += "]"
        case let .object(members):
            if members.isEmpty { out += "{}"; return }
            let multiline = style == .pretty && !(nestedInArray && members.allSatisfy { $0.value.isScalar })
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += style == .pretty && !multiline ? ", " : "," }
                if multiline { newline(&out, indent + 1) }
                out += "\""
                Self.appendQuoted(member.key, to: &out)
                out += style == .pretty ? "\": " : "\":"
                member.value.write(to: &out, style: style, indent: indent + 1, nestedInArray: false)
            }
            if multiline { newline(&out, indent) }
            out += "}"
        }
    }

    func newline(_ out: inout String, _ indent: Int) {
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }
}
