import LinearAlgebra
import RealModule

/// Settings for fitting a Gaussian mixture by EM, with scikit-learn's `GaussianMixture` options and
/// defaults. `fit` returns a `GaussianMixtureModel`.
///
/// ```swift
/// var rng = SeededGenerator(seed: 0)
/// let model = try GaussianMixture(components: 2, covarianceType: .full).fit(OldFaithful.matrix, using: &rng)
/// print(model.weights, model.means, model.bic(OldFaithful.matrix))
/// ```
public struct GaussianMixture: Sendable {
    /// How the starting responsibilities are drawn (scikit-learn's `init_params`).
    public enum Initialization: String, CaseIterable, Sendable {
        /// Hard responsibilities from one k-means run (k-means++ seeded).
        case kmeans
        /// Hard responsibilities at k rows chosen by k-means++ seeding.
        case kMeansPlusPlus = "k-means++"
        /// Responsibilities drawn uniformly at random, each row normalised.
        case random
        /// Hard responsibilities at k distinct rows chosen uniformly.
        case randomFromData = "random-from-data"
    }

    /// k, the number of components (`n_components`).
    public var components: Int
    /// How covariances are parameterised (`covariance_type`).
    public var covarianceType: CovarianceType
    /// Stop when the per-sample mean log-likelihood bound changes by less than this (`tol`).
    public var tolerance: Double
    /// Added to the covariances' diagonal, keeping them positive definite (`reg_covar`).
    public var regularization: Double
    /// The most EM iterations per start (`max_iter`); 0 returns the initial parameters.
    public var maxIterations: Int
    /// Starts to run; the one with the highest final bound is kept (`n_init`).
    public var restarts: Int
    /// How starting responsibilities are drawn (`init_params`).
    public var initialization: Initialization
    /// Initial weights (k), overriding the initialisation's (`weights_init`).
    public var initialWeights: [Double]?
    /// Initial means (k×d), overriding the initialisation's (`means_init`).
    public var initialMeans: Matrix<Double>?
    /// Initial precisions in the covariance type's shape, flattened (`precisions_init`).
    public var initialPrecisions: [Double]?
    /// Parameters EM keeps at their initial values.
    public var fixed: FixedParameters

    /// Whether the E-step runs its chunks of rows on all cores (`true`, the default) or one after
    /// another; the result is the same to the bit either way.
    public var parallel: Bool
    /// The most memory, in bytes, a fit may need (`memoryRequired(rows:features:)`); `nil` (the
    /// default) means the machine's physical memory. A fit that would need more throws
    /// `MixtureError.insufficientMemory` before allocating anything large.
    public var memoryLimit: Int?

    /// Settings; the defaults are scikit-learn's.
    public init(components: Int, covarianceType: CovarianceType = .full, tolerance: Double = 1e-3,
                regularization: Double = 1e-6, maxIterations: Int = 100, restarts: Int = 1,
                initialization: Initialization = .kmeans, initialWeights: [Double]? = nil,
                initialMeans: Matrix<Double>? = nil, initialPrecisions: [Double]? = nil,
                fixed: FixedParameters = [], parallel: Bool = true, memoryLimit: Int? = nil) {
        self.components = components
        self.covarianceType = covarianceType
        self.tolerance = tolerance
        self.regularization = regularization
        self.maxIterations = maxIterations
        self.restarts = restarts
        self.initialization = initialization
        self.initialWeights = initialWeights
        self.initialMeans = initialMeans
        self.initialPrecisions = initialPrecisions
        self.fixed = fixed
        self.parallel = parallel
        self.memoryLimit = memoryLimit
    }

