import Autodiff
import LinearAlgebra
import Mixture
import Optimization

/// Fits a Gaussian mixture by maximising its log-likelihood directly with a gradient method —
/// L-BFGS by default — instead of EM: the lecture's "gradient ascent in a big messy space", made
/// concrete so the two can be compared from the same start.
///
/// The parameters are unconstrained (``MixtureNegativeLogLikelihood``: softmax weights, means,
/// log-Cholesky precision factors), so any minimiser applies, and the gradient comes from one
/// reverse-mode sweep through the same generic log-likelihood `MixtureObjective` that the EM
/// engine's value is tested against. There is no `reg_covar`: the fit maximises the likelihood
/// itself, which is what EM with `regularization: 0` converges to.
///
/// Data whose spread is far from unit scale is fitted multiplied by a power of two
/// (``scaleExponent(_:)``), exactly, and the result moved back, so that the gradient tolerance
/// does not depend on the data's units.
///
/// - Complexity: per iteration one or a few likelihood-and-gradient evaluations, each
///   O(n·k·d²) (full, tied) or O(n·k·d), plus the method's own work (O(m·p) for L-BFGS with p
///   parameters).
///
/// ```swift
/// let start = try GaussianMixture(components: 2, maxIterations: 0).fit(data, seed: 0).parameters
/// let fit = try GradientMixtureFit(components: 2).fit(data, from: start)
/// fit.model.weights, fit.logLikelihood, fit.minimization.iterations
/// ```
public struct GradientMixtureFit: Sendable {
    /// k.
    public var components: Int
    /// The covariance type fitted.
    public var covarianceType: CovarianceType
    /// The minimiser (any ``/Optimization/MinimizationMethod``; L-BFGS by default).
    public var method: MinimizationMethod
    /// Its stopping tests, on the negative *mean* log-likelihood: the default gradient tolerance
    /// 10⁻⁶ per sample (the log-likelihood is then within ~10⁻⁸ of the optimum for data of unit
    /// scale; much below ~10⁻⁸ the gradient is at the rounding level of the likelihood), at most
    /// 10,000 iterations.
    public var options: MinimizationOptions

    /// Settings for a k-component fit.
    public init(components: Int, covarianceType: CovarianceType = .full, method: MinimizationMethod = .lbfgs(),
                options: MinimizationOptions? = nil) {
        self.components = components
        self.covarianceType = covarianceType
        self.method = method
        var o = MinimizationOptions()
        o.gradientTolerance = 1e-6
        o.maxIterations = 10_000
        self.options = options ?? o
    }

    /// Fits from the starting parameters `start` (the ones EM would start from, for a comparison).
    /// - Throws: `MixtureError` for invalid data (empty, non-finite, fewer rows than components),
    ///   a start of another shape or type, invalid minimiser options, or a result whose covariance
    ///   is not positive definite. A minimisation that stops without converging (iteration limit,
    ///   no progress) is not an error: see the result's `minimization.reason`.
    /// - Complexity: see the type.
    public func fit(_ data: Matrix<Double>, from start: MixtureParameters) throws(MixtureError) -> GradientMixtureResult {
        // EM with no iterations validates the data and the start exactly as a fit would.
        _ = try GaussianMixture(components: components, covarianceType: covarianceType, maxIterations: 0)
            .fit(data, warmStart: GaussianMixtureModel(parameters: start))
        let clock = ContinuousClock()
        let began = clock.now
        // Data far from unit scale is fitted multiplied by a power of two (exactly), so that the
        // gradient tolerance means the same whatever the data's units.
        let exponent = GradientMixtureFit.scaleExponent(data)
        let scaledData = exponent == 0 ? data
            : Matrix(rows: data.rows, columns: data.columns, elements: data.elements.map { Double(sign: $0.sign, exponent: exponent, significand: $0.magnitude) })
        let f = MixtureNegativeLogLikelihood(data: scaledData, components: components, covarianceType: covarianceType)
        let theta0 = MixtureObjective.parameters(of: try start.scaled(byPowerOfTwo: exponent))
        // The history gives the model its per-iteration record (one entry per iteration, the last
        // the final value, as a model file requires).
        var recording = options
        recording.recordHistory = true
        let result = Minimizer(method: method, options: recording).minimize(f, from: theta0)
        if case .invalidInput(let message) = result.reason {
            throw .invalidSetting(name: "gradient fit", value: "\(method)", rule: message)
        }
        let parameters = try f.objective.mixtureParameters(from: result.minimizer).scaled(byPowerOfTwo: -exponent)
        // log p(x) = log p′(x·2^e) + d·e·log 2 for the density p′ of the scaled data.
        let shift = Double(data.columns * exponent) * 0.6931471805599453
        let elapsed = clock.now - began
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let n = Double(data.rows)
        let model = GaussianMixtureModel(
            parameters: parameters, converged: result.converged, iterations: result.iterations,
            lowerBound: -result.value + shift, lowerBounds: result.history.dropFirst().map { -$0.value + shift },
            finalChange: result.history.count >= 2
                ? result.history[result.history.count - 2].value - result.history[result.history.count - 1].value : .nan)
        return GradientMixtureResult(model: model, logLikelihood: (-result.value + shift) * n, minimization: result,
                                     seconds: seconds)
    }

