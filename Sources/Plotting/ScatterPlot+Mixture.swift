extension ScatterPlot {
    /// Covariances of a fitted mixture, in scikit-learn's shapes for each covariance type
    /// (the shapes of Mixtape's model JSON), so a caller can pass a model's arrays unchanged.
    public enum MixtureCovariances: Sendable, Hashable {
        /// `full`: one d × d matrix per component (k × d × d).
        case full([[[Double]]])
        /// `tied`: one d × d matrix shared by all components.
        case tied([[Double]])
        /// `diag`: one variance per feature per component (k × d).
        case diagonal([[Double]])
        /// `spherical`: one variance per component (k).
        case spherical([Double])
    }

    /// The overlay components of a fitted mixture, projected onto the plotted columns `x` and `y`
    /// (0-based feature indices): means `means[k][x]`, `means[k][y]`, the 2 × 2 block of each
    /// covariance, and the weights.
    ///
    /// The projection of a Gaussian onto two coordinates is the Gaussian with the matching entries
    /// of the mean and the covariance, so the ellipses are exact for the marginal distribution.
    /// A component whose arrays are too short for the indices gets no covariance (mean only) or is
    /// left out (no mean).
    ///
    /// - Complexity: O(k).
    ///
    /// ```swift
    /// plot.components = ScatterPlot.components(
    ///     means: model.means, covariances: .full(model.covariances), weights: model.weights)
    /// ```
    public static func components(
        means: [[Double]], covariances: MixtureCovariances, weights: [Double]? = nil, x: Int = 0, y: Int = 1
    ) -> [Component] {
        var result: [Component] = []
        for (k, mean) in means.enumerated() {
            guard x >= 0, y >= 0, x < mean.count, y < mean.count else { continue }
            var sigma: SymmetricMatrix2x2?
            switch covariances {
            case .full(let all):
                if k < all.count { sigma = SymmetricMatrix2x2(selecting: x, y, from: all[k]) }
            case .tied(let shared):
                sigma = SymmetricMatrix2x2(selecting: x, y, from: shared)
            case .diagonal(let all):
                if k < all.count, x < all[k].count, y < all[k].count {
                    sigma = SymmetricMatrix2x2(diagonal: all[k][x], all[k][y])
                }
            case .spherical(let all):
                if k < all.count { sigma = SymmetricMatrix2x2(spherical: all[k]) }
            }
            let weight = weights.flatMap { k < $0.count ? $0[k] : nil }
            result.append(Component(meanX: mean[x], meanY: mean[y], covariance: sigma, weight: weight))
        }
        return result
    }
}
