import Optimization
import Testing

struct AdamTests {
    /// The first Adam step moves every parameter by the learning rate against the sign of its
    /// gradient (m̂ = g, v̂ = g², so the step is α·g/(|g| + ε)), whatever the gradient's scale —
    /// the property that makes it scale-free (Kingma & Ba 2015, Section 2.1).
    @Test func firstStepIsTheLearningRateTimesTheSign() {
        var adam = Adam(learningRate: 0.1)
        var p = [1.0, -2.0, 3.0]
        #expect(adam.update(&p, gradient: [1e-3, -5e4, 2]))
        // The ε = 1e-8 in |g| + ε shortens each step by ε/|g| relative: 1e-6 for g = 1e-3, 5e-10 for g = 2.
        #expect(abs(p[0] - 0.9) < 2e-6 && abs(p[1] - -1.9) < 1e-12 && abs(p[2] - 2.9) < 1e-9)
        #expect(adam.steps == 1)
    }

    /// On f = Σ cᵢ(xᵢ − 1)² with exact gradients Adam converges to the minimiser.
    @Test func minimisesAQuadratic() {
        var adam = Adam(learningRate: 0.05)
        var x = [5.0, -3.0, 0.0]
        let c = [1.0, 10.0, 0.1]
        for _ in 0..<4000 { adam.update(&x, gradient: x.indices.map { 2 * c[$0] * (x[$0] - 1) }) }
        for v in x { #expect(abs(v - 1) < 1e-3) }
    }

    @Test func rejectsMismatchedOrNonFiniteGradients() {
        var adam = Adam()
        var p = [1.0, 2.0]
        #expect(!adam.update(&p, gradient: [1]))
        #expect(!adam.update(&p, gradient: [1, .nan]))
        #expect(p == [1, 2] && adam.steps == 0)
        #expect(adam.update(&p, gradient: [1, 1]))
        var q = [1.0, 2.0, 3.0]
        #expect(!adam.update(&q, gradient: [1, 1, 1]))   // state is for 2 parameters
    }
}
