import Autodiff

/// Source transformation: C or Swift code for an expression's derivatives, emitted from the
/// graph as straight-line code with one statement per node (the lecture's `diff_function.c`).
///
/// - Forward mode (tangent-linear code) computes `y = f(x)` and `ẏ = J(x)·ẋ`:
///   C `void f(const double x[n], const double xdot[n], double y[m], double ydot[m])`,
///   Swift `func f(_ x: [Double], _ xdot: [Double]) -> (value: [Double], tangent: [Double])`.
/// - Reverse mode (adjoint code) computes `y = f(x)` and `x̄ = ȳᵀJ(x)` (the gradient for one
///   output and `ȳ = 1`): C `void f(const double x[n], const double ybar[m], double y[m],
///   double xbar[n])`, Swift `func f(_ x: [Double], _ ybar: [Double]) -> (value: [Double],
///   adjoint: [Double])`; a forward pass stores every `wᵢ`, then one statement per node adds
///   `w̄ᵢ·∂wᵢ/∂wⱼ` to its arguments' adjoints, in reverse order.
///
/// The partials are the same formulas, in the same order of operations, as ``Operation/partials(_:_:value:exponent:)``,
/// so compiled code reproduces the graph's sweeps (and Autodiff's results) to rounding. The
/// code multiplies as IEEE arithmetic does — where a partial is infinite and its factor is 0
/// (√x at 0 along a direction without x) it gives NaN, where the graph's sweeps keep the exact
/// 0 (``Linearization``). It depends only on `<math.h>` (C) or Foundation (Swift).
///
/// ```swift
/// let g = try ComputationGraph(parsing: "x1*x2 + sin(x1)")
/// print(try CodeGenerator(language: .c, mode: .reverse, name: "f").source(for: g))
/// ```
public struct CodeGenerator: Sendable {
    /// The target language.
    public enum Language: String, Sendable, CaseIterable {
        /// C99 with `<math.h>`.
        case c
        /// Swift with Foundation.
        case swift
    }

    /// The language.
    public let language: Language
    /// Forward (tangent) or reverse (adjoint) code.
    public let mode: SweepMode
    /// The function's name.
    public let name: String