    /// The power of two `e` by which ``fit(_:from:)`` multiplies the data: 0 when the largest
    /// column standard deviation σ is within a factor 2⁹ of 1, else the `e` that brings σ·2^e into [1, 2).
    /// (The default gradient tolerance assumes data of about unit scale: with σ = 10⁶, say, the
    /// gradient with respect to the means is ~10⁻⁶ already at the start.)
    /// - Complexity: O(n·d).
    public static func scaleExponent(_ data: Matrix<Double>) -> Int {
        guard data.rows > 1 else { return 0 }
        var largest = 0.0
        for j in 0..<data.columns {
            var mean = 0.0
            for i in 0..<data.rows { mean += data[i, j] }
            mean /= Double(data.rows)
            // Scaled by the column's largest deviation first, so squares cannot overflow.
            var top = 0.0
            for i in 0..<data.rows { top = Swift.max(top, Swift.abs(data[i, j] - mean)) }
            guard top > 0, top.isFinite else { continue }
            var sum = 0.0
            for i in 0..<data.rows { let u = (data[i, j] - mean) / top; sum += u * u }
            largest = Swift.max(largest, top * (sum / Double(data.rows)).squareRoot())
        }
        guard largest > 0, largest.isFinite else { return 0 }
        let e = Int(largest.exponent)
        return Swift.abs(e) <= 8 ? 0 : -e
    }

    /// Fits from the start EM would use: the initial parameters of
    /// `GaussianMixture(components:covarianceType:initialization:)` with this seed.
    /// - Throws: as ``fit(_:from:)``.
    public func fit(_ data: Matrix<Double>, seed: UInt64 = 0,
                    initialization: GaussianMixture.Initialization = .kmeans) throws(MixtureError) -> GradientMixtureResult {
        let start = try GaussianMixture(components: components, covarianceType: covarianceType, maxIterations: 0,
                                        initialization: initialization).fit(data, seed: seed).parameters
        return try fit(data, from: start)
    }
}

/// What ``GradientMixtureFit`` returns.
public struct GradientMixtureResult: Sendable {
    /// The fitted model: its `iterations` are the minimiser's, its `lowerBound` is the mean
    /// log-likelihood and `lowerBounds` the mean log-likelihood after each iteration (the last
    /// equal to `lowerBound`, as in a model fitted by EM).
    public var model: GaussianMixtureModel
    /// The total log-likelihood at the fitted parameters.
    public var logLikelihood: Double
    /// The minimiser's report: iterations, likelihood (function) and gradient evaluations, why it
    /// stopped.
    public var minimization: MinimizationResult
    /// Wall-clock seconds of the minimisation.
    public var seconds: Double
}
