/// How each component's covariance is parameterised, as in scikit-learn's `GaussianMixture`.
///
/// | type | each component has | `covariances` shape |
/// |---|---|---|
/// | `full` | its own general covariance | k × d × d |
/// | `tied` | one general covariance shared by all | d × d |
/// | `diag` | its own diagonal covariance | k × d |
/// | `spherical` | its own single variance | k |
public enum CovarianceType: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case full, tied, diag, spherical

    public var description: String { rawValue }

    /// The number of free covariance parameters for `k` components in `d` dimensions.
    @inlinable
    public func covarianceParameterCount(components k: Int, features d: Int) -> Int {
        switch self {
        case .full: k * d * (d + 1) / 2
        case .tied: d * (d + 1) / 2
        case .diag: k * d
        case .spherical: k
        }
    }

    /// The number of free parameters of a mixture (scikit-learn's `_n_parameters`):
    /// covariance parameters + k·d means + (k − 1) weights.
    @inlinable
    public func parameterCount(components k: Int, features d: Int) -> Int {
        covarianceParameterCount(components: k, features: d) + k * d + k - 1
    }

    /// The shape of the `covariances` (and `precisions`, `precisionsCholesky`) array, as scikit-learn has it.
    @inlinable
    public func covarianceShape(components k: Int, features d: Int) -> [Int] {
        switch self {
        case .full: [k, d, d]
        case .tied: [d, d]
        case .diag: [k, d]
        case .spherical: [k]
        }
    }

    /// The number of elements in a `covariances` array of this type.
    @inlinable
    public func covarianceCount(components k: Int, features d: Int) -> Int {
        covarianceShape(components: k, features: d).reduce(1, *)
    }

    /// Whether the second-moment statistics need the full d×d matrix (else only its diagonal).
    @inlinable
    var needsFullScatter: Bool { self == .full || self == .tied }
}
