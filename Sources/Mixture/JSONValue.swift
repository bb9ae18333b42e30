import Foundation

/// A parsed JSON value. Hand-written because Foundation's `JSONSerialization` on Linux does not
/// round-trip every `Double` exactly (measured: off by an ulp in ~1 of 4 fitted parameters) and
/// bridges the integer 1 to `Bool`; numbers here go through `Double(String)`, which is correctly rounded.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses a complete JSON text.
    /// - Throws: `ModelFileError` with the byte offset of the problem.
    static func parse(_ data: Data) throws(ModelFileError) -> JSONValue {
        var parser = Parser(bytes: [UInt8](data))
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    struct Parser {
        let bytes: [UInt8]
        var position = 0

        func error(_ what: String) -> ModelFileError {
            ModelFileError(reason: "not valid JSON: \(what) at byte \(position + 1)")
        }

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func expect(_ literal: String) throws(ModelFileError) {
            for b in literal.utf8 {
                guard position < bytes.count, bytes[position] == b else { throw error("expected \(literal)") }
                position += 1
            }
        }

        mutating func value(depth: Int) throws(ModelFileError) -> JSONValue {
            guard depth < 64 else { throw error("nesting too deep") }
            guard position < bytes.count else { throw error("unexpected end") }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var fields: [String: JSONValue] = [:]
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(fields) }
                while true {
                    skipWhitespace()
                    guard case let .string(key) = try value(depth: depth + 1) else { throw error("expected a key") }
                    skipWhitespace()
                    try expect(":")
                    skipWhitespace()
                    fields[key] = try value(depth: depth + 1)
                    skipWhitespace()
                    guard position < bytes.count else { throw error("unexpected end") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    try expect("}")
                    return .object(fields)
                }
            case UInt8(ascii: "["):
                position += 1
                var items: [JSONValue] = []
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                while true {
                    skipWhitespace()
                    items.append(try value(depth: depth + 1))
                    skipWhitespace()
                    guard position < bytes.count else { throw error("unexpected end") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    try expect("]")
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default:
                return .number(try number())
            }
        }

        mutating func number() throws(ModelFileError) -> Double {
            let start = position
            while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
            guard position > start else { throw error("unexpected character") }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            // Swift's Double(String) is correctly rounded (strtod underneath).
            let value = Double(text)
            guard let value else { throw error("malformed number \(text)") }
            return value
        }

        mutating func string() throws(ModelFileError) -> String {
            position += 1
            var out: [UInt8] = []
            while position < bytes.count {
                let b = bytes[position]
                position += 1
                switch b {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard position < bytes.count else { throw error("unexpected end") }
                    let e = bytes[position]
                    position += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard position + 4 <= bytes.count,
                              let code = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16)
                        else { throw error("malformed \\u escape") }
                        position += 4
                        out.append(contentsOf: Array(String(Unicode.Scalar(code).map(Character.init) ?? "?").utf8))
                    default: out.append(e)
                    }
                default: out.append(b)
                }
            }
            throw error("unterminated string")
        }
    }
}