    /// What `fit` reports for each start's initial parameters (iteration 0) and after every EM
    /// iteration (for progress output and snapshots), in the data's units. (For data fitted at a
    /// power-of-two scale, an iteration whose parameters do not fit a `Double` in the data's units
    /// is not reported; such a fit ends in `.covarianceOutOfRange` or `.collapsedComponent`.)
    public struct Progress: Sendable {
        /// Which start (0-based) of `restarts`.
        public let start: Int
        /// The iteration, from 1; 0 reports the starting parameters before the first iteration.
        public let iteration: Int
        /// The mean log-likelihood of the parameters this iteration began with (the E-step's bound).
        public let lowerBound: Double
        /// The change of the bound from the previous iteration (infinite at the first).
        public let change: Double
        /// The parameters after this iteration's M-step.
        public let parameters: MixtureParameters
    }

    /// Fits the mixture to `data` (n×d) by EM.
    ///
    /// Each iteration is one pass over the data (E-step and the M-step's statistics together,
    /// on all cores). With `warmStart`, EM starts once from that model's parameters and its
    /// `lowerBound` (scikit-learn's `warm_start`, which carries `lower_bound_`): the first
    /// iteration's change is measured from the previous fit's bound, so fitting one iteration at a
    /// time (`maxIterations` 1) converges where one long fit would. A model built from parameters
    /// alone has bound −∞, and then the first change is infinite.
    ///
    /// Any finite data fits or gives a named error: data so large that squared distances would
    /// overflow (values beyond about 1e144), or so small that they would underflow, is fitted
    /// scaled by a power of two and the model scaled back exactly (`DataScale`); ordinary data is
    /// not touched.
    /// - Parameters:
    ///   - data: the n×d data, a row per sample.
    ///   - warmStart: a fitted model to continue from, or `nil` for the configured initialisation.
    ///   - generator: the randomness of the initialisation.
    ///   - progress: called after every iteration; the library prints nothing itself.
    /// - Throws: `MixtureError` for invalid settings or data; `.illDefinedCovariance` naming the
    ///   component when a covariance is not positive definite even with `regularization`;
    ///   `.collapsedComponent` when, with `regularization` 0, a component collapses onto equal rows;
    ///   `.covarianceOutOfRange` when a fitted covariance does not fit in a `Double` in the data's
    ///   units; `.insufficientMemory` when the fit would need more than `memoryLimit`.
    /// - Complexity: O(restarts · iterations · n · k · d²) for full and tied, O(… · n · k · d) otherwise.
    public func fit(_ data: Matrix<Double>, warmStart: GaussianMixtureModel? = nil,
                    using generator: inout some RandomNumberGenerator,
                    progress: ((Progress) -> Void)? = nil) throws(MixtureError) -> GaussianMixtureModel {
        try validate(data, warmStart: warmStart?.parameters)
        let scale = DataScale.forMixture(data, regularization: regularization)
        try checkMemory(rows: data.rows, features: data.columns, copiesData: !scale.isIdentity)
        if scale.isIdentity {
            return try fitScaled(data, warmStart: warmStart, scale: scale, using: &generator, progress: progress)
        }
        let unscale = DataScale(exponent: -scale.exponent)
        // The fit of the scaled data, with every given parameter mapped into its units.
        var settings = self
        settings.regularization = DataScale.scale(regularization, by: 2 * scale.exponent)
        settings.initialMeans = initialMeans.map { scale.scaled($0) }
        settings.initialPrecisions = initialPrecisions.map { scale.scaled($0, power: -2) }
        let scaledWarmStart = try warmStart.map { (model: GaussianMixtureModel) throws(MixtureError) in
            GaussianMixtureModel(parameters: try model.parameters.scaled(by: scale), converged: model.converged,
                                 iterations: model.iterations,
                                 lowerBound: model.lowerBound - Double(data.columns * scale.exponent) * Double.log(2))
        }
        // log p(x) = log p′(x·s) + d·log s.
        let shift = Double(data.columns * scale.exponent) * Double.log(2)
        var unscaledProgress: ((Progress) -> Void)?
        if let progress {
            unscaledProgress = { p in
                // An iteration whose parameters cannot be expressed in the data's units (a covariance
                // beyond the range of a Double) is not reported; the fit's result says why.
                guard let parameters = try? p.parameters.scaled(by: unscale) else { return }
                progress(Progress(start: p.start, iteration: p.iteration, lowerBound: p.lowerBound + shift,
                                  change: p.change, parameters: parameters))
            }
        }
        let model = try settings.fitScaled(scale.scaled(data), warmStart: scaledWarmStart, scale: scale,
                                           using: &generator, progress: unscaledProgress)
        let parameters: MixtureParameters
        do {
            parameters = try model.parameters.scaled(by: unscale)
        } catch {
            // A covariance that overflows because it is only rounding noise of a huge mean (a
            // component on one far row) is a collapsed component, not data to rescale.
            if case .covarianceOutOfRange(_, true) = error {
                try MixtureParameters.checkNotCollapsed(model.parameters.covariances, type: covarianceType,
                                                        means: model.parameters.means, regularization: settings.regularization,
                                                        reported: regularization)
            }
            throw error
        }
        return GaussianMixtureModel(parameters: parameters, converged: model.converged,
                                    iterations: model.iterations, lowerBound: model.lowerBound + shift,
                                    lowerBounds: model.lowerBounds.map { $0 + shift }, finalChange: model.finalChange)
    }