    static let cKeywords: Set<String> = [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
        "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
        "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "main",
    ]
    static let swiftKeywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "protocol", "public", "static", "struct", "subscript",
        "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else", "fallthrough", "for",
        "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "Any", "catch", "false", "is",
        "nil", "rethrows", "super", "self", "Self", "throw", "throws", "true", "try", "_",
    ]
    /// Names the generated code itself uses.
    static let reserved: Set<String> = ["x", "xdot", "y", "ydot", "ybar", "xbar", "sin", "cos", "tan", "exp", "log",
                                        "pow", "sqrt", "fabs", "abs", "hypot", "atan2", "fmin", "fmax", "Double"]

    /// A generator; `name` must be an identifier of the language that is not a keyword.
    /// - Throws: ``ExpressionError`` (usage, source `--name`) for an unusable name.
    public init(language: Language, mode: SweepMode, name: String = "f") throws(ExpressionError) {
        let scalars = Array(name.unicodeScalars)
        func ascii(_ c: Unicode.Scalar, digits: Bool) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" || (digits && ("0"..."9").contains(c))
        }
        guard let first = scalars.first, ascii(first, digits: false), scalars.allSatisfy({ ascii($0, digits: true) }) else {
            throw ExpressionError(.usage, "'\(name)' is not a function name (letters, digits and _, not starting with a digit)",
                                  source: "--name")
        }
        let keywords = language == .c ? CodeGenerator.cKeywords : CodeGenerator.swiftKeywords
        guard !keywords.contains(name), !CodeGenerator.reserved.contains(name),
              !(name.hasPrefix("w") && name.dropFirst().allSatisfy(\.isNumber)) else {
            throw ExpressionError(.usage, "'\(name)' is a keyword or a name the generated code uses; choose another", source: "--name")
        }
        self.language = language
        self.mode = mode
        self.name = name
    }

    /// A partial derivative as code.
    enum PartialCode {
        case one, minusOne
        case code(String)
    }

    func literal(_ c: Double) -> String {
        let text: String
        if c.isNaN { text = language == .c ? "NAN" : "Double.nan" }
        else if c.isInfinite { text = language == .c ? "INFINITY" : "Double.infinity"; if c < 0 { return "(-\(text))" } }
        else {
            var s = c.description
            if !s.contains(".") && !s.contains("e") && !s.contains("n") { s += ".0" }
            text = s
        }
        return c < 0 || (c == 0 && c.sign == .minus) ? "(\(text))" : text
    }

    func operand(_ o: Operand) -> String {
        switch o {
        case .node(let i): return "w\(i + 1)"
        case .constant(let c): return literal(c)
        }
    }

    /// The helper functions a node's code calls (real power, min/max partials).
    func helpers(_ ops: Set<Operation>) -> [String] {
        var out: [String] = []
        let c = language == .c
        if ops.contains(.power) {
            out.append(c ? "static inline double \(name)_pow(double x, double y) { if (!(x >= 0.0) || (x == 0.0 && y == 0.0)) return NAN; return pow(x, y); }"
                         : "private func \(name)_pow(_ x: Double, _ y: Double) -> Double { if !(x >= 0) || (x == 0 && y == 0) { return .nan }; return pow(x, y) }")
        }
        do {
            if ops.contains(.min) {
                out.append(c ? "static inline double \(name)_min_da(double a, double b) { if (isnan(a) || isnan(b)) return (isnan(a) && !isnan(b)) ? 0.0 : 1.0; return a < b ? 1.0 : (b < a ? 0.0 : 0.5); }"
                             : "private func \(name)_min_da(_ a: Double, _ b: Double) -> Double { if a.isNaN || b.isNaN { return a.isNaN && !b.isNaN ? 0 : 1 }; return a < b ? 1 : (b < a ? 0 : 0.5) }")
            }
            if ops.contains(.max) {
                out.append(c ? "static inline double \(name)_max_da(double a, double b) { if (isnan(a) || isnan(b)) return (isnan(a) && !isnan(b)) ? 0.0 : 1.0; return a > b ? 1.0 : (b > a ? 0.0 : 0.5); }"
                             : "private func \(name)_max_da(_ a: Double, _ b: Double) -> Double { if a.isNaN || b.isNaN { return a.isNaN && !b.isNaN ? 0 : 1 }; return a > b ? 1 : (b > a ? 0 : 0.5) }")
            }
        }
        return out
    }

    /// `wᵢ` as code.
    func valueCode(_ node: Node, index i: Int) -> String {
        let args = node.arguments.map(operand)
        let a = args.first ?? "", b = args.count > 1 ? args[1] : ""
        let c = language == .c
        switch node.operation {
        case .variable: return "x[\(i)]"
        case .add: return "\(a) + \(b)"
        case .subtract: return "\(a) - \(b)"
        case .multiply: return "\(a) * \(b)"
        case .divide: return "\(a) / \(b)"
        case .negate: return "-\(a)"
        case .integerPower: return "pow(\(a), \(literal(Double(node.integerExponent))))"
        case .power: return "\(name)_pow(\(a), \(b))"
        case .abs: return c ? "fabs(\(a))" : "abs(\(a))"
        case .min: return c ? "fmin(\(a), \(b))" : "Double.minimum(\(a), \(b))"
        case .max: return c ? "fmax(\(a), \(b))" : "Double.maximum(\(a), \(b))"
        default: return "\(node.operation.functionName!)(\(args.joined(separator: ", ")))"
        }
    }

    /// `∂wᵢ/∂(argument k)` as code (the formulas of ``Operation/partials(_:_:value:exponent:)``).
    func partialCode(_ node: Node, index i: Int, argument k: Int) -> PartialCode {
        let args = node.arguments.map(operand)
        let a = args[0], b = args.count > 1 ? args[1] : ""
        let v = "w\(i + 1)"
        switch node.operation {
        case .variable, .add: return .one
        case .subtract: return k == 0 ? .one : .minusOne
        case .negate: return .minusOne
        case .multiply: return .code(k == 0 ? b : a)
        case .divide: return .code(k == 0 ? "(1.0 / \(b))" : "(-(\(v) * (1.0 / \(b))))")
        case .integerPower:
            let n = node.integerExponent
            return .code("(\(literal(Double(n))) * pow(\(a), \(literal(Double(n - 1)))))")
        case .power:
            return .code(k == 0 ? "(\(b) * \(name)_pow(\(a), \(b) - 1.0))" : "(\(a) == 0.0 ? 0.0 : \(v) * log(\(a)))")
        case .sin: return .code("cos(\(a))")
        case .cos: return .code("(-sin(\(a)))")
        case .tan: return .code("(1.0 + \(v) * \(v))")
        case .asin: return .code("(1.0 / sqrt((1.0 - \(a)) * (1.0 + \(a))))")
        case .acos: return .code("(-1.0 / sqrt((1.0 - \(a)) * (1.0 + \(a))))")
        case .atan: return .code("(1.0 / (1.0 + \(a) * \(a)))")
        case .exp: return .code(v)
        case .log: return .code("(1.0 / \(a))")
        case .log1p: return .code("(1.0 / (1.0 + \(a)))")
        case .expm1: return .code("exp(\(a))")
        case .sqrt: return .code("(1.0 / (2.0 * \(v)))")
        case .abs: return .code("(\(a) > 0.0 ? 1.0 : (\(a) < 0.0 ? -1.0 : 0.0))")
        case .tanh: return .code("(1.0 / (cosh(\(a)) * cosh(\(a))))")
        case .sinh: return .code("cosh(\(a))")
        case .cosh: return .code("sinh(\(a))")
        case .atan2:
            let r = "hypot(\(a), \(b))"
            return .code(k == 0 ? "((\(b) / \(r)) / \(r))" : "(-((\(a) / \(r)) / \(r)))")
        case .hypot: return .code("(\(v) == 0.0 ? 0.0 : \(k == 0 ? a : b) / \(v))")
        case .min: return .code(k == 0 ? "\(name)_min_da(\(a), \(b))" : "(1.0 - \(name)_min_da(\(a), \(b)))")
        case .max: return .code(k == 0 ? "\(name)_max_da(\(a), \(b))" : "(1.0 - \(name)_max_da(\(a), \(b)))")
        }
    }

    /// The complete source file for `graph`: a comment naming the expression, variables and
    /// outputs, any helper functions, and the function.
    /// - Complexity: O(N) lines.
    public func source(for graph: ComputationGraph) -> String {
        let c = language == .c
        let n = graph.inputCount, m = graph.outputCount, count = graph.nodeCount
        let nodes = graph.nodes
        var lines: [String] = []
        /// One line of statements: `a; b;` in C, `a; b` in Swift.
        func emit(_ statements: String...) {
            lines.append("    " + statements.map { c ? $0 + ";" : $0 }.joined(separator: c ? " " : "; "))
        }
        func comment(_ text: String) { lines.append(c ? "    /* \(text) */" : "    // \(text)") }
        // The source on one line, with "*/" broken so it cannot end the C comment.
        var expression = ""
        for ch in (graph.source ?? "") {
            if ch == "/" && expression.last == "*" { expression.append(" ") }
            expression.append(ch.isNewline ? " " : ch)
        }
        let variables = graph.variables.enumerated().map { "x[\($0)] = \($1)" }.joined(separator: ", ")
        let what = mode == .forward ? "forward mode (tangent-linear code): y = f(x), ydot = J(x)·xdot"
                                    : "reverse mode (adjoint code): y = f(x), xbar = J(x)ᵀ·ybar"
        let header = [
            "Generated by mixtape ad codegen from: \(expression)",
            what,
            "inputs: \(n == 0 ? "none" : variables); outputs: \(m)",
        ]
        if c {
            lines.append("/* " + header.joined(separator: "\n * ") + " */")
            lines.append("#include <math.h>")
        } else {
            lines += header.map { "// " + $0 }
            lines.append("import Foundation")
        }
        lines.append("")
        let helperLines = helpers(Set(nodes.map(\.operation)))
        if !helperLines.isEmpty { lines += helperLines + [""] }

        // Inputs the outputs do not depend on (y in `x + 0*y`) are marked used, so the code
        // compiles without warnings.
        let consumers = graph.consumers
        let unused = Set((0..<n).filter { i in consumers[i].isEmpty && !graph.outputs.contains { $0.nodeIndex == i } })
        let constant = c ? "const double " : "let "
        let variable = c ? "double " : "var "
        let width = { (k: Int) in Swift.max(k, 1) }
        func outputValue(_ out: Operand) -> String { out.nodeIndex.map { "w\($0 + 1)" } ?? operand(out) }
        switch mode {
        case .forward:
            lines.append(c ? "void \(name)(const double x[\(width(n))], const double xdot[\(width(n))], double y[\(width(m))], double ydot[\(width(m))]) {"
                           : "func \(name)(_ x: [Double], _ xdot: [Double]) -> (value: [Double], tangent: [Double]) {")
            if !c { emit("precondition(x.count == \(n) && xdot.count == \(n), \"\(name): \(n) inputs\")") }
            if n == 0 { c ? emit("(void)x", "(void)xdot") : emit("_ = (x, xdot)") }
            for i in 0..<count {
                let node = nodes[i]
                let w = "w\(i + 1)"
                if node.operation == .variable {
                    emit("\(constant)\(w) = x[\(i)]", "\(constant)\(w)_d = xdot[\(i)]")
                    if unused.contains(i) { c ? emit("(void)\(w)", "(void)\(w)_d") : emit("_ = (\(w), \(w)_d)") }
                    continue
                }
                var terms: [String] = []
                for (k, arg) in node.arguments.enumerated() {
                    guard case .node(let j) = arg, !(node.operation == .integerPower && k == 1) else { continue }
                    let dot = "w\(j + 1)_d"
                    if node.operation == .multiply {
                        let other = operand(node.arguments[1 - k])
                        terms.append(k == 0 ? "\(dot) * \(other)" : "\(other) * \(dot)")
                        continue
                    }
                    switch partialCode(node, index: i, argument: k) {
                    case .one: terms.append(dot)
                    case .minusOne: terms.append("-" + dot)
                    case .code(let p): terms.append("\(p) * \(dot)")
                    }
                }
                emit("\(constant)\(w) = \(valueCode(node, index: i))", "\(constant)\(w)_d = \(ProgramText.sum(terms))")
            }
            if c {
                for (k, out) in graph.outputs.enumerated() {
                    emit("y[\(k)] = \(outputValue(out))", "ydot[\(k)] = \(out.nodeIndex.map { "w\($0 + 1)_d" } ?? "0.0")")
                }
            } else {
                let tangents = graph.outputs.map { out -> String in out.nodeIndex.map { "w\($0 + 1)_d" } ?? "0.0" }
                emit("return ([\(graph.outputs.map(outputValue).joined(separator: ", "))], [\(tangents.joined(separator: ", "))])")
            }
        case .reverse:
            lines.append(c ? "void \(name)(const double x[\(width(n))], const double ybar[\(width(m))], double y[\(width(m))], double xbar[\(width(n))]) {"
                           : "func \(name)(_ x: [Double], _ ybar: [Double]) -> (value: [Double], adjoint: [Double]) {")
            if !c { emit("precondition(x.count == \(n) && ybar.count == \(m), \"\(name): \(n) inputs, \(m) outputs\")") }
            if n == 0 { c ? emit("(void)x") : emit("_ = x") }
            comment("forward pass: the values")
            for i in 0..<count {
                emit("\(constant)w\(i + 1) = \(valueCode(nodes[i], index: i))")
                if unused.contains(i) { c ? emit("(void)w\(i + 1)") : emit("_ = w\(i + 1)") }
            }
            comment("reverse pass: the adjoints, last node first")
            for i in 0..<count { emit("\(variable)w\(i + 1)_b = 0.0") }
            for (k, out) in graph.outputs.enumerated() {
                if case .node(let i) = out { emit("w\(i + 1)_b += ybar[\(k)]") }
            }
            for i in stride(from: count - 1, through: n, by: -1) {
                let node = nodes[i]
                var statements: [String] = []
                for (k, arg) in node.arguments.enumerated() {
                    guard case .node(let j) = arg, !(node.operation == .integerPower && k == 1) else { continue }
                    let target = "w\(j + 1)_b", bar = "w\(i + 1)_b"
                    switch partialCode(node, index: i, argument: k) {
                    case .one: statements.append("\(target) += \(bar)")
                    case .minusOne: statements.append("\(target) -= \(bar)")
                    case .code(let p): statements.append("\(target) += \(bar) * \(p)")
                    }
                }
                if !statements.isEmpty {
                    lines.append("    " + statements.map { c ? $0 + ";" : $0 }.joined(separator: c ? " " : "; "))
                }
            }
            if c {
                for (k, out) in graph.outputs.enumerated() { emit("y[\(k)] = \(outputValue(out))") }
                for j in 0..<n { emit("xbar[\(j)] = w\(j + 1)_b") }
            } else {
                emit("return ([\(graph.outputs.map(outputValue).joined(separator: ", "))], [\((0..<n).map { "w\($0 + 1)_b" }.joined(separator: ", "))])")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
