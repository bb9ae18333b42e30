extension JSONValue {
    /// Parses one complete JSON text (RFC 8259), UTF-8 encoded; a leading byte-order mark is skipped.
    ///
    /// Strict: no trailing commas, comments, single quotes, `NaN`, leading `+` or zeros, unescaped
    /// control characters, invalid UTF-8, lone surrogates, repeated keys in an object, or text after
    /// the value. Numbers are correctly rounded to `Double`; a decimal beyond the `Double` range
    /// (`1e999`) becomes ±infinity and one below it (`1e-999`) ±0, so the caller can decide.
    /// - Parameters:
    ///   - bytes: the UTF-8 text.
    ///   - maximumDepth: how deeply arrays and objects may nest (the parser is recursive).
    /// - Throws: `JSONError` naming the line, column and what was expected.
    /// - Complexity: O(bytes.count).
    public init(parsing bytes: some Collection<UInt8>, maximumDepth: Int = 256) throws(JSONError) {
        let array = Array(bytes)
        var parser = JSONParser(bytes: array, maximumDepth: maximumDepth)
        self = try parser.document()
    }

    /// Parses one complete JSON text; see ``init(parsing:maximumDepth:)-(Collection<UInt8>,_)``.
    public init(parsing text: String, maximumDepth: Int = 256) throws(JSONError) {
        try self.init(parsing: Array(text.utf8), maximumDepth: maximumDepth)
    }
}

/// A recursive-descent JSON parser over bytes.
struct JSONParser {
    let bytes: [UInt8]
    let maximumDepth: Int
    var position = 0

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    func error(_ reason: String, at offset: Int? = nil) -> JSONError {
        let at = min(offset ?? position, bytes.count)
        var line = 1, lineStart = 0
        for i in 0..<at where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return JSONError(reason: reason, line: line, column: at - lineStart + 1, offset: at)
    }

    /// What is at the current position, for messages.
    var found: String {
        guard position < bytes.count else { return "the end of the text" }
        let b = bytes[position]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16, uppercase: true)
    }

    mutating func document() throws(JSONError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        skipWhitespace()
        guard position < bytes.count else { throw error("the text is empty; expected a JSON value") }
        let value = try value(depth: 0)
        skipWhitespace()
        guard position == bytes.count else { throw error("unexpected \(found) after the JSON value") }
        return value
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONError) -> JSONValue {
        guard position < bytes.count else { throw error("unexpected end of the text; expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected \(found); expected a value")
        }
    }

    mutating func literal(_ word: String) throws(JSONError) {
        let start = position
        for b in word.utf8 {
            guard position < bytes.count, bytes[position] == b else {
                throw error("expected \(word) here", at: start)
            }
            position += 1
        }
    }

    mutating func object(depth: Int) throws(JSONError) -> JSONValue {
        guard depth <= maximumDepth else { throw error("arrays and objects nest deeper than \(maximumDepth) levels") }
        position += 1
        var members: [JSONValue.Member] = []
        var keys = Set<String>()
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw error("expected a string key, found \(found)")
            }
            let keyStart = position
            let key = try string()
            guard keys.insert(key).inserted else { throw error("the key \"\(key)\" appears twice in one object", at: keyStart) }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw error("expected ':' after the key \"\(key)\", found \(found)")
            }
            position += 1
            skipWhitespace()
            members.append(JSONValue.Member(key, try value(depth: depth)))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of the text inside an object") }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(members)
            default: throw error("expected ',' or '}' after an object member, found \(found)")
            }
        }
    }

    mutating func array(depth: Int) throws(JSONError) -> JSONValue {
        guard depth <= maximumDepth else { throw error("arrays and objects nest deeper than \(maximumDepth) levels") }
        position += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of the text inside an array") }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(items)
            default: throw error("expected ',' or ']' after an array element, found \(found)")
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, then `Double(String)` (correctly rounded).
    mutating func number() throws(JSONError) -> Double {
        let start = position
        func digit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard digit(position) else { throw error("a number needs a digit after '-'", at: start) }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if digit(position) { throw error("a number may not have a leading zero", at: start) }
        } else {
            while digit(position) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digit(position) else { throw error("a number needs a digit after '.'", at: start) }
            while digit(position) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digit(position) else { throw error("a number needs a digit in its exponent", at: start) }
            while digit(position) { position += 1 }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(text) else { throw error("the number \(text) cannot be read", at: start) }
        return value
    }

    mutating func string() throws(JSONError) -> String {
        let start = position
        position += 1
        var out: [UInt8] = []
        while position < bytes.count {
            let b = bytes[position]
            switch b {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = String(validating: out, as: UTF8.self) else {
                    throw error("the string is not valid UTF-8", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { throw error("unexpected end of the text in an escape") }
                let e = bytes[position]
                position += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        // A high surrogate must be followed by an escaped low surrogate.
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                              bytes[position + 1] == UInt8(ascii: "u") else {
                            throw error("a \\u escape of a high surrogate must be followed by a low surrogate", at: position - 6)
                        }
                        position += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw error("a \\u escape of a high surrogate must be followed by a low surrogate", at: position - 6)
                        }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(code) {
                        throw error("a lone low surrogate \\u escape", at: position - 6)
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(code)!)).utf8))
                default:
                    throw error("unknown escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: position - 2)
                }
            case 0x00..<0x20:
                throw error("a control character (byte 0x\(String(b, radix: 16, uppercase: true))) must be escaped in a string")
            default:
                out.append(b)
                position += 1
            }
        }
        throw error("a string is not closed", at: start)
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("a \\u escape needs four hexadecimal digits") }
        var code: UInt32 = 0
        for i in 0..<4 {
            let b = bytes[position + i]
            let v: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("a \\u escape needs four hexadecimal digits", at: position + i)
            }
            code = code << 4 | v
        }
        position += 4
        return code
    }
}
