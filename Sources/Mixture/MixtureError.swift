/// What can go wrong fitting or using a mixture. Every case reads as one line that says what to do.
public enum MixtureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data has no rows.
    case noSamples
    /// The data has no columns.
    case noFeatures
    /// Fewer samples than components.
    case tooFewSamples(samples: Int, components: Int)
    /// Fewer distinct rows than components.
    case tooFewDistinctSamples(distinct: Int, components: Int)
    /// A value in the data is NaN or infinite (0-based row and column).
    case nonFiniteValue(row: Int, column: Int)
    /// The data has another number of columns than the model.
    case dimensionMismatch(expected: Int, got: Int)
    /// A setting is out of range (name as in scikit-learn, the value, and the rule).
    case invalidSetting(name: String, value: String, rule: String)
    /// A component's covariance is not positive definite even after adding `reg_covar`
    /// (`component` is 0-based; `nil` for a tied covariance).
    case illDefinedCovariance(component: Int?)
    /// A given parameter array has the wrong shape or invalid values.
    case invalidParameter(name: String, reason: String)

    public var description: String {
        switch self {
        case .noSamples:
            "the data has no rows; give at least as many rows as components"
        case .noFeatures:
            "the data has no columns"
        case let .tooFewSamples(n, k):
            "\(k) components need at least \(k) rows, but the data has \(n); use fewer components"
        case let .tooFewDistinctSamples(distinct, k):
            "the data has only \(distinct) distinct row\(distinct == 1 ? "" : "s"), fewer than the \(k) components; use fewer components"
        case let .nonFiniteValue(row, column):
            "the data has a NaN or infinite value at row \(row + 1), column \(column + 1); remove or impute it"
        case let .dimensionMismatch(expected, got):
            "the model has \(expected) feature\(expected == 1 ? "" : "s") but the data has \(got) column\(got == 1 ? "" : "s")"
        case let .invalidSetting(name, value, rule):
            "invalid \(name) \(value): \(rule)"
        case let .illDefinedCovariance(component):
            (component.map { "the covariance of component \($0 + 1)" } ?? "the tied covariance")
                + " is not positive definite (singleton or collapsed samples); use fewer components, a larger reg_covar, or scale the data"
        case let .invalidParameter(name, reason):
            "invalid \(name): \(reason)"
        }
    }
}
