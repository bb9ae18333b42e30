import ExpressionGraph
import TestSupport
import Testing

/// Derivatives, Hessians and roots against SymPy's exact derivatives evaluated with mpmath at
/// 40 digits (`scripts/expression_graph_references.py`, whose output is pasted here).
struct ReferenceValueTests {
    /// Taylor mode to order k. Tolerance 1e-12 relative: each coefficient is a few roundings from
    /// the exact value (the higher orders accumulate more, still far below this).
    static let taylor: [(String, Double, [Double])] = [
        ("exp(sin(x))", 0.5, [1.6151462964420837, 1.4174242246593913, 0.46956439926573407, -2.3644414408552015, -5.707734036177334, 1.1884191301934934, 43.171432177436074]),
        ("1/(1 + x^2)", 0.3, [0.9174311926605505, -0.5050079959599361, -1.1273878808891538, 4.641601982899168, 2.191568634598021, -91.19884913924534]),
        ("log1p(x)*cos(x)", 0.7, [0.40584687217733306, 0.10806706430862326, -1.4284013095104258, -0.02778887644441439, 1.9111109191797162, 0.17181819379517554]),
        ("atan(x)^2", 2.0, [1.2257782833130986, 0.4428594871176362, -0.27428758969410894, 0.19771634866351986, -0.0749741291595169]),
        ("x^x", 1.5, [1.8371173070873836, 2.5820042746129492, 4.85366178834622, 9.447828075301361, 20.631906025686252]),
        ("x^3", 2.0, [8, 12, 12, 6, 0]),   // by hand
    ]

    @Test func taylorDerivativesMatchSymPy() throws {
        try #require(ReferenceValueTests.taylor.count == 6)
        for (text, x, expected) in ReferenceValueTests.taylor {
            let got = try TaylorReport(ComputationGraph(parsing: text), at: x, order: expected.count - 1).derivatives
            for (k, (a, b)) in zip(got, expected).enumerated() {
                #expect(isClose(a, b, relative: 1e-12), "\(text), order \(k): \(a) vs \(b)")
            }
        }
    }

    /// Forward over reverse on the graph. Tolerance 1e-13 relative.
    static let hessians: [(String, [Double], [[Double]])] = [
        ("x^2*y + sin(x*y)", [1.0, 2.0], [[0.3628102926972732, -0.23474169019850577], [-0.23474169019850577, -0.9092974268256817]]),
        ("exp(x*y*z)", [0.5, -0.2, 1.1], [[0.04335837214835197, 0.8770216184553011, -0.15945847608278202], [0.8770216184553011, 0.2709898259271998, 0.3986461902069551], [-0.15945847608278202, 0.3986461902069551, 0.008958341352965282]]),
        ("log(x^2 + y^2)", [1.0, 2.0], [[0.24, -0.32], [-0.32, -0.24]]),
        ("hypot(x, y)", [3.0, 4.0], [[0.128, -0.096], [-0.096, 0.072]]),
        ("atan2(y, x)*x", [-1.2, 0.7], [[-0.18416601787967463, -0.31571317350801364], [-0.31571317350801364, -0.5412225831565948]]),
    ]

    @Test func hessiansMatchSymPy() throws {
        try #require(ReferenceValueTests.hessians.count == 5)
        for (text, x, expected) in ReferenceValueTests.hessians {
            let got = try HessianReport(ComputationGraph(parsing: text), at: x).hessian
            for (r1, r2) in zip(got, expected) {
                for (a, b) in zip(r1, r2) { #expect(isClose(a, b, relative: 1e-13), "\(text): \(a) vs \(b)") }
            }
        }
    }

    @Test(arguments: [("cos(x) - x", 1.0, 0.7390851332151607), ("x^3 - 2*x - 5", 2.0, 2.0945514815423265)])
    func newtonFindsTheRoot(_ text: String, _ start: Double, _ root: Double) throws {
        let newton = try NewtonIteration(ComputationGraph(parsing: text), from: start)
        #expect(newton.reason.converged)
        let found = try #require(newton.root)
        #expect(abs(found - root) <= 2 * root.ulp)
        // Quadratic convergence: at most a handful of steps from these starts.
        #expect(newton.iterates.count <= 8)
        for it in newton.iterates.dropFirst() {
            let previous = newton.iterates[it.index - 1]
            #expect(it.x == previous.x - previous.value / previous.derivative)
        }
    }
}
