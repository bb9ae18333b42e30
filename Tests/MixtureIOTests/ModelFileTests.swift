import DataIO
import Foundation
import LinearAlgebra
import Mixture
import MixtureIO
import RealModule
import Testing

struct ModelFileTests {
    static let data = OldFaithful.matrix

    static func text(_ model: GaussianMixtureModel, data: Matrix<Double>? = OldFaithful.matrix) throws -> String {
        try model.jsonText(data: data)
    }

    /// Every number comes back to the same bits: DataIO's writer prints the shortest round-trip
    /// text and its parser is correctly rounded; the Cholesky factors are recomputed from the same
    /// covariances, so they are identical too.
    @Test(arguments: CovarianceType.allCases)
    func roundTripKeepsEveryNumberExactly(_ type: CovarianceType) throws {
        let model = try GaussianMixture(components: 3, covarianceType: type).fit(Self.data, seed: 3)
        let back = try GaussianMixtureModel(jsonText: Array(try Self.text(model).utf8))
        #expect(back.parameters == model.parameters)
        #expect(back.iterations == model.iterations && back.converged == model.converged)
        #expect(back.lowerBound.bitPattern == model.lowerBound.bitPattern)
        #expect(back.lowerBounds.map(\.bitPattern) == model.lowerBounds.map(\.bitPattern))
        #expect(try back.predictProbabilities(Self.data) == model.predictProbabilities(Self.data))
    }

