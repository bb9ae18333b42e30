import LinearAlgebra
import Mixture

extension GradientMixtureFit {
    /// Fits from every start an EM fit with `settings` would make — its initialisation and
    /// `restarts`, its `initialMeans`, `initialWeights` and `initialPrecisions`, or `warmStart`'s
    /// parameters — and keeps the fit of highest log-likelihood (the first on a tie), so that EM and
    /// the gradient fit can be compared start for start. The number of components and the covariance
    /// type are this fit's; `settings`' iteration limit and tolerance are not used.
    ///
    /// - Throws: `MixtureError` as `GaussianMixture.fit` for invalid settings or data, and as
    ///   ``fit(_:from:)``.
    /// - Complexity: one k-means or random start per restart (as EM's), then one gradient fit per start.
    ///
    /// ```swift
    /// let settings = GaussianMixture(components: 2, restarts: 3)
    /// let best = try GradientMixtureFit(components: 2).fit(data, startsOf: settings, seed: 0)
    /// ```
    public func fit(_ data: Matrix<Double>, startsOf settings: GaussianMixture, seed: UInt64 = 0,
                    warmStart: GaussianMixtureModel? = nil) throws(MixtureError) -> GradientMixtureResult {
        var em = settings
        em.components = components
        em.covarianceType = covarianceType
        em.maxIterations = 0
        // EM reports each start's parameters before its first iteration; with no iterations, the
        // starts are all it computes.
        var starts: [MixtureParameters] = []
        _ = try em.fit(data, seed: seed, warmStart: warmStart) { progress in
            if progress.iteration == 0 { starts.append(progress.parameters) }
        }
        var best: GradientMixtureResult?
        for start in starts {
            let result = try fit(data, from: start)
            if best == nil || result.logLikelihood > best!.logLikelihood { best = result }
        }
        guard let best else { throw .invalidSetting(name: "n_init", value: "\(settings.restarts)", rule: "must be at least 1") }
        return best
    }
}
