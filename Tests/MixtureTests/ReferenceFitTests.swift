import LinearAlgebra
import Mixture
import RealModule
import Testing

/// Every row of ../shared/reference/old_faithful.md (scikit-learn 1.9.1 with many restarts and a
/// tight tolerance; the k=2 full row equals mclust's VVV G=2 fit). Log-likelihood and means within
/// 1e-3 as the issue asks; the table prints 3–4 decimals, so 1e-3 is also what it can support.
struct ReferenceFitTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let k: Int
        let type: CovarianceType
        let logLikelihood: Double
        let bic: Double
        let aic: Double
        let parameters: Int
        let weights: [Double]
        let means: [[Double]]
        var testDescription: String { "k=\(k) \(type)" }
    }

    static let rows: [Row] = [
        Row(k: 1, type: .full, logLikelihood: -1289.797, bic: 2607.623, aic: 2589.593, parameters: 5,
            weights: [1], means: [[3.4878, 70.8971]]),
        Row(k: 1, type: .diag, logLikelihood: -1516.706, bic: 3055.835, aic: 3041.412, parameters: 4,
            weights: [1], means: [[3.4878, 70.8971]]),
        Row(k: 1, type: .spherical, logLikelihood: -2003.952, bic: 4024.721, aic: 4013.904, parameters: 3,
            weights: [1], means: [[3.4878, 70.8971]]),
        Row(k: 2, type: .full, logLikelihood: -1130.264, bic: 2322.192, aic: 2282.528, parameters: 11,
            weights: [0.3559, 0.6441], means: [[2.0364, 54.4785], [4.2897, 79.9681]]),
        Row(k: 2, type: .tied, logLikelihood: -1140.187, bic: 2325.220, aic: 2296.374, parameters: 8,
            weights: [0.3592, 0.6408], means: [[2.0462, 54.5965], [4.2960, 80.0362]]),
        Row(k: 2, type: .diag, logLikelihood: -1147.806, bic: 2346.065, aic: 2313.613, parameters: 9,
            weights: [0.3565, 0.6435], means: [[2.0379, 54.4930], [4.2911, 79.9856]]),
        Row(k: 2, type: .spherical, logLikelihood: -1709.529, bic: 3458.299, aic: 3433.059, parameters: 7,
            weights: [0.3671, 0.6329], means: [[2.0977, 54.7429], [4.2939, 80.2650]]),
        Row(k: 3, type: .tied, logLikelihood: -1126.316, bic: 2314.296, aic: 2274.632, parameters: 11,
            weights: [], means: []),
    ]

    /// Components sorted by their first mean coordinate, so the comparison does not depend on labels.
    static func sortedComponents(_ model: GaussianMixtureModel) -> [(weight: Double, mean: [Double])] {
        (0..<model.components).map { (model.weights[$0], model.means.row($0)) }.sorted { $0.mean[0] < $1.mean[0] }
    }

    @Test(arguments: rows)
    func reproducesPublishedFit(_ row: Row) throws {
        let data = OldFaithful.matrix
        let model = try GaussianMixture(components: row.k, covarianceType: row.type, tolerance: 1e-10,
                                        maxIterations: 1000, restarts: 10).fit(data, seed: 1)
        let ll = try model.logLikelihood(data)
        #expect(ll.isApproximatelyEqual(to: row.logLikelihood, absoluteTolerance: 1e-3), "loglik \(ll)")
        // The table rounds BIC/AIC to 3 decimals.
        #expect((try model.bic(data)).isApproximatelyEqual(to: row.bic, absoluteTolerance: 2e-3))
        #expect((try model.aic(data)).isApproximatelyEqual(to: row.aic, absoluteTolerance: 2e-3))
        #expect(model.parameterCount == row.parameters)
        #expect(model.converged)
        let components = Self.sortedComponents(model)
        for (c, expected) in zip(components, zip(row.weights, row.means)) {
            #expect(c.weight.isApproximatelyEqual(to: expected.0, absoluteTolerance: 1e-3))
            for j in 0..<2 { #expect(c.mean[j].isApproximatelyEqual(to: expected.1[j], absoluteTolerance: 1e-3), "mean \(c.mean)") }
        }
    }

    @Test func fullTwoComponentCovariancesAndLabelSplit() throws {
        let data = OldFaithful.matrix
        let model = try GaussianMixture(components: 2, tolerance: 1e-10, maxIterations: 1000, restarts: 5).fit(data, seed: 3)
        let order = (0..<2).sorted { model.means[$0, 0] < model.means[$1, 0] }
        let expected: [[Double]] = [[0.06917, 0.43517, 0.43517, 33.69731], [0.16997, 0.94060, 0.94060, 36.04612]]
        for (c, e) in zip(order, expected) {
            let cov = model.covarianceMatrix(component: c).elements
            for (a, b) in zip(cov, e) { #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-4, relativeTolerance: 1e-4), "cov \(cov)") }
        }
        let labels = try model.predict(data)
        let sizes = order.map { c in labels.filter { $0 == c }.count }
        #expect(sizes == [97, 175])
    }

    /// scikit-learn's default run (k-means init, tol 1e-3) converges in 4 iterations to -1130.2641
    /// with bounds -4.203748, -4.160035, -4.155530, -4.155389. Our k-means start differs in its
    /// random stream, so only the end point and the monotone bound are compared.
    @Test func defaultSettingsConvergeToTheMaximum() throws {
        let data = OldFaithful.matrix
        let model = try GaussianMixture(components: 2).fit(data, seed: 0)
        #expect(model.converged)
        #expect((try model.logLikelihood(data)).isApproximatelyEqual(to: -1130.2641, absoluteTolerance: 0.05))
        for (a, b) in zip(model.lowerBounds, model.lowerBounds.dropFirst()) { #expect(b >= a - 1e-12) }
    }

    /// `waiting` alone, k = 2 (mixtools' normalmixEM): loglik -1034.002, weights 0.361 / 0.639.
    /// The reference table prints means 54.614 / 80.090, but scikit-learn 1.9.1 at tol 1e-14 and
    /// reg_covar 0 gives 54.61486 / 80.09107 (scripts/verify_old_faithful_reference.py): the table's
    /// 80.090 is off by 1.1e-3, so the means are checked against scikit-learn's values.
    @Test func oneDimensionalWaitingTimes() throws {
        let waiting = Matrix(rows: 272, columns: 1, elements: OldFaithful.matrix.column(1))
        let model = try GaussianMixture(components: 2, tolerance: 1e-10, maxIterations: 1000, restarts: 5).fit(waiting, seed: 2)
        #expect((try model.logLikelihood(waiting)).isApproximatelyEqual(to: -1034.002, absoluteTolerance: 1e-3))
        let c = Self.sortedComponents(model)
        #expect(c[0].mean[0].isApproximatelyEqual(to: 54.61486, absoluteTolerance: 1e-3) && c[1].mean[0].isApproximatelyEqual(to: 80.09107, absoluteTolerance: 1e-3))
        #expect(c[0].weight.isApproximatelyEqual(to: 0.361, absoluteTolerance: 1e-3) && c[1].weight.isApproximatelyEqual(to: 0.639, absoluteTolerance: 1e-3))
    }
}