    /// The file's keys and shapes are scikit-learn's (checked with Foundation's independent parser).
    @Test func jsonHasScikitLearnKeysAndShapes() throws {
        let model = try GaussianMixture(components: 2, covarianceType: .full).fit(Self.data, seed: 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try Self.text(model).utf8)) as? [String: Any])
        #expect(Set(object.keys) == Set(GaussianMixtureModel.modelFileKeys))
        let cov = try #require(object["covariances"] as? [[[Double]]])
        #expect(cov.count == 2 && cov[0].count == 2 && cov[0][0].count == 2)
        #expect(try #require(object["log_likelihood"] as? Double).isApproximatelyEqual(to: try model.logLikelihood(Self.data), relativeTolerance: 1e-15))
        #expect(try #require(object["bic"] as? Double).isApproximatelyEqual(to: try model.bic(Self.data), relativeTolerance: 1e-15))
        #expect(object["n_samples"] as? Int == 272 && object["n_iter"] as? Int == model.iterations)
    }

    @Test func noIterationBoundIsNull() throws {
        let model = try GaussianMixture(components: 1, maxIterations: 0).fit(Self.data)
        let text = try Self.text(model, data: nil)
        #expect(text.contains("\"lower_bound\": null") && text.contains("\"lower_bounds\": []"))
        #expect(try GaussianMixtureModel(jsonText: Array(text.utf8)).lowerBound == -.infinity)
    }

    /// The model file carries scikit-learn's `lower_bound_`, so a warm start from a file continues
    /// the bound: one iteration at a time through files converges as one fit does.
    @Test func warmStartThroughFilesConverges() throws {
        let straight = try GaussianMixture(components: 2).fit(Self.data, seed: 0)
        let step = GaussianMixture(components: 2, maxIterations: 1)
        var text = try Self.text(try step.fit(Self.data, seed: 0))
        var calls = 1
        while calls < 100 {
            let model = try GaussianMixtureModel(jsonText: Array(text.utf8))
            if model.converged { break }
            text = try Self.text(try step.fit(Self.data, warmStart: model))
            calls += 1
        }
        #expect(calls == straight.iterations)
        #expect(try GaussianMixtureModel(jsonText: Array(text.utf8)).parameters == straight.parameters)
    }

    /// A model written by hand with only the required keys, and one from precisions or their
    /// Cholesky factors alone, read to the same parameters.
    @Test func minimalFilesAndOtherParameterisations() throws {
        let base = #""covariance_type": "full", "weights": [0.25, 0.75], "means": [[0, 1], [2, 3]]"#
        let fromCovariances = try GaussianMixtureModel(jsonText: Array("{\(base), \"covariances\": [[[4, 0], [0, 1]], [[1, 0.5], [0.5, 1]]]}".utf8))
        let p = fromCovariances.precisions, u = fromCovariances.precisionsCholesky
        let fromPrecisions = try GaussianMixtureModel(json: .object([
            .init("covariance_type", .string("full")), .init("weights", .numbers([0.25, 0.75], shape: [2])),
            .init("means", .numbers([0, 1, 2, 3], shape: [2, 2])), .init("precisions", .numbers(p, shape: [2, 2, 2])),
        ]))
        let fromFactors = try GaussianMixtureModel(json: .object([
            .init("covariance_type", .string("full")), .init("weights", .numbers([0.25, 0.75], shape: [2])),
            .init("means", .numbers([0, 1, 2, 3], shape: [2, 2])), .init("precisions_cholesky", .numbers(u, shape: [2, 2, 2])),
        ]))
        for other in [fromPrecisions, fromFactors] {
            for (a, b) in zip(other.covariances, fromCovariances.covariances) {
                #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-14))
            }
        }
        #expect(fromCovariances.iterations == 0 && !fromCovariances.converged && fromCovariances.lowerBound == -.infinity)
    }

    struct Corruption: Sendable, CustomTestStringConvertible {
        let name: String
        /// The key the error must name (nil: the file as a whole).
        let key: String?
        /// Words the message must contain.
        let words: [String]
        let change: @Sendable (inout [String: String]) -> Void
        var testDescription: String { name }
    }

    /// A valid full model, member by member as JSON text, that each case corrupts.
    static func validMembers() -> [String: String] {
        [
            "n_components": "2", "covariance_type": "\"full\"", "n_features": "2", "n_samples": "272",
            "weights": "[0.25, 0.75]", "means": "[[2, 55], [4.3, 80]]",
            "covariances": "[[[0.07, 0.44], [0.44, 33.7]], [[0.17, 0.94], [0.94, 36]]]",
            "converged": "true", "n_iter": "3", "lower_bound": "-4.2", "lower_bounds": "[-4.5, -4.3, -4.2]",
        ]
    }

    static let keyOrder = ["n_components", "covariance_type", "n_features", "n_samples", "weights", "means", "covariances",
                           "precisions", "precisions_cholesky", "converged", "n_iter", "lower_bound", "lower_bounds",
                           "log_likelihood", "bic", "aic", "extra"]

    static func render(_ members: [String: String]) -> String {
        "{" + keyOrder.compactMap { key in members[key].map { "\"\(key)\": \($0)" } }.joined(separator: ", ") + "}"
    }

    static let corruptions: [Corruption] = [
        Corruption(name: "n_iter 1e20 does not fit an Int", key: "n_iter", words: ["whole number", "1e+20"]) { $0["n_iter"] = "1e20" },
        Corruption(name: "n_components 1e999", key: "n_components", words: ["whole number", "beyond the range"]) { $0["n_components"] = "1e999" },
        Corruption(name: "n_components 2.5", key: "n_components", words: ["whole number", "2.5"]) { $0["n_components"] = "2.5" },
        Corruption(name: "n_components 0", key: "n_components", words: ["from 1"]) { $0["n_components"] = "0" },
        Corruption(name: "n_components a string", key: "n_components", words: ["a string"]) { $0["n_components"] = "\"2\"" },
        Corruption(name: "n_features -1", key: "n_features", words: ["from 1"]) { $0["n_features"] = "-1" },
        Corruption(name: "n_samples 1e300", key: "n_samples", words: ["whole number"]) { $0["n_samples"] = "1e300" },
        Corruption(name: "n_iter negative", key: "n_iter", words: ["from 0"]) { $0["n_iter"] = "-3" },
        Corruption(name: "missing covariance_type", key: "covariance_type", words: ["missing"]) { $0["covariance_type"] = nil },
        Corruption(name: "unknown covariance_type", key: "covariance_type", words: ["\"round\""]) { $0["covariance_type"] = "\"round\"" },
        Corruption(name: "missing weights", key: "weights", words: ["missing"]) { $0["weights"] = nil },
        Corruption(name: "weights of shape (k, 1)", key: "weights", words: ["1-D", "[2, 1]"]) { $0["weights"] = "[[0.25], [0.75]]" },
        Corruption(name: "weights not numbers", key: "weights", words: ["array of numbers"]) { $0["weights"] = "[0.25, \"x\"]" },
        Corruption(name: "weights a number", key: "weights", words: ["a number"]) { $0["weights"] = "1" },
        Corruption(name: "three weights for n_components 2", key: "weights", words: ["shape [2]", "[3]"]) { $0["weights"] = "[0.2, 0.3, 0.5]" },
        Corruption(name: "negative weight", key: "weights", words: ["non-negative"]) { $0["weights"] = "[-0.25, 1.25]" },
        Corruption(name: "weights summing to 0.7", key: "weights", words: ["sum to 0.7"]) { $0["weights"] = "[0.2, 0.5]" },
        Corruption(name: "weight beyond a Double", key: "weights", words: ["beyond the range"]) { $0["weights"] = "[1e999, 0.5]" },
        Corruption(name: "missing means", key: "means", words: ["missing"]) { $0["means"] = nil },
        Corruption(name: "4×1 means with 2 weights", key: "means", words: ["shape [2, 2]", "[4, 1]"]) { $0["means"] = "[[2], [55], [4.3], [80]]" },
        Corruption(name: "flat means", key: "means", words: ["2-D", "[4]"]) { $0["means"] = "[2, 55, 4.3, 80]" },
        Corruption(name: "ragged means", key: "means", words: ["different lengths"]) { $0["means"] = "[[2, 55], [4.3]]" },
        Corruption(name: "means of 3 features with n_features 2", key: "means", words: ["[2, 3]"]) { $0["means"] = "[[2, 55, 1], [4.3, 80, 1]]" },
        Corruption(name: "no covariances at all", key: "covariances", words: ["missing", "precisions_cholesky"]) { $0["covariances"] = nil },
        Corruption(name: "covariances of the diag shape", key: "covariances", words: ["shape [2, 2, 2]", "[2, 2]"]) { $0["covariances"] = "[[0.07, 33.7], [0.17, 36]]" },
        Corruption(name: "tied shape for full", key: "covariances", words: ["[2, 2, 2]"]) { $0["covariances"] = "[[0.07, 0.44], [0.44, 33.7]]" },
        Corruption(name: "asymmetric covariance", key: "covariances", words: ["not symmetric", "component 2", "[0, 1]"]) {
            $0["covariances"] = "[[[0.07, 0.44], [0.44, 33.7]], [[0.17, 0.5], [0.94, 36]]]"
        },
        Corruption(name: "covariance not positive definite", key: "covariances", words: ["component 1", "not positive definite"]) {
            $0["covariances"] = "[[[1, 2], [2, 1]], [[0.17, 0.94], [0.94, 36]]]"
        },
        Corruption(name: "zero variance", key: "covariances", words: ["component 2", "not positive definite"]) {
            $0["covariances"] = "[[[0.07, 0.44], [0.44, 33.7]], [[0, 0], [0, 36]]]"
        },
        Corruption(name: "precisions that disagree", key: "precisions", words: ["does not agree with the covariances", "component 1"]) {
            $0["precisions"] = "[[[1, 0], [0, 1]], [[1, 0], [0, 1]]]"
        },
        Corruption(name: "factor that is not triangular", key: "precisions_cholesky", words: ["upper triangular", "component 1"]) {
            $0["precisions_cholesky"] = "[[[1, 0], [1, 1]], [[1, 0], [0, 1]]]"
        },
        Corruption(name: "factor with a negative diagonal", key: "precisions_cholesky", words: ["positive diagonal"]) {
            $0["precisions_cholesky"] = "[[[-1, 0], [0, 1]], [[1, 0], [0, 1]]]"
        },
        Corruption(name: "converged a number", key: "converged", words: ["true or false"]) { $0["converged"] = "1" },
        Corruption(name: "lower_bound a string", key: "lower_bound", words: ["finite number or null"]) { $0["lower_bound"] = "\"x\"" },
        Corruption(name: "lower_bounds of another length", key: "lower_bounds", words: ["2 entries", "n_iter is 3"]) { $0["lower_bounds"] = "[-4.3, -4.2]" },
        Corruption(name: "lower_bound not the last bound", key: "lower_bound", words: ["must be equal"]) { $0["lower_bound"] = "-4.1" },
        Corruption(name: "bic that does not follow", key: "bic", words: ["log_likelihood", "n_samples 272"]) {
            $0["log_likelihood"] = "-1130"
            $0["bic"] = "2000"
        },
        Corruption(name: "unknown key", key: "extra", words: ["not a model-file key"]) { $0["extra"] = "1" },
    ]

    /// Every corrupted file is one line naming the key at fault; none traps, none is read silently.
    @Test(arguments: corruptions)
    func corruptedFilesNameTheKey(_ c: Corruption) throws {
        var members = Self.validMembers()
        // The unchanged file reads.
        _ = try GaussianMixtureModel(jsonText: Array(Self.render(members).utf8))
        c.change(&members)
        let text = Self.render(members)
        do {
            _ = try GaussianMixtureModel(jsonText: Array(text.utf8))
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.key == c.key, "\(error)")
            #expect(!error.description.contains("\n"))
            for word in c.words { #expect(error.description.contains(word), "'\(word)' not in: \(error)") }
        }
    }

    @Test(arguments: [("not json", "line 1, column 1"), ("[1, 2]", "not a JSON object"), ("{\"weights\": [1,", "not valid JSON"),
                      ("{\"a\": 1, \"a\": 2}", "appears twice")])
    func textThatIsNotAModel(_ text: String, _ expected: String) {
        #expect(throws: ModelFileError.self) { try GaussianMixtureModel(jsonText: Array(text.utf8)) }
        do { _ = try GaussianMixtureModel(jsonText: Array(text.utf8)) } catch {
            #expect(error.key == nil && error.description.contains(expected), "\(error)")
        }
    }

    /// Files scikit-learn's attributes make (via scripts/load_model_in_sklearn.py's keys) have
    /// precisions computed by scipy; they agree with ours within the 1e-6 tolerance.
    @Test func slightlyDifferentPrecisionsAreAccepted() throws {
        let model = try GaussianMixture(components: 2).fit(Self.data, seed: 0)
        let nudged = model.precisionsCholesky.map { $0 * (1 + 1e-12) }
        var members = try #require({ if case let .object(m) = try model.json(data: nil) { m } else { nil } }())
        members = members.map { $0.key == "precisions_cholesky" ? .init($0.key, .numbers(nudged, shape: [2, 2, 2])) : $0 }
        #expect(try GaussianMixtureModel(json: .object(members)).parameters == model.parameters)
    }
}
