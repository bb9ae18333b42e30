import DataIO
import LinearAlgebra
import Mixture
import MixtureIO
import Testing

/// The statistics, summary and centres files: every double reads back to the same bits, and a
/// damaged file is refused naming the key.
struct PassStatisticsFileTests {
    static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    @Test(arguments: CovarianceType.allCases)
    func gaussianMixtureStatisticsRoundTripExactly(type: CovarianceType) throws {
        var rng = SeededGenerator(seed: 4)
        let model = try GaussianMixture(components: 3, covarianceType: type, maxIterations: 2).fit(OldFaithful.matrix, using: &rng)
        // Rows whose sums carry full 53-bit significands (divided by 3), and a scaled pass.
        let rows = Matrix(rows: 272, columns: 2, elements: OldFaithful.matrix.elements.map { $0 / 3 })
        for scale in [0, -3] {
            let pass = try GaussianMixturePassStatistics(parameters: model.parameters, rows: rows, scaleExponent: scale)
            let back = try GaussianMixturePassStatistics(jsonText: Array(pass.jsonText.utf8))
            #expect(back == pass)
            #expect(Self.bits(back.counts) == Self.bits(pass.counts))
            #expect(Self.bits(back.firstMoments) == Self.bits(pass.firstMoments))
            #expect(Self.bits(back.secondMoments) == Self.bits(pass.secondMoments))
            #expect(back.logLikelihood.bitPattern == pass.logLikelihood.bitPattern)
            #expect(back.scaleExponent == scale && back.rows == 272)
            #expect(pass.jsonText.split(separator: "\n").count == 1)
        }
    }

    @Test func kMeansStatisticsAndCentresRoundTripExactly() throws {
        let rows = Matrix(rows: 272, columns: 2, elements: OldFaithful.matrix.elements.map { $0 / 7 })
        let centres = rows.selectingRows([0, 10, 20, 30])
        let pass = try KMeansPassStatistics(centers: centres, rows: rows)
        let back = try KMeansPassStatistics(jsonText: Array(pass.jsonText.utf8))
        #expect(back == pass)
        #expect(back.farthest.count == 4 && back.farthest == pass.farthest)
        #expect(Self.bits(back.sums) == Self.bits(pass.sums) && back.inertia.bitPattern == pass.inertia.bitPattern)

        var rng = SeededGenerator(seed: 1)
        let result = try KMeans(clusters: 3).fit(rows, using: &rng)
        let file = KMeansCentersFile(result)
        let read = try KMeansCentersFile(jsonText: Array(result.json.text().utf8))
        #expect(read == file)
        #expect(Self.bits(read.centers.elements) == Self.bits(result.centers.elements))
    }

    @Test func summaryRoundTripsExactly() throws {
        let rows = Matrix(rows: 272, columns: 2, elements: OldFaithful.matrix.elements.map { $0 / 3 })
        let summary = try DataSummary(rows)
        let back = try DataSummary(jsonText: Array(summary.jsonText.utf8))
        #expect(back == summary)
        #expect(Self.bits(back.means) == Self.bits(summary.means))
        #expect(Self.bits(back.squaredDeviations) == Self.bits(summary.squaredDeviations))
    }

