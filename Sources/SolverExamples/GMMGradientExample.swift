import Foundation
import LinearAlgebra
import Mixture
import MixtureGradient
import Plotting

/// A two-component full-covariance Gaussian mixture on Old Faithful, fitted by EM and by L-BFGS
/// on the reverse-mode gradient of the same log-likelihood, from the same k-means start.
enum GMMGradientExample {
    static func run() throws(ExampleError) -> ExampleReport {
        let data = OldFaithful.matrix
        let clock = ContinuousClock()
        let em: GaussianMixtureModel, gradient: GradientMixtureResult, emSeconds: Double, emLogLikelihood: Double
        do {
            let start = try GaussianMixture(components: 2, covarianceType: .full, maxIterations: 0).fit(data, seed: 0).parameters
            let began = clock.now
            em = try GaussianMixture(components: 2, covarianceType: .full, tolerance: 1e-10, regularization: 0,
                                     maxIterations: 10_000).fit(data, warmStart: GaussianMixtureModel(parameters: start))
            let elapsed = clock.now - began
            emSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            emLogLikelihood = try em.logLikelihood(data)
            var fit = GradientMixtureFit(components: 2, covarianceType: .full)
            fit.options.recordHistory = true
            gradient = try fit.fit(data, from: start)
        } catch { throw ExampleError("gmm-gradient: \(error)") }
        let m = gradient.minimization
        let n = Double(data.rows)
        let lines = [
            "Old Faithful (\(data.rows) eruptions), k = 2, full covariances, both from the same k-means start",
            "  method   iterations  likelihood evals  gradient evals  log-likelihood      time",
            "  EM       " + padded("\(em.iterations)", 10, right: true) + padded("\(em.iterations)", 18, right: true)
                + padded("–", 16, right: true) + String(format: "  %.6f   %.2f ms", emLogLikelihood, 1000 * emSeconds),
            "  L-BFGS   " + padded("\(m.iterations)", 10, right: true) + padded("\(m.functionEvaluations)", 18, right: true)
                + padded("\(m.gradientEvaluations)", 16, right: true)
                + String(format: "  %.6f   %.2f ms", gradient.logLikelihood, 1000 * gradient.seconds),
            String(format: "|difference| = %.1e: the same optimum; ", abs(gradient.logLikelihood - emLogLikelihood))
                + "L-BFGS on softmax weights, means and log-Cholesky precisions, the gradient by one reverse sweep per evaluation",
        ]
        // Mean log-likelihood per row against the iteration (iteration 0 is the common start).
        var chart = LineChart(series: [
            LineChart.Series(name: "EM", x: em.lowerBounds.indices.map { Double($0 + 1) }, y: em.lowerBounds),
            LineChart.Series(name: "L-BFGS (AD gradient)", x: m.history.map { Double($0.iteration) },
                             y: m.history.map { -$0.value }),
        ])
        chart.title = "Old Faithful, k = 2: EM against L-BFGS on the AD gradient"
        chart.subtitle = String(format: "both reach log-likelihood %.4f (%.4f per eruption)", emLogLikelihood, emLogLikelihood / n)
        chart.xTitle = "iteration"
        chart.yTitle = "mean log-likelihood per eruption"
        chart.integerXTicks = true
        return ExampleReport(example: .gmmGradient, lines: lines, figure: chart.svg())
    }
}
