import LinearAlgebra
import Mixture
import Testing

/// Statistics and summaries from their parts (what a file is read back into) are refused, naming
/// the part, when the parts cannot be of a pass: a length that k and d do not give (also when
/// k·d overflows an `Int`, which trapped), counts that do not add up, negative sums of squares,
/// far rows that cannot be, scales beyond any `Double`; merges whose rows overflow are refused.
struct PassStatisticsPartsTests {
    /// The parts of an EM pass, as a file holds them.
    struct GMMParts {
        var type = CovarianceType.diag
        var k = 2, d = 2, scale = 0, rows = 3
        var shift: [Double] = [0, 0, 1, 1]
        var counts: [Double] = [1.5, 1.5]
        var first: [Double] = [0.5, 0.5, -0.5, -0.5]
        var second: [Double] = [1, 1, 1, 1]

        func make() throws(MixtureError) -> GaussianMixturePassStatistics {
            try GaussianMixturePassStatistics(covarianceType: type, components: k, features: d, scaleExponent: scale, shift: shift,
                                              rows: rows, counts: counts, firstMoments: first, secondMoments: second, logLikelihood: -4)
        }
    }

    /// A change to valid parts and the part that must be named.
    struct Change<Parts>: Sendable, CustomTestStringConvertible {
        let name: String
        let part: String
        let change: @Sendable (inout Parts) -> Void
        var testDescription: String { name }
    }

    static let gmmChanges: [Change<GMMParts>] = [
        Change(name: "k beyond any array", part: "shift") { $0.k = 1 << 62 },
        Change(name: "d beyond any array", part: "shift") { $0.d = 1 << 62 },
        Change(name: "k·d·d beyond an Int (full)", part: "shift") { $0.type = .full; $0.d = 1 << 31; $0.k = 1; $0.shift = []; $0.first = [] },
        Change(name: "scale beyond any Double", part: "scale_exponent") { $0.scale = Int.max },
        Change(name: "negative scale beyond any Double", part: "scale_exponent") { $0.scale = -5000 },
        Change(name: "scale Int.min", part: "scale_exponent") { $0.scale = Int.min },
        Change(name: "negative count", part: "counts") { $0.counts = [-1, 4] },
        Change(name: "counts above the rows", part: "counts") { $0.counts = [3, 3] },
        Change(name: "counts below the rows", part: "counts") { $0.rows = 1_000_000 },
        Change(name: "NaN count", part: "counts") { $0.counts = [.nan, 3] },
        Change(name: "infinite first moment", part: "first_moments") { $0.first[3] = .infinity },
        Change(name: "short shift", part: "shift") { $0.shift = [0] },
        Change(name: "negative diagonal sum of squares", part: "second_moments") { $0.second[2] = -1e-300 },
        Change(name: "negative full diagonal", part: "second_moments") {
            $0.type = .full
            $0.second = [1, 0.5, 0, 1, 1, 0.5, 0, -2]
        },
    ]

    @Test(arguments: gmmChanges)
    func emStatisticsThatCannotBeAreRefused(_ c: Change<GMMParts>) throws {
        var parts = GMMParts()
        _ = try parts.make()   // the unchanged parts are a pass
        c.change(&parts)
        do {
            _ = try parts.make()
            Issue.record("accepted")
        } catch {
            guard case let .invalidParameter(name, _) = error else { Issue.record("\(error)"); return }
            #expect(name == c.part, "\(error)")
        }
    }

    /// A full scatter whose off-diagonal entries are negative is a pass (only diagonals are sums of squares).
    @Test func negativeOffDiagonalScatterIsAccepted() throws {
        var parts = GMMParts()
        parts.type = .full
        parts.second = [1, -0.5, 0, 1, 1, -0.5, 0, 1]
        #expect(try parts.make().secondMoments[1] == -0.5)
    }

    /// The parts of the k-means pass of two centres over four rows, with `edit` applied.
    static func kmeans(_ edit: (inout [String: Any]) -> Void = { _ in }) throws(MixtureError) -> KMeansPassStatistics {
        var p: [String: Any] = ["k": 2, "d": 1, "scale": 0, "centers": [0.0, 10.0], "rows": 4, "counts": [2, 2],
                                "sums": [1.0, 21.0], "inertia": 2.0,
                                "farthest": [KMeansPassStatistics.FarRow(distance: 1, cluster: 1, values: [11]),
                                             KMeansPassStatistics.FarRow(distance: 0.25, cluster: 0, values: [0.5])]]
        edit(&p)
        return try KMeansPassStatistics(clusters: p["k"] as! Int, features: p["d"] as! Int, scaleExponent: p["scale"] as! Int,
                                        centers: p["centers"] as! [Double], rows: p["rows"] as! Int, counts: p["counts"] as! [Int],
                                        sums: p["sums"] as! [Double], inertia: p["inertia"] as! Double,
                                        farthest: p["farthest"] as! [KMeansPassStatistics.FarRow])
    }

