import LinearAlgebra
import RealModule

/// The parameters of a Gaussian mixture in scikit-learn's layout, flat and row-major:
/// weights (k), means (k×d), covariances, precisions and Cholesky factors of the precisions in the
/// shape of `covarianceType` (full k×d×d, tied d×d, diag k×d, spherical k).
///
/// `precisionsCholesky` holds, for full and tied, the upper-triangular `U` with `U·Uᵀ = Σ⁻¹`
/// (scikit-learn's `precisions_cholesky_`), so that ‖(x − μ)ᵀU‖² is the Mahalanobis term; for diag and
/// spherical, `1/σ`.
public struct MixtureParameters: Sendable, Equatable {
    /// How the covariances are parameterised.
    public let covarianceType: CovarianceType
    /// k, the number of components.
    public let components: Int
    /// d, the number of features.
    public let features: Int
    /// Mixing weights, summing to 1.
    public let weights: [Double]
    /// Component means, k×d.
    public let means: Matrix<Double>
    /// Covariances in scikit-learn's shape for the type, flattened row-major.
    public let covariances: [Double]
    /// Cholesky factors of the precisions (see the type's description), same shape as `covariances`.
    public let precisionsCholesky: [Double]

    /// Parameters from covariances; computes the Cholesky factors of the precisions.
    /// - Throws: `MixtureError.illDefinedCovariance` naming the component whose covariance is not
    ///   positive definite; `.invalidParameter` for wrong shapes or weights.
    public init(covarianceType: CovarianceType, weights: [Double], means: Matrix<Double>,
                covariances: [Double]) throws(MixtureError) {
        try Self.checkShapes(covarianceType, weights: weights, means: means,
                             count: covariances.count, name: "covariances")
        self.covarianceType = covarianceType
        self.components = means.rows
        self.features = means.columns
        self.weights = weights
        self.means = means
        self.covariances = covariances
        self.precisionsCholesky = try Self.precisionCholesky(fromCovariances: covariances, type: covarianceType,
                                                            means: means)
    }

    /// Parameters whose precisions' Cholesky factors are already known (no factorisation, no checks).
    init(unchecked type: CovarianceType, weights: [Double], means: Matrix<Double>, covariances: [Double],
         precisionsCholesky: [Double]) {
        self.covarianceType = type
        self.components = means.rows
        self.features = means.columns
        self.weights = weights
        self.means = means
        self.covariances = covariances
        self.precisionsCholesky = precisionsCholesky
    }

    /// These parameters for data multiplied by 2^`scale.exponent`: means × s, covariances × s²,
    /// Cholesky factors of the precisions ÷ s — exact (powers of two) while the results are normal.
    /// - Throws: `.covarianceOutOfRange` when a covariance leaves the range of normal `Double`s
    ///   (which happens only when unscaling a fit of extremely large or small data).
    func scaled(by scale: DataScale) throws(MixtureError) -> MixtureParameters {
        if scale.isIdentity { return self }
        let e = scale.exponent
        let covariances = scale.scaled(self.covariances, power: 2)
        let k = components, d = features
        // Every entry must stay finite; every variance (diagonal entry) must stay a normal number.
        func check(_ i: Int, component: Int?, variance: Bool) throws(MixtureError) {
            let x = covariances[i]
            if !x.isFinite { throw .covarianceOutOfRange(component: component, tooLarge: true) }
            if variance, !x.isNormal { throw .covarianceOutOfRange(component: component, tooLarge: false) }
        }
        switch covarianceType {
        case .full, .tied:
            for b in 0..<(covarianceType == .full ? k : 1) {
                let component: Int? = covarianceType == .full ? b : nil
                for i in 0..<d {
                    for j in 0..<d { try check(b * d * d + i * d + j, component: component, variance: i == j) }
                }
            }
        case .diag:
            for i in covariances.indices { try check(i, component: i / d, variance: true) }
        case .spherical:
            for i in covariances.indices { try check(i, component: i, variance: true) }
        }
        return MixtureParameters(unchecked: covarianceType, weights: weights, means: scale.scaled(means),
                                 covariances: covariances,
                                 precisionsCholesky: precisionsCholesky.map { DataScale.scale($0, by: -e) })
    }

