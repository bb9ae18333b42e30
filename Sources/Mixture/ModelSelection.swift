import LinearAlgebra
import RealModule

/// Model selection by information criterion: fits every (covariance type, k) pair and scores it
/// with BIC or AIC, as mclust does and scikit-learn's model-selection example shows.
///
/// A criterion compares maximised likelihoods, so each candidate must be near its maximum, and a
/// larger model must never report a lower likelihood than a smaller one nested in it. So that it
/// does, each k after the first is fitted from several starts and the best kept: the settings'
/// `restarts` fresh starts, and — with `splitStarts` — the best (k−1)-component fit of the same
/// type with one component split in two along its principal axis, once for every component (each
/// for 20 iterations; the most promising then runs to convergence). Since
/// the split start is the (k−1) fit plus a small change, EM from it ends at or above the (k−1)
/// likelihood, up to the small effect of reg_covar; `Entry.start` says which start won.
///
/// ```swift
/// let table = try ModelSelection(components: 1...6).run(OldFaithful.matrix)
/// print(table.best!.covarianceType, table.best!.components)   // tied, 3 (mclust's EEE, G=3)
/// ```
public struct ModelSelection: Sendable {
    /// Which criterion picks the best model (smaller is better for both).
    public enum Criterion: String, CaseIterable, Sendable {
        case bic, aic
    }

    /// Where a candidate's EM run started.
    public enum Start: Equatable, Sendable, CustomStringConvertible {
        /// The settings' own initialisation (best of `restarts`).
        case fresh
        /// The best fit with one component fewer, with this (0-based) component split in two.
        case split(component: Int)
        /// No EM run reached the likelihood of the best fit with one component fewer, so that fit is
        /// reported with this (0-based) component halved into two equal copies: the same
        /// likelihood with one more (redundant) component, which the criterion then penalises.
        case duplicate(component: Int)

        public var description: String {
            switch self {
            case .fresh: "fresh"
            case let .split(c): "split of component \(c + 1)"
            case let .duplicate(c): "component \(c + 1) of k-1 duplicated (no better fit found)"
            }
        }
    }

    /// One fitted candidate.
    public struct Entry: Sendable {
        /// The covariance type.
        public let covarianceType: CovarianceType
        /// k.
        public let components: Int
        /// The fitted model, or `nil` when the fit failed (e.g. an ill-defined covariance).
        public let model: GaussianMixtureModel?
        /// Why the fit failed, when it did.
        public let failure: MixtureError?
        /// Total log-likelihood, BIC and AIC on the data (NaN when the fit failed).
        public let logLikelihood: Double
        /// Bayesian information criterion −2·log L + p·ln n (NaN when the fit failed).
        public let bic: Double
        /// Akaike information criterion −2·log L + 2p (NaN when the fit failed).
        public let aic: Double
        /// The free-parameter count.
        public let parameterCount: Int
        /// The start the kept fit came from (`.fresh` for a failed candidate).
        public let start: Start

        /// The value of `criterion`.
        public func value(_ criterion: Criterion) -> Double { criterion == .bic ? bic : aic }
    }

    /// The result: every candidate, and the best by the criterion.
    public struct Table: Sendable {
        /// The criterion `best` minimises.
        public let criterion: Criterion
        /// Every candidate, by covariance type and then k.
        public let entries: [Entry]
        /// A table from candidates, to re-rank them by another criterion.
        public init(criterion: Criterion, entries: [Entry]) {
            self.criterion = criterion
            self.entries = entries
        }
        /// The candidate with the smallest criterion among those that fitted.
        public var best: Entry? {
            entries.filter { $0.model != nil }.min { $0.value(criterion) < $1.value(criterion) }
        }
    }

    /// The settings `ModelSelection` uses unless given others: tolerance 1e-6 on the mean
    /// log-likelihood (BIC differences of 0.01 need the total log-likelihood to ~0.005, which the
    /// fitting default 1e-3 per row does not give for more than a few rows), up to 1,000 iterations,
    /// and 3 fresh starts besides the split starts.
    public static let defaultSettings = GaussianMixture(components: 1, tolerance: 1e-6, maxIterations: 1000, restarts: 3)

    /// The k values to try.
    public var components: ClosedRange<Int>
    /// The covariance types to try.
    public var covarianceTypes: [CovarianceType]
    /// The criterion.
    public var criterion: Criterion
    /// Settings for each fit; `components` and `covarianceType` are overwritten per candidate.
    public var settings: GaussianMixture
    /// Whether each k after the first also starts from the best (k−1) fit with a component split.
    public var splitStarts: Bool

    /// EM iterations each split start gets before the most promising one is run to convergence.
    static let splitTrialIterations = 20

