import Autodiff

/// Builds a graph node by node, as the parser reduces operators: folds operations on constants,
/// applies the identities `x·1 = x`, `x + 0 = x`, `x·0 = 0` (and their relatives), and shares
/// identical nodes (hash-consing), so `sin(x)*sin(x)` evaluates `sin` once.
///
/// Storage is struct-of-arrays with operands encoded in one `Int32` each (see
/// ``ComputationGraph``), so a node costs 13 bytes plus its hash-table entry while building.
struct GraphBuilder {
    struct Key: Hashable {
        let operation: Operation
        let first: Int32
        let second: Int32
    }

    var operations: [Operation] = []
    var first: [Int32] = []
    var second: [Int32] = []
    var columns: [Int32] = []
    var constants: [Double] = []
    var constantIndex: [UInt64: Int32] = [:]
    var table: [Key: Int32] = [:]
    /// Non-finite constants produced by folding (`1/0`), with their columns.
    var warnings: [EvaluationWarning] = []

    /// A builder whose first nodes are the inputs `variables`.
    init(inputs count: Int) {
        for _ in 0..<count {
            operations.append(.variable)
            first.append(ComputationGraph.noOperand)
            second.append(ComputationGraph.noOperand)
            columns.append(0)
        }
    }

    /// Records where input `i` first appears.
    mutating func noteInputColumn(_ i: Int, _ column: Int) {
        if columns[i] == 0 { columns[i] = Int32(clamping: column) }
    }


    func encode(_ operand: Operand) -> Int32 {
        switch operand {
        case .node(let i): return Int32(i)
        case .constant(let c): return -1 - constantIndex[c.bitPattern]!
        }
    }

    mutating func pool(_ c: Double) {
        if constantIndex[c.bitPattern] == nil {
            constantIndex[c.bitPattern] = Int32(constants.count)
            constants.append(c)
        }
    }

    func operation(of operand: Operand) -> Operation? {
        guard case .node(let i) = operand else { return nil }
        return operations[i]
    }

    /// `op(arguments)` as an operand: a folded constant, an existing node, or a new node.
    ///
    /// - Throws: when the graph would exceed `Int32.max` nodes.
    mutating func apply(_ op: Operation, _ arguments: [Operand], column: Int) throws(ExpressionError) -> Operand {
        var op = op
        var a = arguments[0]
        var b: Operand? = arguments.count > 1 ? arguments[1] : nil

        // x^n for a constant integer n (also pow(x, n)): the integer power, defined for every x.
        if op == .power, let n = b?.constantValue, n == n.rounded(), Swift.abs(n) <= 1_073_741_824.0 {
            op = .integerPower
        }

        // Folding: every argument constant.
        if let x = a.constantValue, b == nil || b!.constantValue != nil {
            let y = b?.constantValue ?? 0
            let v = op.value(x, y, exponent: op == .integerPower ? Int(y) : 0)
            if !v.isFinite && x.isFinite && y.isFinite {
                warnings.append(EvaluationWarning(
                    node: nil, column: column,
                    message: "\(EvaluationWarning.reason(op, x, y)) in a constant gives \(NumberText.format(v))"))
            }
            return .constant(v)
        }

        // Identities.
        switch op {
        case .add:
            if a.constantValue == 0 { return b! }
            if b!.constantValue == 0 { return a }
        case .subtract:
            if b!.constantValue == 0 { return a }
            if a.constantValue == 0 { return try apply(.negate, [b!], column: column) }
        case .multiply:
            if a.constantValue == 1 { return b! }
            if b!.constantValue == 1 { return a }
            if a.constantValue == 0 || b!.constantValue == 0 { return .constant(0) }
            if a.constantValue == -1 { return try apply(.negate, [b!], column: column) }
            if b!.constantValue == -1 { return try apply(.negate, [a], column: column) }
        case .divide:
            if b!.constantValue == 1 { return a }
        case .integerPower:
            if b!.constantValue == 1 { return a }
            if b!.constantValue == 0 { return .constant(1) }
        case .negate:
            if case .node(let i) = a, operations[i] == .negate { return decode(first[i]) }
        default: break
        }

        if op.isCommutative, let second = b, Operand.precedes(second, a) { (a, b) = (second, a) }
        if let c = a.constantValue { pool(c) }
        if let c = b?.constantValue { pool(c) }
        let key = Key(operation: op, first: encode(a), second: b.map(encode) ?? ComputationGraph.noOperand)
        if let existing = table[key] { return .node(Int(existing)) }
        guard operations.count < Int(Int32.max) else {
            throw ExpressionError(.usage, "the expression is too large (more than \(Int32.max) nodes)",
                                  source: "expression", column: column)
        }
        let index = Int32(operations.count)
        operations.append(op)
        first.append(key.first)
        second.append(key.second)
        columns.append(Int32(clamping: column))
        table[key] = index
        return .node(Int(index))
    }

    func decode(_ raw: Int32) -> Operand {
        raw >= 0 ? .node(Int(raw)) : .constant(constants[Int(-1 - raw)])
    }
}
