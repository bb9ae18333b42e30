import Autodiff

/// The expression parser: operator precedence (shunting-yard) with explicit stacks, reducing
/// straight into a ``GraphBuilder`` — no recursion, so nesting depth is limited only by memory
/// (100,000 nested parentheses parse in linear time).
///
/// Grammar, loosest first: `;` separates outputs; `+ -` (left); `* /` (left); unary `-` and `+`;
/// `^` or `**` (right: `2^3^2 = 2^9`; `-x^2 = -(x^2)`; `2^-1` is allowed); then numbers,
/// variables, `pi`, `e`, `f(arguments)` and parentheses.
struct Parser {
    /// How identifiers that are not functions or constants are resolved.
    enum Names {
        /// Any name is a variable, made an input when first met.
        case any
        /// Only these names are variables.
        case declared(Set<String>)
        /// None allowed (a constant expression such as a value in `--at`).
        case constantsOnly
    }

    enum Item {
        case binary(Operation, precedence: Int, column: Int, text: String)
        case negate(column: Int)
        case parenthesis(column: Int)
        case function(Operation, name: String, arguments: Int, column: Int)
    }

    var lexer: Lexer
    var builder: GraphBuilder
    let names: Names

    init(_ text: String, names: Names, sourceName: String = "expression", columnOffset: Int = 0,
         displayText: String? = nil) {
        lexer = Lexer(text, sourceName: sourceName, columnOffset: columnOffset, displayText: displayText)
        builder = GraphBuilder()
        self.names = names
    }

    func error(_ message: String, column: Int) -> ExpressionError {
        ExpressionError(.usage, message, source: lexer.sourceName, column: column, text: lexer.source)
    }

    static let constants: [String: Double] = ["pi": Double.pi, "e": 2.718281828459045]

    /// Every output of the text, in order.
    /// - Throws: ``ExpressionError`` (usage) at the first syntax error, unknown name or wrong
    ///   number of arguments, with its column.
    mutating func parse() throws(ExpressionError) -> [Operand] {
        var outputs: [Operand] = []
        var values: [Operand] = []
        var stack: [Item] = []
        var expectOperand = true
        var tokensInOutput = 0
        var previous = Token(kind: .end, column: 1 + lexer.columnOffset, text: "start")

        while true {
            let token = try lexer.next()
            defer { previous = token }
            if expectOperand {
                switch token.kind {
                case .number(let v):
                    values.append(.constant(v))
                    expectOperand = false
                case .identifier(let name):
                    if lexer.nextIsLeftParenthesis() {
                        guard let op = Operation(functionName: name) else {
                            throw error(unknownFunction(name), column: token.column)
                        }
                        _ = try lexer.next()   // the "("
                        stack.append(.function(op, name: name, arguments: 0, column: token.column))
                    } else if let i = builder.inputs[name] {
                        values.append(.node(Int(i)))   // a variable met before: one lookup
                        expectOperand = false
                    } else if name == "pi" || name == "e" {
                        values.append(.constant(Parser.constants[name]!))
                        expectOperand = false
                    } else if Operation(functionName: name) != nil {
                        throw error("'\(name)' is a function: write \(name)(…)", column: token.column)
                    } else {
                        values.append(try variable(name, column: token.column))
                        expectOperand = false
                    }
                case .leftParenthesis:
                    stack.append(.parenthesis(column: token.column))
                case .minus:
                    stack.append(.negate(column: token.column))
                case .plus:
                    break
                case .rightParenthesis:
                    if case .function(let op, let name, 0, let column)? = stack.last {
                        throw error("\(name) takes \(op.arity) argument\(op.arity == 1 ? "" : "s"), none given", column: column)
                    }
                    if case .parenthesis? = stack.last, case .leftParenthesis = previous.kind {
                        throw error("empty parentheses", column: token.column)
                    }
                    throw error("missing operand before ')'", column: token.column)
                case .end, .semicolon:
                    if tokensInOutput == 0 {
                        if token.kind == .end && !outputs.isEmpty && previous.kind == .semicolon { return outputs }
                        if token.kind == .end && outputs.isEmpty { throw error("empty expression", column: token.column) }
                        throw error("empty output before '\(token.kind == .end ? "end" : ";")'", column: token.column)
                    }
                    throw error("missing operand after '\(previous.text)'", column: token.column)
                case .star, .slash, .caret, .comma:
                    if tokensInOutput == 0 || previous.kind == .leftParenthesis || previous.kind == .comma {
                        throw error("missing operand before '\(token.text)'", column: token.column)
                    }
                    throw error("missing operand between '\(previous.text)' and '\(token.text)'", column: token.column)
                }
            } else {
                switch token.kind {
                case .plus, .minus, .star, .slash, .caret:
                    let (op, precedence): (Operation, Int) = switch token.kind {
                    case .plus: (.add, 1)
                    case .minus: (.subtract, 1)
                    case .star: (.multiply, 2)
                    case .slash: (.divide, 2)
                    default: (.power, 4)
                    }
                    let rightAssociative = op == .power
                    while let top = stack.last {
                        let q: Int
                        switch top {
                        case .binary(_, let p, _, _): q = p
                        case .negate: q = 3
                        default: q = 0
                        }
                        guard q > precedence || (q == precedence && !rightAssociative) else { break }
                        try reduce(&stack, &values)
                    }
                    stack.append(.binary(op, precedence: precedence, column: token.column, text: token.text))
                    expectOperand = true
                case .rightParenthesis:
                    try reduceOperators(&stack, &values)
                    guard let top = stack.popLast() else {
                        throw error("unbalanced parenthesis: ')' has no matching '('", column: token.column)
                    }
                    if case .function(let op, let name, let count, let column) = top {
                        let given = count + 1
                        guard given == op.arity else {
                            throw error("\(name) takes \(op.arity) argument\(op.arity == 1 ? "" : "s"), \(given) given", column: column)
                        }
                        let arguments = Array(values.suffix(given))
                        values.removeLast(given)
                        values.append(try builder.apply(op, arguments[0], arguments.count > 1 ? arguments[1] : nil, column: column))
                    }
                case .comma:
                    try reduceOperators(&stack, &values)
                    guard case .function(let op, let name, let count, let column)? = stack.last else {
                        throw error("',' outside a function's arguments", column: token.column)
                    }
                    stack[stack.count - 1] = .function(op, name: name, arguments: count + 1, column: column)
                    expectOperand = true
                case .semicolon, .end:
                    try reduceOperators(&stack, &values)
                    if let open = stack.last {
                        switch open {
                        case .parenthesis(let column):
                            throw error("unbalanced parenthesis: '(' is never closed", column: column)
                        case .function(_, let name, _, let column):
                            throw error("unbalanced parenthesis: '\(name)(' is never closed", column: column)
                        default: break
                        }
                    }
                    outputs.append(values.removeLast())
                    if token.kind == .end { return outputs }
                    expectOperand = true
                    tokensInOutput = 0
                    continue
                case .number, .identifier, .leftParenthesis:
                    var hint = ""
                    if case .number = previous.kind { hint = " (write \(previous.text)*\(token.text) to multiply)" }
                    throw error("missing operator between '\(previous.text)' and '\(token.text)'\(hint)", column: token.column)
                }
            }
            tokensInOutput += 1
        }
    }

