import LinearAlgebra

/// Model selection by information criterion: fits every (covariance type, k) pair and scores it
/// with BIC or AIC, as mclust does and scikit-learn's model-selection example shows.
///
/// ```swift
/// let settings = GaussianMixture(components: 1, restarts: 5)   // each candidate: best of 5 starts
/// let table = try ModelSelection(components: 1...6, settings: settings).run(OldFaithful.matrix)
/// print(table.best!.covarianceType, table.best!.components)   // tied, 3 (mclust's EEE, G=3)
/// ```
public struct ModelSelection: Sendable {
    /// Which criterion picks the best model (smaller is better for both).
    public enum Criterion: String, CaseIterable, Sendable {
        case bic, aic
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
        public let bic: Double
        public let aic: Double
        /// The free-parameter count.
        public let parameterCount: Int

        /// The value of `criterion`.
        public func value(_ criterion: Criterion) -> Double { criterion == .bic ? bic : aic }
    }

    /// The result: every candidate, and the best by the criterion.
    public struct Table: Sendable {
        public let criterion: Criterion
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

    /// The k values to try.
    public var components: ClosedRange<Int>
    /// The covariance types to try.
    public var covarianceTypes: [CovarianceType]
    /// The criterion.
    public var criterion: Criterion
    /// Settings for each fit; `components` and `covarianceType` are overwritten per candidate.
    public var settings: GaussianMixture

    public init(components: ClosedRange<Int> = 1...8, covarianceTypes: [CovarianceType] = CovarianceType.allCases,
                criterion: Criterion = .bic, settings: GaussianMixture = GaussianMixture(components: 1)) {
        self.components = components
        self.covarianceTypes = covarianceTypes
        self.criterion = criterion
        self.settings = settings
    }

    /// Fits every candidate. A candidate whose fit fails with an ill-defined covariance or too few
    /// distinct rows is kept in the table as a failure; invalid data or settings throw.
    /// - Throws: `MixtureError` for bad data or settings.
    public func run(_ data: Matrix<Double>, seed: UInt64 = 0) throws(MixtureError) -> Table {
        guard components.lowerBound >= 1 else {
            throw .invalidSetting(name: "components", value: "\(components)", rule: "must start at 1 or more")
        }
        var entries: [Entry] = []
        for type in covarianceTypes {
            for k in components {
                var s = settings
                s.components = k
                s.covarianceType = type
                do {
                    let model = try s.fit(data, seed: seed)
                    let ll = try model.logLikelihood(data)
                    entries.append(Entry(covarianceType: type, components: k, model: model, failure: nil,
                                         logLikelihood: ll, bic: try model.bic(data), aic: try model.aic(data),
                                         parameterCount: model.parameterCount))
                } catch {
                    switch error {
                    case .illDefinedCovariance, .tooFewSamples, .tooFewDistinctSamples:
                        entries.append(Entry(covarianceType: type, components: k, model: nil, failure: error,
                                             logLikelihood: .nan, bic: .nan, aic: .nan,
                                             parameterCount: type.parameterCount(components: k, features: data.columns)))
                    default:
                        throw error
                    }
                }
            }
        }
        return Table(criterion: criterion, entries: entries)
    }
}
