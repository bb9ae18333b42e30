import Autodiff
import RealModule
import Testing
import TestSupport

@Suite("Nesting and perturbation confusion")
struct NestingTests {
    /// The classic check d/dx [x · (d/dy (x + y))(1)] at x = 1 is 1 (a confused implementation
    /// gives 2). Exact arithmetic, so exact comparison.
    @Test func classicPerturbationConfusionCheck() {
        let r = derivative(of: { (x: Dual<Double>) -> Dual<Double> in
            let inner = derivative(of: { (y: Dual<Dual<Double>>) in Dual(constant: x) + y },
                                   at: Dual<Double>(constant: 1))
            return x * inner
        }, at: 1.0)
        #expect(r == 1)
    }

    /// d/dx [x · d/dy (x·y)] = d/dx [x²] = 2x: the inner derivative depends on the outer variable,
    /// so dropping the outer perturbation would give x instead.
    @Test func innerDerivativeDependingOnOuterVariable() {
        for x0 in [0.5, 1.0, 3.0] {
            let r = derivative(of: { (x: Dual<Double>) -> Dual<Double> in
                x * derivative(of: { (y: Dual<Dual<Double>>) in Dual(constant: x) * y }, at: x)
            }, at: x0)
            #expect(r == 2 * x0)
        }
    }

    /// Mixing same-type duals from two different driver calls is detected and traps instead of
    /// silently returning 2.
    @Test func sameTypeMixingTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = derivative(of: { (x: Dual<Double>) -> Dual<Double> in
                x * Dual(derivative(of: { (y: Dual<Double>) in x + y }, at: 1.0))
            }, at: 1.0)
        }
    }

    /// Third derivative by three levels of nesting: d³/dx³ sin x = −cos x.
    @Test func tripleNesting() {
        let x0 = 0.7
        let d3 = derivative(of: { (x: Dual<Double>) in
            derivative(of: { (y: Dual<Dual<Double>>) in
                derivative(of: { (z: Dual<Dual<Dual<Double>>>) in Dual.sin(z) }, at: y)
            }, at: x)
        }, at: x0)
        #expect(isClose(d3, -Double.cos(x0), relative: 1e-14))
    }

    /// Hessian-vector products of a known function (exact polynomial), forward over reverse
    /// (a `Dual<Double>` tape) and reverse over forward (`Dual<Variable>`), against the hand formula.
    @Test func hessianVectorProductOfCubic() {
        // f = x²y + y³, H = [[2y, 2x], [2x, 6y]]
        let hv = hessianVectorProduct(of: { v in v[0] * v[0] * v[1] + v[1] * v[1] * v[1] },
                                      at: [1.5, -2], direction: [0.3, 0.7])
        #expect(isClose(hv[0], 2 * -2 * 0.3 + 2 * 1.5 * 0.7, relative: 1e-14))
        #expect(isClose(hv[1], 2 * 1.5 * 0.3 + 6 * -2 * 0.7, relative: 1e-14))
        let rof = reverseOverForwardHessianVectorProduct(
            of: { v in v[0] * v[0] * v[1] + v[1] * v[1] * v[1] }, at: [1.5, -2], direction: [0.3, 0.7])
        #expect(isClose(rof[0], 2 * -2 * 0.3 + 2 * 1.5 * 0.7, relative: 1e-14))
        #expect(isClose(rof[1], 2 * 1.5 * 0.3 + 6 * -2 * 0.7, relative: 1e-14))
    }
}