    /// Applies operators (binary and negation) from the top of the stack down to the nearest
    /// parenthesis or function call.
    mutating func reduceOperators(_ stack: inout [Item], _ values: inout [Operand]) throws(ExpressionError) {
        while let top = stack.last {
            switch top {
            case .binary, .negate: try reduce(&stack, &values)
            default: return
            }
        }
    }

    /// Applies the operator on top of the stack to the top values.
    mutating func reduce(_ stack: inout [Item], _ values: inout [Operand]) throws(ExpressionError) {
        switch stack.removeLast() {
        case .binary(let op, _, let column, _):
            let b = values.removeLast(), a = values.removeLast()
            values.append(try builder.apply(op, a, b, column: column))
        case .negate(let column):
            let a = values.removeLast()
            values.append(try builder.apply(.negate, a, nil, column: column))
        default: break
        }
    }

    mutating func variable(_ name: String, column: Int) throws(ExpressionError) -> Operand {
        switch names {
        case .any:
            return builder.variable(name, column: column)
        case .declared(let declared):
            if declared.contains(name) { return builder.variable(name, column: column) }
            let candidates = declared.sorted() + Parser.constants.keys.sorted()
            var message = "unknown variable '\(name)'"
            if let near = NameSuggestion.nearest(to: name, in: candidates) {
                message += Parser.constants[near] != nil ? " (did you mean the constant '\(near)'?)" : " (did you mean '\(near)'?)"
            }
            throw error(message, column: column)
        case .constantsOnly:
            var message = "'\(name)' is not a number"
            if let near = NameSuggestion.nearest(to: name, in: Parser.constants.keys.sorted()) {
                message += " (did you mean the constant '\(near)'?)"
            }
            throw error(message, column: column)
        }
    }

    func unknownFunction(_ name: String) -> String {
        var message = "unknown function '\(name)'"
        if let rewrite = NameSuggestion.rewrites[name] {
            return message + " (write \(rewrite))"
        }
        if let near = NameSuggestion.nearest(to: name, in: Operation.functionNames) {
            message += " (did you mean '\(near)'?)"
        } else {
            message += " (the functions are \(Operation.functionNames.joined(separator: " ")); write \(name)*(…) to multiply)"
        }
        return message
    }
}

/// `x2` before `x10`: names compared piecewise, runs of digits by their numeric value.
func naturalOrder(_ a: String, _ b: String) -> Bool {
    let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
    var i = 0, j = 0
    while i < s.count && j < t.count {
        if Lexer.isDigit(s[i]) && Lexer.isDigit(t[j]) {
            var p = i, q = j
            while p < s.count && Lexer.isDigit(s[p]) { p += 1 }
            while q < t.count && Lexer.isDigit(t[q]) { q += 1 }
            let x = String(String.UnicodeScalarView(s[i..<p])), y = String(String.UnicodeScalarView(t[j..<q]))
            let xs = x.drop(while: { $0 == "0" }), ys = y.drop(while: { $0 == "0" })
            if xs.count != ys.count { return xs.count < ys.count }
            if xs != ys { return xs < ys }
            if x.count != y.count { return x.count < y.count }
            i = p; j = q
        } else {
            if s[i] != t[j] { return s[i].value < t[j].value }
            i += 1; j += 1
        }
    }
    return s.count - i < t.count - j
}
