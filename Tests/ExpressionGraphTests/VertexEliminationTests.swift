import ExpressionGraph
import TestSupport
import Testing

/// Vertex elimination: the same Jacobian in every order, and the multiplication counts worked
/// out by hand.
struct VertexEliminationTests {
    /// `x·cos(x²z); y·sin(x²z)`: w4 = w1², w5 = w4·w3, w6 = cos w5, w7 = w1·w6, w8 = sin w5,
    /// w9 = w2·w8. By hand (|pred|·|succ| per eliminated vertex, the output edges free):
    /// forward order 1 + 4 + 2 + 0 + 2 + 0 = 9; reverse order 0 + 1 + 0 + 1 + 4 + 2 = 8;
    /// Markowitz w4, w6, w8 (degree 1 each), then w7, w9 (free), then w5 (2·2) = 7.
    @Test func markowitzBeatsForwardAndReverseOrder() throws {
        let g = try ComputationGraph(parsing: "x*cos(x^2*z); y*sin(x^2*z)")
        let lin = g.linearize(at: [1, 2, 3])
        let forward = VertexElimination(lin, order: .forward)
        let reverse = VertexElimination(lin, order: .reverse)
        let markowitz = VertexElimination(lin, order: .markowitz)
        #expect(forward.multiplications == 9)
        #expect(reverse.multiplications == 8)
        #expect(markowitz.multiplications == 7)
        #expect(markowitz.eliminated == [3, 5, 7, 6, 8, 4])
        // The Jacobian by hand: ∂/∂x of x cos(x²z) = cos(x²z) − 2x²z sin(x²z), …
        let (x, y, z) = (1.0, 2.0, 3.0)
        let u = x * x * z
        let expected = [[cos(u) - 2 * x * x * z * sin(u), 0, -x * x * x * sin(u)],
                        [y * cos(u) * 2 * x * z, sin(u), y * cos(u) * x * x]]
        for J in [forward.jacobian, reverse.jacobian, markowitz.jacobian, lin.jacobian(mode: .forward)] {
            for (r1, r2) in zip(J, expected) { for (a, b) in zip(r1, r2) { #expect(isClose(a, b, relative: 1e-14)) } }
        }
        let report = JacobianReport(g, at: [1, 2, 3], method: .markowitz)
        #expect(report.costs == JacobianReport.Costs(forwardSweeps: 3, forwardMultiplications: 27, reverseSweeps: 2,
                                                     reverseMultiplications: 18, forwardElimination: 9,
                                                     reverseElimination: 8, markowitzElimination: 7))
    }

    /// A chain `sin(cos(exp(x)))`: each elimination is 1·1, except the last, whose edge to the
    /// output is free — 2 multiplications in every order; one sweep each way costs 3.
    @Test func aChainCostsTheSameEveryWay() throws {
        let g = try ComputationGraph(parsing: "sin(cos(exp(x)))")
        let lin = g.linearize(at: [0.3])
        for order in VertexElimination.Order.allCases {
            #expect(VertexElimination(lin, order: order).multiplications == 2, "\(order)")
        }
        #expect(g.edgeCount == 3)
    }

    /// Infinite partials meet exact zeros: every way to the Jacobian gives the same entries (no
    /// NaN from 0·∞ in one mode only). √x at 0 has derivative +∞; `min` at x < √y does not depend
    /// on y.
    @Test(arguments: [("sqrt(x); y", [0.0, 1.0], [[Double.infinity, 0], [0, 1]]),
                      ("min(x, sqrt(y))", [-1.0, 0.0], [[1, 0]]),
                      ("sqrt(x)*y", [0.0, 0.0], [[0, 0]])])   // 0·∞: y·(1/2√x) at y = 0
    func exactZerosAgreeInEveryMode(_ text: String, _ point: [Double], _ expected: [[Double]]) throws {
        let lin = try ComputationGraph(parsing: text).linearize(at: point)
        var all = [lin.jacobian(mode: .forward), lin.jacobian(mode: .reverse)]
        all += VertexElimination.Order.allCases.map { VertexElimination(lin, order: $0).jacobian }
        for J in all {
            for (r1, r2) in zip(J, expected) {
                for (a, b) in zip(r1, r2) { #expect(a == b || (a.isNaN && b.isNaN), "\(text): \(J)") }
            }
        }
    }

    /// Outputs that feed other outputs, an input that is an output, a constant output, and an
    /// argument used twice.
    @Test func outputsInsideTheGraphAndEdgeCases() throws {
        let g = try ComputationGraph(parsing: "x*x; sin(x*x) + y; x; 5")
        let lin = g.linearize(at: [0.7, 1.1])
        let expected = lin.jacobian(mode: .reverse)
        #expect(isClose(expected[0][0], 1.4, relative: 1e-15))
        #expect(expected[2] == [1, 0] && expected[3] == [0, 0])
        for order in VertexElimination.Order.allCases {
            let J = VertexElimination(lin, order: order).jacobian
            for (r1, r2) in zip(J, expected) { for (a, b) in zip(r1, r2) { #expect(isClose(a, b, relative: 1e-14)) } }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
