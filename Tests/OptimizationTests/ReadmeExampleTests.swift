import Optimization
import Testing

// The README's "What AD is for" example, verbatim, with only `import Optimization`.

struct Rosenbrock: ObjectiveFunction {                               // f written once over Real
    func callAsFunction<T: Real>(_ x: [T]) -> T {
        let a = x[1] - x[0] * x[0], b = 1 - x[0]
        return 100 * a * a + b * b
    }
}

struct Circle: VectorFunction {                                      // F(x) = 0
    func callAsFunction<T: Real>(_ x: [T]) -> [T] { [x[0] * x[0] + x[1] * x[1] - 4, x[0] - x[1]] }
}

@Suite("README optimization example")
struct OptimizationReadmeExampleTests {
    /// What the comments claim: BFGS reaches (1, 1) in 40 iterations on the gradient test, and
    /// Newton's root is (√2, √2) (by hand: x = y, 2x² = 4).
    @Test func readmeExampleComputesWhatItSays() throws {
        let r = minimize(Rosenbrock(), from: [-1.2, 1], method: .bfgs)       // gradients by reverse mode
        let root = try NewtonSolver().solve(Circle(), from: [3, 1]).root     // [√2, √2]
        #expect(abs(r.minimizer[0] - 1) < 1e-8 && abs(r.minimizer[1] - 1) < 1e-8)
        #expect(r.iterations == 40 && r.reason == .gradientTolerance)
        #expect(abs(root[0] - Double(2).squareRoot()) < 1e-14 && abs(root[1] - Double(2).squareRoot()) < 1e-14)
    }
}