    /// EM on data that needs no scaling (or has been scaled).
    func fitScaled(_ data: Matrix<Double>, warmStart: GaussianMixtureModel?, scale: DataScale,
                   using generator: inout some RandomNumberGenerator,
                   progress: ((Progress) -> Void)?) throws(MixtureError) -> GaussianMixtureModel {
        let n = Double(data.rows)
        var best: GaussianMixtureModel?
        for start in 0..<(warmStart == nil ? restarts : 1) {
            var parameters: MixtureParameters
            if let warmStart { parameters = warmStart.parameters } else { parameters = try initialParameters(data, using: &generator) }
            progress?(Progress(start: start, iteration: 0, lowerBound: -.infinity, change: .nan, parameters: parameters))
            // scikit-learn: `lower_bound = -np.inf if do_init else self.lower_bound_`.
            var bound = warmStart?.lowerBound ?? -Double.infinity
            var bounds: [Double] = []
            var change = Double.infinity
            var converged = false
            for iteration in 0..<maxIterations {
                let previous = bound
                let kernel = EStepKernel(parameters, parallel: parallel)
                let stats = kernel.statistics(data)
                let shift = kernel.statisticsShift
                bound = stats.logLikelihood / n
                bounds.append(bound)
                parameters = try stats.maximise(shift: shift, type: covarianceType,
                                                regularization: regularization, fixed: fixed, current: parameters)
                change = bound - previous
                progress?(Progress(start: start, iteration: iteration + 1, lowerBound: bound, change: change,
                                   parameters: parameters))
                if abs(change) < tolerance { converged = true; break }
            }
            let model = GaussianMixtureModel(parameters: parameters, converged: converged, iterations: bounds.count,
                                             lowerBound: bound, lowerBounds: bounds, finalChange: change)
            // scikit-learn's rule: a higher final bound wins; the first start always counts.
            if best == nil || bound > best!.lowerBound || best!.lowerBound == -.infinity { best = model }
        }
        return best!
    }

    /// Fits, then labels the training rows with the fitted model (scikit-learn's `fit_predict`,
    /// whose final E-step makes its labels equal `predict` on the fitted model).
    public func fitPredict(_ data: Matrix<Double>, using generator: inout some RandomNumberGenerator)
        throws(MixtureError) -> (model: GaussianMixtureModel, labels: [Int]) {
        let model = try fit(data, using: &generator)
        return (model, try model.predict(data))
    }

