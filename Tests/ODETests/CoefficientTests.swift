@testable import ODE
import Testing
import TestSupport

/// The method constants, re-derived in `Double` from their definitions.
@Suite("Method coefficients")
struct CoefficientTests {
    typealias R = Radau5Coefficients

    /// The Radau IIA matrix from its closed form (Hairer & Wanner, Solving ODE II, Table IV.5.6).
    static var radauA: [[Double]] {
        let s6 = 6.0.squareRoot()
        return [[(88 - 7 * s6) / 360, (296 - 169 * s6) / 1800, (-2 + 3 * s6) / 225],
                [(296 + 169 * s6) / 1800, (88 + 7 * s6) / 360, (-2 - 3 * s6) / 225],
                [(16 - s6) / 36, (16 + s6) / 36, 1.0 / 9]]
    }

    static func multiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        (0..<3).map { i in (0..<3).map { j in (0..<3).reduce(0.0) { $0 + a[i][$1] * b[$1][j] } } }
    }

    static func matrix(_ flat: [Double]) -> [[Double]] { (0..<3).map { Array(flat[(3 * $0)..<(3 * $0 + 3)]) } }

    /// T⁻¹·T = I, and A·T = T·Λ⁻¹ (equivalently T⁻¹A⁻¹T = Λ) with Λ = [[γ,0,0],[0,α,−β],[0,β,α]],
    /// to 1e-14 (the constants are given to 21 digits; this is rounding in the check).
    @Test func transformationDiagonalisesTheInverse() {
        let t = Self.matrix(R.t), ti = Self.matrix(R.tInverse)
        let identity = Self.multiply(ti, t)
        for i in 0..<3 { for j in 0..<3 { #expect(abs(identity[i][j] - (i == j ? 1 : 0)) < 1e-14) } }
        // A⁻¹T = TΛ  ⇔  T = A·T·Λ.
        let lambda = [[R.gamma, 0, 0], [0, R.alpha, -R.beta], [0, R.beta, R.alpha]]
        let atl = Self.multiply(Self.multiply(Self.radauA, t), lambda)
        for i in 0..<3 { for j in 0..<3 { #expect(abs(atl[i][j] - t[i][j]) < 1e-14, "(\(i), \(j))") } }
    }

    /// Closed forms: c = (4 ∓ √6)/10; γ = 3 + 3^{2/3} − 3^{1/3}; α = 3 − (3^{2/3} − 3^{1/3})/2;
    /// β = √3 (3^{2/3} + 3^{1/3})/2; d = (−(13 + 7√6)/3, (−13 + 7√6)/3, −1/3).
    @Test func closedForms() {
        let s6 = 6.0.squareRoot(), c23 = Double.pow(3, 2.0 / 3), c13 = Double.pow(3, 1.0 / 3)
        #expect(isClose(R.c1, (4 - s6) / 10, relative: 1e-15))
        #expect(isClose(R.c2, (4 + s6) / 10, relative: 1e-15))
        #expect(isClose(R.gamma, 3 + c23 - c13, relative: 1e-15))
        #expect(isClose(R.alpha, 3 - (c23 - c13) / 2, relative: 1e-15))
        #expect(isClose(R.beta, 3.0.squareRoot() * (c23 + c13) / 2, relative: 1e-15))
        #expect(isClose(R.errorWeights[0], -(13 + 7 * s6) / 3, relative: 1e-15))
        #expect(isClose(R.errorWeights[1], (-13 + 7 * s6) / 3, relative: 1e-15))
        #expect(isClose(R.errorWeights[2], -1.0 / 3, relative: 1e-15))
        // The collocation conditions Σⱼ aᵢⱼ cⱼ^{q−1} = cᵢ^q / q, q = 1, 2, 3.
        let c = [R.c1, R.c2, 1.0]
        for i in 0..<3 {
            for q in 1...3 {
                let lhs = (0..<3).reduce(0.0) { total, j in
                    total + Self.radauA[i][j] * (0..<(q - 1)).reduce(1.0) { power, _ in power * c[j] }
                }
                #expect(abs(lhs - Double.pow(c[i], Double(q)) / Double(q)) < 1e-15)
            }
        }
    }

    /// Dormand–Prince: the rows of `a` sum to `c`, the weights to 1, the error weights to 0,
    /// and the order conditions up to order 5 hold for `b` (quadrature: Σ bᵢ cᵢ^{q−1} = 1/q).
    @Test func dormandPrinceTableau() {
        typealias D = DormandPrinceCoefficients
        for s in 1..<6 { #expect(abs(D.a[s].reduce(0, +) - D.c[s]) < 1e-14, "row \(s)") }
        #expect(abs(D.b.reduce(0, +) - 1) < 1e-15)
        #expect(abs(D.e.reduce(0, +)) < 1e-15)
        for q in 1...5 {
            let sum = (0..<6).reduce(0.0) { total, i in
                total + D.b[i] * (0..<(q - 1)).reduce(1.0) { power, _ in power * D.c[i] }
            }
            #expect(abs(sum - 1 / Double(q)) < 1e-14, "q = \(q)")
        }
        // For y′ = const every stage is equal, r₃ = r₄ = 0, and the interpolant is exact only if
        // r₅ = h·k·Σdⱼ vanishes: the dense-output weights sum to 0. (Their order is checked by
        // DenseOutputTests.)
        #expect(abs(D.d.reduce(0, +)) < 1e-12)
    }

    /// BDF: `U = R(1)` is an involution (U² = I), and changing the step by ρ then by 1/ρ
    /// restores the differences: (R(ρ)U)ᵀ composed with (R(1/ρ)U)ᵀ on samples of a polynomial.
    @Test(arguments: 1...5)
    func bdfStepChangeMatrices(order k: Int) throws {
        let size = k + 1
        let u = BDFCoefficients.rMatrix(order: k, factor: 1)
        for i in 0..<size {
            for j in 0..<size {
                let uu = (0..<size).reduce(0.0) { $0 + u[i * size + $1] * u[$1 * size + j] }
                #expect(abs(uu - (i == j ? 1 : 0)) < 1e-12)
            }
        }
    }

    /// Changing the step rescales the differences so that they are the backward differences of
    /// the same polynomial on the new grid: exact for a polynomial of degree ≤ k (to 1e-12).
    @Test(arguments: 1...5)
    func bdfChangeOfStepIsExactForPolynomials(order k: Int) throws {
        // A polynomial of degree k with rational-ish coefficients.
        func p(_ t: Double) -> Double { (0...k).reduce(0.0) { $0 + Double($1 + 1) * 0.3 * Double.pow(t, Double($1)) } }
        let h = 0.1, rho = 0.37, t0 = 1.0
        let history = (0...k).map { [p(t0 - Double($0) * h)] }
        var bdf = try BDF(LinearDecay(), from: t0, history: history, parameters: [0.0], toward: 2,
                          options: ODEOptions(maximumOrder: k, fixedStepSize: h))
        bdf.changeDifferences(factor: rho)
        // Expected: backward differences of p on the grid t0 − m·ρh.
        var diffs = (0...k).map { p(t0 - Double($0) * rho * h) }
        for j in 0...k {
            #expect(abs(bdf.d[j][0] - diffs[0]) < 1e-12, "order \(k), D\(j)")
            diffs = (0..<(diffs.count - 1)).map { diffs[$0] - diffs[$0 + 1] }
        }
    }
}
