import ExpressionGraph
import TestSupport
import Testing

/// `--at`-style points, seeds, and the warnings for non-finite results.
struct PointAndWarningTests {
    @Test func pointsByNameOrPosition() throws {
        let g = try ComputationGraph(parsing: "x*y + z")
        #expect(try g.point(parsingEither: "z=3,x=1,y=2") == [1, 2, 3])
        #expect(try g.point(parsingEither: " x = pi/2 , y=-1e-3, z=atan2(1, 1)") == [Double.pi / 2, -1e-3, Double.pi / 4])
        #expect(try g.point(parsingEither: "1, 2, 3") == [1, 2, 3])
        #expect(try ComputationGraph(parsing: "2 + 3").point(parsingEither: nil) == [])
        #expect(try g.direction(parsing: "y=1") == [0, 1, 0])
        #expect(try g.direction(parsing: "0.5,0,-1") == [0.5, 0, -1])
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        let expression: String
        let at: String?
        let source: String
        let column: Int?
        let mentions: [String]
        var testDescription: String { "\(expression) --at \(at ?? "(none)")" }
    }

    static let failures: [Failure] = [
        Failure(expression: "x*y", at: "x=abc,y=1", source: "--at", column: 3, mentions: ["'abc' is not a number"]),
        Failure(expression: "x*y", at: "x=1,y=", source: "--at", column: 7, mentions: ["no value for 'y'"]),
        Failure(expression: "x*y", at: "x=1,yy=2", source: "--at", column: 5, mentions: ["'yy' is not a variable", "did you mean 'y'"]),
        Failure(expression: "x*y", at: "x=1,x=2", source: "--at", column: 5, mentions: ["'x' is given twice"]),
        Failure(expression: "x*y", at: "x=1", source: "expression", column: 3, mentions: ["variable 'y' has no value in --at"]),
        Failure(expression: "theta*x", at: "x=1,thetta=2", source: "--at", column: 5, mentions: ["'thetta' is not a variable", "did you mean 'theta'"]),
        Failure(expression: "x*pie", at: "x=1", source: "expression", column: 3, mentions: ["'pie' has no value", "the constant 'pi'"]),
        Failure(expression: "x*y", at: "x=1,2=y", source: "--at", column: 5, mentions: ["'2' is not a variable name"]),
        Failure(expression: "x*y", at: "x=1;y=2", source: "--at", column: 4, mentions: ["separate the values with ','"]),
        Failure(expression: "x*y", at: "x=1/0,y=1", source: "--at", column: 3, mentions: ["not a finite number"]),
        Failure(expression: "x*y", at: "x", source: "--at", column: 1, mentions: ["expected name=value"]),
        Failure(expression: "x*y", at: "1", source: "--at", column: nil, mentions: ["1 value for 2 variables (x, y)"]),
        Failure(expression: "x*y", at: nil, source: "--at", column: nil, mentions: ["no point given", "x=…,y=…"]),
        Failure(expression: "x*y", at: "x=1,y=2)", source: "--at", column: 8, mentions: ["no matching '('"]),
    ]

    @Test(arguments: failures)
    func badPointsNameWhereAndWhat(_ f: Failure) throws {
        let g = try ComputationGraph(parsing: f.expression)
        let error = try #require(throws: ExpressionError.self) { try g.point(parsingEither: f.at) }
        #expect(error.category == .usage)
        #expect(error.source == f.source)
        #expect(error.column == f.column, "\(error)")
        for m in f.mentions { #expect(error.message.contains(m), "missing '\(m)' in \(error.message)") }
    }

    @Test func seedsOfTheWrongLengthOrNamesAreErrors() throws {
        let g = try ComputationGraph(parsing: "x*y")
        #expect(throws: ExpressionError.self) { try g.direction(parsing: "1") }
        #expect(throws: ExpressionError.self) { try g.direction(parsing: "z=1") }
    }

    struct Warned: Sendable, CustomTestStringConvertible {
        let expression: String
        let point: [Double]
        let column: Int
        let mentions: String
        var testDescription: String { expression }
    }

    /// The IEEE result with a warning at the operation's column — never a trap.
    static let warned: [Warned] = [
        Warned(expression: "x/y", point: [1, 0], column: 2, mentions: "division by zero in w3 = w1/w2 gives inf"),
        Warned(expression: "1 + log(x)", point: [-2], column: 5, mentions: "log of a negative number (-2)"),
        Warned(expression: "log(x)", point: [0], column: 1, mentions: "log of zero"),
        Warned(expression: "sqrt(x) + 1", point: [-1], column: 1, mentions: "square root of a negative number"),
        Warned(expression: "asin(x)", point: [2], column: 1, mentions: "asin of 2, outside [-1, 1]"),
        Warned(expression: "x^0.5", point: [-4], column: 2, mentions: "power of a negative base"),
        Warned(expression: "exp(x)", point: [1000], column: 1, mentions: "overflow"),
        Warned(expression: "log1p(x)", point: [-3], column: 1, mentions: "log1p of a number below -1"),
        Warned(expression: "sqrt(x)", point: [0], column: 1, mentions: "the derivative of w2 = sqrt(w1)"),
        Warned(expression: "x^-1", point: [0], column: 2, mentions: "power of zero with a negative exponent"),
    ]

    @Test(arguments: warned)
    func nonFiniteResultsAreWarnedAboutWithTheirColumn(_ w: Warned) throws {
        let g = try ComputationGraph(parsing: w.expression)
        let warnings = g.warnings(at: w.point)
        try #require(warnings.count == 1, "\(warnings)")
        #expect(warnings[0].column == w.column)
        #expect(warnings[0].message.contains(w.mentions), "\(warnings[0].message)")
        #expect(!warnings[0].description.contains("\n"))
        // The value is the IEEE one.
        _ = g.linearize(at: w.point).gradient()
    }

    @Test func aNonFiniteValueIsWarnedAboutOnceWhereItArises() throws {
        let g = try ComputationGraph(parsing: "sin(1/x) + cos(1/x)*2")
        #expect(g.warnings(at: [0]).count == 1)
        #expect(g.warnings(at: [1]).isEmpty)
    }
}
