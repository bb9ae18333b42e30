import ExpressionGraph
import TestSupport
import Testing

/// The language: precedence, associativity, numbers, names, functions; errors with their
/// columns; depth without recursion.
struct ParserTests {
    struct Value: Sendable, CustomTestStringConvertible {
        let text: String
        let point: [Double]
        let expected: Double
        var testDescription: String { text }
    }

    /// Hand-computed values.
    static let values: [Value] = [
        Value(text: "2^3^2", point: [], expected: 512),          // right-associative
        Value(text: "(2^3)^2", point: [], expected: 64),
        Value(text: "-2^2", point: [], expected: -4),             // minus binds looser than ^
        Value(text: "2^-1", point: [], expected: 0.5),
        Value(text: "2**-2", point: [], expected: 0.25),
        Value(text: "1 - 2 - 3", point: [], expected: -4),        // left-associative
        Value(text: "8/4/2", point: [], expected: 1),
        Value(text: "2*3 + 4*5", point: [], expected: 26),
        Value(text: "2*(3 + 4)*5", point: [], expected: 70),
        Value(text: "-x^2", point: [3], expected: -9),
        Value(text: "(-x)^2", point: [3], expected: 9),
        Value(text: "x^3", point: [-2], expected: -8),            // integer power of a negative base
        Value(text: "x^-1", point: [-4], expected: -0.25),
        Value(text: "--x", point: [5], expected: 5),
        Value(text: "+x - -x", point: [1.5], expected: 3),
        Value(text: "1.5e-3 * 1E3 + .5 + 2.", point: [], expected: 4),
        Value(text: "6.02e+23 / 6.02E23", point: [], expected: 1),
        Value(text: "2·3 × 4 − 1 ÷ 2", point: [], expected: 23.5),
        Value(text: "pi", point: [], expected: Double.pi),
        Value(text: "π", point: [], expected: Double.pi),
        Value(text: "e", point: [], expected: 2.718281828459045),
        Value(text: "log(e)", point: [], expected: 1),
        Value(text: "atan2(1, 0)", point: [], expected: Double.pi / 2),
        Value(text: "atan2(y, x)", point: [-1, 0], expected: Double.pi),   // variables x, y: atan2(0, -1)
        Value(text: "hypot(3, 4) + min(2, 7) + max(2, 7)", point: [], expected: 14),
        Value(text: "pow(2, 10)", point: [], expected: 1024),
        Value(text: "abs(-3) + sqrt(16) + exp(0) + log1p(0) + expm1(0)", point: [], expected: 8),
        Value(text: "sin(0) + cos(0) + tan(0) + asin(0) + acos(1) + atan(0) + tanh(0) + sinh(0) + cosh(0)", point: [], expected: 2),
        Value(text: "  x1 *\tx2  ", point: [3, 4], expected: 12),
        Value(text: "theta_2 - theta_1", point: [1, 5], expected: 4),
    ]

    @Test(arguments: values)
    func evaluatesAsWritten(_ v: Value) throws {
        let g = try ComputationGraph(parsing: v.text)
        let got = g.evaluate(at: v.point)
        try #require(got.count == 1)
        #expect(isClose(got[0], v.expected, relative: 1e-15), "\(got[0])")
    }

    @Test func severalOutputsAndATrailingSemicolon() throws {
        let g = try ComputationGraph(parsing: "x + 1; x * 2; x^2;")
        #expect(g.outputCount == 3)
        #expect(g.evaluate(at: [3]) == [4, 6, 9])
    }

    @Test func variablesAreInNaturalOrder() throws {
        #expect(try ComputationGraph(parsing: "x10 + x2 + x1 + b + a").variables == ["a", "b", "x1", "x2", "x10"])
        #expect(try ComputationGraph(parsing: "y*x").variables == ["x", "y"])
        #expect(try ComputationGraph(parsing: "x01 + x1").variables == ["x1", "x01"])
    }

    @Test func explicitVariablesFixTheOrderAndMayBeUnused() throws {
        let g = try ComputationGraph(parsing: "y*x", variables: ["y", "x", "z"])
        #expect(g.variables == ["y", "x", "z"])
        #expect(g.linearize(at: [3, 4, 5]).gradient() == [4, 3, 0])
        #expect(throws: ExpressionError.self) { try ComputationGraph(parsing: "x", variables: ["x", "x"]) }
        #expect(throws: ExpressionError.self) { try ComputationGraph(parsing: "x", variables: ["sin"]) }
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        let text: String
        let column: Int
        let mentions: [String]
        var testDescription: String { text.isEmpty ? "(empty)" : text }
    }

