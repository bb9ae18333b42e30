import Foundation
import Testing

/// Bad input to the built binary: one line on stderr naming what and where, exit 1 for bad data
/// and 64 for bad usage, never a trap or stack trace, and no output file left behind.
struct ErrorTableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// Files to create in the temporary folder: name → contents.
        let files: [String: String]
        let arguments: [String]
        let status: Int32
        /// Every one of these must appear in the error line.
        let mentions: [String]
        var testDescription: String { name }
    }

    static let faithful = try! String(contentsOf: CLI.oldFaithfulCSV, encoding: .utf8)
    static let model1D = #"{"covariance_type": "full", "weights": [1], "means": [[0]], "covariances": [[[1]]]}"#

    static let cases: [Case] = [
        Case(name: "missing file", files: [:], arguments: ["fit", "nope.csv"], status: 1, mentions: ["nope.csv"]),
        Case(name: "empty file", files: ["e.csv": ""], arguments: ["fit", "e.csv"], status: 1, mentions: ["e.csv", "empty"]),
        Case(name: "header only", files: ["h.csv": "a,b\n"], arguments: ["fit", "h.csv"], status: 1, mentions: ["h.csv"]),
        Case(name: "ragged row", files: ["r.csv": "a,b\n1,2\n3,4\n5\n6,7\n"], arguments: ["fit", "r.csv"], status: 1,
             mentions: ["r.csv", "line 4"]),
        Case(name: "non-numeric cell", files: ["n.csv": "a,b\n1,2\n3,x\n5,6\n"], arguments: ["fit", "n.csv"], status: 1,
             mentions: ["n.csv", "line 3", "column 2"]),
        Case(name: "NaN cell", files: ["nan.csv": "a,b\n1,2\nNaN,4\n5,6\n"], arguments: ["fit", "nan.csv"], status: 1,
             mentions: ["nan.csv", "line 3", "column 1"]),
        Case(name: "Inf cell", files: ["inf.csv": "a,b\n1,2\n3,inf\n5,6\n"], arguments: ["fit", "inf.csv"], status: 1,
             mentions: ["inf.csv", "line 3", "column 2"]),
        Case(name: "k below 1", files: ["f.csv": faithful], arguments: ["fit", "f.csv", "-k", "0"], status: 64, mentions: ["-k"]),
        Case(name: "k above n", files: ["s.csv": "a,b\n1,2\n3,4\n"], arguments: ["fit", "s.csv", "-k", "5"], status: 64,
             mentions: ["-k 5", "s.csv", "5 components"]),
        Case(name: "negative tol", files: ["f.csv": faithful], arguments: ["fit", "f.csv", "--tol", "-1"], status: 64, mentions: ["--tol"]),
        Case(name: "negative reg-covar", files: ["f.csv": faithful], arguments: ["fit", "f.csv", "--reg-covar", "-0.1"], status: 64,
             mentions: ["--reg-covar"]),
        Case(name: "unknown covariance type", files: ["f.csv": faithful], arguments: ["fit", "f.csv", "--covariance", "round"],
             status: 64, mentions: ["round"]),
        Case(name: "malformed model JSON", files: ["m.json": "{\"weights\": [1,", "f.csv": faithful],
             arguments: ["predict", "m.json", "f.csv"], status: 1, mentions: ["m.json", "JSON"]),
        Case(name: "model of another dimension", files: ["m.json": model1D, "f.csv": faithful],
             arguments: ["predict", "m.json", "f.csv"], status: 1, mentions: ["m.json", "1 feature", "2 columns"]),
        Case(name: "unwritable output path", files: ["f.csv": faithful],
             arguments: ["fit", "f.csv", "--output", "no/such/dir/model.json"], status: 1, mentions: ["--output", "no/such/dir"]),
        Case(name: "not positive definite fit", files: ["c.csv": "a,b\n1,5\n2,5\n3,5\n4,5\n8,5\n9,5\n"],
             arguments: ["fit", "c.csv", "--reg-covar", "0"], status: 1, mentions: ["c.csv", "not positive definite", "reg_covar"]),
        Case(name: "unknown column", files: ["f.csv": faithful], arguments: ["fit", "f.csv", "--columns", "height"], status: 64,
             mentions: ["height"]),
        Case(name: "weights that do not sum to 1", files: ["f.csv": faithful, "w.csv": "0.2\n0.2\n"],
             arguments: ["fit", "f.csv", "--weights-init", "w.csv"], status: 1, mentions: ["--weights-init", "sum to 1"]),
        Case(name: "means of the wrong shape", files: ["f.csv": faithful, "m.csv": "1,2,3\n4,5,6\n"],
             arguments: ["fit", "f.csv", "--means-init", "m.csv"], status: 1, mentions: ["--means-init", "2 rows × 2 columns"]),
        Case(name: "kmeans k missing", files: ["f.csv": faithful], arguments: ["kmeans", "f.csv"], status: 64, mentions: ["-k"]),
        Case(name: "select bad range", files: ["f.csv": faithful], arguments: ["select", "f.csv", "--components", "5...2"],
             status: 64, mentions: ["--components"]),
        Case(name: "sample negative n", files: ["m.json": model1D], arguments: ["sample", "m.json", "-n", "-3"], status: 64,
             mentions: ["-n"]),
        // Sizes that are valid numbers but cannot be honoured: refused before any work (main
        // allocated or looped until killed on several of these).
        Case(name: "select huge components", files: ["f.csv": faithful],
             arguments: ["select", "f.csv", "--components", "1...9223372036854775807"], status: 64,
             mentions: ["--components 1...9223372036854775807", "f.csv has 272"]),
        Case(name: "fit huge k", files: ["f.csv": faithful], arguments: ["fit", "f.csv", "-k", "9223372036854775807"],
             status: 64, mentions: ["-k 9223372036854775807", "f.csv has 272"]),
        Case(name: "kmeans huge k", files: ["f.csv": faithful], arguments: ["kmeans", "f.csv", "-k", "9223372036854775807"],
             status: 64, mentions: ["-k 9223372036854775807", "f.csv has 272"]),
        Case(name: "sample huge n", files: ["m.json": model1D], arguments: ["sample", "m.json", "-n", "9223372036854775807"],
             status: 64, mentions: ["-n 9223372036854775807", "memory", "give at most"]),
        Case(name: "sample zero n", files: ["m.json": model1D], arguments: ["sample", "m.json", "-n", "0"], status: 64,
             mentions: ["-n", "at least 1"]),
        Case(name: "fit huge n-init", files: ["f.csv": faithful], arguments: ["fit", "f.csv", "--n-init", "9223372036854775807"],
             status: 64, mentions: ["--n-init", "1000000"]),
        Case(name: "select huge n-init", files: ["f.csv": faithful],
             arguments: ["select", "f.csv", "--n-init", "9223372036854775807"], status: 64, mentions: ["--n-init"]),
        Case(name: "kmeans huge n-init", files: ["f.csv": faithful],
             arguments: ["kmeans", "f.csv", "-k", "2", "--n-init", "9223372036854775807"], status: 64, mentions: ["--n-init"]),
        Case(name: "fit huge max-iter", files: ["f.csv": faithful],
             arguments: ["fit", "f.csv", "--max-iter", "9223372036854775807"], status: 64,
             mentions: ["--max-iter 9223372036854775807", "memory", "give at most"]),
        Case(name: "select huge max-iter", files: ["f.csv": faithful],
             arguments: ["select", "f.csv", "--max-iter", "9223372036854775807"], status: 64, mentions: ["--max-iter"]),
        Case(name: "snapshots of too many iterations", files: ["f.csv": faithful],
             arguments: ["fit", "f.csv", "--max-iter", "100000000", "--snapshots", "snaps"], status: 64,
             mentions: ["--max-iter 100000000", "picture"]),
        Case(name: "max-input-size zero", files: ["f.csv": faithful], arguments: ["fit", "f.csv", "--max-input-size", "0"],
             status: 64, mentions: ["--max-input-size"]),
        Case(name: "max-input-size not a size", files: ["f.csv": faithful],
             arguments: ["fit", "f.csv", "--max-input-size", "lots"], status: 64, mentions: ["--max-input-size", "lots"]),
        Case(name: "file over max-input-size", files: ["f.csv": faithful], arguments: ["fit", "f.csv", "--max-input-size", "1K"],
             status: 1, mentions: ["f.csv", "is 2.4 KiB", "--max-input-size 1 KiB"]),
        Case(name: "endless device", files: [:], arguments: ["fit", "/dev/zero", "--max-input-size", "1M"], status: 1,
             mentions: ["/dev/zero", "--max-input-size 1 MiB"]),
        Case(name: "output is a directory", files: ["f.csv": faithful], arguments: ["fit", "f.csv", "--output", "."], status: 1,
             mentions: ["--output .", "directory"]),
    ]

    @Test(arguments: cases)
    func badInputGivesOneLineAndTheRightStatus(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, contents) in c.files {
            try contents.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        // Every case ends at once; a run that loops or allocates until killed is cut off (main did so
        // on the size cases).
        let result = try CLI.run(c.arguments, in: dir, timeout: 60)
        #expect(!result.timedOut, "killed after 60 s")
        #expect(result.status == c.status && result.reason == .exit, "stderr: \(result.stderr)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "stderr: \(result.stderr)")
        let line = String(lines.first ?? "")
        #expect(line.hasPrefix("mixtape: error: "))
        for m in c.mentions { #expect(line.contains(m), "'\(m)' not in: \(line)") }
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"))
        // Nothing but the inputs is left in the folder: no half-written output.
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(left == Set(c.files.keys))
    }

    @Test func failedFitLeavesNoOutputFiles() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "a,b\n1,5\n2,5\n3,5\n4,5\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["fit", "c.csv", "--reg-covar", "0", "--output", "m.json", "--labels", "l.csv", "--plot", "p.svg"], in: dir)
        #expect(r.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["c.csv"])
    }
}
