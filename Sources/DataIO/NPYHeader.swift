/// The dictionary at the start of a `.npy` file, e.g.
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }`: a Python literal with string
/// keys whose values are strings, booleans or tuples of integers. A structured dtype (a list) is
/// kept as its raw text so the error can show it.
struct NPYHeader {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    struct Malformed: Error {
        var reason: String
    }

    init(parsing bytes: [UInt8]) throws(Malformed) {
        var parser = Parser(bytes: bytes)
        var descr: String?
        var fortranOrder: Bool?
        var shape: [Int]?
        try parser.expect(UInt8(ascii: "{"))
        while true {
            parser.skipSpaces()
            if parser.peek == UInt8(ascii: "}") { break }
            let key = try parser.string()
            try parser.expect(UInt8(ascii: ":"))
            parser.skipSpaces()
            switch key {
            case "descr":
                if parser.peek == UInt8(ascii: "[") {
                    descr = parser.rawBracketed()
                } else {
                    descr = try parser.string()
                }
            case "fortran_order": fortranOrder = try parser.boolean()
            case "shape": shape = try parser.tuple()
            default: try parser.skipValue()
            }
            parser.skipSpaces()
            if parser.peek == UInt8(ascii: ",") {
                parser.position += 1
                continue
            }
            try parser.expect(UInt8(ascii: "}"))
            break
        }
        guard let descr else { throw Malformed(reason: "the header has no 'descr'") }
        guard let fortranOrder else { throw Malformed(reason: "the header has no 'fortran_order'") }
        guard let shape else { throw Malformed(reason: "the header has no 'shape'") }
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// A cursor over the header text.
    struct Parser {
        var bytes: [UInt8]
        var position = 0

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpaces() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D { position += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(Malformed) {
            skipSpaces()
            guard peek == byte else {
                throw Malformed(reason: "the header dictionary has no '\(Character(Unicode.Scalar(byte)))' "
                                + "where expected (at byte \(position))")
            }
            position += 1
        }

        mutating func string() throws(Malformed) -> String {
            skipSpaces()
            guard let open = peek, open == UInt8(ascii: "'") || open == UInt8(ascii: "\"") else {
                throw Malformed(reason: "the header dictionary has no quoted string at byte \(position)")
            }
            position += 1
            let start = position
            while let byte = peek, byte != open { position += 1 }
            guard peek == open else { throw Malformed(reason: "a string in the header is not closed") }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            position += 1
            return text
        }

        mutating func boolean() throws(Malformed) -> Bool {
            skipSpaces()
            for (word, value) in [("True", true), ("False", false)] {
                let spelled = Array(word.utf8)
                if bytes.count - position >= spelled.count
                    && Array(bytes[position ..< position + spelled.count]) == spelled {
                    position += spelled.count
                    return value
                }
            }
            throw Malformed(reason: "'fortran_order' is not True or False")
        }

        mutating func tuple() throws(Malformed) -> [Int] {
            try expect(UInt8(ascii: "("))
            var values: [Int] = []
            while true {
                skipSpaces()
                if peek == UInt8(ascii: ")") {
                    position += 1
                    return values
                }
                var value = 0
                var digits = 0
                while let byte = peek, byte >= 0x30, byte <= 0x39 {
                    let (scaled, overflow1) = value.multipliedReportingOverflow(by: 10)
                    let (next, overflow2) = scaled.addingReportingOverflow(Int(byte - 0x30))
                    if overflow1 || overflow2 { throw Malformed(reason: "a dimension in 'shape' is too large") }
                    value = next
                    digits += 1
                    position += 1
                }
                if digits == 0 { throw Malformed(reason: "'shape' is not a tuple of non-negative integers") }
                values.append(value)
                skipSpaces()
                if peek == UInt8(ascii: ",") {
                    position += 1
                } else if peek != UInt8(ascii: ")") {
                    throw Malformed(reason: "'shape' is not a tuple of non-negative integers")
                }
            }
        }

        /// The text of a `[...]` value, brackets included (nested brackets and quotes respected).
        mutating func rawBracketed() -> String {
            let start = position
            var depth = 0
            var quote: UInt8?
            while let byte = peek {
                position += 1
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: "{") {
                    depth += 1
                } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "}") {
                    depth -= 1
                    if depth == 0 { break }
                }
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// Skips a value of a key DataIO does not use.
        mutating func skipValue() throws(Malformed) {
            skipSpaces()
            switch peek {
            case UInt8(ascii: "'"), UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): _ = rawBracketed()
            default:
                while let byte = peek, byte != UInt8(ascii: ","), byte != UInt8(ascii: "}") { position += 1 }
            }
        }
    }
}
