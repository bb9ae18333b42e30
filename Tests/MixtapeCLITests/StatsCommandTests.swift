import Foundation
import Mixtape
import Testing

/// `mixtape stats` and `mixtape mstep`: a fit run block by block through files (what the Spark
/// driver does) gives the model `mixtape fit` gives from the same start.
struct StatsCommandTests {
    /// Old Faithful cut into two CSV blocks (with and without a header) in `dir`.
    static func blocks(in dir: URL) throws -> [String] {
        let lines = try String(contentsOf: CLI.oldFaithfulCSV, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0], rows = Array(lines.dropFirst())
        try ([header] + rows[0..<100]).joined(separator: "\n").write(to: dir.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try rows[100...].joined(separator: "\n").write(to: dir.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        return ["a.csv", "b.csv"]
    }

    static func run(_ arguments: [String], in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI.Result {
        let r = try CLI.run(arguments, in: dir)
        #expect(r.status == 0, "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
        return r
    }

    static func model(_ name: String, in dir: URL) throws -> GaussianMixtureModel {
        try GaussianMixtureModel(jsonText: Array(Data(contentsOf: dir.appendingPathComponent(name))))
    }

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * max(abs($0), abs($1), 1e-300) }
    }

    @Test(arguments: ["full", "tied", "diag", "spherical"])
    func blockwiseFitEqualsFit(type: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = try Self.blocks(in: dir)
        let whole = CLI.oldFaithfulCSV.path
        _ = try Self.run(["fit", whole, "-k", "2", "--covariance", type, "--max-iter", "0", "--output", "start.json"], in: dir)
        _ = try Self.run(["fit", whole, "-k", "2", "--covariance", type, "--warm-start", "start.json", "--max-iter", "4",
                          "--output", "reference.json"], in: dir)
        // The blocks packed once; summaries merged (they fix the scale).
        for (i, part) in parts.enumerated() {
            let r = try Self.run(["stats", part, "--pack", "p\(i).npy"], in: dir)
            try r.stdout.write(to: dir.appendingPathComponent("summary\(i).json"), atomically: true, encoding: .utf8)
        }
        _ = try Self.run(["mstep", "summary0.json", "summary1.json", "--output", "summary.json"], in: dir)
        var current = "start.json"
        for iteration in 1...4 where !(try Self.model(current, in: dir).converged && iteration > 1) {
            for i in parts.indices {
                _ = try Self.run(["stats", "p\(i).npy", "--model", current, "--summary", "summary.json", "--output", "s\(i).json"], in: dir)
            }
            _ = try Self.run(["mstep", "s0.json", "s1.json", "--model", current, "--output", "m\(iteration).json"]
                             + (iteration == 1 ? ["--first"] : []), in: dir)
            current = "m\(iteration).json"
        }
        for i in parts.indices {
            _ = try Self.run(["stats", "p\(i).npy", "--model", current, "--summary", "summary.json", "--output", "s\(i).json"], in: dir)
        }
        _ = try Self.run(["mstep", "s0.json", "s1.json", "--model", current, "--score", "--output", "final.json"], in: dir)
        let got = try String(contentsOf: dir.appendingPathComponent("final.json"), encoding: .utf8)
        let want = try String(contentsOf: dir.appendingPathComponent("reference.json"), encoding: .utf8)
        let a = try JSONValue(parsing: got), b = try JSONValue(parsing: want)
        guard case let .object(members) = a, case let .object(expected) = b else { Issue.record("not objects"); return }
        #expect(members.map(\.key) == expected.map(\.key))
        for member in expected {
            let x = a[member.key]!, y = member.value
            if let u = x.numericArray, let v = y.numericArray {
                #expect(u.shape == v.shape && Self.close(u.values, v.values), "\(type) \(member.key)")
            } else {
                #expect(x == y, "\(type) \(member.key)")
            }
        }
    }

    /// Packing writes the rows exactly: statistics from the .npy and from the text are the same bytes.
    @Test func packedRowsGiveTheSameStatistics() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = try Self.blocks(in: dir)
        _ = try Self.run(["fit", CLI.oldFaithfulCSV.path, "-k", "3", "--max-iter", "0", "--output", "m.json"], in: dir)
        let summary = try Self.run(["stats", parts[1], "--pack", "b.npy"], in: dir).stdout
        let fromSummary = try DataSummary(jsonText: Array(summary.utf8))
        #expect(fromSummary.rows == 172 && fromSummary.features == 2)
        let text = try Self.run(["stats", parts[1], "--model", "m.json"], in: dir).stdout
        let packed = try Self.run(["stats", "b.npy", "--model", "m.json"], in: dir).stdout
        #expect(text == packed)
        let pass = try GaussianMixturePassStatistics(jsonText: Array(packed.utf8))
        #expect(pass.rows == 172 && pass.components == 3)
        // stdin works as the block, too.
        let csv = try String(contentsOf: dir.appendingPathComponent(parts[1]), encoding: .utf8)
        let piped = try CLI.run(["stats", "--model", dir.appendingPathComponent("m.json").path], stdin: csv)
        #expect(piped.status == 0 && piped.stdout == text)
    }

