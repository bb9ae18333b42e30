import Autodiff

/// The computation graph of an expression: nodes `w1 … wN` in evaluation order, the inputs
/// first (`w1 = x1, …`), then one node per elementary operation, with identical subexpressions
/// shared, operations on constants folded and the identities `x·1 = x`, `x + 0 = x`, `x·0 = 0`,
/// `x − 0 = x`, `x/1 = x`, `x^1 = x`, `x^0 = 1`, `−(−x) = x` applied. It is the lecture's
/// evaluation trace as a data structure: the original program, the sweeps of forward and reverse
/// mode, vertex elimination and code generation all work on it.
///
/// The language: numbers (`2`, `1.5e-3`), variables (`x`, `x1`, `theta_2`), `+ - * /`, `^` or
/// `**`, unary minus, parentheses, the functions `sin cos tan asin acos atan exp log log1p expm1
/// sqrt abs tanh sinh cosh atan2 pow hypot min max`, the constants `pi` and `e`, and several
/// outputs separated by `;`. Variables are ordered naturally by name (`x2` before `x10`) unless
/// given explicitly.
///
/// Storage is struct-of-arrays: per node an operation (1 byte), two operands encoded in an
/// `Int32` each (≥ 0: a node index; < 0: a constant in a pool; ``noOperand``) and a source
/// column — 13 bytes a node. Parsing is iterative, so depth is no limit.
///
/// Note on the identities: `x·0 = 0` holds for finite `x` only (IEEE gives NaN for `∞·0`); the
/// graph applies it as algebra, as SymPy and CasADi do.
///
/// - Complexity: parsing is O(length of the text) expected time (hash-consing), O(nodes) memory.
///
/// ```swift
/// let g = try ComputationGraph(parsing: "x1*x2 + sin(x1)")
/// g.variables        // ["x1", "x2"]
/// g.nodeCount        // 5: w1 = x1, w2 = x2, w3 = w1·w2, w4 = sin(w1), w5 = w3 + w4
/// let lin = g.linearize(at: [1, 2])
/// lin.gradient()     // [2 + cos 1, 1]
/// ```
public struct ComputationGraph: Sendable {
    /// The encoding of "no operand" (inputs' arguments, unary operations' second argument).
    public static let noOperand = Int32.min

    /// The input names; input `i` is node `i`.
    public let variables: [String]
    /// The outputs, in the order written (a node or a constant).
    public let outputs: [Operand]
    /// The text the graph was parsed from (`nil` if built otherwise).
    public let source: String?
    /// Warnings from folding constants (`1/0` in the text), with their columns.
    public let foldingWarnings: [EvaluationWarning]

    /// Per node: the operation.
    @usableFromInline let operations: [Operation]
    /// Per node: the first operand, encoded (≥ 0 node, < 0 constant `-1 - c`, ``noOperand``).
    @usableFromInline let firstOperand: [Int32]
    /// Per node: the second operand, encoded as ``firstOperand``.
    @usableFromInline let secondOperand: [Int32]
    /// Per node: the source column (1-based, 0 unknown).
    @usableFromInline let columns: [Int32]
    /// The constant pool.
    @usableFromInline let constants: [Double]

    /// Parses `text` into a graph.
    ///
    /// - Parameters:
    ///   - text: the expression (several outputs separated by `;`).
    ///   - variables: the inputs in this order (names the text does not use are inputs with zero
    ///     derivatives); `nil` takes the text's variables in natural order.
    /// - Throws: ``ExpressionError`` (usage) with the column of the first problem: a syntax error,
    ///   unbalanced parentheses, an unknown function or (with `variables`) an unknown variable,
    ///   with the nearest known name suggested; an empty expression.
    /// - Complexity: O(text length).
    ///
    /// ```swift
    /// try ComputationGraph(parsing: "hypot(x, y); atan2(y, x)")
    /// ```
    public init(parsing text: String, variables: [String]? = nil) throws(ExpressionError) {
        if let variables {
            var seen = Set<String>()
            for name in variables {
                guard Parser.constants[name] == nil, Operation(functionName: name) == nil,
                      let first = name.unicodeScalars.first, Lexer.isIdentifierStart(first),
                      name.unicodeScalars.allSatisfy(Lexer.isIdentifierContinue)
                else {
                    throw ExpressionError(.usage, "'\(name)' cannot be a variable name", source: "variables")
                }
                guard seen.insert(name).inserted else {
                    throw ExpressionError(.usage, "variable '\(name)' is listed twice", source: "variables")
                }
            }
        }
        var parser = Parser(text, names: variables.map { .declared(Set($0)) } ?? .any)
        let outputs = try parser.parse()
        var builder = parser.builder
        // Declared variables the text does not use are inputs too (with zero derivatives).
        for name in variables ?? [] where builder.inputs[name] == nil { _ = builder.variable(name, column: 0) }
        let names = variables ?? builder.inputs.keys.sorted(by: naturalOrder)
        self.init(variables: names, builder: builder, outputs: outputs, source: text)
    }

