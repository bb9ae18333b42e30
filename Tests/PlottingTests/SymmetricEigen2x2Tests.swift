import Testing
import TestSupport
import Foundation
@testable import Plotting

@Suite struct SymmetricEigen2x2Tests {
    struct Known: Sendable, CustomTestStringConvertible {
        var matrix: SymmetricMatrix2x2
        var largest: Double
        var smallest: Double
        var angle: Double
        var testDescription: String { "[[\(matrix.xx), \(matrix.xy)], [\(matrix.xy), \(matrix.yy)]]" }
    }

    /// Hand-derived cases: diagonal in both orders, ±45° rotations, a multiple of the identity,
    /// an indefinite and a singular matrix.
    static let known: [Known] = [
        .init(matrix: .init(diagonal: 3, 1), largest: 3, smallest: 1, angle: 0),
        .init(matrix: .init(diagonal: 1, 3), largest: 3, smallest: 1, angle: .pi / 2),
        .init(matrix: .init(xx: 2, xy: 1, yy: 2), largest: 3, smallest: 1, angle: .pi / 4),
        .init(matrix: .init(xx: 2, xy: -1, yy: 2), largest: 3, smallest: 1, angle: -.pi / 4),
        .init(matrix: .init(spherical: 5), largest: 5, smallest: 5, angle: 0),
        .init(matrix: .init(xx: 1, xy: 2, yy: 1), largest: 3, smallest: -1, angle: .pi / 4),
        .init(matrix: .init(xx: 1, xy: 1, yy: 1), largest: 2, smallest: 0, angle: .pi / 4),
        .init(matrix: .init(xx: 0, xy: 0, yy: 0), largest: 0, smallest: 0, angle: 0),
    ]

    /// Exact arithmetic cases, so 1e-14 relative covers the rounding of hypot/atan2.
    @Test(arguments: known)
    func knownDecompositions(_ c: Known) {
        let e = c.matrix.eigen
        #expect(isClose(e.largest, c.largest, relative: 1e-14))
        #expect(isClose(e.smallest, c.smallest, relative: 1e-14))
        #expect(isClose(e.angle, c.angle, relative: 1e-14))
    }

    /// Old Faithful's fitted covariances against numpy.linalg.eigh (numpy 1.x, LAPACK dsyevd):
    /// eigenvalues and the angle of the leading eigenvector, atan2(v[1], v[0]). 1e-9 relative:
    /// both are double-precision solutions of a well-conditioned 2×2 problem.
    @Test func oldFaithfulCovariancesMatchNumPy() {
        let a = SymmetricMatrix2x2(xx: 0.06917, xy: 0.43517, yy: 33.69731).eigen
        #expect(isClose(a.largest, 33.70294044, relative: 1e-9))
        #expect(isClose(a.smallest, 0.06353956, relative: 1e-7))
        #expect(isClose(a.angle, 1.5578585647293999, relative: 1e-9))
        let b = SymmetricMatrix2x2(xx: 0.16997, xy: 0.94060, yy: 36.04612).eigen
        #expect(isClose(b.largest, 36.0707637, relative: 1e-9))
        #expect(isClose(b.smallest, 0.1453263, relative: 1e-6))
        #expect(isClose(b.angle, 1.5446023413632464, relative: 1e-9))
    }

    /// Random symmetric matrices over many scales: A·v = λ·v for both pairs, trace and determinant
    /// preserved, vectors orthonormal. Residuals are measured relative to the largest |λ|, 1e-12
    /// allowing a few dozen roundings in the closed form.
    @Test func randomMatricesSatisfyTheEigenEquations() {
        var rng = SplitMix64(seed: 0x5EED_2024)
        for _ in 0..<2_000 {
            let scale = pow(10, Double.random(in: -8...8, using: &rng))
            let m = SymmetricMatrix2x2(
                xx: Double.random(in: -1...1, using: &rng) * scale, xy: Double.random(in: -1...1, using: &rng) * scale,
                yy: Double.random(in: -1...1, using: &rng) * scale)
            let e = m.eigen
            let norm = max(abs(e.largest), abs(e.smallest))
            #expect(e.largest >= e.smallest)
            #expect(e.angle > -.pi / 2 && e.angle <= .pi / 2)
            for (l, v) in [(e.largest, e.majorAxis), (e.smallest, e.minorAxis)] {
                let rx = m.xx * v.x + m.xy * v.y - l * v.x
                let ry = m.xy * v.x + m.yy * v.y - l * v.y
                #expect(abs(rx) <= 1e-12 * norm && abs(ry) <= 1e-12 * norm)
            }
            #expect(abs(e.largest + e.smallest - (m.xx + m.yy)) <= 1e-12 * norm)
            #expect(abs(e.majorAxis.x * e.minorAxis.x + e.majorAxis.y * e.minorAxis.y) <= 1e-15)
        }
    }

    /// A tiny eigenvalue next to a large one keeps its relative accuracy (computed as det/λ₁,
    /// not m − h, which would return 0 here). Reference: det/λ₁ by hand.
    @Test func tinyEigenvalueKeepsRelativeAccuracy() {
        #expect(SymmetricMatrix2x2(diagonal: 1, 1e-20).eigen.smallest == 1e-20)
        let m = SymmetricMatrix2x2(xx: 1, xy: 1e-5, yy: 2e-10)  // det = 1e-10
        let e = m.eigen
        #expect(isClose(e.smallest, 1e-10 / (1 + 1e-10), relative: 1e-9))
    }

    /// Mahalanobis distance against a hand computation, and nil when not positive definite.
    @Test func mahalanobisDistance() {
        #expect(SymmetricMatrix2x2(diagonal: 4, 9).mahalanobisSquared(2, 3) == 2)
        // [[2,1],[1,2]]⁻¹ = [[2,−1],[−1,2]]/3; (1,1) ↦ (2 − 2 + 2)/3 = 2/3.
        #expect(isClose(SymmetricMatrix2x2(xx: 2, xy: 1, yy: 2).mahalanobisSquared(1, 1)!, 2.0 / 3, relative: 1e-15))
        #expect(SymmetricMatrix2x2(xx: 1, xy: 1, yy: 1).mahalanobisSquared(1, 0) == nil)
        #expect(SymmetricMatrix2x2(xx: -1, xy: 0, yy: -1).mahalanobisSquared(1, 0) == nil)
    }

    @Test func selectingABlockOfALargerMatrix() {
        let sigma: [[Double]] = [[1, 0.1, 0.2], [0.1, 2, 0.3], [0.2, 0.3, 3]]
        #expect(SymmetricMatrix2x2(selecting: 0, 2, from: sigma) == .init(xx: 1, xy: 0.2, yy: 3))
        #expect(SymmetricMatrix2x2(selecting: 2, 1, from: sigma) == .init(xx: 3, xy: 0.3, yy: 2))
        #expect(SymmetricMatrix2x2(selecting: 0, 3, from: sigma) == nil)
    }
}