    /// A selection over `components` × `covarianceTypes`.
    public init(components: ClosedRange<Int> = 1...8, covarianceTypes: [CovarianceType] = CovarianceType.allCases,
                criterion: Criterion = .bic, settings: GaussianMixture = ModelSelection.defaultSettings,
                splitStarts: Bool = true) {
        self.components = components
        self.covarianceTypes = covarianceTypes
        self.criterion = criterion
        self.settings = settings
        self.splitStarts = splitStarts
    }

    /// Fits every candidate. A candidate whose fit fails with an ill-defined or collapsed
    /// covariance, or too few (distinct) rows, is kept in the table as a failure; invalid data or
    /// settings throw.
    /// - Throws: `MixtureError` for bad data or settings: `components` must start at 1 or more and
    ///   end at most at the number of rows; `.insufficientMemory` when the largest candidate would
    ///   not fit in memory.
    /// - Complexity: O(types · Σₖ (restarts + k) · iterations · n · k · d²) for full and tied.
    public func run(_ data: Matrix<Double>, seed: UInt64 = 0) throws(MixtureError) -> Table {
        guard components.lowerBound >= 1 else {
            throw .invalidSetting(name: "components", value: "\(components)", rule: "must start at 1 or more")
        }
        guard components.upperBound <= max(1, data.rows) else {
            throw .invalidSetting(name: "components", value: "\(components)",
                                  rule: "must end at most at the number of rows (\(data.rows))")
        }
        guard !covarianceTypes.isEmpty else {
            throw .invalidSetting(name: "covariance types", value: "[]", rule: "must name at least one type")
        }
        try settings.validateSettings()
        for type in covarianceTypes {
            var largest = settings
            largest.components = components.upperBound
            largest.covarianceType = type
            try largest.checkMemory(rows: data.rows, features: data.columns, copiesData: true)
        }
        var entries: [Entry] = []
        for type in covarianceTypes {
            var previous: (model: GaussianMixtureModel, logLikelihood: Double)?
            for k in components {
                var s = settings
                s.components = k
                s.covarianceType = type
                var best: (model: GaussianMixtureModel, logLikelihood: Double, start: Start)?
                var failure: MixtureError?
                do {
                    let model = try s.fit(data, seed: seed)
                    best = (model, try model.logLikelihood(data), .fresh)
                } catch {
                    switch error {
                    case .illDefinedCovariance, .collapsedComponent, .covarianceOutOfRange, .tooFewSamples,
                         .tooFewDistinctSamples:
                        failure = error
                    default:
                        throw error
                    }
                }
                if splitStarts, let previous, previous.model.components == k - 1 {
                    // Every split gets a short run; the most promising one runs to convergence.
                    let responsibilities = try previous.model.predictProbabilities(data)
                    var short = s
                    short.maxIterations = min(s.maxIterations, Self.splitTrialIterations)
                    var promising: (model: GaussianMixtureModel, logLikelihood: Double, component: Int)?
                    for c in 0..<previous.model.components {
                        guard let start = try? Self.split(previous.model, component: c, data: data, responsibilities: responsibilities),
                              let model = try? short.fit(data, warmStart: GaussianMixtureModel(parameters: start)),
                              let ll = try? model.logLikelihood(data) else { continue }
                        if promising == nil || ll > promising!.logLikelihood { promising = (model, ll, c) }
                    }
                    if var candidate = promising {
                        if !candidate.model.converged, let model = try? s.fit(data, warmStart: candidate.model),
                           let ll = try? model.logLikelihood(data) {
                            candidate = (model, ll, candidate.component)
                        }
                        if best == nil || candidate.logLikelihood > best!.logLikelihood {
                            best = (candidate.model, candidate.logLikelihood, .split(component: candidate.component))
                        }
                    }
                    // A larger model never reports a lower likelihood than the nested smaller one.
                    if let found = best, found.logLikelihood < previous.logLikelihood,
                       let copy = try? Self.duplicate(previous.model) {
                        let ll = try copy.model.logLikelihood(data)
                        if ll > found.logLikelihood { best = (copy.model, ll, .duplicate(component: copy.component)) }
                    }
                }
                if let best {
                    let model = best.model
                    let p = model.parameterCount, n = Double(data.rows)
                    entries.append(Entry(covarianceType: type, components: k, model: model, failure: nil,
                                         logLikelihood: best.logLikelihood, bic: -2 * best.logLikelihood + Double(p) * Double.log(n),
                                         aic: -2 * best.logLikelihood + 2 * Double(p), parameterCount: p, start: best.start))
                    previous = (model, best.logLikelihood)
                } else {
                    entries.append(Entry(covarianceType: type, components: k, model: nil, failure: failure,
                                         logLikelihood: .nan, bic: .nan, aic: .nan,
                                         parameterCount: type.parameterCount(components: k, features: data.columns),
                                         start: .fresh))
                    previous = nil
                }
            }
        }
        return Table(criterion: criterion, entries: entries)
    }