    @Test func damagedFilesAreRefusedNamingTheKey() throws {
        let model = try GaussianMixture(components: 2, maxIterations: 0).fit(OldFaithful.matrix)
        let pass = try GaussianMixturePassStatistics(parameters: model.parameters, rows: OldFaithful.matrix)
        guard case let .object(members) = pass.json else { Issue.record("not an object"); return }
        func damaged(_ key: String, _ value: JSONValue?) -> [UInt8] {
            let changed = members.compactMap { m -> JSONValue.Member? in
                m.key == key ? value.map { JSONValue.Member(key, $0) } : m
            }
            return Array(JSONValue.object(changed).text().utf8)
        }
        let cases: [(String, JSONValue?, String?)] = [
            ("counts", nil, "counts"),
            ("counts", .numbers([1, 2, 3], shape: [3]), nil),
            ("format", .string("mixtape-kmeans-pass"), "format"),
            ("n_components", .number(1.5), "n_components"),
            ("covariance_type", .string("round"), "covariance_type"),
            ("shift", .string("x"), "shift"),
        ]
        for (key, value, named) in cases {
            do {
                _ = try GaussianMixturePassStatistics(jsonText: damaged(key, value))
                Issue.record("accepted a damaged \(key)")
            } catch {
                if let named { #expect(error.key == named, "\(error)") }
                #expect(!error.description.contains("\n"))
            }
        }
        #expect(throws: ModelFileError.self) { try DataSummary(jsonText: Array("[1, 2]".utf8)) }
        #expect(throws: ModelFileError.self) { try KMeansPassStatistics(jsonText: Array("{\"format\": \"mixtape-kmeans-pass\"}".utf8)) }
        #expect(throws: ModelFileError.self) { try KMeansCentersFile(jsonText: Array("{\"centers\": [[1, 2], [3]]}".utf8)) }
    }

    /// A file whose keys parse but cannot be of a pass names the key (the library's check of the
    /// parts, carried to the file's key), in one line.
    @Test(arguments: [
        ("gmm", "n_components", "4611686018427387904", "shift"), ("gmm", "n_features", "1e18", "shift"),
        ("gmm", "scale_exponent", "5000", "scale_exponent"), ("gmm", "counts", "[-1, 273]", "counts"),
        ("gmm", "counts", "[1, 2]", "counts"), ("gmm", "n_samples", "9223372036854774784", "counts"),
        ("gmm", "second_moments", "[-1, 0, 0, 1, 1, 0, 0, 1]", "second_moments"),
        ("kmeans", "n_features", "4611686018427387904", "centers"), ("kmeans", "counts", "[1, 1]", "counts"),
        ("kmeans", "farthest", #"[{"distance": 1, "cluster": 0, "values": [1, 2], "x": 3}]"#, "farthest"),
        ("kmeans", "farthest", #"[{"distance": -1, "cluster": 0, "values": [1, 2]}]"#, "farthest"),
        ("kmeans", "scale_exponent", "-4097", "scale_exponent"),
        ("summary", "exponent", "4611686018427387904", "exponent"), ("summary", "means", "[1]", "means"),
        ("summary", "squared_deviations", "[1, -2]", "squared_deviations"), ("summary", "largest_magnitude", "-3", "largest_magnitude"),
    ])
    func inconsistentFilesNameTheKey(_ kind: String, _ key: String, _ value: String, _ named: String) throws {
        let model = try GaussianMixture(components: 2, maxIterations: 0).fit(OldFaithful.matrix)
        let json: JSONValue = switch kind {
        case "gmm": try GaussianMixturePassStatistics(parameters: model.parameters, rows: OldFaithful.matrix).json
        case "kmeans": try KMeansPassStatistics(centers: OldFaithful.matrix.selectingRows([0, 1]), rows: OldFaithful.matrix).json
        default: try DataSummary(OldFaithful.matrix).json
        }
        guard case let .object(members) = json else { Issue.record("not an object"); return }
        let placeholder = JSONValue.string("@@")
        let text = JSONValue.object(members.map { $0.key == key ? JSONValue.Member(key, placeholder) : $0 }).text(style: .compact)
            .replacingOccurrences(of: "\"@@\"", with: value)
        let bytes = Array(text.utf8)
        do {
            switch kind {
            case "gmm": _ = try GaussianMixturePassStatistics(jsonText: bytes)
            case "kmeans": _ = try KMeansPassStatistics(jsonText: bytes)
            default: _ = try DataSummary(jsonText: bytes)
            }
            Issue.record("accepted \(key): \(value)")
        } catch {
            #expect(error.key == named, "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    /// A centres file's inertia beyond a `Double` is refused; null reads as +∞.
    @Test func inertiaBeyondADouble() throws {
        do {
            _ = try KMeansCentersFile(jsonText: Array(#"{"centers": [[1, 2]], "inertia": 1e999}"#.utf8))
            Issue.record("accepted an infinite inertia")
        } catch {
            #expect(error.key == "inertia")
        }
        #expect(try KMeansCentersFile(jsonText: Array(#"{"centers": [[1, 2]], "inertia": null}"#.utf8)).inertia == .infinity)
    }

    /// The model file from a pass's log-likelihood has the same data keys as one from the data.
    @Test func modelFileFromPassStatisticsMatchesFromData() throws {
        let model = try GaussianMixture(components: 2).fit(OldFaithful.matrix)
        let pass = try GaussianMixturePassStatistics(parameters: model.parameters, rows: OldFaithful.matrix)
        let fromData = try model.json(data: OldFaithful.matrix)
        let fromPass = model.json(samples: pass.rows, logLikelihood: pass.totalLogLikelihood)
        for key in ["n_samples", "log_likelihood", "bic", "aic"] {
            guard case let .number(a)? = fromData[key], case let .number(b)? = fromPass[key] else { Issue.record("no \(key)"); continue }
            #expect(abs(a - b) <= 1e-12 * abs(a), "\(key)")
        }
    }
}
