import Autodiff

/// The notation of the lecture's programs: node names `w1 … wN`, the operation of each node
/// (`w1·w2`, `sin(w1)`), its local partial derivatives as formulas (`cos(w1)`, `w2`), and the
/// terms of the dual (`ẇ1·w2`) and adjoint (`w̄3·w2`) programs.
///
/// Multiplication is written `·`, so a printed formula can be pasted back into an expression
/// (the parser reads `·`).
public enum ProgramText {
    /// `w1` for node 0.
    public static func nodeName(_ index: Int) -> String { "w\(index + 1)" }
    /// `ẇ1` for node 0 (w with a combining dot above).
    public static func tangentName(_ index: Int) -> String { "w\u{307}\(index + 1)" }
    /// `w̄1` for node 0 (w with a combining macron).
    public static func adjointName(_ index: Int) -> String { "w\u{304}\(index + 1)" }

    /// An operand as written in a formula: `w3`, `2`, `(-2)` (negative constants in
    /// parentheses so `w1·(-2)` reads right).
    public static func operandText(_ operand: Operand) -> String {
        switch operand {
        case .node(let i): return nodeName(i)
        case .constant(let c):
            let s = NumberText.format(c)
            return s.hasPrefix("-") ? "(\(s))" : s
        }
    }

    /// The right-hand side of node `index`: `x1` for an input, `w1·w2`, `sin(w1)`, `w1^3`,
    /// `atan2(w1, w2)`.
    public static func operationText(_ graph: ComputationGraph, _ index: Int) -> String {
        let node = graph.node(index)
        let args = node.arguments.map(operandText)
        switch node.operation {
        case .variable: return graph.variables[index]
        case .add: return "\(args[0]) + \(args[1])"
        case .subtract: return "\(args[0]) - \(args[1])"
        case .multiply: return "\(args[0])·\(args[1])"
        case .divide: return "\(args[0])/\(args[1])"
        case .negate: return "-\(args[0])"
        case .integerPower, .power: return "\(args[0])^\(args[1])"
        default: return "\(node.operation.functionName!)(\(args.joined(separator: ", ")))"
        }
    }

    /// A local partial derivative as a formula.
    public enum Partial: Equatable, Sendable {
        /// Exactly 1.
        case one
        /// Exactly −1.
        case minusOne
        /// Exactly 0 (the branch not taken by `min`, `max`, `abs`): the term is left out.
        case zero
        /// A formula; `compound` when it needs parentheses as a factor (`1 + w4^2`).
        case formula(String, compound: Bool)

        /// The formula as a factor of a product (parenthesised if compound).
        var factor: String {
            switch self {
            case .one: return "1"
            case .minusOne: return "(-1)"
            case .zero: return "0"
            case .formula(let text, let compound): return compound ? "(\(text))" : text
            }
        }

        /// The formula alone.
        public var text: String {
            switch self {
            case .one: return "1"
            case .minusOne: return "-1"
            case .zero: return "0"
            case .formula(let text, _): return text
            }
        }
    }

