import Autodiff
import RealModule
import Testing
import TestSupport

@Suite("Jacobians and Hessians")
struct JacobianHessianTests {
    /// Forward, reverse and automatic Jacobians of ℝ³ → ℝ⁴ and ℝ⁵ → ℝ² agree with each other and
    /// with central differences of each output (1e-6).
    @Test func jacobiansInBothModes() {
        var g = SplitMix64(seed: 31)
        for _ in 0..<3 {
            let x = randomVector(3, 0.2...1.5, &g)
            let f = jacobian(of: TestMap(), at: x, mode: .forward)
            let r = jacobian(of: TestMap(), at: x, mode: .reverse)
            let a = jacobian(of: TestMap(), at: x)
            #expect(f.count == 4 && f.allSatisfy { $0.count == 3 })
            for i in 0..<4 {
                #expect(allClose(f[i], r[i], relative: 1e-13))
                #expect(a[i] == f[i])   // n = 3 ≤ m = 4: automatic picks forward
                let fd = FiniteDifference.gradient(of: { (v: [Double]) in TestMap()(v)[i] }, at: x)
                #expect(allClose(fd, r[i], relative: 1e-6))
            }
            let w = randomVector(5, 0.2...1.5, &g)
            let wf = jacobian(of: WideMap(), at: w, mode: .forward)
            let wr = jacobian(of: WideMap(), at: w, mode: .reverse)
            let wa = jacobian(of: WideMap(), at: w)
            for i in 0..<2 {
                #expect(allClose(wf[i], wr[i], relative: 1e-13))
                #expect(wa[i] == wr[i])   // n = 5 > m = 2: automatic picks reverse
            }
        }
        #expect(automaticMode(inputs: 3, outputs: 4) == .forward)
        #expect(automaticMode(inputs: 5, outputs: 2) == .reverse)
    }

    /// vjp with a random cotangent equals uᵀJ from the forward Jacobian.
    @Test func vjpEqualsCotangentTimesJacobian() {
        var g = SplitMix64(seed: 77)
        let x = randomVector(3, 0.2...1.5, &g)
        let u = (0..<4).map { _ in randomSeed(&g) }
        let j = jacobian(of: TestMap(), at: x, mode: .forward)
        let (value, v) = vjp(of: { TestMap()($0) }, at: x, cotangent: u)
        #expect(allClose(value, TestMap()(x), relative: 1e-15))
        for c in 0..<3 {
            let expected = (0..<4).reduce(0.0) { $0 + u[$1] * j[$1][c] }
            #expect(isClose(v[c], expected, relative: 1e-12))
        }
    }

    /// Rosenbrock's Hessian equals the closed form and is symmetric.
    @Test func rosenbrockHessianIsAnalyticAndSymmetric() {
        var g = SplitMix64(seed: 4)
        let n = 6
        let x = randomVector(n, -1.5...1.5, &g)
        let h = hessian(of: { rosenbrock($0) }, at: x)
        var exact = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<(n - 1) {
            exact[i][i] += 2 - 400 * (x[i + 1] - x[i] * x[i]) + 800 * x[i] * x[i]
            exact[i + 1][i + 1] += 200
            exact[i][i + 1] = -400 * x[i]
            exact[i + 1][i] = -400 * x[i]
        }
        for i in 0..<n {
            for j in 0..<n {
                #expect(isClose(h[i][j], exact[i][j], relative: 1e-12), "H[\(i)][\(j)]")
                #expect(h[i][j] == h[j][i] || isClose(h[i][j], h[j][i], relative: 1e-14))
            }
        }
    }

    /// Hessian of the GMM log-likelihood: symmetric, and each column equals a central difference
    /// of the reverse gradient (1e-5).
    @Test func gmmHessianMatchesDifferenceOfGradient() {
        var g = SplitMix64(seed: 12)
        let x = randomVector(SuiteFunction.gmm.dimension, -1...1, &g)
        let h = hessian(of: { SuiteFunction.gmm.apply($0) }, at: x)
        for j in 0..<x.count {
            let col = (0..<x.count).map { i in
                FiniteDifference.central(of: { (t: Double) -> Double in
                    var y = x; y[j] = t
                    return gradient(of: { SuiteFunction.gmm.apply($0) }, at: y)[i]
                }, at: x[j])
            }
            #expect(allClose(col, (0..<x.count).map { h[$0][j] }, relative: 1e-5))
            for i in 0..<x.count { #expect(isClose(h[i][j], h[j][i], relative: 1e-10)) }
        }
    }

    /// A chunk of zero directions is a precondition failure (it used to loop forever).
    @Test func zeroChunkSizeIsAPreconditionFailure() async {
        await #expect(processExitsWith: .failure) {
            _ = forwardGradient(of: { (v: [MultiDual<0, Double>]) in v[0] * v[1] }, at: [1.0, 2])
        }
        await #expect(processExitsWith: .failure) {
            _ = forwardJacobian(of: { (v: [MultiDual<0, Double>]) in [v[0] * v[1]] }, at: [1.0, 2])
        }
    }
}

