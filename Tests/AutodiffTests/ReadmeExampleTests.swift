import Autodiff
import Testing

// The README's library example, verbatim, with only `import Autodiff` (RealModule re-exported).

func readmeRosenbrock<T: Real>(_ x: [T]) -> T {   // written once, generic over the scalar
    var s: T = 0
    for i in 0..<(x.count - 1) {
        let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
        s += 100 * a * a + b * b
    }
    return s
}

@Suite("README example")
struct ReadmeExampleTests {
    /// The example's results against closed forms (tolerances: exact arithmetic except
    /// transcendental functions, 1e-14 relative).
    @Test func readmeExampleComputesWhatItSays() {
        let g = gradient(of: readmeRosenbrock, at: [0.5, 1.0, 1.5])          // reverse mode
        let h = hessian(of: readmeRosenbrock, at: [0.5, 1.0, 1.5])           // 3×3
        let d3 = derivative(of: { Taylor.sin($0) }, at: 0.3, order: 3)       // −cos 0.3
        let dx = derivative(of: { x in x * Dual.exp(x) }, at: 1.0)           // 2e
        #expect(g == [-151, -50, 100])   // by hand: ∂₀ = −400·0.5·0.75 − 1, …
        #expect(h[0][1] == -200 && h[1][0] == -200 && h[0][2] == 0)
        #expect(abs(d3 + Double.cos(0.3)) < 1e-14)
        #expect(abs(dx - 2 * Double.exp(1)) < 1e-14)
    }
}
