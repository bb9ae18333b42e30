import DataIO
import LinearAlgebra
import Mixture
import MixtureIO
import Testing

struct ReportTests {
    /// A diagonal model's report lists each component's variances on one line: no d×d matrix is
    /// built, so 100,000 features give 100,000 numbers per component, not 10¹⁰.
    @Test func diagonalReportHasOneLineOfVariancesPerComponent() throws {
        let d = 100_000
        let parameters = try MixtureParameters(covarianceType: .diag, weights: [0.5, 0.5],
                                               means: Matrix(rows: 2, columns: d, repeating: 0),
                                               covariances: [Double](repeating: 2, count: 2 * d))
        let lines = try GaussianMixtureModel(parameters: parameters).summary().split(separator: "\n")
        // Header, then per component: weight, mean, variances; then the fit record.
        #expect(lines.count == 1 + 2 * 3 + 1)
        #expect(lines[3].hasPrefix("  variances ") && lines[3].split(separator: " ").count == d + 1)
    }

    @Test func fullReportShowsTheCovarianceMatrixAndTheScores() throws {
        let model = try GaussianMixture(components: 2).fit(OldFaithful.matrix, seed: 0)
        let text = try model.summary(data: OldFaithful.matrix, featureNames: OldFaithful.columnNames)
        for word in ["Gaussian mixture: 2 components, full covariance, 2 features", "covariance", "log-likelihood -1130.2641",
                     "BIC 2322.1920", "AIC 2282.5281", "converged"] {
            #expect(text.contains(word), "missing \(word)")
        }
    }

    /// `mixtape kmeans --format json`: exact centres, cluster sizes under `labels` (as before).
    @Test func kMeansJSON() throws {
        var rng = SeededGenerator(seed: 7)
        let result = try KMeans(clusters: 2, restarts: 10).fit(OldFaithful.matrix, using: &rng)
        let back = try JSONValue(parsing: result.json.text())
        #expect(back == result.json)
        #expect(back["centers"]?.numericArray?.values == result.centers.elements)
        #expect(back["labels"] == .array(result.clusterSizes.map { .integer($0) }))
        #expect(back["n_clusters"] == .number(2) && back["converged"] == .bool(result.converged))
        #expect(result.summary(columnNames: OldFaithful.columnNames).contains("cluster  size  centre (eruptions, waiting)"))
    }

    /// `mixtape select --format json`: every candidate, failures with their error and null
    /// numbers, the start each kept fit came from, and the best model's file.
    @Test func selectionJSON() throws {
        // 3 distinct rows: with reg_covar 0, k = 4 must fail (too few distinct rows); k = 1 fits.
        let x = Matrix<Double>(Array(repeating: [[0.0, 0.0], [1, 1.5], [2, 0.5]], count: 3).flatMap { $0 })
        let table = try ModelSelection(components: 1...4, covarianceTypes: [.full, .spherical],
                                       settings: GaussianMixture(components: 1, regularization: 0)).run(x)
        let json = try table.json(data: x)
        guard case let .array(candidates)? = json["candidates"] else { Issue.record("no candidates"); return }
        #expect(candidates.count == 8)
        for (entry, candidate) in zip(table.entries, candidates) {
            #expect(candidate["n_components"] == .integer(entry.components))
            if entry.components == 4 {
                guard case let .string(message)? = candidate["error"] else { Issue.record("k = 4 did not fail"); continue }
                #expect(message.contains("distinct"))
                #expect(candidate["start"] == nil)
            }
            if entry.components == 1 { #expect(candidate["start"] == .string("fresh") && candidate["error"] == nil) }
        }
        // Failed candidates' numbers are NaN in the table and null in the text.
        let text = json.text()
        #expect(text.contains("\"log_likelihood\": null, \"bic\": null, \"aic\": null"))
        #expect(json["best"]?["weights"] != nil && json["criterion"] == .string("bic"))
        // The text reads back (with DataIO's parser, which rejects anything not JSON).
        let back = try JSONValue(parsing: text)
        #expect(back["best"] == json["best"])
    }
}