    /// Equal starting centres are accepted as scikit-learn accepts them: the clusters left empty
    /// move to the farthest rows. Reference: scikit-learn 1.x, `KMeans(3, init=[[4, 74], [2, 53],
    /// [4, 74]], n_init=1).fit(old_faithful)` → these centres, inertia 5229.05884001819, 8 iterations.
    @Test func equalStartingCentresFollowScikitLearn() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"centers": [[4, 74], [2, 53], [4, 74]]}"#.write(to: dir.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        _ = try Self.run(["kmeans", CLI.oldFaithfulCSV.path, "-k", "3", "--centers-init", "c.json", "--output", "out.json"], in: dir)
        let result = try KMeansCentersFile(jsonText: Array(Data(contentsOf: dir.appendingPathComponent("out.json"))))
        let expected: [Double] = [4.189527472527472, 75.54945054945055, 2.066319587628866, 54.39175257731957,
                                  4.369011904761905, 84.91666666666667]
        let centres = (0..<3).flatMap { i in (0..<2).map { result.centers[i, $0] } }
        #expect(Self.close(centres, expected), "\(centres)")
        #expect(Self.close([result.inertia], [5229.05884001819]))
    }

    @Test func blockwiseKMeansEqualsKMeans() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = try Self.blocks(in: dir)
        _ = try Self.run(["kmeans", CLI.oldFaithfulCSV.path, "-k", "3", "--max-iter", "1", "--seed", "2", "--output", "start.json"], in: dir)
        _ = try Self.run(["kmeans", CLI.oldFaithfulCSV.path, "-k", "3", "--centers-init", "start.json", "--output", "reference.json"], in: dir)
        for (i, part) in parts.enumerated() {
            let r = try Self.run(["stats", part, "--pack", "p\(i).npy"], in: dir)
            try r.stdout.write(to: dir.appendingPathComponent("summary\(i).json"), atomically: true, encoding: .utf8)
        }
        _ = try Self.run(["mstep", "summary0.json", "summary1.json", "--output", "summary.json"], in: dir)
        var current = "start.json", converged = false, iteration = 0
        while !converged && iteration < 300 {
            for i in parts.indices {
                _ = try Self.run(["stats", "p\(i).npy", "--kmeans", current, "--summary", "summary.json", "--output", "s\(i).json"], in: dir)
            }
            iteration += 1
            _ = try Self.run(["mstep", "s0.json", "s1.json", "--model", current, "--summary", "summary.json", "--output", "c\(iteration).json"]
                             + (iteration == 1 ? ["--first"] : []), in: dir)
            current = "c\(iteration).json"
            converged = try KMeansCentersFile(jsonText: Array(Data(contentsOf: dir.appendingPathComponent(current)))).converged
        }
        for i in parts.indices {
            _ = try Self.run(["stats", "p\(i).npy", "--kmeans", current, "--summary", "summary.json", "--output", "s\(i).json"], in: dir)
        }
        _ = try Self.run(["mstep", "s0.json", "s1.json", "--model", current, "--score", "--output", "final.json"], in: dir)
        let got = try KMeansCentersFile(jsonText: Array(Data(contentsOf: dir.appendingPathComponent("final.json"))))
        let want = try KMeansCentersFile(jsonText: Array(Data(contentsOf: dir.appendingPathComponent("reference.json"))))
        #expect(got.iterations == want.iterations && got.converged == want.converged && got.clusterSizes == want.clusterSizes)
        #expect(Self.close(got.centers.elements, want.centers.elements))
        #expect(Self.close([got.inertia], [want.inertia]))
    }

    /// Bad input: one line on stderr, a non-zero status, no output file.
    @Test func errorsAreOneLine() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "x,y\n1,2\n3,nan\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        try "{\"format\": \"mixtape-gmm-pass\"}".write(to: dir.appendingPathComponent("partial.json"), atomically: true, encoding: .utf8)
        _ = try Self.run(["fit", CLI.oldFaithfulCSV.path, "-k", "2", "--max-iter", "0", "--output", "m.json"], in: dir)
        _ = try Self.run(["fit", CLI.oldFaithfulCSV.path, "-k", "2", "--max-iter", "0", "--covariance", "diag", "--output", "other.json"], in: dir)
        _ = try Self.run(["stats", CLI.oldFaithfulCSV.path, "--model", "m.json", "--output", "s.json"], in: dir)
        let cases: [([String], Int32, String)] = [
            (["stats", "bad.csv", "--model", "m.json", "--output", "out.json"], 1, "bad.csv"),
            (["stats", "bad.csv", "--output", "out.json"], 64, "exactly one of"),
            (["stats", CLI.oldFaithfulCSV.path, "--model", "m.json", "--kmeans", "m.json"], 64, "exactly one of"),
            (["mstep", "partial.json", "--model", "m.json", "--output", "out.json"], 1, "partial.json"),
            (["mstep", "s.json", "--model", "other.json", "--output", "out.json"], 1, "not of a pass"),
            (["mstep", "s.json", "--output", "out.json"], 64, "--model"),
            (["mstep", "s.json", "m.json", "--model", "m.json", "--output", "out.json"], 1, "m.json"),
        ]
        for (arguments, status, phrase) in cases {
            let r = try CLI.run(arguments, in: dir)
            #expect(r.status == status, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(phrase), "\(arguments): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(arguments): \(r.stderr)")
            #expect(!r.crashed)
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.json").path))
        }
    }
}