    /// The graph of the nodes the outputs need, inputs first (in the order of `variables`), the
    /// operations after them in the order they were built (which is an evaluation order, since
    /// inputs have no arguments). Nodes that an identity or folding left unused (the `-x` inside
    /// `--x`, the `cos(x)` of `0*cos(x)`) are dropped.
    /// - Complexity: O(N).
    init(variables: [String], builder: GraphBuilder, outputs: [Operand], source: String?) {
        let count = builder.operations.count
        var needed = [Bool](repeating: false, count: count)
        for output in outputs { if case .node(let i) = output { needed[i] = true } }
        for i in stride(from: count - 1, through: 0, by: -1) where needed[i] {
            if builder.first[i] >= 0 { needed[Int(builder.first[i])] = true }
            if builder.second[i] >= 0 { needed[Int(builder.second[i])] = true }
        }
        var order: [Int] = variables.map { Int(builder.inputs[$0]!) }
        order.reserveCapacity(count)
        for i in 0..<count where needed[i] && builder.operations[i] != .variable { order.append(i) }
        var renumber = [Int32](repeating: -1, count: count)
        for (k, i) in order.enumerated() { renumber[i] = Int32(k) }
        func map(_ raw: Int32) -> Int32 { raw >= 0 ? renumber[Int(raw)] : raw }
        self.variables = variables
        self.outputs = outputs.map { output in
            if case .node(let i) = output { return .node(Int(renumber[i])) }
            return output
        }
        self.source = source
        self.foldingWarnings = builder.warnings
        self.operations = order.map { builder.operations[$0] }
        self.firstOperand = order.map { map(builder.first[$0]) }
        self.secondOperand = order.map { map(builder.second[$0]) }
        self.columns = order.map { builder.columns[$0] }
        self.constants = builder.constants
    }

    /// Number of inputs `n`.
    @inlinable public var inputCount: Int { variables.count }
    /// Number of outputs `m`.
    @inlinable public var outputCount: Int { outputs.count }
    /// Number of nodes `N` (inputs and operations).
    @inlinable public var nodeCount: Int { operations.count }
    /// Number of operation nodes (`N − n`).
    @inlinable public var operationCount: Int { operations.count - variables.count }

    /// The node at `index` (0-based: node 0 is `w1`).
    public func node(_ index: Int) -> Node {
        let op = operations[index]
        var arguments: [Operand] = []
        for raw in [firstOperand[index], secondOperand[index]] where raw != ComputationGraph.noOperand {
            arguments.append(decode(raw))
        }
        return Node(op, arguments, column: Int(columns[index]))
    }

    /// All nodes in evaluation order.
    /// - Complexity: O(N).
    public var nodes: [Node] { (0..<nodeCount).map(node) }

    /// The operand an encoded `Int32` stands for.
    @inlinable
    func decode(_ raw: Int32) -> Operand {
        raw >= 0 ? .node(Int(raw)) : .constant(constants[Int(-1 - raw)])
    }

    /// The number of edges between nodes (arguments that are nodes, not constants): the
    /// multiplications of one forward or reverse sweep.
    /// - Complexity: O(N).
    public var edgeCount: Int {
        var count = 0
        for i in inputCount..<nodeCount {
            if firstOperand[i] >= 0 { count += 1 }
            if secondOperand[i] >= 0 { count += 1 }
        }
        return count
    }

    /// The nodes that use node `index` as an argument, in increasing order (a node using it twice
    /// appears twice).
    /// - Complexity: O(N) for one call; ``consumers`` gives all lists in one O(N) pass.
    public func consumers(of index: Int) -> [Int] {
        var result: [Int] = []
        for i in Swift.max(index + 1, inputCount)..<Swift.max(index + 1, nodeCount) {
            if firstOperand[i] == Int32(index) { result.append(i) }
            if secondOperand[i] == Int32(index) { result.append(i) }
        }
        return result
    }

    /// For every node, the nodes that use it (in increasing order, repeated for a double use).
    /// - Complexity: O(N).
    public var consumers: [[Int]] {
        var result = [[Int]](repeating: [], count: nodeCount)
        for i in inputCount..<nodeCount {
            if firstOperand[i] >= 0 { result[Int(firstOperand[i])].append(i) }
            if secondOperand[i] >= 0 { result[Int(secondOperand[i])].append(i) }
        }
        return result
    }

    /// The index of the input called `name`.
    public func variableIndex(_ name: String) -> Int? { variables.firstIndex(of: name) }
}