    /// Maximum-likelihood parameters from data with known labels (the supervised case): each
    /// component's weight is its share of rows, its mean and covariance those of its rows
    /// (plus `regularization` on the diagonal).
    /// - Throws: `MixtureError` when a label is outside 0..<k, a component has no rows, or a
    ///   covariance is not positive definite.
    public func fitSupervised(_ data: Matrix<Double>, labels: [Int]) throws(MixtureError) -> MixtureParameters {
        try validateSettings()
        guard data.rows > 0 else { throw .noSamples }
        guard data.columns > 0 else { throw .noFeatures }
        try checkFinite(data)
        try checkMemory(rows: data.rows, features: data.columns, copiesData: true)
        guard labels.count == data.rows else {
            throw .invalidParameter(name: "labels", reason: "expected \(data.rows) labels, got \(labels.count)")
        }
        if let bad = labels.firstIndex(where: { !(0..<components).contains($0) }) {
            throw .invalidParameter(name: "labels", reason: "label \(labels[bad]) at row \(bad + 1) is outside 0..<\(components)")
        }
        let present = Set(labels)
        for c in 0..<components where !present.contains(c) {
            throw .invalidParameter(name: "labels", reason: "component \(c) has no rows")
        }
        let scale = DataScale.forMixture(data, regularization: regularization)
        if scale.isIdentity { return try parameters(fromResponsibilities: .hard(labels), data) }
        var settings = self
        settings.regularization = DataScale.scale(regularization, by: 2 * scale.exponent)
        return try settings.parameters(fromResponsibilities: .hard(labels), scale.scaled(data))
            .scaled(by: DataScale(exponent: -scale.exponent))
    }

    // MARK: - Validation and initialisation

    /// Checks the settings alone (no data): what `fit` checks first. A command-line tool calls it
    /// to reject bad options before reading any data.
    /// - Throws: `MixtureError.invalidSetting` naming the setting by scikit-learn's name.
    public func validateSettings() throws(MixtureError) {
        guard components >= 1 else { throw .invalidSetting(name: "n_components", value: "\(components)", rule: "must be at least 1") }
        guard tolerance >= 0, tolerance.isFinite else { throw .invalidSetting(name: "tol", value: "\(tolerance)", rule: "must be finite and non-negative") }
        guard regularization >= 0, regularization.isFinite else {
            throw .invalidSetting(name: "reg_covar", value: "\(regularization)", rule: "must be finite and non-negative")
        }
        guard maxIterations >= 0 else { throw .invalidSetting(name: "max_iter", value: "\(maxIterations)", rule: "must be non-negative") }
        guard restarts >= 1 else { throw .invalidSetting(name: "n_init", value: "\(restarts)", rule: "must be at least 1") }
        if let memoryLimit, memoryLimit < 0 {
            throw .invalidSetting(name: "memory limit", value: "\(memoryLimit)", rule: "must be non-negative")
        }
    }

    func validate(_ data: Matrix<Double>, warmStart: MixtureParameters?) throws(MixtureError) {
        try validateSettings()
        // scikit-learn needs only n ≥ k: with reg_covar > 0 a component on one repeated row is a
        // narrow Gaussian; with reg_covar 0 it would collapse, so then k distinct rows are needed.
        try checkTrainingData(data, components: components, distinct: regularization == 0)
        let k = components, d = data.columns
        if let w = warmStart {
            guard w.components == k, w.features == d, w.covarianceType == covarianceType else {
                throw .invalidParameter(name: "warm start", reason: "the model has k=\(w.components), d=\(w.features), "
                                        + "\(w.covarianceType); the fit needs k=\(k), d=\(d), \(covarianceType)")
            }
        }
        if let m = initialMeans, m.rows != k || m.columns != d {
            throw .invalidParameter(name: "means_init", reason: "expected \(k)×\(d), got \(m.rows)×\(m.columns)")
        }
        if let m = initialMeans, let bad = m.elements.firstIndex(where: { !$0.isFinite }) {
            throw .invalidParameter(name: "means_init", reason: "the value at row \(bad / d + 1), column \(bad % d + 1) is not finite")
        }
        if let w = initialWeights { try checkWeights(w, components: k, name: "weights_init") }
        if let p = initialPrecisions, p.count != covarianceType.covarianceCount(components: k, features: d) {
            throw .invalidParameter(name: "precisions_init",
                                    reason: "expected shape \(covarianceType.covarianceShape(components: k, features: d)) for \(covarianceType), got \(p.count) values")
        }
        if !fixed.isEmpty {
            if fixed.contains(.means) && initialMeans == nil {
                throw .invalidParameter(name: "fixed means", reason: "give the means to hold fixed as initial means")
            }
            if fixed.contains(.weights) && initialWeights == nil {
                throw .invalidParameter(name: "fixed weights", reason: "give the weights to hold fixed as initial weights")
            }
            if fixed.contains(.covariances) && initialPrecisions == nil {
                throw .invalidParameter(name: "fixed covariances", reason: "give the precisions to hold fixed as initial precisions")
            }
        }
    }

