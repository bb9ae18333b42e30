import LinearAlgebra
import Mixture
import RealModule
import Testing

/// Responsibilities and log-densities of rows far from every component (values such as 1e20, where
/// x − 54 and x − 80 round to the same double, and 1e160…1e300, where the squared distance
/// overflows), against scripts/far_row_posteriors.py: the exact posterior of the same double
/// inputs computed by mpmath at 800 digits. Before, such rows got the mixing weights (the means
/// lost in x − μ) or 1/k (every density −∞) as responsibilities.
struct FarRowTests {
    struct Row: Sendable {
        let x: [Double]
        let responsibilities: [Double]
        let logDensity: Double
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let type: CovarianceType
        let weights: [Double]
        let means: [[Double]]
        /// In the type's shape, flattened.
        let covariances: [Double]
        let rows: [Row]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "full, Old Faithful-like", type: .full, weights: [0.35, 0.65], means: [[2.0, 54.5], [4.3, 80.0]],
             covariances: [0.07, 0.44, 0.44, 33.7, 0.17, 0.94, 0.94, 36.0], rows: [
            Row(x: [3.5, 70.0], responsibilities: [5.261745197492104e-07, 0.9999994738254803], logDensity: -5.483612776432097),
            Row(x: [1e20, 1e20], responsibilities: [0.0, 1.0], logDensity: -3.2741960125276904e+40),
            Row(x: [-1e20, 1e20], responsibilities: [0.0, 1.0], logDensity: -3.6332212970743256e+40),
            Row(x: [1e160, 1e160], responsibilities: [0.0, 1.0], logDensity: -.infinity),
            Row(x: [-1e300, 5.0], responsibilities: [0.0, 1.0], logDensity: -.infinity),
            Row(x: [3.0, 1e200], responsibilities: [1.0, 0.0], logDensity: -.infinity),
            Row(x: [1e200, -1e200], responsibilities: [0.0, 1.0], logDensity: -.infinity),
             ]),
        Case(name: "tied, 1-D waiting times", type: .tied, weights: [0.36, 0.64], means: [[54.6], [80.1]],
             covariances: [34.0], rows: [
            Row(x: [67.0], responsibilities: [0.42241578798023066, 0.5775842120197694], logDensity: -5.103181343191524),
            Row(x: [1e17], responsibilities: [0.0, 1.0], logDensity: -1.4705882352941152e+32),
            Row(x: [1e20], responsibilities: [0.0, 1.0], logDensity: -1.4705882352941176e+38),
            Row(x: [-1e20], responsibilities: [1.0, 0.0], logDensity: -1.4705882352941176e+38),
            Row(x: [1e200], responsibilities: [0.0, 1.0], logDensity: -.infinity),
            Row(x: [-1e300], responsibilities: [1.0, 0.0], logDensity: -.infinity),
             ]),
        Case(name: "diag, unit variances", type: .diag, weights: [0.25, 0.75], means: [[0.0, 0.0], [2.0, 0.0]],
             covariances: [1.0, 1.0, 1.0, 1.0], rows: [
            Row(x: [1.0, 0.0], responsibilities: [0.25, 0.75], logDensity: -2.3378770664093453),
            Row(x: [1.5, 1e20], responsibilities: [0.10923177257303593, 0.890768227426964], logDensity: -5e+39),
            Row(x: [0.5, -1e20], responsibilities: [0.4753668864186717, 0.5246331135813284], logDensity: -5e+39),
            Row(x: [1.0, 1e200], responsibilities: [0.25, 0.75], logDensity: -.infinity),
             ]),
        Case(name: "spherical, three components", type: .spherical, weights: [0.2, 0.3, 0.5],
             means: [[0.0, 0.0], [2.0, 0.0], [0.0, 4.0]], covariances: [1.0, 1.0, 1.0], rows: [
            Row(x: [1.0, 1.0], responsibilities: [0.3928055160151634, 0.589208274022745, 0.01798620996209156], logDensity: -3.512874319051481),
            Row(x: [1.5, 1e20], responsibilities: [0.0, 0.0, 1.0], logDensity: -5e+39),
            Row(x: [1e20, 1.0], responsibilities: [0.0, 1.0, 0.0], logDensity: -5e+39),
            Row(x: [0.25, -1e200], responsibilities: [0.7492347090660089, 0.25076529093399114, 0.0], logDensity: -.infinity),
             ]),
        Case(name: "tied, three components", type: .tied, weights: [0.2, 0.3, 0.5],
             means: [[0.0, 0.0], [2.0, 0.0], [0.0, 4.0]], covariances: [2.0, 0.5, 0.5, 1.0], rows: [
            Row(x: [1.0, 1.0], responsibilities: [0.5389895769390355, 0.4565657725061531, 0.00444465055481146], logDensity: -3.680492398204167),
            Row(x: [1e20, 3.0], responsibilities: [0.0, 1.0, 0.0], logDensity: -2.857142857142857e+39),
            Row(x: [-1e20, 1e20], responsibilities: [0.0, 0.0, 1.0], logDensity: -1.1428571428571428e+40),
            Row(x: [1e200, 2.0], responsibilities: [0.0, 1.0, 0.0], logDensity: -.infinity),
             ]),
    ]

    /// Responsibilities within 1e-13 absolute: the exact-arithmetic cases (unit and tied
    /// covariances) differ from the reference by a few ulps of the moderate log-ratios; the full
    /// case's far rows are 0 and 1 exactly. Log-densities within 1e-12 relative: the Cholesky
    /// factor of a covariance carries ~1e-16 relative error into m ≈ 1e40.
    @Test(arguments: cases)
    func farRowsGetTheExactPosterior(_ c: Case) throws {
        #expect(c.rows.count >= 4)
        let d = c.means[0].count
        let model = GaussianMixtureModel(parameters: try MixtureParameters(
            covarianceType: c.type, weights: c.weights, means: Matrix(c.means), covariances: c.covariances))
        let x = Matrix(rows: c.rows.count, columns: d, elements: c.rows.flatMap(\.x))
        let proba = try model.predictProbabilities(x)
        let scores = try model.scoreSamples(x)
        let labels = try model.predict(x)
        for (i, row) in c.rows.enumerated() {
            for (ours, exact) in zip(proba.row(i), row.responsibilities) {
                #expect(ours.isApproximatelyEqual(to: exact, absoluteTolerance: 1e-13), "row \(row.x): \(proba.row(i))")
            }
            if row.logDensity.isFinite {
                #expect(scores[i].isApproximatelyEqual(to: row.logDensity, relativeTolerance: 1e-12), "row \(row.x): \(scores[i])")
            } else {
                #expect(scores[i] == row.logDensity, "row \(row.x): \(scores[i])")
            }
            let best = row.responsibilities.indices.max { row.responsibilities[$0] < row.responsibilities[$1] }!
            #expect(labels[i] == best)
        }
    }
}