    @Test(arguments: [
        ("d beyond any array", "centers"), ("counts above the rows", "counts"), ("counts overflowing", "counts"),
        ("negative count", "counts"), ("NaN sum", "sums"), ("scale beyond any Double", "scale_exponent"), ("scale Int.min", "scale_exponent"),
        ("negative far distance", "farthest"), ("far row of an empty cluster", "farthest"), ("far rows nearest first", "farthest"),
        ("more far rows than rows", "farthest"), ("NaN inertia", "inertia"),
    ])
    func kMeansStatisticsThatCannotBeAreRefused(_ name: String, _ part: String) throws {
        _ = try Self.kmeans()
        let edits: [String: (inout [String: Any]) -> Void] = [
            "d beyond any array": { $0["d"] = 1 << 62 },
            "counts above the rows": { $0["counts"] = [2, 3] },
            "counts overflowing": { $0["counts"] = [Int.max, 4] },
            "negative count": { $0["counts"] = [-1, 5] },
            "NaN sum": { $0["sums"] = [Double.nan, 21.0] },
            "scale beyond any Double": { $0["scale"] = 4097 },
            "scale Int.min": { $0["scale"] = Int.min },
            "negative far distance": {
                $0["farthest"] = [KMeansPassStatistics.FarRow(distance: -1, cluster: 1, values: [11])]
            },
            "far row of an empty cluster": { $0["counts"] = [0, 4] ; $0["farthest"] = [KMeansPassStatistics.FarRow(distance: 1, cluster: 0, values: [1])] },
            "far rows nearest first": {
                $0["farthest"] = [KMeansPassStatistics.FarRow(distance: 0.25, cluster: 0, values: [0.5]),
                                  KMeansPassStatistics.FarRow(distance: 1, cluster: 1, values: [11])]
            },
            "more far rows than rows": { $0["rows"] = 1; $0["counts"] = [0, 1] },
            "NaN inertia": { $0["inertia"] = Double.nan },
        ]
        let edit = try #require(edits[name])
        do {
            _ = try Self.kmeans(edit)
            Issue.record("accepted")
        } catch {
            guard case let .invalidParameter(named, _) = error else { Issue.record("\(error)"); return }
            #expect(named == part, "\(error)")
        }
    }

    @Test func summaryPartsThatCannotBeAreRefused() throws {
        func summary(rows: Int = 4, largest: Double = 2, exponent: Int = 0, means: [Double] = [1], squares: [Double] = [2]) throws(MixtureError) -> DataSummary {
            try DataSummary(features: 1, rows: rows, largestMagnitude: largest, exponent: exponent, means: means, squaredDeviations: squares)
        }
        _ = try summary()
        for (name, make) in [("n_samples", { () throws(MixtureError) in try summary(rows: -1) }),
                             ("largest_magnitude", { () throws(MixtureError) in try summary(largest: .infinity) }),
                             ("exponent", { () throws(MixtureError) in try summary(exponent: 1 << 62) }),
                             ("exponent", { () throws(MixtureError) in try summary(largest: 1e308, exponent: 0) }),
                             ("means", { () throws(MixtureError) in try summary(means: [1, 2]) }),
                             ("squared_deviations", { () throws(MixtureError) in try summary(squares: [-1]) })] as [(String, () throws(MixtureError) -> DataSummary)] {
            do {
                _ = try make()
                Issue.record("accepted a bad \(name)")
            } catch {
                guard case let .invalidParameter(named, _) = error else { Issue.record("\(error)"); continue }
                #expect(named == name)
            }
        }
    }

    /// Rows that add up beyond an `Int` (files claiming 2⁶² rows each) are refused; n·d beyond an
    /// `Int` counts as `Int.max` values for the scale instead of trapping.
    @Test func rowsBeyondAnIntAreRefusedNotTrapped() throws {
        let huge = try DataSummary(features: 4, rows: 1 << 62, largestMagnitude: 1, means: [0, 0, 0, 0], squaredDeviations: [1, 1, 1, 1])
        #expect(huge.count == Int.max)
        #expect(GaussianMixturePassStatistics.scaleExponent(for: huge, regularization: 1e-6) == 0)
        var summary = huge
        #expect(throws: MixtureError.self) { try summary.merge(huge) }
        #expect(summary == huge, "a refused merge changes nothing")

        var parts = GMMParts()
        parts.rows = 1 << 62
        parts.counts = [0x1p61, 0x1p61]
        var pass = try parts.make()
        #expect(throws: MixtureError.self) { try pass.merge(parts.make()) }
        #expect(pass.rows == 1 << 62)

        var kmeans = try Self.kmeans { $0["rows"] = 1 << 62; $0["counts"] = [1 << 61, 1 << 61] }
        #expect(throws: MixtureError.self) { try kmeans.merge(Self.kmeans { $0["rows"] = 1 << 62; $0["counts"] = [1 << 61, 1 << 61] }) }
        #expect(kmeans.rows == 1 << 62)
    }
}
