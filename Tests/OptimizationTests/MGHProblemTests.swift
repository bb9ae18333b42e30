import Autodiff
import Optimization
import OptimizationProblems
import TestSupport
import Testing

/// The Moré–Garbow–Hillstrom residuals (Moré, Garbow & Hillstrom, "Testing unconstrained
/// optimization software", ACM TOMS 7(1), 17–41, 1981) against independent NumPy definitions
/// (scripts/mgh_reference.py), and their derivatives by both modes against each other and
/// against central differences.
struct MGHProblemTests {
    /// The problems with a NumPy reference (every standard one except the n = 1000 / n = 40
    /// extended ones, whose blocks are the Rosenbrock and Powell-singular ones checked here).
    static let referenced = MGHProblem.standardSet.filter { MGHReferenceResiduals.values["\($0)"] != nil }

    @Test func everyStandardProblemIsListedOnce() throws {
        #expect(MGHProblem.standardSet.count == 30)
        #expect(Set(MGHProblem.standardSet.map { "\($0)" }).count == 30)
        try #require(Self.referenced.count == 28)
        for p in MGHProblem.standardSet {
            #expect(p.start.count == p.variables, "\(p)")
            #expect(p(p.start).count == p.residualCount, "\(p)")
        }
    }

    /// Every residual at the standard start and at a second point equals the NumPy value to
    /// 1e-13 relative (the same formulas in another order; a wrong coefficient or datum is off by
    /// far more).
    @Test(arguments: referenced)
    func residualsMatchTheIndependentDefinitions(_ p: MGHProblem) throws {
        let reference = try #require(MGHReferenceResiduals.values["\(p)"])
        for (x, expected) in [(p.start, reference.atStart), (reference.x1, reference.atX1)] {
            let r: [Double] = p(x)
            try #require(r.count == expected.count)
            let scale = expected.map(abs).max()!
            for (a, b) in zip(r, expected) {
                #expect(abs(a - b) <= 1e-13 * max(abs(b), scale, 1e-300), "\(p): \(a) vs \(b)")
            }
        }
    }

    /// The extended problems are blocks of the 2- and 4-variable ones.
    @Test func extendedProblemsRepeatTheirBlocks() {
        let x = MGHProblem.extendedRosenbrock(n: 6).start.enumerated().map { $1 + 0.01 * Double($0) }
        let r: [Double] = MGHProblem.extendedRosenbrock(n: 6)(x)
        for b in 0..<3 {
            let block: [Double] = MGHProblem.rosenbrock(Array(x[(2 * b)..<(2 * b + 2)]))
            #expect(Array(r[(2 * b)..<(2 * b + 2)]) == block)
        }
        let y = MGHProblem.extendedPowellSingular(n: 8).start.map { $0 + 0.3 }
        let s: [Double] = MGHProblem.extendedPowellSingular(n: 8)(y)
        let first: [Double] = MGHProblem.powellSingular(Array(y[0..<4]))
        #expect(Array(s[0..<4]) == first)
    }

    /// Forward and reverse Jacobians agree to rounding at the second point, and at the standard
    /// start a reverse-mode gradient of Σrᵢ² agrees with central differences (cube-root step
    /// h ≈ 6e-6: truncation ~h² of the gradient's scale, rounding ε·|f|/h ≈ 4e-11·|f|, so the
    /// bound 1e-6·‖g‖ + 1e-10·|f|). The differences are taken at x₀ because at
    /// the second point Osborne 1's exponentials reach e³⁵, beyond what a difference quotient
    /// resolves.
    @Test(arguments: referenced)
    func derivativesAgreeAcrossModes(_ p: MGHProblem) throws {
        let x = try #require(MGHReferenceResiduals.values["\(p)"]).x1
        let forward = DifferentiableSystem(p, mode: .forward).jacobian(x)
        let reverse = DifferentiableSystem(p, mode: .reverse).jacobian(x)
        let scale = forward.elements.map(abs).max()!
        for (a, b) in zip(forward.elements, reverse.elements) { #expect(abs(a - b) <= 1e-12 * max(scale, 1)) }
        let objective = DifferentiableObjective(SumOfSquares(p))
        let (f, g) = objective.valueAndGradient(p.start)
        let fd = FiniteDifference.gradient(of: { (v: [Double]) in SumOfSquares(p)(v) }, at: p.start)
        let gScale = max(fd.map(abs).max()!, 1)
        for (a, b) in zip(g, fd) { #expect(abs(a - b) <= 1e-6 * gScale + 1e-10 * abs(f), "\(p): \(a) vs \(b)") }
    }
}
