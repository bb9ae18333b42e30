import Autodiff
@testable import ODE
import Testing
import TestSupport

/// The integrators' internal LU factorisations (to be unified with `LinearAlgebra`'s).
@Suite("ODELinearSolve")
struct LinearSolveTests {
    static func random(_ count: Int, _ g: inout SplitMix64) -> [Double] {
        (0..<count).map { _ in Double.random(in: -1...1, using: &g) }
    }

    /// A·x = b for random A (with a zero leading entry, so pivoting is needed) and n = 1…9:
    /// residual ≤ 1e-12·(1 + ‖A‖‖x‖).
    @Test(arguments: 1...9)
    func realSolve(n: Int) throws {
        var g = SplitMix64(seed: UInt64(17 + n))
        var a = Self.random(n * n, &g)
        if n > 1 { a[0] = 0 }
        let b = Self.random(n, &g)
        let lu = try #require(ODELinearSolve.RealLU(a, dimension: n))
        let x = lu.solve(b)
        for i in 0..<n {
            let r = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * x[$1] } - b[i]
            let scale = 1 + x.map { abs($0) }.reduce(0, +) * Double(n)
            #expect(abs(r) <= 1e-12 * scale, "row \(i)")
        }
    }

    /// (Ar + iAi)(xr + ixi) = br + ibi for random complex A, n = 1…9.
    @Test(arguments: 1...9)
    func complexSolve(n: Int) throws {
        var g = SplitMix64(seed: UInt64(91 + n))
        var re = Self.random(n * n, &g), im = Self.random(n * n, &g)
        if n > 1 {
            re[0] = 0
            im[0] = 0
        }
        let br = Self.random(n, &g), bi = Self.random(n, &g)
        let lu = try #require(ODELinearSolve.ComplexLU(re: re, im: im, dimension: n))
        let (xr, xi) = lu.solve(br, bi)
        for i in 0..<n {
            var sr = -br[i], si = -bi[i]
            for j in 0..<n {
                sr += re[i * n + j] * xr[j] - im[i * n + j] * xi[j]
                si += re[i * n + j] * xi[j] + im[i * n + j] * xr[j]
            }
            #expect(abs(sr) < 1e-12 * Double(n * n) && abs(si) < 1e-12 * Double(n * n), "row \(i)")
        }
    }

    /// Singular (a zero column), NaN and infinite matrices factor to `nil`, never a trap.
    @Test func singularAndNonFiniteMatricesAreRejected() {
        #expect(!factored(ODELinearSolve.RealLU([1, 0, 2, 0], dimension: 2)))
        #expect(!factored(ODELinearSolve.RealLU([Double.nan, 1, 1, 1], dimension: 2)))
        #expect(!factored(ODELinearSolve.RealLU([1, 1, 1, Double.infinity], dimension: 2)))
        #expect(!factored(ODELinearSolve.ComplexLU(re: [0.0, 0, 0, 0], im: [0, 0, 0, 0], dimension: 2)))
        #expect(!factored(ODELinearSolve.ComplexLU(re: [1.0, 0, 0, .nan], im: [0, 0, 0, 0], dimension: 2)))
        #expect(factored(ODELinearSolve.RealLU([0.0, 1, 1, 0], dimension: 2)))   // needs a row swap
    }

    /// On dual numbers the solve carries the derivative: for A(ε) = A + εA′, x′ = −A⁻¹A′x
    /// (hand-derived), checked on a 3×3 system to 1e-12.
    @Test func dualSolveDifferentiates() throws {
        let a: [Double] = [4, 1, 0.5, -1, 3, 0.25, 0.5, -0.5, 2]
        let da: [Double] = [0.3, -0.2, 0.1, 0.05, 0.4, -0.3, 0.2, 0.1, -0.1]
        let b: [Double] = [1, -2, 0.5]
        let tag = makePerturbationTag()
        let ad = (0..<9).map { Dual(a[$0], tangent: da[$0], tag: tag) }
        let lu = try #require(ODELinearSolve.RealLU(ad, dimension: 3))
        let x = lu.solve(b.map { Dual(constant: $0) })
        let plain = try #require(ODELinearSolve.RealLU(a, dimension: 3))
        let x0 = plain.solve(b)
        let rhs = (0..<3).map { i in -(0..<3).reduce(0.0) { $0 + da[i * 3 + $1] * x0[$1] } }
        let expected = plain.solve(rhs)
        for i in 0..<3 {
            #expect(abs(x[i].value - x0[i]) < 1e-15)
            #expect(abs(x[i].tangent - expected[i]) < 1e-12)
        }
    }
}

/// `true` when a factorisation was produced.
func factored<T>(_ x: T?) -> Bool { x != nil }
