#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a line is not JSON: the byte offset (from 0) and what was expected there.
public struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    /// Offset of the offending byte in the line.
    public let offset: Int
    /// What was wrong.
    public let reason: String
    /// One line: `invalid JSON at byte 17: expected ',' or '}'`.
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

extension GradBenchJSON {
    /// Parses one JSON text (RFC 8259; surrounding whitespace allowed). Numbers are converted with
    /// the C library's correctly rounded `strtod` after their syntax is checked, so every number
    /// that a correctly rounding writer printed reads back to the same `Double`; nesting deeper
    /// than 512 levels is refused (no unbounded recursion).
    /// - Throws: ``JSONSyntaxError`` naming the byte offset.
    /// - Complexity: O(length).
    ///
    /// ```swift
    /// try GradBenchJSON.parse("[1, 2.5e-3]")   // .array([.number(1), .number(0.0025)])
    /// ```
    public static func parse(_ text: String) throws(JSONSyntaxError) -> GradBenchJSON {
        var bytes = Array(text.utf8)
        return try parse(bytes: &bytes)
    }

    /// Parses the UTF-8 bytes of one JSON text (see ``parse(_:)``). `bytes` gets a NUL appended
    /// (and removed) so numbers can be handed to `strtod` in place.
    /// - Throws: ``JSONSyntaxError``.
    public static func parse(bytes: inout [UInt8]) throws(JSONSyntaxError) -> GradBenchJSON {
        bytes.append(0)
        defer { bytes.removeLast() }
        let result: Result<GradBenchJSON, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer.baseAddress!, count: buffer.count - 1)
            do throws(JSONSyntaxError) {
                parser.skipWhitespace()
                let v = try parser.value(depth: 0)
                parser.skipWhitespace()
                if parser.position != parser.count { throw parser.error("unexpected text after the value") }
                return .success(v)
            } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// A recursive-descent JSON parser over a NUL-terminated byte buffer.
struct JSONParser {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    var position = 0
    static let maximumDepth = 512

    init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
    }

    func error(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: position, reason: reason) }

    var current: UInt8 { position < count ? bytes[position] : 0 }

    mutating func skipWhitespace() {
        while position < count {
            let c = bytes[position]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position += 1 } else { break }
        }
    }

    mutating func expect(_ literal: StaticString, _ v: GradBenchJSON) throws(JSONSyntaxError) -> GradBenchJSON {
        let n = literal.utf8CodeUnitCount
        let p = literal.utf8Start
        for k in 0..<n where position + k >= count || bytes[position + k] != p[k] {
            position += k
            throw error("expected '\(literal)'")
        }
        position += n
        return v
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> GradBenchJSON {
        guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        guard position < count else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a value")
        }
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> GradBenchJSON {
        position += 1
        var members: [(String, GradBenchJSON)] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let key = try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipWhitespace()
            members.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            if current == UInt8(ascii: ",") { position += 1; continue }
            if current == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw error("expected ',' or '}'")
        }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> GradBenchJSON {
        position += 1
        var elements: [GradBenchJSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            if current == UInt8(ascii: ",") { position += 1; continue }
            if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
            throw error("expected ',' or ']'")
        }
    }

    /// A number: the JSON grammar checked here, the value from `strtod` (correctly rounded).
    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = position
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else if isDigit(current) {
            while isDigit(current) { position += 1 }
        } else { throw error("expected a digit") }
        if current == UInt8(ascii: ".") {
            position += 1
            guard isDigit(current) else { throw error("expected a digit after '.'") }
            while isDigit(current) { position += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard isDigit(current) else { throw error("expected a digit in the exponent") }
            while isDigit(current) { position += 1 }
        }
        // The byte after the number is not part of a number (checked above), so strtod stops
        // exactly at `position`.
        let p = UnsafeMutableRawPointer(mutating: bytes + start).assumingMemoryBound(to: CChar.self)
        return strtod(p, nil)
    }

    mutating func string() throws(JSONSyntaxError) -> String {
        position += 1
        var out: [UInt8] = []
        var runStart = position
        while true {
            guard position < count else { throw error("unterminated string") }
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                out.append(contentsOf: UnsafeBufferPointer(start: bytes + runStart, count: position - runStart))
                position += 1
                break
            }
            if c < 0x20 { throw error("control character in a string") }
            if c != UInt8(ascii: "\\") { position += 1; continue }
            out.append(contentsOf: UnsafeBufferPointer(start: bytes + runStart, count: position - runStart))
            position += 1
            guard position < count else { throw error("unterminated escape") }
            let e = bytes[position]
            position += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate must be followed by an escaped low one.
                    guard current == UInt8(ascii: "\\"), position + 1 < count,
                          bytes[position + 1] == UInt8(ascii: "u") else { throw error("unpaired surrogate") }
                    position += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw error("unpaired surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error("unpaired surrogate")
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
            default:
                position -= 1
                throw error("invalid escape")
            }
            runStart = position
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw JSONSyntaxError(offset: runStart, reason: "string is not valid UTF-8")
        }
        return s
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = current
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 0x41 + 10)
            default: throw error("expected four hex digits")
            }
            v = v << 4 | d
            position += 1
        }
        return v
    }
}
