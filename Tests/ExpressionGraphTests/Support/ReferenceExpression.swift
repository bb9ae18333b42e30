import Autodiff

/// An independent implementation of the expression language for tests: a small recursive-descent
/// parser into a tree, and a direct evaluation of the tree on any `Real` scalar — so that
/// Autodiff's `Dual`, `Variable` and `Taylor` can differentiate an expression without going
/// through `ExpressionGraph` at all. Only for well-formed test inputs of modest depth (it
/// recurses and traps on malformed text).
indirect enum ReferenceExpression: Sendable, CustomStringConvertible {
    case number(Double)
    case variable(String)
    case negate(ReferenceExpression)
    case binary(Character, ReferenceExpression, ReferenceExpression)
    case call(String, [ReferenceExpression])

    // MARK: Parsing

    /// The outputs of `text` (separated by `;`).
    static func parse(_ text: String) -> [ReferenceExpression] {
        text.split(separator: ";").map { part in
            var p = RecursiveDescent(Array(String(part).replacingFor("**", "^").unicodeScalars))
            let tree = p.sum()
            p.skipSpaces()
            precondition(p.i == p.s.count, "ReferenceExpression: trailing text in \(part)")
            return tree
        }
    }

    struct RecursiveDescent {
        let s: [Unicode.Scalar]
        var i = 0
        init(_ s: [Unicode.Scalar]) { self.s = s }

        mutating func skipSpaces() { while i < s.count, s[i] == " " { i += 1 } }
        mutating func peek() -> Unicode.Scalar? { skipSpaces(); return i < s.count ? s[i] : nil }

        mutating func sum() -> ReferenceExpression {
            var left = product()
            while let c = peek(), c == "+" || c == "-" {
                i += 1
                left = .binary(Character(c), left, product())
            }
            return left
        }

        mutating func product() -> ReferenceExpression {
            var left = unary()
            while let c = peek(), c == "*" || c == "/" || c == "·" {
                i += 1
                left = .binary(c == "/" ? "/" : "*", left, unary())
            }
            return left
        }

        mutating func unary() -> ReferenceExpression {
            if peek() == "-" { i += 1; return .negate(unary()) }
            if peek() == "+" { i += 1; return unary() }
            return power()
        }

        mutating func power() -> ReferenceExpression {
            let base = atom()
            if peek() == "^" {
                i += 1
                return .binary("^", base, unary())   // right-associative; the exponent may be signed
            }
            return base
        }

        mutating func atom() -> ReferenceExpression {
            guard let c = peek() else { fatalError("ReferenceExpression: unexpected end") }
            if c == "(" {
                i += 1
                let inner = sum()
                precondition(peek() == ")")
                i += 1
                return inner
            }
            if ("0"..."9").contains(c) || c == "." {
                var t = ""
                while i < s.count, ("0"..."9").contains(s[i]) || s[i] == "." || s[i] == "e" || s[i] == "E"
                    || ((s[i] == "-" || s[i] == "+") && (s[i - 1] == "e" || s[i - 1] == "E")) {
                    t.unicodeScalars.append(s[i]); i += 1
                }
                return .number(Double(t)!)
            }
            var name = ""
            while i < s.count, s[i].properties.isAlphabetic || s[i] == "_" || ("0"..."9").contains(s[i]) {
                name.unicodeScalars.append(s[i]); i += 1
            }
            precondition(!name.isEmpty, "ReferenceExpression: unexpected \(c)")
            if peek() == "(" {
                i += 1
                var args = [sum()]
                while peek() == "," { i += 1; args.append(sum()) }
                precondition(peek() == ")")
                i += 1
                return .call(name, args)
            }
            if name == "pi" { return .number(Double.pi) }
            if name == "e" { return .number(2.718281828459045) }
            return .variable(name)
        }
    }

    // MARK: Evaluation

    /// Whether the subtree has no variables (its value is a constant).
    var isConstant: Bool {
        switch self {
        case .number: return true
        case .variable: return false
        case .negate(let a): return a.isConstant
        case .binary(_, let a, let b): return a.isConstant && b.isConstant
        case .call(_, let args): return args.allSatisfy(\.isConstant)
        }
    }

    /// The value on `T`, variables from `env`. A constant integer exponent is an integer power
    /// (defined for negative bases), any other exponent the real power — the language's rule.
    func evaluate<T: Real>(_ env: [String: T]) -> T {
        switch self {
        case .number(let c): return lift(c)
        case .variable(let name): return env[name]!
        case .negate(let a): return -a.evaluate(env)
        case .binary(let op, let a, let b):
            if op == "^" { return ReferenceExpression.power(a, b, env) }
            let x = a.evaluate(env), y = b.evaluate(env)
            switch op {
            case "+": return x + y
            case "-": return x - y
            case "*": return x * y
            default: return x / y
            }
        case .call(let name, let args):
            if name == "pow" { return ReferenceExpression.power(args[0], args[1], env) }
            let x = args[0].evaluate(env)
            let y: T = args.count > 1 ? args[1].evaluate(env) : 0
            switch name {
            case "sin": return T.sin(x)
            case "cos": return T.cos(x)
            case "tan": return T.tan(x)
            case "asin": return T.asin(x)
            case "acos": return T.acos(x)
            case "atan": return T.atan(x)
            case "exp": return T.exp(x)
            case "log": return T.log(x)
            case "log1p": return T.log(onePlus: x)
            case "expm1": return T.expMinusOne(x)
            case "sqrt": return T.sqrt(x)
            case "abs": return x.magnitude
            case "tanh": return T.tanh(x)
            case "sinh": return T.sinh(x)
            case "cosh": return T.cosh(x)
            case "atan2": return T.atan2(y: x, x: y)
            case "hypot": return T.hypot(x, y)
            case "min": return T.minimum(x, y)
            case "max": return T.maximum(x, y)
            default: fatalError("ReferenceExpression: unknown function \(name)")
            }
        }
    }

    static func power<T: Real>(_ a: ReferenceExpression, _ b: ReferenceExpression, _ env: [String: T]) -> T {
        let x: T = a.evaluate(env)
        if b.isConstant {
            let c: Double = b.evaluate([:])
            if c == c.rounded() && Swift.abs(c) <= 1_073_741_824 { return T.pow(x, Int(c)) }
            return T.pow(x, lift(c) as T)
        }
        return T.pow(x, b.evaluate(env))
    }

    /// Fully parenthesised text of the tree (what the random tests feed the parser).
    var description: String {
        switch self {
        case .number(let c): return c < 0 ? "(\(c))" : "\(c)"
        case .variable(let name): return name
        case .negate(let a): return "(-\(a))"
        case .binary(let op, let a, let b): return "(\(a) \(op) \(b))"
        case .call(let name, let args): return "\(name)(\(args.map(\.description).joined(separator: ", ")))"
        }
    }
}

extension String {
    /// `self` with every `target` replaced (no Foundation needed).
    func replacingFor(_ target: String, _ replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound] + replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
