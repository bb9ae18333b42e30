import Foundation
import LinearAlgebra
import Mixture
import Testing

struct ModelFileTests {
    @Test(arguments: CovarianceType.allCases)
    func roundTripKeepsEveryParameterExactly(_ type: CovarianceType) throws {
        let data = OldFaithful.matrix
        let model = try GaussianMixture(components: 2, covarianceType: type).fit(data, seed: 3)
        let text = try model.json(data: data)
        let back = try GaussianMixtureModel(json: Data(text.utf8))
        #expect(back.weights == model.weights)
        #expect(back.means == model.means)
        #expect(back.covariances == model.covariances)
        // Precisions are recomputed from the covariances: equal up to rounding.
        for (a, b) in zip(back.precisionsCholesky, model.precisionsCholesky) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
        #expect(back.iterations == model.iterations && back.converged == model.converged)
        #expect(back.lowerBounds == model.lowerBounds)
        #expect(try back.predictProbabilities(data) == model.predictProbabilities(data))
    }

    @Test func jsonHasScikitLearnKeysAndShapes() throws {
        let data = OldFaithful.matrix
        let model = try GaussianMixture(components: 2, covarianceType: .full).fit(data, seed: 3)
        let object = try JSONSerialization.jsonObject(with: Data(try model.json(data: data).utf8)) as! [String: Any]
        for key in ["n_components", "covariance_type", "n_features", "n_samples", "weights", "means", "covariances",
                    "precisions_cholesky", "converged", "n_iter", "lower_bound", "log_likelihood", "bic", "aic"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let cov = object["covariances"] as! [[[Double]]]
        #expect(cov.count == 2 && cov[0].count == 2 && cov[0][0].count == 2)
        #expect(abs((object["log_likelihood"] as! Double) - (try model.logLikelihood(data))) < 1e-9)
        #expect(abs((object["bic"] as! Double) - (try model.bic(data))) < 1e-9)
        #expect(object["n_samples"] as! Int == 272)
    }

    @Test func noIterationBoundIsNull() throws {
        let model = try GaussianMixture(components: 1, maxIterations: 0).fit(OldFaithful.matrix)
        #expect(try model.json().contains("\"lower_bound\": null"))
    }

    @Test(arguments: [
        ("not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        (#"{"weights": [1], "means": [[0, 0]], "covariances": [[[1, 0], [0, 1]]]}"#, "covariance_type"),
        (#"{"covariance_type": "fancy", "weights": [1], "means": [[0, 0]], "covariances": [1]}"#, "fancy"),
        (#"{"covariance_type": "full", "means": [[0, 0]], "covariances": [[[1, 0], [0, 1]]]}"#, "weights"),
        (#"{"covariance_type": "full", "weights": [1], "means": [[0, 0]], "covariances": [[1, 0], [0, 1]]}"#, "covariances"),
        (#"{"covariance_type": "full", "weights": [1], "means": [[0, 0]], "covariances": [[[1, 2], [2, 1]]]}"#, "not positive definite"),
        (#"{"covariance_type": "diag", "weights": [0.5, 0.5], "means": [[0, 0], [1]], "covariances": [[1, 1], [1, 1]]}"#, "means"),
        (#"{"covariance_type": "diag", "weights": [0.2, 0.5], "means": [[0, 0], [1, 1]], "covariances": [[1, 1], [1, 1]]}"#, "sum to 1"),
    ])
    func malformedFilesNameTheProblem(_ text: String, _ expected: String) {
        do {
            _ = try GaussianMixtureModel(json: Data(text.utf8))
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
        }
    }
}
