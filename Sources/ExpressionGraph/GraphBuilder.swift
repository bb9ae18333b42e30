import Autodiff

/// Builds a graph node by node, as the parser reduces operators: folds operations on constants,
/// applies the identities `x·1 = x`, `x + 0 = x`, `x·0 = 0` (and their relatives), and shares
/// identical nodes (hash-consing), so `sin(x)*sin(x)` evaluates `sin` once.
///
/// Storage is struct-of-arrays with operands encoded in one `Int32` each (see
/// ``ComputationGraph``): 13 bytes a node, plus 4–8 bytes of hash table while building. Inputs
/// are made when a name is first met (``variable(_:column:)``); ``ComputationGraph`` moves them
/// to the front in the end.
struct GraphBuilder {
    var operations: [Operation] = []
    var first: [Int32] = []
    var second: [Int32] = []
    var columns: [Int32] = []
    var constants: [Double] = []
    var constantIndex: [UInt64: Int32] = [:]
    /// One entry of the sharing table: the key (both operands, the operation) stored inline next
    /// to the node index, so a probe touches one cache line.
    struct Slot {
        var operands: UInt64
        var operation: UInt8
        var node: Int32   // −1: empty
        static let empty = Slot(operands: 0, operation: 0, node: -1)
    }

    /// The sharing table: open addressing with linear probing, hashed by a 64-bit mix of
    /// (operation, first, second) — cheaper than `Dictionary`, whose seeded `Hasher` cost more
    /// than the rest of building.
    var slots = [Slot](repeating: .empty, count: 1024)
    var occupied = 0
    /// Input nodes by name.
    var inputs: [String: Int32] = [:]
    /// Non-finite constants produced by folding (`1/0`), with their columns.
    var warnings: [EvaluationWarning] = []

    init() {}

    /// The input node called `name`, made when first seen (recording its column).
    mutating func variable(_ name: String, column: Int) -> Operand {
        if let i = inputs[name] { return .node(Int(i)) }
        let index = Int32(operations.count)
        operations.append(.variable)
        first.append(ComputationGraph.noOperand)
        second.append(ComputationGraph.noOperand)
        columns.append(Int32(clamping: column))
        inputs[name] = index
        return .node(Int(index))
    }

    /// The pool index of a constant, encoded as an operand (`-1 - index`).
    mutating func encodeConstant(_ c: Double) -> Int32 {
        if let i = constantIndex[c.bitPattern] { return -1 - i }
        let i = Int32(constants.count)
        constantIndex[c.bitPattern] = i
        constants.append(c)
        return -1 - i
    }

    mutating func encode(_ operand: Operand) -> Int32 {
        switch operand {
        case .node(let i): return Int32(i)
        case .constant(let c): return encodeConstant(c)
        }
    }

    @inline(__always)
    static func key(_ a: Int32, _ b: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
    }

    @inline(__always)
    static func hash(_ op: UInt8, _ operands: UInt64) -> Int {
        var h = operands ^ (UInt64(op) &* 0x9E37_79B9_7F4A_7C15)
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 31))
    }

    /// The existing node `op(a, b)`, or the empty slot where it belongs.
    func probe(_ op: Operation, _ a: Int32, _ b: Int32) -> (node: Int32?, slot: Int) {
        let operands = GraphBuilder.key(a, b), code = op.rawValue
        return slots.withUnsafeBufferPointer { table in
            let mask = table.count - 1
            var s = GraphBuilder.hash(code, operands) & mask
            while true {
                let slot = table[s]
                if slot.node < 0 { return (nil, s) }
                if slot.operands == operands && slot.operation == code { return (slot.node, s) }
                s = (s + 1) & mask
            }
        }
    }

    /// Doubles the table, reinserting every shared node.
    mutating func grow() {
        let old = slots
        slots = [Slot](repeating: .empty, count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.node >= 0 {
            var s = GraphBuilder.hash(slot.operation, slot.operands) & mask
            while slots[s].node >= 0 { s = (s + 1) & mask }
            slots[s] = slot
        }
    }

    /// `op(arguments)` as an operand: a folded constant, an existing node, or a new node.
    ///
    /// - Throws: when the graph would exceed `Int32.max` nodes.
    mutating func apply(_ op: Operation, _ a: Operand, _ b: Operand?, column: Int) throws(ExpressionError) -> Operand {
        var op = op
        var a = a, b = b

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
            if a.constantValue == 0 { return try apply(.negate, b!, nil, column: column) }
        case .multiply:
            if a.constantValue == 1 { return b! }
            if b!.constantValue == 1 { return a }
            if a.constantValue == 0 || b!.constantValue == 0 { return .constant(0) }
            if a.constantValue == -1 { return try apply(.negate, b!, nil, column: column) }
            if b!.constantValue == -1 { return try apply(.negate, a, nil, column: column) }
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
        let ea = encode(a), eb = b.map { encode($0) } ?? ComputationGraph.noOperand
        let (existing, slot) = probe(op, ea, eb)
        if let existing { return .node(Int(existing)) }
        guard operations.count < Int(Int32.max) else {
            throw ExpressionError(.usage, "the expression is too large (more than \(Int32.max) nodes)",
                                  source: "expression", column: column)
        }
        let index = Int32(operations.count)
        operations.append(op)
        first.append(ea)
        second.append(eb)
        columns.append(Int32(clamping: column))
        slots[slot] = Slot(operands: GraphBuilder.key(ea, eb), operation: op.rawValue, node: index)
        occupied += 1
        if occupied * 2 > slots.count { grow() }
        return .node(Int(index))
    }

    func decode(_ raw: Int32) -> Operand {
        raw >= 0 ? .node(Int(raw)) : .constant(constants[Int(-1 - raw)])
    }
}
