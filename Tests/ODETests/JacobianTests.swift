import Autodiff
@testable import ODE
import Testing
import TestSupport

/// `fᵢ = yᵢ·y_{i+1} + t·sin(yᵢ) + p₀·yᵢ²` (indices mod n), with the hand-derived Jacobian
/// `∂fᵢ/∂yᵢ = y_{i+1} + t cos yᵢ + 2p₀yᵢ`, `∂fᵢ/∂y_{i+1} = yᵢ` (summed when i + 1 ≡ i).
struct RingCoupling: ODEFunction {
    func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] {
        let n = y.count
        return (0..<n).map { i in y[i] * y[(i + 1) % n] + t * T.sin(y[i]) + p[0] * y[i] * y[i] }
    }
}

/// The Jacobian `∂f/∂y` the implicit methods use, by forward-mode AD.
@Suite("Right-hand-side Jacobian by AD")
struct JacobianTests {
    /// Every chunk width (n = 1, 2 → 1 and 2 directions; 3, 4 → 4; 5…8 → 8; 9, 17 → several
    /// 8-wide sweeps) gives the hand-derived Jacobian to 1e-14, at the stated number of sweeps.
    @Test(arguments: [1, 2, 3, 4, 5, 8, 9, 17])
    func matchesHandDerivedJacobian(n: Int) throws {
        var g = SplitMix64(seed: UInt64(n))
        let y = (0..<n).map { _ in Double.random(in: -2...2, using: &g) }
        let t = 0.7, p0 = -1.3
        var rhs = ODEEvaluator(RingCoupling(), parameters: [p0], dimension: n, options: ODEOptions())
        let jac = try rhs.jacobian(t, y)
        try #require(jac.count == n * n)
        for i in 0..<n {
            for j in 0..<n {
                var expected = 0.0
                if j == i { expected += y[(i + 1) % n] + t * Double.cos(y[i]) + 2 * p0 * y[i] }
                if j == (i + 1) % n { expected += y[i] }
                #expect(abs(jac[i * n + j] - expected) < 1e-14, "n=\(n) (\(i), \(j))")
            }
        }
        let width = n <= 2 ? n : (n <= 4 ? 4 : 8)
        #expect(rhs.statistics.jacobianEvaluations == 1)
        #expect(rhs.statistics.jacobianFunctionEvaluations == (n + width - 1) / width)
        #expect(rhs.statistics.functionEvaluations == 0)
    }

    /// A right-hand side returning the wrong number of values fails the Jacobian too, as a
    /// typed `.invalidInput`.
    @Test func wrongLengthIsTyped() {
        var rhs = ODEEvaluator(WrongCount(), parameters: [Double](), dimension: 2, options: ODEOptions())
        #expect(throws: ODEFailure.self) { _ = try rhs.jacobian(0, [1.0, 2]) }
    }
}
