#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The eigen-decomposition `M = λ₁ v₁v₁ᵀ + λ₂ v₂v₂ᵀ` of a symmetric 2 × 2 matrix, in closed form.
///
/// With `m = (xx + yy)/2` and `h = hypot((xx − yy)/2, xy)` the eigenvalues are `m ± h`; the
/// eigenvector of the larger one makes the angle `θ = ½·atan2(2·xy, xx − yy)` with the x axis,
/// `v₁ = (cos θ, sin θ)`, `v₂ = (−sin θ, cos θ)`. The smaller eigenvalue is computed as
/// `det / λ₁` (when that is finite) so it keeps its relative accuracy when it is tiny next to
/// `λ₁`, instead of cancelling in `m − h`.
///
/// - Complexity: O(1).
///
/// ```swift
/// let e = SymmetricMatrix2x2(xx: 2, xy: 1, yy: 2).eigen
/// (e.largest, e.smallest, e.angle) // (3, 1, π/4)
/// ```
@frozen
public struct SymmetricEigen2x2: Sendable, Hashable {
    /// The larger eigenvalue λ₁.
    public let largest: Double
    /// The smaller eigenvalue λ₂ (≤ λ₁).
    public let smallest: Double
    /// The angle θ of λ₁'s eigenvector with the x axis, in radians, in (−π/2, π/2]. Zero when the
    /// matrix is a multiple of the identity (every direction is an eigenvector).
    public let angle: Double

    /// Decomposes `matrix`. Non-finite entries give non-finite eigenvalues (callers check
    /// `isFinite`).
    public init(_ matrix: SymmetricMatrix2x2) {
        let a = matrix.xx, b = matrix.xy, c = matrix.yy
        let mean = a / 2 + c / 2
        let halfGap = (a / 2 - c / 2)
        let h = hypot(halfGap, b)
        let det = a * c - b * b
        var l1: Double, l2: Double
        if mean >= 0 {
            l1 = mean + h
            l2 = mean - h
            if l1 != 0, det.isFinite, (det / l1).isFinite { l2 = min(det / l1, l1) }
        } else {
            l2 = mean - h
            l1 = mean + h
            if l2 != 0, det.isFinite, (det / l2).isFinite { l1 = max(det / l2, l2) }
        }
        self.largest = l1
        self.smallest = l2
        var theta = (b == 0 && halfGap == 0) ? 0 : atan2(2 * b, a - c) / 2
        if theta <= -Double.pi / 2 { theta += Double.pi }
        self.angle = theta
    }

    /// The unit eigenvector (cos θ, sin θ) of ``largest``.
    public var majorAxis: (x: Double, y: Double) { (cos(angle), sin(angle)) }
    /// The unit eigenvector (−sin θ, cos θ) of ``smallest``.
    public var minorAxis: (x: Double, y: Double) { (-sin(angle), cos(angle)) }
}
