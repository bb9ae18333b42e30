import Autodiff
import ExpressionGraph
import TestSupport
import Testing

/// Several hundred generated expressions: the graph's derivatives (forward and reverse sweeps,
/// Jacobian by vertex elimination) against Autodiff's `Dual` and tape on the generated tree
/// evaluated directly, to 1e-12.
///
/// The generator (seeded, so every run tests the same expressions) builds random trees of the
/// whole language, keeping the arguments of `log`, `sqrt` and real powers positive and those of
/// `asin`/`acos` inside (−1, 1) by construction (`exp(u)`, `1 + u^2`, `0.9·tanh(u)`); a tree
/// whose value or derivatives exceed 1e8, or with a non-finite intermediate value or local
/// partial (a singular point such as `1/y` at `y = 0`), is replaced, and the test
/// requires at least 400 accepted cases so the filter cannot empty it.
struct RandomExpressionTests {
    struct Generator {
        var rng: SplitMix64
        let names: [String]

        mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }

        mutating func leaf() -> ReferenceExpression {
            if rng.next() % 3 == 0 { return .number(pick([0.5, 1, 1.5, 2, 3, 0.25, 4])) }
            return .variable(pick(names))
        }

        /// A subtree whose value is positive.
        mutating func positive(_ depth: Int) -> ReferenceExpression {
            let u = tree(depth)
            switch rng.next() % 4 {
            case 0: return .call("exp", [.binary("*", .number(0.5), u)])
            case 1: return .binary("+", .number(1), .binary("^", u, .number(2)))
            case 2: return .call("hypot", [u, .number(1)])
            default: return .call("cosh", [.binary("*", .number(0.5), u)])
            }
        }