    /// `∂wᵢ/∂(argument k)` as a formula in the node names, for node `index` (`k` = 0 or 1). The
    /// piecewise operations (`abs`, `min`, `max`) have a constant partial in the branch taken,
    /// which is read from `linearization`.
    public static func partial(_ graph: ComputationGraph, _ index: Int, argument k: Int,
                               linearization: Linearization<Double>? = nil) -> Partial {
        let node = graph.node(index)
        let args = node.arguments.map(operandText)
        let a = args[0], b = args.count > 1 ? args[1] : ""
        let w = nodeName(index)
        switch node.operation {
        case .variable: return .one
        case .add: return .one
        case .subtract: return k == 0 ? .one : .minusOne
        case .negate: return .minusOne
        case .multiply:
            return simple(k == 0 ? b : a)
        case .divide:
            return k == 0 ? .formula("1/\(b)", compound: false) : .formula("-\(w)/\(b)", compound: true)
        case .integerPower:
            let n = node.integerExponent
            if n == 2 { return .formula("2·\(a)", compound: false) }
            let e = n - 1 < 0 ? "(\(n - 1))" : "\(n - 1)"
            return .formula("\(n)·\(a)^\(e)", compound: n < 0)
        case .power:
            return k == 0 ? .formula("\(b)·\(a)^(\(b) - 1)", compound: false) : .formula("\(w)·log(\(a))", compound: false)
        case .sin: return .formula("cos(\(a))", compound: false)
        case .cos: return .formula("-sin(\(a))", compound: true)
        case .tan: return .formula("1 + \(w)^2", compound: true)
        case .asin: return .formula("1/sqrt(1 - \(a)^2)", compound: false)
        case .acos: return .formula("-1/sqrt(1 - \(a)^2)", compound: true)
        case .atan: return .formula("1/(1 + \(a)^2)", compound: false)
        case .exp: return .formula(w, compound: false)
        case .log: return .formula("1/\(a)", compound: false)
        case .log1p: return .formula("1/(1 + \(a))", compound: false)
        case .expm1: return .formula("exp(\(a))", compound: false)
        case .sqrt: return .formula("1/(2·\(w))", compound: false)
        case .tanh: return .formula("1/cosh(\(a))^2", compound: false)
        case .sinh: return .formula("cosh(\(a))", compound: false)
        case .cosh: return .formula("sinh(\(a))", compound: false)
        case .atan2:
            return k == 0 ? .formula("\(b)/(\(a)^2 + \(b)^2)", compound: false)
                          : .formula("-\(a)/(\(a)^2 + \(b)^2)", compound: true)
        case .hypot: return .formula("\(k == 0 ? a : b)/\(w)", compound: false)
        case .abs, .min, .max:
            let value: Double? = linearization.map { k == 0 ? $0.firstPartials[index] : $0.secondPartials[index] }
            switch value {
            case .some(1): return .one
            case .some(-1): return .minusOne
            case .some(0): return .zero
            case let v?: return .formula(NumberText.format(v), compound: v < 0)
            case nil:
                let formula = node.operation == .abs ? "sign(\(a))" : "∂\(node.operation.functionName!)/∂\(k == 0 ? a : b)"
                return .formula(formula, compound: false)
            }
        }
    }

    static func simple(_ text: String) -> Partial {
        if text == "1" { return .one }
        if text == "(-1)" { return .minusOne }
        return .formula(text, compound: false)
    }

    /// Joins signed terms: `a + b`, `a - b` for a term starting with `-`.
    static func sum(_ terms: [String]) -> String {
        guard var out = terms.first else { return "0" }
        for t in terms.dropFirst() {
            if t.hasPrefix("-") { out += " - " + t.dropFirst() } else { out += " + " + t }
        }
        return out
    }

    /// The right-hand side of `ẇᵢ` in the dual program: `ẇ1·w2 + w1·ẇ2`, `cos(w1)·ẇ1`,
    /// `ẇ3 + ẇ4`. Constant arguments contribute no term; an input has none (`"0"`).
    public static func tangentFormula(_ graph: ComputationGraph, _ index: Int,
                                      linearization: Linearization<Double>? = nil) -> String {
        let node = graph.node(index)
        var terms: [String] = []
        for (k, operand) in node.arguments.enumerated() {
            guard case .node(let j) = operand else { continue }
            if node.operation == .integerPower && k == 1 { continue }
            let dot = tangentName(j)
            if node.operation == .multiply {
                let other = operandText(node.arguments[1 - k])
                terms.append(k == 0 ? "\(dot)·\(other)" : "\(other)·\(dot)")
                continue
            }
            switch partial(graph, index, argument: k, linearization: linearization) {
            case .one: terms.append(dot)
            case .minusOne: terms.append("-" + dot)
            case .zero: break
            case let p: terms.append("\(p.factor)·\(dot)")
            }
        }
        return sum(terms)
    }

    /// The adjoint term `w̄ᵢ·∂wᵢ/∂wⱼ` that consumer `i` contributes to `w̄ⱼ` through its
    /// argument `k`: `w̄5`, `w̄3·w2`, `w̄4·cos(w1)`, `-w̄6`; `nil` when the partial is exactly 0
    /// (the branch of `min`, `max` or `abs` not taken).
    public static func adjointTerm(_ graph: ComputationGraph, consumer i: Int, argument k: Int,
                                   linearization: Linearization<Double>? = nil) -> String? {
        let bar = adjointName(i)
        switch partial(graph, i, argument: k, linearization: linearization) {
        case .one: return bar
        case .minusOne: return "-" + bar
        case .zero: return nil
        case let p: return "\(bar)·\(p.factor)"
        }
    }
}