    /// Parameters from precisions (inverse covariances), as scikit-learn's `precisions_init`.
    /// - Throws: `MixtureError.invalidParameter` when a precision is not positive definite.
    public init(covarianceType: CovarianceType, weights: [Double], means: Matrix<Double>,
                precisions: [Double]) throws(MixtureError) {
        try Self.checkShapes(covarianceType, weights: weights, means: means,
                             count: precisions.count, name: "precisions")
        let k = means.rows, d = means.columns
        var covariances = precisions
        switch covarianceType {
        case .full, .tied:
            let blocks = covarianceType == .full ? k : 1
            for b in 0..<blocks {
                let p = Matrix(rows: d, columns: d, elements: Array(precisions[(b * d * d)..<((b + 1) * d * d)]))
                guard case let .success(chol) = p.cholesky() else {
                    throw .invalidParameter(name: "precisions",
                                            reason: "precision \(b + 1) is not symmetric positive definite")
                }
                covariances.replaceSubrange((b * d * d)..<((b + 1) * d * d), with: chol.inverse.elements)
            }
        case .diag, .spherical:
            for i in covariances.indices {
                guard precisions[i] > 0, precisions[i].isFinite else {
                    throw .invalidParameter(name: "precisions", reason: "precisions must be positive and finite")
                }
                covariances[i] = 1 / precisions[i]
            }
        }
        try self.init(covarianceType: covarianceType, weights: weights, means: means, covariances: covariances)
    }

    static func checkShapes(_ type: CovarianceType, weights: [Double], means: Matrix<Double>,
                            count: Int, name: String) throws(MixtureError) {
        let k = means.rows, d = means.columns
        guard k >= 1, d >= 1 else { throw .invalidParameter(name: "means", reason: "need at least one component and one feature") }
        try checkWeights(weights, components: k, name: "weights")
        guard means.elements.allSatisfy(\.isFinite) else {
            throw .invalidParameter(name: "means", reason: "means must be finite")
        }
        let expected = type.covarianceCount(components: k, features: d)
        guard count == expected else {
            throw .invalidParameter(name: name, reason: "expected \(expected) values for \(type) with k=\(k), d=\(d) "
                                    + "(shape \(type.covarianceShape(components: k, features: d))), got \(count)")
        }
    }

    /// scikit-learn's `_compute_precision_cholesky`: for full/tied `U = (L⁻¹)ᵀ` with `Σ = L·Lᵀ`;
    /// for diag/spherical `1/σ`.
    ///
    /// Stricter than scikit-learn about a covariance that is singular up to rounding, which it
    /// accepts with ~1e15 precisions: a Cholesky pivot below 4·d·eps of its diagonal entry
    /// (collinear columns) is an ill-defined covariance. (Variances at the rounding level of the
    /// mean are caught where they arise, in the M-step with reg_covar 0: see `checkNotCollapsed`.)
    /// - Throws: `.illDefinedCovariance` naming the component.
    static func precisionCholesky(fromCovariances cov: [Double], type: CovarianceType,
                                  means: Matrix<Double>) throws(MixtureError) -> [Double] {
        let k = means.rows, d = means.columns
        let eps = Double.ulpOfOne
        switch type {
        case .full, .tied:
            let blocks = type == .full ? k : 1
            var out = [Double](repeating: 0, count: cov.count)
            for b in 0..<blocks {
                let sigma = Matrix(rows: d, columns: d, elements: Array(cov[(b * d * d)..<((b + 1) * d * d)]))
                guard case let .success(chol) = sigma.cholesky(relativeTolerance: 4 * Double(d) * eps) else {
                    throw .illDefinedCovariance(component: type == .full ? b : nil)
                }
                let inv = chol.lowerInverse // lower; its transpose is the upper factor
                for i in 0..<d {
                    for j in i..<d { out[b * d * d + i * d + j] = inv[j, i] }
                }
                guard (0..<d).allSatisfy({ out[b * d * d + $0 * d + $0].isFinite }) else {
                    throw .illDefinedCovariance(component: type == .full ? b : nil)
                }
            }
            return out
        case .diag, .spherical:
            var out = cov
            for i in cov.indices {
                let c = type == .diag ? i / d : i
                guard cov[i] > 0, cov[i].isFinite else { throw .illDefinedCovariance(component: c) }
                out[i] = 1 / cov[i].squareRoot()
                guard out[i].isFinite else { throw .illDefinedCovariance(component: c) }
            }
            return out
        }
    }

