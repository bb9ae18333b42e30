#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The ellipse `{ p : (p − μ)ᵀ Σ⁻¹ (p − μ) = r² }` of a bivariate Gaussian: the points at
/// Mahalanobis distance `r` from the mean (the "1σ" ellipse is `r = 1`, "2σ" is `r = 2`).
///
/// Its semi-axes lie along Σ's eigenvectors with lengths `r·√λ₁` and `r·√λ₂`
/// (``SymmetricEigen2x2``); a negative eigenvalue (a matrix that is not a covariance) counts as 0.
///
/// ```swift
/// let e = CovarianceEllipse(centerX: 2.04, centerY: 54.5,
///                           covariance: .init(xx: 0.069, xy: 0.435, yy: 33.7), radius: 2)
/// e.semiMajor // ≈ 11.61 = 2·√33.706
/// ```
public struct CovarianceEllipse: Sendable, Hashable {
    /// x of the centre (the mean).
    public let centerX: Double
    /// y of the centre (the mean).
    public let centerY: Double
    /// Length of the longer semi-axis, `r·√λ₁`.
    public let semiMajor: Double
    /// Length of the shorter semi-axis, `r·√max(λ₂, 0)`.
    public let semiMinor: Double
    /// Angle of the longer axis with the x axis, radians, counter-clockwise, in (−π/2, π/2].
    public let angle: Double
    /// Half the width of the axis-aligned bounding box, `r·√Σxx`.
    public let halfWidth: Double
    /// Half the height of the axis-aligned bounding box, `r·√Σyy`.
    public let halfHeight: Double

    /// The ellipse at Mahalanobis radius `radius` around (`centerX`, `centerY`) for `covariance`.
    ///
    /// - Complexity: O(1).
    public init(centerX: Double, centerY: Double, covariance: SymmetricMatrix2x2, radius: Double) {
        let e = covariance.eigen
        let r = abs(radius)
        self.centerX = centerX
        self.centerY = centerY
        self.semiMajor = r * max(e.largest, 0).squareRoot()
        self.semiMinor = r * max(e.smallest, 0).squareRoot()
        self.angle = e.angle
        self.halfWidth = r * max(covariance.xx, 0).squareRoot()
        self.halfHeight = r * max(covariance.yy, 0).squareRoot()
    }

    /// Whether centre, axes and angle are all finite (only such ellipses are drawn).
    public var isFinite: Bool {
        centerX.isFinite && centerY.isFinite && semiMajor.isFinite && semiMinor.isFinite && angle.isFinite
    }

    /// The point at parameter `t` (radians): `μ + a·cos t·v₁ + b·sin t·v₂`.
    public func point(at t: Double) -> (x: Double, y: Double) {
        let c = cos(angle), s = sin(angle)
        let u = semiMajor * cos(t), v = semiMinor * sin(t)
        return (centerX + u * c - v * s, centerY + u * s + v * c)
    }
}