    static let failures: [Failure] = [
        Failure(text: "", column: 1, mentions: ["empty expression"]),
        Failure(text: "   ", column: 4, mentions: ["empty expression"]),
        Failure(text: "sinn(x)", column: 1, mentions: ["unknown function 'sinn'", "did you mean 'sin'"]),
        Failure(text: "x + cso(x)", column: 5, mentions: ["unknown function 'cso'", "did you mean 'cos'"]),
        Failure(text: "ln(x)", column: 1, mentions: ["unknown function 'ln'", "did you mean 'log'"]),
        Failure(text: "log10(x)", column: 1, mentions: ["unknown function 'log10'", "log(x)/log(10)"]),
        Failure(text: "x(1 + y)", column: 1, mentions: ["unknown function 'x'", "x*(…)"]),
        Failure(text: "x1*(x2 + sin(x1)", column: 4, mentions: ["unbalanced parenthesis", "never closed"]),
        Failure(text: "sin(x", column: 1, mentions: ["unbalanced parenthesis", "'sin(' is never closed"]),
        Failure(text: "x + 1)", column: 6, mentions: ["unbalanced parenthesis", "no matching '('"]),
        Failure(text: "(x))", column: 4, mentions: ["no matching '('"]),
        Failure(text: "()", column: 2, mentions: ["empty parentheses"]),
        Failure(text: "x +", column: 4, mentions: ["missing operand after '+'"]),
        Failure(text: "x + * y", column: 5, mentions: ["missing operand between '+' and '*'"]),
        Failure(text: "* x", column: 1, mentions: ["missing operand before '*'"]),
        Failure(text: "2x", column: 2, mentions: ["missing operator", "2*x"]),
        Failure(text: "x y", column: 3, mentions: ["missing operator between 'x' and 'y'"]),
        Failure(text: "sin()", column: 1, mentions: ["sin takes 1 argument, none given"]),
        Failure(text: "sin(x, y)", column: 1, mentions: ["sin takes 1 argument, 2 given"]),
        Failure(text: "atan2(x)", column: 1, mentions: ["atan2 takes 2 arguments, 1 given"]),
        Failure(text: "x, y", column: 2, mentions: ["',' outside a function's arguments"]),
        Failure(text: "sin + 1", column: 1, mentions: ["'sin' is a function"]),
        Failure(text: "1e999", column: 1, mentions: ["out of the range"]),
        Failure(text: "2e + x", column: 1, mentions: ["malformed number '2e'"]),
        Failure(text: "x # 2", column: 3, mentions: ["unexpected character '#'"]),
        Failure(text: "x;;y", column: 3, mentions: ["empty output"]),
        Failure(text: "; x", column: 1, mentions: ["empty output"]),
        Failure(text: "x^", column: 3, mentions: ["missing operand after '^'"]),
        Failure(text: "αβ + sin(x) $", column: 13, mentions: ["unexpected character '$'"]),   // columns count characters
    ]

    @Test(arguments: failures)
    func errorsNameTheColumn(_ f: Failure) throws {
        do {
            _ = try ComputationGraph(parsing: f.text)
            Issue.record("parsed")
        } catch {
            #expect(error.column == f.column, "\(error)")
            #expect(error.category == .usage)
            #expect(error.source == "expression")
            for m in f.mentions { #expect(error.message.contains(m), "missing '\(m)' in \(error.message)") }
            #expect(!error.description.contains("\n"), "one line")
            #expect(error.description.hasPrefix("expression, column \(f.column): "))
        }
    }

    @Test func theCaretSitsUnderTheColumn() throws {
        let error = try #require(throws: ExpressionError.self) { try ComputationGraph(parsing: "x1*(x2 + sin(x1)") }
        #expect(error.caretDiagram == "  x1*(x2 + sin(x1)\n     ^")
        // A long text is shown as a window around the column.
        let long = String(repeating: "x + ", count: 200) + "sinn(x)"
        let far = try #require(throws: ExpressionError.self) { try ComputationGraph(parsing: long) }
        let lines = try #require(far.caretDiagram).split(separator: "\n")
        try #require(lines.count == 2)
        #expect(lines[0].count <= 80)
        let caret = lines[1].firstIndex(of: "^")!
        let offset = lines[1].distance(from: lines[1].startIndex, to: caret)
        #expect(Array(lines[0])[offset...].starts(with: "sinn"))
    }

    /// 100,000 nested parentheses and 100,000 nested calls: parsed without recursion, into a
    /// graph of the right size, with derivatives (the chain rule through 100,000 sines).
    @Test func deepNestingParsesWithoutRecursion() throws {
        let depth = 100_000
        let parens = String(repeating: "(", count: depth) + "x + 1" + String(repeating: ")", count: depth)
        let g = try ComputationGraph(parsing: parens)
        #expect(g.nodeCount == 2)
        #expect(g.evaluate(at: [2]) == [3])

        let calls = String(repeating: "sin(", count: depth) + "x" + String(repeating: ")", count: depth)
        let h = try ComputationGraph(parsing: calls)
        #expect(h.nodeCount == depth + 1)
        let lin = h.linearize(at: [0.5])
        var value = 0.5, derivative = 1.0
        for _ in 0..<depth { derivative *= cos(value); value = sin(value) }
        #expect(isClose(lin.outputValues[0], value, relative: 1e-15))
        #expect(isClose(lin.gradient()[0], derivative, relative: 1e-9))
        #expect(isClose(lin.outputTangents(seed: [1])[0], derivative, relative: 1e-9))

        let unclosed = String(repeating: "(", count: depth) + "x"
        let error = try #require(throws: ExpressionError.self) { try ComputationGraph(parsing: unclosed) }
        #expect(error.column == depth)
        #expect(error.message.contains("never closed"))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