    /// Starting parameters: from the initialisation's responsibilities, overridden by any given
    /// initial weights, means and precisions (when all three are given no responsibilities are drawn).
    func initialParameters(_ data: Matrix<Double>, using generator: inout some RandomNumberGenerator) throws(MixtureError) -> MixtureParameters {
        var weights = initialWeights, means = initialMeans
        var fromResponsibilities: MixtureParameters?
        if initialWeights == nil || initialMeans == nil || initialPrecisions == nil {
            let resp = try initialResponsibilities(data, using: &generator)
            let p = try parameters(fromResponsibilities: resp, data)
            fromResponsibilities = p
            weights = weights ?? p.weights
            means = means ?? p.means
        }
        if let precisions = initialPrecisions {
            return try MixtureParameters(covarianceType: covarianceType, weights: weights!, means: means!, precisions: precisions)
        }
        return try MixtureParameters(covarianceType: covarianceType, weights: weights!, means: means!,
                                     covariances: fromResponsibilities!.covariances)
    }

    /// scikit-learn's `_initialize_parameters`: the starting responsibilities (hard labels, or
    /// random rows regenerated from a seed, so no n×k matrix is held).
    func initialResponsibilities(_ data: Matrix<Double>, using generator: inout some RandomNumberGenerator) throws(MixtureError) -> StartingResponsibilities {
        let n = data.rows, k = components
        switch initialization {
        case .kmeans:
            var kmeans = KMeans(clusters: k)
            kmeans.parallel = parallel
            return .hard(try kmeans.fit(data, requiringDistinctRows: false, using: &generator).labels)
        case .kMeansPlusPlus, .randomFromData:
            let rows = initialization == .kMeansPlusPlus
                ? KMeans.kMeansPlusPlus(data, count: k, threads: parallel ? activeProcessorCount : 1, using: &generator)
                : KMeans.distinctRowIndices(data, count: k, using: &generator)
            var labels = [Int](repeating: -1, count: n)
            for (c, i) in rows.enumerated() { labels[i] = c }
            return .hard(labels)
        case .random:
            return .random(seed: generator.next())
        }
    }

    /// The M-step applied to given responsibilities (scikit-learn's `_initialize`). scikit-learn
    /// leaves the initial weights as Nₖ/n, which do not sum exactly to 1 when Nₖ carries its 10·eps;
    /// the difference is below 1e-15 and they are normalised here.
    func parameters(fromResponsibilities resp: StartingResponsibilities, _ data: Matrix<Double>) throws(MixtureError) -> MixtureParameters {
        let (stats, shift) = SufficientStatistics.fromResponsibilities(data, resp, components: components,
                                                                       fullScatter: covarianceType.needsFullScatter)
        return try stats.maximise(shift: shift, type: covarianceType, regularization: regularization)
    }
}

extension GaussianMixture {
    /// `fit` with a generator seeded by `seed`.
    public func fit(_ data: Matrix<Double>, seed: UInt64 = 0, warmStart: GaussianMixtureModel? = nil,
                    progress: ((Progress) -> Void)? = nil) throws(MixtureError) -> GaussianMixtureModel {
        var rng = SeededGenerator(seed: seed)
        return try fit(data, warmStart: warmStart, using: &rng, progress: progress)
    }
}
