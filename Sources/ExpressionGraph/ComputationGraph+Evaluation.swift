import Autodiff

extension ComputationGraph {
    /// The value of every node at the point `x` (one entry per node, inputs first), on any
    /// `Real` scalar: `Double`, or Autodiff's `Dual`, `Variable`, `Taylor`, … (the graph as
    /// generic code, so operator overloading can differentiate it too).
    ///
    /// - Precondition: `x.count == inputCount`.
    /// - Complexity: O(N) operations on `T`.
    ///
    /// ```swift
    /// try ComputationGraph(parsing: "x*y + 1").values(at: [2.0, 3.0])   // [2, 3, 6, 7]
    /// ```
    @inlinable
    public func values<T: Real>(at x: [T]) -> [T] {
        precondition(x.count == inputCount, "ComputationGraph: \(x.count) values for \(inputCount) variables")
        var v = [T]()
        v.reserveCapacity(nodeCount)
        v.append(contentsOf: x)
        for i in inputCount..<nodeCount {
            let op = operations[i]
            let a = operandValue(firstOperand[i], v)
            let raw = secondOperand[i]
            let b = raw == ComputationGraph.noOperand ? T.zero : operandValue(raw, v)
            v.append(op.value(a, b, exponent: op == .integerPower ? Int(constants[Int(-1 - raw)]) : 0))
        }
        return v
    }

    /// The outputs at `x`.
    /// - Complexity: O(N).
    ///
    /// ```swift
    /// try ComputationGraph(parsing: "x + y; x * y").evaluate(at: [2.0, 3.0])   // [5, 6]
    /// ```
    @inlinable
    public func evaluate<T: Real>(at x: [T]) -> [T] {
        let v = values(at: x)
        return outputs.map { outputValue($0, v) }
    }

    /// The value of an output operand given the node values.
    @inlinable
    public func outputValue<T: Real>(_ output: Operand, _ values: [T]) -> T {
        switch output {
        case .node(let i): return values[i]
        case .constant(let c): return lift(c)
        }
    }

    @inlinable @inline(__always)
    func operandValue<T: Real>(_ raw: Int32, _ v: [T]) -> T {
        raw >= 0 ? v[Int(raw)] : lift(constants[Int(-1 - raw)])
    }

    /// Values and local partial derivatives of every node at `x`: the linearised graph, on which
    /// the forward and reverse sweeps, Jacobians and vertex elimination run.
    ///
    /// - Complexity: O(N) time and 3 scalars of memory per node.
    ///
    /// ```swift
    /// let lin = try ComputationGraph(parsing: "x1*x2 + sin(x1)").linearize(at: [1, 2])
    /// lin.gradient()   // [2.5403…, 1]
    /// ```
    @inlinable
    public func linearize<T: Real>(at x: [T]) -> Linearization<T> {
        let v = values(at: x)
        var d0 = [T](repeating: 0, count: nodeCount)
        var d1 = [T](repeating: 0, count: nodeCount)
        for i in inputCount..<nodeCount {
            let op = operations[i]
            let a = operandValue(firstOperand[i], v)
            let raw = secondOperand[i]
            let b = raw == ComputationGraph.noOperand ? T.zero : operandValue(raw, v)
            let (p, q) = op.partials(a, b, value: v[i], exponent: op == .integerPower ? Int(constants[Int(-1 - raw)]) : 0)
            d0[i] = p
            d1[i] = q
        }
        return Linearization(graph: self, values: v, firstPartials: d0, secondPartials: d1)
    }

    /// Where evaluation at `x` produced a non-finite value, or a non-finite local partial, from
    /// finite arguments — division by zero, log or square root of a negative number, overflow, an
    /// infinite derivative (`√` at 0) — one warning per node where it first happens (values
    /// that are merely carried on do not repeat it), with the folding warnings of the text first.
    ///
    /// - Complexity: O(N).
    ///
    /// ```swift
    /// try ComputationGraph(parsing: "log(x)").warnings(at: [-1])   // log of a negative number
    /// ```
    public func warnings(at x: [Double]) -> [EvaluationWarning] {
        let lin = linearize(at: x)
        return warnings(of: lin)
    }

    /// The warnings of a linearisation already computed (see ``warnings(at:)``).
    public func warnings(of lin: Linearization<Double>) -> [EvaluationWarning] {
        var result = foldingWarnings
        let v = lin.values
        for i in inputCount..<nodeCount {
            let op = operations[i]
            let a = operandValue(firstOperand[i], v)
            let raw = secondOperand[i]
            let b = raw == ComputationGraph.noOperand ? 0 : operandValue(raw, v)
            let argumentsFinite = a.isFinite && (op.arity == 1 || op == .integerPower || b.isFinite)
            guard argumentsFinite else { continue }
            var name: String { ProgramText.nodeName(i) }
            var formula: String { ProgramText.operationText(self, i) }
            if !v[i].isFinite {
                result.append(EvaluationWarning(
                    node: i, column: Int(columns[i]),
                    message: "\(EvaluationWarning.reason(op, a, b)) in \(name) = \(formula) gives \(NumberText.format(v[i]))"))
            } else {
                for (k, partial) in [lin.firstPartials[i], lin.secondPartials[i]].enumerated()
                    where !partial.isFinite && (k == 0 ? firstOperand[i] >= 0 : secondOperand[i] >= 0) {
                    result.append(EvaluationWarning(
                        node: i, column: Int(columns[i]),
                        message: "the derivative of \(name) = \(formula) with respect to its \(k == 0 ? "first" : "second") argument is \(NumberText.format(partial)) at \(NumberText.format(k == 0 ? a : b))"))
                    break
                }
            }
        }
        return result
    }
}