    /// `model` with its heaviest component halved into two equal copies (weights w/2): the same
    /// density, so the same likelihood, with one more component.
    static func duplicate(_ model: GaussianMixtureModel) throws(MixtureError) -> (model: GaussianMixtureModel, component: Int) {
        let p = model.parameters
        let k = p.components, d = p.features
        let c = p.weights.indices.max { p.weights[$0] < p.weights[$1] }!
        var weights = p.weights
        weights[c] /= 2
        weights.append(weights[c])
        let means = p.means.elements + p.means.row(c)
        var covariances = p.covariances
        switch p.covarianceType {
        case .full: covariances += p.covariances[(c * d * d)..<((c + 1) * d * d)]
        case .tied: break
        case .diag: covariances += p.covariances[(c * d)..<((c + 1) * d)]
        case .spherical: covariances.append(p.covariances[c])
        }
        let parameters = try MixtureParameters(covarianceType: p.covarianceType, weights: weights,
                                               means: Matrix(rows: k + 1, columns: d, elements: means), covariances: covariances)
        return (GaussianMixtureModel(parameters: parameters, converged: model.converged, iterations: 0,
                                     lowerBound: model.lowerBound), c)
    }

    /// `model`'s parameters with component `c` replaced by two halves: weights w/2 each, means
    /// μ ± ½√λ·v along the principal axis (λ, v) of the component's responsibility-weighted
    /// scatter in the data, and — for full covariances — Σ − ¼λvvᵀ, which keeps the pair's mean
    /// and covariance equal to the component's (other types keep Σ: tied shares it, and diag and
    /// spherical cannot hold the rank-one change). The new component is placed last.
    /// - Throws: when the component has no weight or the split covariance is not positive definite.
    /// - Complexity: O(n·k·d²) for the responsibilities, O(n·d) per power iteration.
    static func split(_ model: GaussianMixtureModel, component c: Int, data: Matrix<Double>,
                      responsibilities: Matrix<Double>? = nil) throws(MixtureError) -> MixtureParameters {
        let p = model.parameters
        let k = p.components, d = p.features, n = data.rows
        let resp: Matrix<Double>
        if let responsibilities { resp = responsibilities } else { resp = try model.predictProbabilities(data) }
        var total = 0.0
        for i in 0..<n { total += resp[i, c] }
        guard total > 0 else { throw .invalidParameter(name: "split", reason: "component \(c + 1) has no weight") }
        let mean = p.means.row(c)
        // Start the power iteration on the axis of largest variance.
        var variance = [Double](repeating: 0, count: d)
        for i in 0..<n {
            let r = resp[i, c]
            for j in 0..<d { let t = data[i, j] - mean[j]; variance[j] += r * t * t }
        }
        var v = [Double](repeating: 0, count: d)
        v[variance.indices.max { variance[$0] < variance[$1] } ?? 0] = 1
        var lambda = 0.0
        for _ in 0..<50 {
            // u = S v with S = Σᵢ rᵢ (xᵢ − μ)(xᵢ − μ)ᵀ / Σᵢ rᵢ, without forming S.
            var u = [Double](repeating: 0, count: d)
            for i in 0..<n {
                var s = 0.0
                for j in 0..<d { s += (data[i, j] - mean[j]) * v[j] }
                let w = resp[i, c] * s / total
                for j in 0..<d { u[j] += w * (data[i, j] - mean[j]) }
            }
            let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0, norm.isFinite else { break }
            let previous = lambda
            lambda = norm
            v = u.map { $0 / norm }
            if abs(lambda - previous) <= 1e-10 * lambda { break }
        }
        guard lambda > 0 else { throw .invalidParameter(name: "split", reason: "component \(c + 1) has no spread") }
        let offset = v.map { 0.5 * lambda.squareRoot() * $0 }
        var weights = p.weights
        weights[c] /= 2
        weights.append(weights[c])
        var means = p.means.elements
        for j in 0..<d { means[c * d + j] = mean[j] + offset[j] }
        means += (0..<d).map { mean[$0] - offset[$0] }
        var covariances = p.covariances
        switch p.covarianceType {
        case .full:
            var sigma = Array(p.covariances[(c * d * d)..<((c + 1) * d * d)])
            let reduced = (0..<(d * d)).map { sigma[$0] - offset[$0 / d] * offset[$0 % d] }
            if case .success = Matrix(rows: d, columns: d, elements: reduced).cholesky() { sigma = reduced }
            covariances.replaceSubrange((c * d * d)..<((c + 1) * d * d), with: sigma)
            covariances += sigma
        case .tied:
            break
        case .diag:
            covariances += Array(p.covariances[(c * d)..<((c + 1) * d)])
        case .spherical:
            covariances.append(p.covariances[c])
        }
        return try MixtureParameters(covarianceType: p.covarianceType, weights: weights,
                                     means: Matrix(rows: k + 1, columns: d, elements: means), covariances: covariances)
    }
}
