import Testing
@testable import GradBenchTool

/// `saddle` and `particle`: nested derivatives in all four mode pairs.
@Suite struct NestedEvalTests {
    /// The saddle point of (x₁² + x₂²) − (y₁² + y₂²) is the origin; gradient descent stops
    /// within its tolerance of it, and all four variants take the same path (their derivatives
    /// agree to rounding), so their answers agree to far below that tolerance.
    @Test func saddleVariantsAgreeAtTheOrigin() throws {
        let input = #"{"start": [1.0, 1.0], "min_runs": 1, "min_seconds": 0}"#
        let r = try converse([#"{"id": 0, "kind": "define", "module": "saddle"}"#]
                             + ["ff", "fr", "rf", "rr"].enumerated().map { evaluate($0 + 1, "saddle", $1, input) })
        let answers = r.dropFirst().map { flatNumbers($0["output"]) }
        try #require(answers.count == 4)
        for a in answers {
            #expect(a.count == 4)
            #expect(a.allSatisfy { abs($0) < 1e-4 }, "\(a)")
            expectClose(a, answers[0], tolerance: 1e-12, "saddle variants")
        }
    }

    /// The particle's `w`: all variants agree, and it minimises the squared crossing abscissa
    /// (checked on the primal alone: no derivative involved).
    @Test func particleVariantsAgreeAndMinimise() throws {
        let input = #"{"w": 0.0, "min_runs": 1, "min_seconds": 0}"#
        let r = try converse(["ff", "fr", "rf", "rr"].enumerated().map { evaluate($0, "particle", $1, input) })
        let w = r.compactMap { $0["output"]?.number }
        try #require(w.count == 4)
        for v in w { #expect(abs(v - w[0]) < 1e-9, "\(w)") }
        let f = { (w: Double) in try ParticleEval.crossing(w, inner: .forward) }
        let best = try f(w[0])
        #expect(try f(w[0] - 0.01) > best && f(w[0] + 0.01) > best)
        #expect(best < 1e-3)
    }

    /// Forward and reverse inner gradients of the potential agree with central differences,
    /// also when the parameter is itself a dual (the outer forward level).
    @Test func innerGradientsAgree() {
        let p = ParticleEval.Potential()
        let x = [1.5, 6.0], w = [0.3]
        let fd = centralDifferences({ p($0, w) }, at: x, step: 1e-6)
        expectClose(innerGradient(p, at: x, parameters: w, mode: .forward), fd, tolerance: 1e-8, "forward")
        expectClose(innerGradient(p, at: x, parameters: w, mode: .reverse), fd, tolerance: 1e-8, "reverse")
    }
}