        mutating func tree(_ depth: Int) -> ReferenceExpression {
            if depth == 0 || rng.next() % 5 == 0 { return leaf() }
            let d = depth - 1
            switch rng.next() % 24 {
            case 0, 1: return .binary("+", tree(d), tree(d))
            case 2, 3: return .binary("-", tree(d), tree(d))
            case 4, 5: return .binary("*", tree(d), tree(d))
            case 6: return .binary("/", tree(d), positive(d))
            case 7: return .negate(tree(d))
            case 8: return .binary("^", tree(d), .number(pick([2, 3, -1, -2])))
            case 9: return .binary("^", positive(d), pick([.number(0.5), .number(1.5), tree(d)]))
            case 10: return .call(pick(["sin", "cos", "atan", "tanh"]), [tree(d)])
            case 11: return .call("tan", [.binary("*", .number(0.25), .call("tanh", [tree(d)]))])
            case 12: return .call(pick(["asin", "acos"]), [.binary("*", .number(0.9), .call("tanh", [tree(d)]))])
            case 13: return .call(pick(["log", "sqrt"]), [positive(d)])
            case 14: return .call("log1p", [.binary("^", tree(d), .number(2))])
            case 15: return .call(pick(["exp", "expm1", "sinh", "cosh"]), [.binary("*", .number(0.5), .call("tanh", [tree(d)]))])
            case 16: return .call("abs", [tree(d)])
            case 17: return .call(pick(["atan2", "hypot"]), [tree(d), tree(d)])
            case 18: return .call(pick(["min", "max"]), [tree(d), tree(d)])
            case 19: return .call("pow", [positive(d), tree(d)])
            case 20: return .call("sin", [.binary("*", tree(d), tree(d))])
            default: return .binary(pick(["+", "*"]), tree(d), leaf())
            }
        }
    }

    static let cases: [(text: String, trees: [ReferenceExpression], point: [Double])] = {
        var generator = Generator(rng: SplitMix64(seed: 20_261_202), names: ["x", "y", "z"])
        var out: [(String, [ReferenceExpression], [Double])] = []
        var attempts = 0
        while out.count < 500 && attempts < 5000 {
            attempts += 1
            let outputs = 1 + Int(generator.rng.next() % 2)
            let trees = (0..<outputs).map { _ in generator.tree(5) }
            let text = trees.map(\.description).joined(separator: "; ")
            guard let g = try? ComputationGraph(parsing: text) else { continue }
            let point = g.variables.map { _ in Double(Int(generator.rng.next() % 33)) / 16 - 1 }
            let env = Dictionary(uniqueKeysWithValues: zip(g.variables, point))
            let values = trees.map { $0.evaluate(env) as Double }
            let lin = g.linearize(at: point)
            let jacobian = lin.jacobian(mode: .reverse)
            // Away from singular points: every intermediate value and local partial finite (at
            // 1/0 or √0 the two sides' conventions for 0·∞ differ, and no derivative exists).
            guard values.allSatisfy({ $0.isFinite && abs($0) <= 1e8 }),
                  jacobian.joined().allSatisfy({ $0.isFinite && abs($0) <= 1e8 }),
                  (lin.values + lin.firstPartials + lin.secondPartials).allSatisfy(\.isFinite) else { continue }
            out.append((text, trees, point))
        }
        return out
    }()

    @Test func enoughCasesSurviveTheFilterAndTheyCoverTheLanguage() throws {
        try #require(RandomExpressionTests.cases.count >= 400)
        var seen = Set<Operation>()
        var nodes = 0
        for c in RandomExpressionTests.cases {
            let g = try ComputationGraph(parsing: c.text)
            g.nodes.forEach { seen.insert($0.operation) }
            nodes += g.nodeCount
        }
        #expect(seen == Set(Operation.allCases), "never generated: \(Set(Operation.allCases).subtracting(seen))")
        #expect(nodes >= 10 * RandomExpressionTests.cases.count, "the expressions are too small: \(nodes) nodes in all")
    }

    @Test func sweepsEqualAutodiffOnGeneratedExpressions() throws {
        try #require(RandomExpressionTests.cases.count >= 400)
        var rng = SplitMix64(seed: 7)
        var failures = 0
        for (text, trees, point) in RandomExpressionTests.cases {
            let g = try ComputationGraph(parsing: text)
            let names = g.variables
            func env<T>(_ x: [T]) -> [String: T] { Dictionary(uniqueKeysWithValues: zip(names, x)) }
            let direction = point.map { _ in Double.random(in: -2...2, using: &rng) }
            let cotangent = trees.map { _ in Double.random(in: -2...2, using: &rng) }
            let lin = g.linearize(at: point)

            let (values, tangents) = jvp(of: { (x: [Dual<Double>]) in trees.map { $0.evaluate(env(x)) } }, at: point, direction: direction)
            let (_, adjoints) = vjp(of: { (x: [Variable]) in trees.map { $0.evaluate(env(x)) } }, at: point, cotangent: cotangent)
            let checks = zip(lin.outputValues, values).map { isClose($0, $1, relative: 1e-12) }
                + zip(lin.outputTangents(seed: direction), tangents).map { isClose($0, $1, relative: 1e-12) }
                + zip(lin.vectorJacobianProduct(cotangent: cotangent), adjoints).map { isClose($0, $1, relative: 1e-12) }
            if checks.contains(false) {
                failures += 1
                Issue.record("\(text) at \(point): graph \(lin.outputTangents(seed: direction)) / \(lin.vectorJacobianProduct(cotangent: cotangent)), Autodiff \(tangents) / \(adjoints)")
            }
            // Markowitz elimination gives the same Jacobian as the reverse sweeps.
            let markowitz = VertexElimination(lin, order: .markowitz).jacobian
            for (r1, r2) in zip(markowitz, lin.jacobian(mode: .reverse)) {
                for (a, b) in zip(r1, r2) where !isClose(a, b, relative: 1e-12) {
                    Issue.record("\(text): Markowitz \(a) vs reverse \(b)")
                }
            }
            if failures > 10 { break }
        }
    }
}
