import Autodiff
import ExpressionGraph
import TestSupport
import Testing

/// The graph's forward and reverse sweeps against Autodiff's `Dual` (forward) and tape
/// (reverse) on every expression of the test set. Autodiff differentiates an independent
/// evaluation of the same text (``ReferenceExpression``: its own parser, evaluating on the AD
/// scalars directly), so neither side's parsing or derivative rules are shared.
///
/// Tolerance 1e-12 relative (absolute below 1): both apply the chain rule with the same
/// elementary derivatives, differing only in the rounding of a few operations (e.g. `tanh′` as
/// `1/cosh²` on the graph and `1 − tanh²` in Autodiff).
struct SweepTests {
    @Test func theTestSetCoversEveryOperation() throws {
        var seen = Set<Operation>()
        for c in TestExpressions.all { try ComputationGraph(parsing: c.text).nodes.forEach { seen.insert($0.operation) } }
        #expect(seen == Set(Operation.allCases), "missing: \(Set(Operation.allCases).subtracting(seen))")
        try #require(TestExpressions.all.count == 40)
    }

    static func environment<T>(_ names: [String], _ x: [T]) -> [String: T] {
        Dictionary(uniqueKeysWithValues: zip(names, x))
    }

    @Test(arguments: TestExpressions.all)
    func valuesEqualTheReferenceEvaluation(_ c: TestExpressions.Case) throws {
        let g = try ComputationGraph(parsing: c.text)
        let reference = ReferenceExpression.parse(c.text)
        let env = SweepTests.environment(g.variables, c.point)
        let expected = reference.map { $0.evaluate(env) as Double }
        let got = g.evaluate(at: c.point)
        try #require(got.count == expected.count)
        for (a, b) in zip(got, expected) { #expect(isClose(a, b, relative: 1e-14), "\(a) vs \(b)") }
    }

    @Test(arguments: TestExpressions.all)
    func forwardSweepEqualsDualNumbers(_ c: TestExpressions.Case) throws {
        let g = try ComputationGraph(parsing: c.text)
        let reference = ReferenceExpression.parse(c.text)
        var rng = SplitMix64(seed: UInt64(c.text.utf8.count))
        let direction = g.variables.map { _ in Double.random(in: -2...2, using: &rng) }
        let names = g.variables
        let (_, expected) = jvp(of: { (x: [Dual<Double>]) in reference.map { $0.evaluate(SweepTests.environment(names, x)) } },
                                at: c.point, direction: direction)
        let got = g.linearize(at: c.point).outputTangents(seed: direction)
        try #require(got.count == expected.count)
        for (a, b) in zip(got, expected) { #expect(isClose(a, b, relative: 1e-12), "\(c.text): \(a) vs \(b)") }
    }

    @Test(arguments: TestExpressions.all)
    func reverseSweepEqualsTheTape(_ c: TestExpressions.Case) throws {
        let g = try ComputationGraph(parsing: c.text)
        let reference = ReferenceExpression.parse(c.text)
        var rng = SplitMix64(seed: UInt64(c.text.utf8.count) &+ 99)
        let cotangent = (0..<g.outputCount).map { _ in Double.random(in: -2...2, using: &rng) }
        let names = g.variables
        let (_, expected) = vjp(of: { (x: [Variable]) in reference.map { $0.evaluate(SweepTests.environment(names, x)) } },
                                at: c.point, cotangent: cotangent)
        let got = g.linearize(at: c.point).vectorJacobianProduct(cotangent: cotangent)
        try #require(got.count == expected.count)
        for (a, b) in zip(got, expected) { #expect(isClose(a, b, relative: 1e-12), "\(c.text): \(a) vs \(b)") }
    }

    @Test(arguments: TestExpressions.all)
    func jacobianByColumnsRowsAndEliminationAgree(_ c: TestExpressions.Case) throws {
        let lin = try ComputationGraph(parsing: c.text).linearize(at: c.point)
        let columns = lin.jacobian(mode: .forward), rows = lin.jacobian(mode: .reverse)
        for order in VertexElimination.Order.allCases {
            let eliminated = VertexElimination(lin, order: order).jacobian
            for (r1, (r2, r3)) in zip(columns, zip(rows, eliminated)) {
                for (a, (b, d)) in zip(r1, zip(r2, r3)) {
                    #expect(isClose(a, b, relative: 1e-13) && isClose(a, d, relative: 1e-13), "\(order): \(a) \(b) \(d)")
                }
            }
        }
    }

    /// Forward over reverse on the graph against Autodiff's Hessian (forward over reverse on the
    /// tape of the reference evaluation), for the one-output cases.
    @Test(arguments: TestExpressions.all.filter { !$0.text.contains(";") })
    func hessianEqualsAutodiff(_ c: TestExpressions.Case) throws {
        let g = try ComputationGraph(parsing: c.text)
        let reference = ReferenceExpression.parse(c.text)[0]
        let names = g.variables
        let expected = Autodiff.hessian(of: { (x: [HessianVariable]) in reference.evaluate(SweepTests.environment(names, x)) },
                                        at: c.point)
        let got = g.hessian(at: c.point)
        for (r1, r2) in zip(got, expected) {
            for (a, b) in zip(r1, r2) { #expect(isClose(a, b, relative: 1e-11), "\(c.text): \(a) vs \(b)") }
        }
    }

    /// Taylor mode on the graph against Autodiff's `Taylor` on the reference evaluation, to
    /// order 6, for the one-variable, one-output cases.
    @Test(arguments: TestExpressions.all.filter { !$0.text.contains(";") && $0.point.count == 1 })
    func taylorDerivativesEqualAutodiff(_ c: TestExpressions.Case) throws {
        let g = try ComputationGraph(parsing: c.text)
        let reference = ReferenceExpression.parse(c.text)[0]
        let name = g.variables[0]
        let expected = Autodiff.derivatives(of: { (x: Taylor<Double>) in reference.evaluate([name: x]) }, at: c.point[0], order: 6)
        let got = g.taylorDerivatives(at: c.point[0], order: 6)
        for (a, b) in zip(got, expected) { #expect(isClose(a, b, relative: 1e-12), "\(c.text): \(a) vs \(b)") }
        // f′ from Taylor mode equals the forward sweep's.
        #expect(isClose(got[1], g.linearize(at: c.point).outputTangents(seed: [1])[0], relative: 1e-12))
    }
}
