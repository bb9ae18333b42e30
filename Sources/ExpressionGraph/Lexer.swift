import Autodiff

/// A token of the expression language, with the 1-based column where it starts.
struct Token {
    enum Kind: Equatable {
        case number(Double)
        case identifier(String)
        case plus, minus, star, slash, caret, leftParenthesis, rightParenthesis, comma, semicolon
        case end
    }

    let kind: Kind
    let column: Int
    /// The characters of the token as written (for messages).
    let text: String
}

/// Splits an expression into tokens. Accepts `**` for `^`, and the typographic `·`, `×`, `−`,
/// `÷` and `π` that the printed programs use, so a printed line can be pasted back.
struct Lexer {
    let scalars: [Unicode.Scalar]
    let source: String
    let sourceName: String
    let columnOffset: Int
    var position = 0

    /// A lexer of `text`; columns are reported `columnOffset` further right, in `displayText`
    /// (the whole option value `text` is part of, say) when given.
    init(_ text: String, sourceName: String = "expression", columnOffset: Int = 0, displayText: String? = nil) {
        scalars = Array(text.unicodeScalars)
        source = displayText ?? text
        self.sourceName = sourceName
        self.columnOffset = columnOffset
    }

    func error(_ message: String, at index: Int) -> ExpressionError {
        ExpressionError(.usage, message, source: sourceName, column: index + 1 + columnOffset, text: source)
    }

    /// A letter or `_` (ASCII tested directly: Unicode property lookups cost more than the rest
    /// of lexing together).
    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 {
            return (c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A || c == "_"
        }
        return c.properties.isAlphabetic && c != "π" && c != "·" && c != "×" && c != "÷"
    }

    static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }

    /// Space, tab, line ends (ASCII directly), or any Unicode white space.
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return c == " " || (c.value >= 0x09 && c.value <= 0x0D) }
        return c.properties.isWhitespace
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    /// The next token.
    /// - Throws: a malformed number, a number out of range, or a character the language does
    ///   not use.
    mutating func next() throws(ExpressionError) -> Token {
        while position < scalars.count, Lexer.isSpace(scalars[position]) { position += 1 }
        let start = position
        let column = start + 1 + columnOffset
        guard position < scalars.count else { return Token(kind: .end, column: column, text: "end of input") }
        let c = scalars[position]
        func single(_ kind: Token.Kind) -> Token {
            position += 1
            return Token(kind: kind, column: column, text: String(c))
        }
        switch c {
        case "+": return single(.plus)
        case "-", "−": return single(.minus)
        case "*", "·", "×":
            if c == "*", position + 1 < scalars.count, scalars[position + 1] == "*" {
                position += 2
                return Token(kind: .caret, column: column, text: "**")
            }
            return single(.star)
        case "/", "÷": return single(.slash)
        case "^": return single(.caret)
        case "(": return single(.leftParenthesis)
        case ")": return single(.rightParenthesis)
        case ",": return single(.comma)
        case ";": return single(.semicolon)
        case "π":
            position += 1
            return Token(kind: .identifier("pi"), column: column, text: "π")
        default: break
        }
        if Lexer.isDigit(c) || (c == "." && position + 1 < scalars.count && Lexer.isDigit(scalars[position + 1])) {
            return try number(start: start)
        }
        if Lexer.isIdentifierStart(c) {
            var name = String.UnicodeScalarView()
            while position < scalars.count, Lexer.isIdentifierContinue(scalars[position]) {
                name.append(scalars[position])
                position += 1
            }
            let text = String(name)
            return Token(kind: .identifier(text), column: column, text: text)
        }
        let shown = c.properties.isWhitespace || c.value < 0x20 ? "U+" + String(c.value, radix: 16, uppercase: true) : String(c)
        throw error("unexpected character '\(shown)'", at: start)
    }

    /// Digits, an optional fraction and an optional exponent (`1`, `2.5`, `.5`, `1e-3`, `6.02E+23`).
    mutating func number(start: Int) throws(ExpressionError) -> Token {
        var text = String.UnicodeScalarView()
        func take() { text.append(scalars[position]); position += 1 }
        while position < scalars.count, Lexer.isDigit(scalars[position]) { take() }
        if position < scalars.count, scalars[position] == "." {
            take()
            while position < scalars.count, Lexer.isDigit(scalars[position]) { take() }
        }
        if position < scalars.count, scalars[position] == "e" || scalars[position] == "E" {
            // An exponent only if digits follow (optionally signed); otherwise `2e` is malformed.
            var look = position + 1
            if look < scalars.count, scalars[look] == "+" || scalars[look] == "-" { look += 1 }
            if look < scalars.count, Lexer.isDigit(scalars[look]) {
                while position < look { take() }
                while position < scalars.count, Lexer.isDigit(scalars[position]) { take() }
            } else {
                var shown = String(text)
                shown.unicodeScalars.append(contentsOf: scalars[position..<Swift.min(look, scalars.count)])
                throw error("malformed number '\(shown)': the exponent needs digits", at: start)
            }
        }
        let literal = String(text)
        guard let value = Double(literal) else { throw error("malformed number '\(literal)'", at: start) }
        guard value.isFinite else {
            throw error("number '\(literal)' is out of the range of Double (about ±1.8e308)", at: start)
        }
        return Token(kind: .number(value), column: start + 1 + columnOffset, text: literal)
    }
}

extension Lexer {
    /// Whether the next character after spaces is `(` (a function call follows a name).
    func nextIsLeftParenthesis() -> Bool {
        var p = position
        while p < scalars.count, Lexer.isSpace(scalars[p]) { p += 1 }
        return p < scalars.count && scalars[p] == "("
    }
}
