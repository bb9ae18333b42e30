import Autodiff
import RealModule
import Testing
import TestSupport

/// A scalar test function evaluated generically, with a point generator.
enum SuiteFunction: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case rosenbrock, ackley, logSumExpLoop, logSumExpNode, determinant, gmm

    var testDescription: String { rawValue }

    static let gmmData: [Double] = {
        var g = SplitMix64(seed: 42)
        return randomVector(6 * 3, -2...2, &g)   // n = 6 rows, d = 3
    }()

    func apply<T: Real>(_ x: [T]) -> T {
        switch self {
        case .rosenbrock: AutodiffTests.rosenbrock(x)
        case .ackley: AutodiffTests.ackley(x)
        case .logSumExpLoop: AutodiffTests.logSumExpLoop(x)
        case .logSumExpNode: logSumExp(x)
        case .determinant: determinantByMinors(x)
        case .gmm: gmmLogLikelihood(x, data: Self.gmmData, n: 6, d: 3, k: 2)
        }
    }

    var dimension: Int {
        switch self {
        case .rosenbrock: 7
        case .ackley: 5
        case .logSumExpLoop, .logSumExpNode: 9
        case .determinant: 16
        case .gmm: 2 + 2 * 3 * 2
        }
    }
}


@Suite("Forward equals reverse on a function suite")
struct FunctionSuiteTests {
    /// Reverse gradient, chunked-forward gradient, a dual directional derivative with a random
    /// direction and a central-difference gradient all agree. Forward vs reverse: 1e-10 relative
    /// (same arithmetic, different association); vs central differences: 1e-5.
    @Test(arguments: SuiteFunction.allCases)
    func forwardEqualsReverse(_ f: SuiteFunction) {
        var g = SplitMix64(seed: 0x5017E &+ UInt64(f.dimension))
        for _ in 0..<3 {
            let x = randomVector(f.dimension, -1.5...1.5, &g)
            let (value, rev) = valueWithGradient(of: { f.apply($0) }, at: x)
            #expect(isClose(value, f.apply(x), relative: 1e-13))
            let fwd = forwardGradient(of: { (v: [MultiDual<4, Double>]) in f.apply(v) }, at: x)
            #expect(allClose(fwd, rev, relative: 1e-10), "\(f): \(fwd) vs \(rev)")
            let dir = randomVector(f.dimension, -1...1, &g)
            let jv = jvp(of: { (v: [Dual<Double>]) in f.apply(v) }, at: x, direction: dir)
            let expected = zip(rev, dir).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(isClose(jv.tangent, expected, relative: 1e-10))
            let fd = FiniteDifference.gradient(of: { (v: [Double]) in f.apply(v) }, at: x)
            #expect(allClose(fd, rev, relative: 1e-5), "\(f): fd \(fd) vs \(rev)")
        }
    }

    /// Rosenbrock's gradient against the closed form.
    @Test func rosenbrockGradientIsAnalytic() {
        let x = [0.3, -1.2, 0.8, 1.7, -0.4]
        var expected = [Double](repeating: 0, count: 5)
        for i in 0..<4 {
            expected[i] += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i])
            expected[i + 1] += 200 * (x[i + 1] - x[i] * x[i])
        }
        #expect(allClose(gradient(of: { rosenbrock($0) }, at: x), expected, relative: 1e-13))
    }

    /// The matrix product map ℝ¹² → ℝ⁴: forward and reverse Jacobians agree with the analytic
    /// one (∂C_ij/∂A_ik = B_kj, ∂C_ij/∂B_kj = A_ik).
    @Test func matrixProductJacobians() {
        var g = SplitMix64(seed: 9)
        let x = randomVector(12, -2...2, &g)   // A 2×3, B 3×2
        let fwd = forwardJacobian(of: { (v: [MultiDual<5, Double>]) in
            matrixProduct(v, p: 2, q: 3, r: 2) }, at: x)
        let rev = reverseJacobian(of: { matrixProduct($0, p: 2, q: 3, r: 2) }, at: x)
        var exact = [[Double]](repeating: [Double](repeating: 0, count: 12), count: 4)
        for i in 0..<2 { for j in 0..<2 { for k in 0..<3 {
            exact[i * 2 + j][i * 3 + k] = x[6 + k * 2 + j]
            exact[i * 2 + j][6 + k * 2 + j] = x[i * 3 + k]
        } } }
        for r in 0..<4 {
            #expect(allClose(fwd[r], exact[r], relative: 1e-14))
            #expect(allClose(rev[r], exact[r], relative: 1e-14))
        }
    }

    /// The same generic code runs on Double, Float, Dual<Double>, Dual<Dual<Double>>, Variable
    /// and Dual<Variable>, giving the same value.
    @Test func oneCodeEveryScalar() {
        let x = [0.5, -0.25, 1.5]
        let v = ackley(x)
        #expect(isClose(Double(ackley(x.map(Float.init))), v, relative: 1e-5))
        #expect(ackley(x.map { Dual<Double>($0) }).value == v)
        #expect(ackley(x.map { Dual<Dual<Double>>(Dual($0)) }).value.value == v)
        let tape = Tape()
        #expect(ackley(tape.variables(x)).value == v)
        #expect(ackley(tape.variables(x).map { Dual<Variable>($0) }).value.value == v)
    }
}
