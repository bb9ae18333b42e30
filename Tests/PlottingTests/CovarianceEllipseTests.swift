import Testing
import TestSupport
import Foundation
@testable import Plotting

@Suite struct CovarianceEllipseTests {
    static let covariances: [SymmetricMatrix2x2] = [
        .init(xx: 0.06917, xy: 0.43517, yy: 33.69731),
        .init(xx: 0.16997, xy: 0.94060, yy: 36.04612),
        .init(xx: 2, xy: -1.5, yy: 2),
        .init(diagonal: 9, 1),
        .init(spherical: 0.25),
    ]

    /// Semi-axes are r·√λ and every point of the ellipse is at Mahalanobis distance r from the
    /// centre — an independent check of axes *and* orientation (a wrong angle moves the points off
    /// the level set). 1e-10: a handful of roundings in cos/sin and the inverse.
    @Test(arguments: covariances, [1.0, 2.0, 2.5])
    func pointsLieAtMahalanobisRadius(_ sigma: SymmetricMatrix2x2, _ r: Double) {
        let e = CovarianceEllipse(centerX: 3, centerY: -7, covariance: sigma, radius: r)
        #expect(isClose(e.semiMajor, r * sigma.eigen.largest.squareRoot(), relative: 1e-14))
        #expect(isClose(e.semiMinor, r * sigma.eigen.smallest.squareRoot(), relative: 1e-14))
        for i in 0..<64 {
            let p = e.point(at: Double(i) * .pi / 32)
            let d2 = sigma.mahalanobisSquared(p.x - 3, p.y + 7)!
            #expect(isClose(d2.squareRoot(), r, relative: 1e-10))
        }
    }

    /// The bounding box half-extents r·√Σxx and r·√Σyy equal the extremes over the outline
    /// (sampled at 20,000 points: the sampled maximum is below the true one by at most
    /// a·(1 − cos(π/20000)) ≈ 1.2e-8 relative, hence 1e-7).
    @Test(arguments: covariances)
    func boundingBoxIsTheOutlinesExtent(_ sigma: SymmetricMatrix2x2) {
        let e = CovarianceEllipse(centerX: 0, centerY: 0, covariance: sigma, radius: 2)
        var mx = 0.0, my = 0.0
        for i in 0..<20_000 {
            let p = e.point(at: Double(i) * 2 * .pi / 20_000)
            mx = max(mx, abs(p.x))
            my = max(my, abs(p.y))
        }
        #expect(isClose(mx, e.halfWidth, relative: 1e-7))
        #expect(isClose(my, e.halfHeight, relative: 1e-7))
    }

    /// Old Faithful component 1: 2σ major semi-axis 2·√33.70294 ≈ 11.6108 (numpy eigenvalue),
    /// nearly vertical (angle ≈ 89.26°).
    @Test func oldFaithfulTwoSigmaEllipse() {
        let e = CovarianceEllipse(
            centerX: 2.0364, centerY: 54.4785, covariance: .init(xx: 0.06917, xy: 0.43517, yy: 33.69731), radius: 2)
        #expect(isClose(e.semiMajor, 2 * 33.70294044.squareRoot(), relative: 1e-9))
        #expect(isClose(e.semiMinor, 2 * 0.06353956.squareRoot(), relative: 1e-7))
        #expect(isClose(e.angle * 180 / .pi, 89.2586, relative: 1e-5))
    }

    @Test func negativeEigenvalueGivesAZeroAxisNotNaN() {
        let e = CovarianceEllipse(centerX: 0, centerY: 0, covariance: .init(xx: 1, xy: 2, yy: 1), radius: 1)
        #expect(e.semiMinor == 0)
        #expect(e.isFinite)
    }
}
