import Foundation
import Mixtape
import Testing

/// `mixtape fit --stream`: the model file of a streamed fit is `fit`'s, and what it cannot do is
/// refused in one line.
struct FitStreamCommandTests {
    static func model(_ name: String, in dir: URL) throws -> GaussianMixtureModel {
        try GaussianMixtureModel(jsonText: Array(Data(contentsOf: dir.appendingPathComponent(name))))
    }

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * max(abs($0), abs($1), 1) }
    }

    /// Old Faithful (272 rows, within the default sample): the streamed fit's model file, from the
    /// same seed, has `fit`'s parameters, record and scores.
    @Test(arguments: ["full", "spherical"])
    func streamedModelFileEqualsFit(type: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = CLI.oldFaithfulCSV.path
        let plain = try CLI.run(["fit", data, "-k", "3", "--covariance", type, "--seed", "4", "--output", "memory.json"], in: dir)
        #expect(plain.status == 0, "\(plain.stderr)")
        let streamed = try CLI.run(["fit", data, "-k", "3", "--covariance", type, "--seed", "4", "--stream", "--block-rows", "7",
                                    "--output", "stream.json", "--plot-bound", "bound.svg"], in: dir)
        #expect(streamed.status == 0, "\(streamed.stderr)")
        #expect(streamed.stdout.contains("over 272 rows"))
        let a = try Self.model("memory.json", in: dir), b = try Self.model("stream.json", in: dir)
        #expect(a.iterations == b.iterations && a.converged == b.converged)
        #expect(Self.close(a.lowerBounds, b.lowerBounds))
        #expect(Self.close(a.means.elements, b.means.elements) && Self.close(a.covariances, b.covariances))
        let json = { (name: String) throws -> [String: Any] in
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name))) as? [String: Any])
        }
        let ja = try json("memory.json"), jb = try json("stream.json")
        #expect(ja["n_samples"] as? Int == 272 && jb["n_samples"] as? Int == 272)
        for key in ["log_likelihood", "bic", "aic"] {
            #expect(Self.close([try #require(ja[key] as? Double)], [try #require(jb[key] as? Double)]), "\(key)")
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("bound.svg").path))
    }

    /// Options that need every row in memory, stdin, and bad block or sample sizes: one line, no output file.
    @Test(arguments: [
        (["-", "--stream"], "not standard input"),
        (["DATA", "--stream", "--labels", "l.csv"], "--labels needs every row in memory"),
        (["DATA", "--stream", "--plot", "p.svg"], "--plot needs every row in memory"),
        (["DATA", "--stream", "--method", "gradient"], "--method gradient"),
        (["DATA", "--stream", "--block-rows", "0"], "--block-rows 0: must be at least 1"),
        (["DATA", "--block-rows", "10"], "apply to --stream"),
        (["DATA", "--stream", "--sample-size", "2", "-k", "3"], "--sample-size 2"),
    ])
    func refusals(arguments: [String], message: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["fit"] + arguments.map { $0 == "DATA" ? CLI.oldFaithfulCSV.path : $0 } + ["--output", "m.json"]
        let r = try CLI.run(args, in: dir)
        #expect(r.status != 0 && !r.crashed)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.json").path))
    }
}
