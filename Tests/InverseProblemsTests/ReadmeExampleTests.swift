import InverseProblems
import Testing

/// The README's inverse-problem example, verbatim, and the numbers it quotes.
@Suite("README inverse-problem example")
struct ReadmeExampleTests {
    @Test func readmeExampleGivesTheQuotedRates() throws {
        let problem = try LotkaVolterraInverseProblem(noise: 0.05, seed: 0)   // simulate, add noise
        let recovery = try problem.recover(from: [1.2, 1.2, 2.6, 0.8])       // Levenberg–Marquardt
        // recovery.rates ≈ [1.511, 1.001, 2.961, 0.988], recovery.maxRelativeError ≈ 0.013
        // The quoted rates to their 3 decimals, the standard errors (0.006, 0.005, 0.018, 0.006)
        // and the iteration count as the README states them.
        for (rate, quoted) in zip(recovery.rates, [1.511, 1.001, 2.961, 0.988]) {
            #expect(abs(rate - quoted) < 5e-4, "\(recovery.rates)")
        }
        let errors = try #require(recovery.standardErrors)
        for (e, quoted) in zip(errors, [0.006, 0.005, 0.018, 0.006]) { #expect(abs(e - quoted) < 5e-4, "\(errors)") }
        #expect(abs(recovery.maxRelativeError - 0.013) < 5e-4)
        #expect(recovery.result.iterations == 11)
    }
}
