/// What can go wrong fitting or using a mixture. Every case reads as one line that says what to do.
public enum MixtureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data has no rows.
    case noSamples
    /// The data has no columns.
    case noFeatures
    /// Fewer samples than components.
    case tooFewSamples(samples: Int, components: Int)
    /// Fewer distinct rows than components where that cannot work: k-means, or a mixture fitted
    /// with `reg_covar` 0 (a component would collapse onto one point).
    case tooFewDistinctSamples(distinct: Int, components: Int)
    /// A value in the data is NaN or infinite (0-based row and column).
    case nonFiniteValue(row: Int, column: Int)
    /// The data has another number of columns than the model.
    case dimensionMismatch(expected: Int, got: Int)
    /// A setting is out of range (name as in scikit-learn, the value, and the rule).
    case invalidSetting(name: String, value: String, rule: String)
    /// A component's covariance is not positive definite even after adding `reg_covar`: its rows
    /// are collinear, or too few to span the features (`component` is 0-based; `nil` for a tied
    /// covariance).
    case illDefinedCovariance(component: Int?)
    /// A component's variance along a feature is nothing but rounding noise of its mean (plus
    /// `reg_covar`): the component has collapsed onto rows that are equal in that feature (0-based
    /// component, `nil` for tied, the 0-based feature, and the reg_covar in effect). With
    /// `reg_covar` 0 that is always an error; with `reg_covar` > 0 only when the noise is beyond
    /// the range of a `Double` (a single row at 1e200, say).
    case collapsedComponent(component: Int?, feature: Int, regularization: Double)
    /// The fitted covariance of a component does not fit in a `Double` in the data's units: the data
    /// is so large (or so small) that its variance overflows (or underflows). Rescale the data.
    case covarianceOutOfRange(component: Int?, tooLarge: Bool)
    /// The fit would need more memory than `limit` bytes (`bytes` is the estimate; `Int.max` when
    /// it does not even fit in an `Int`).
    case insufficientMemory(bytes: Int, limit: Int)
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
            "the data has only \(distinct) distinct row\(distinct == 1 ? "" : "s"), fewer than the \(k) components; "
                + "use at most \(distinct) component\(distinct == 1 ? "" : "s") (or, for a mixture, a reg_covar above 0)"
        case let .nonFiniteValue(row, column):
            "the data has a NaN or infinite value at row \(row + 1), column \(column + 1); remove or impute it"
        case let .dimensionMismatch(expected, got):
            "the model has \(expected) feature\(expected == 1 ? "" : "s") but the data has \(got) column\(got == 1 ? "" : "s")"
        case let .invalidSetting(name, value, rule):
            "invalid \(name) \(value): \(rule)"
        case let .illDefinedCovariance(component):
            (component.map { "the covariance of component \($0 + 1)" } ?? "the tied covariance")
                + " is not positive definite (its rows are collinear or too few); use a larger reg_covar, fewer components, "
                + "or drop collinear columns"
        case let .collapsedComponent(component, feature, regularization) where regularization == 0:
            (component.map { "component \($0 + 1)" } ?? "the tied covariance")
                + " collapsed: its variance along feature \(feature + 1) is zero up to rounding (its rows are equal there) "
                + "and reg_covar is 0; set reg_covar above 0 (scikit-learn's default is 1e-6) or use fewer components"
        case let .collapsedComponent(component, feature, regularization):
            (component.map { "component \($0 + 1)" } ?? "the tied covariance")
                + " collapsed onto equal rows: its variance along feature \(feature + 1) is only the rounding noise of its "
                + "mean (reg_covar \(regularization) is too small to matter there), and that noise is beyond the range of a "
                + "Double; use fewer components or remove the outlying rows"
        case let .covarianceOutOfRange(component, tooLarge):
            (component.map { "the covariance of component \($0 + 1)" } ?? "the tied covariance")
                + (tooLarge ? " is larger than a Double can hold (the data's values are too large); divide the data by a constant"
                            : " is smaller than a Double can hold (the data's values are too small); multiply the data by a constant")
                + " before fitting"
        case let .insufficientMemory(bytes, limit):
            "the fit needs about \(MemorySize.text(bytes)) of memory but \(MemorySize.text(limit)) is available; "
                + "use fewer features or components, or a diag/spherical covariance"
        case let .invalidParameter(name, reason):
            "invalid \(name): \(reason)"
        }
    }
}