    /// With reg_covar 0, a variance at the rounding level of its mean (σ² ≤ (16·eps·|μ|)², e.g. a
    /// component whose rows are all equal in a column: its variance is ~1e-31 only because Nₖ
    /// carries 10·eps) means the component has collapsed. scikit-learn carries on with that
    /// rounding-level variance (precisions ~1e15); Mixtape stops with an error naming the component
    /// and what to change.
    /// - Throws: `.collapsedComponent(component:feature:)`.
    /// `regularization` is the reg_covar added to these variances: a variance collapses when it is at
    /// most the rounding level plus that.
    static func checkNotCollapsed(_ cov: [Double], type: CovarianceType, means: Matrix<Double>,
                                  regularization reg: Double = 0, reported: Double = 0) throws(MixtureError) {
        let k = means.rows, d = means.columns
        let eps = Double.ulpOfOne
        // The rounding scale of a variance is |mean| of its component (for tied, the largest over
        // the components, which share the covariance).
        var largest = [Double](repeating: 0, count: d)
        for c in 0..<k { for j in 0..<d { largest[j] = max(largest[j], abs(means[c, j])) } }
        func collapsed(_ variance: Double, _ c: Int?, _ j: Int) -> Bool {
            let scale = c.map { abs(means[$0, j]) } ?? largest[j]
            return !(variance > (16 * eps * scale) * (16 * eps * scale) + reg)
        }
        switch type {
        case .full, .tied:
            for b in 0..<(type == .full ? k : 1) {
                for j in 0..<d where collapsed(cov[b * d * d + j * d + j], type == .full ? b : nil, j) {
                    throw .collapsedComponent(component: type == .full ? b : nil, feature: j, regularization: reported)
                }
            }
        case .diag:
            for i in cov.indices where collapsed(cov[i], i / d, i % d) {
                throw .collapsedComponent(component: i / d, feature: i % d, regularization: reported)
            }
        case .spherical:
            // One variance for every feature: collapsed only when it is at the rounding level of all.
            for c in 0..<k where (0..<d).allSatisfy({ collapsed(cov[c], c, $0) }) {
                throw .collapsedComponent(component: c, feature: 0, regularization: reported)
            }
        }
    }

    /// Precisions (inverse covariances) in the type's shape: `U·Uᵀ`, or `1/σ²`.
    public var precisions: [Double] {
        let k = components, d = features
        switch covarianceType {
        case .full, .tied:
            let blocks = covarianceType == .full ? k : 1
            var out = [Double](repeating: 0, count: precisionsCholesky.count)
            for b in 0..<blocks {
                let o = b * d * d
                for i in 0..<d {
                    for j in 0..<d {
                        var s = 0.0
                        for l in max(i, j)..<d { s += precisionsCholesky[o + i * d + l] * precisionsCholesky[o + j * d + l] }
                        out[o + i * d + j] = s
                    }
                }
            }
            return out
        case .diag, .spherical:
            return precisionsCholesky.map { $0 * $0 }
        }
    }

    /// Component `c`'s covariance as a full d×d matrix, whatever the type.
    public func covarianceMatrix(component c: Int) -> Matrix<Double> {
        let d = features
        switch covarianceType {
        case .full:
            return Matrix(rows: d, columns: d, elements: Array(covariances[(c * d * d)..<((c + 1) * d * d)]))
        case .tied:
            return Matrix(rows: d, columns: d, elements: covariances)
        case .diag:
            return .diagonal(Array(covariances[(c * d)..<((c + 1) * d)]))
        case .spherical:
            return .diagonal([Double](repeating: covariances[c], count: d))
        }
    }

    /// scikit-learn's `_compute_log_det_cholesky`: log det U for each component (½ log det Σ⁻¹).
    var logDetCholesky: [Double] {
        let k = components, d = features
        switch covarianceType {
        case .full, .tied:
            return (0..<k).map { c in
                let o = covarianceType == .full ? c * d * d : 0
                var s = 0.0
                for i in 0..<d { s += Double.log(precisionsCholesky[o + i * d + i]) }
                return s
            }
        case .diag:
            return (0..<k).map { c in
                var s = 0.0
                for i in 0..<d { s += Double.log(precisionsCholesky[c * d + i]) }
                return s
            }
        case .spherical:
            return precisionsCholesky.map { Double(d) * Double.log($0) }
        }
    }

    /// The number of free parameters (scikit-learn's `_n_parameters`).
    public var parameterCount: Int { covarianceType.parameterCount(components: components, features: features) }
}

extension MixtureParameters {
    /// These parameters for data multiplied by 2^`exponent`: means × 2^e, covariances × 2^(2e),
    /// Cholesky factors of the precisions × 2^(−e) — exact while the results are normal numbers.
    ///
    /// ```swift
    /// let kilo = try parameters.scaled(byPowerOfTwo: 10)   // for data × 1024
    /// ```
    /// - Throws: `.covarianceOutOfRange` when a covariance leaves the range of normal `Double`s.
    public func scaled(byPowerOfTwo exponent: Int) throws(MixtureError) -> MixtureParameters {
        try scaled(by: DataScale(exponent: exponent))
    }
}
