import Foundation
import LinearAlgebra
import Mixture
import RealModule

extension GaussianMixtureModel {
    /// A human-readable report: per component its weight, mean and covariance (for diag its
    /// variances, for spherical its variance); then the
    /// log-likelihood, BIC and AIC on `data` (when given), iterations and convergence.
    ///
    /// ```
    /// Gaussian mixture: 2 components, full covariance, 2 features
    /// component 1  weight 0.3559
    ///   mean        2.0364    54.4785
    ///   covariance  0.0692     0.4352
    ///               0.4352    33.6973
    /// ...
    /// ```
    /// - Parameters:
    ///   - data: when given, the log-likelihood, BIC and AIC on it are reported.
    ///   - featureNames: column names for the header line of each mean (optional).
    public func summary(data: Matrix<Double>? = nil, featureNames: [String]? = nil) throws(MixtureError) -> String {
        let ll = try data.map { (x: Matrix<Double>) throws(MixtureError) in try logLikelihood(x) }
        return summary(samples: data?.rows, logLikelihood: ll, featureNames: featureNames)
    }

    /// `summary(data:featureNames:)` with the log-likelihood, BIC and AIC from the number of rows
    /// and their total log-likelihood at this model (as a pass over data that is not in memory
    /// gives them), reported when both are given.
    public func summary(samples: Int?, logLikelihood ll: Double?, featureNames: [String]? = nil) -> String {
        var lines: [String] = []
        let typeName = covarianceType == .diag ? "diagonal" : covarianceType.rawValue
        lines.append("Gaussian mixture: \(components) component\(components == 1 ? "" : "s"), \(typeName) covariance, "
                     + "\(features) feature\(features == 1 ? "" : "s")")
        let cell = { (x: Double) in String(format: "%12.6g", x) }
        if let names = featureNames, names.count == features {
            lines.append("              " + names.map { $0.count > 12 ? String($0.prefix(12)) : String(repeating: " ", count: 12 - $0.count) + $0 }.joined())
        }
        for c in 0..<components {
            lines.append("component \(c + 1)  weight \(String(format: "%.6g", weights[c]))")
            lines.append("  mean        " + means.row(c).map(cell).joined())
            switch covarianceType {
            case .full, .tied:
                let cov = covarianceMatrix(component: c)
                for i in 0..<features {
                    lines.append((i == 0 ? "  covariance  " : "              ") + cov.row(i).map(cell).joined())
                }
            case .diag:
                // The diagonal only: no d×d matrix is built (d may be large).
                lines.append("  variances   " + covariances[(c * features)..<((c + 1) * features)].map(cell).joined())
            case .spherical:
                lines.append("  variance    " + cell(covariances[c]))
            }
        }
        if let samples, let ll {
            let n = Double(samples)
            lines.append("log-likelihood \(String(format: "%.4f", ll))  (mean \(String(format: "%.6f", ll / n)) over \(samples) rows)")
            lines.append("BIC \(String(format: "%.4f", -2 * ll + Double(parameterCount) * Double.log(n)))  "
                         + "AIC \(String(format: "%.4f", -2 * ll + 2 * Double(parameterCount)))  "
                         + "parameters \(parameterCount)")
        }
        if iterations == 0 {
            lines.append("no EM iteration ran (max_iter 0): these are the starting parameters")
        } else {
            let status = converged ? "converged" : "not converged (last change \(String(format: "%.3g", finalChange)))"
            lines.append("iterations \(iterations), \(status), lower bound \(String(format: "%.6f", lowerBound))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
