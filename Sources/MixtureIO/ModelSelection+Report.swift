import DataIO
import Foundation
import LinearAlgebra
import Mixture

extension ModelSelection.Table {
    /// The table as a JSON object: `criterion`, `candidates` (one object per candidate with
    /// `covariance_type`, `n_components`, `log_likelihood`, `bic`, `aic`, `n_parameters`, `start`,
    /// and `error` for a candidate that failed — its numbers `null`), and `best`: the best model's
    /// model file (with `data`, its data-dependent keys).
    /// - Throws: `MixtureError` when `data` cannot be scored by the best model.
    public func json(data: Matrix<Double>) throws(MixtureError) -> JSONValue {
        let candidates: [JSONValue] = entries.map { e in
            var members: [JSONValue.Member] = [
                .init("covariance_type", .string(e.covarianceType.rawValue)),
                .init("n_components", .integer(e.components)),
                .init("log_likelihood", .number(e.logLikelihood)),
                .init("bic", .number(e.bic)),
                .init("aic", .number(e.aic)),
                .init("n_parameters", .integer(e.parameterCount)),
            ]
            if e.model != nil { members.append(.init("start", .string("\(e.start)"))) }
            if let failure = e.failure { members.append(.init("error", .string("\(failure)"))) }
            return .object(members)
        }
        var members: [JSONValue.Member] = [.init("criterion", .string(criterion.rawValue)), .init("candidates", .array(candidates))]
        if let model = best?.model { members.append(.init("best", try model.json(data: data))) }
        return .object(members)
    }

    /// A human-readable table: one line per candidate (log-likelihood, BIC, AIC, parameters, and
    /// the start the kept fit came from), the best marked, then which is best.
    public func summary() -> String {
        var lines = ["covariance   k   log-likelihood          BIC          AIC  params  start"]
        let best = self.best
        for e in entries {
            let mark = (e.covarianceType == best?.covarianceType && e.components == best?.components) ? "  <- best" : ""
            let name = e.covarianceType.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            if e.model != nil {
                lines.append(name + String(format: " %3d %16.4f %12.4f %12.4f %7d  ", e.components, e.logLikelihood, e.bic, e.aic,
                                           e.parameterCount) + "\(e.start)" + mark)
            } else {
                lines.append(name + String(format: " %3d   failed: ", e.components) + (e.failure.map { "\($0)" } ?? ""))
            }
        }
        if let best {
            lines.append("best by \(criterion.rawValue.uppercased()): k = \(best.components), \(best.covarianceType)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
