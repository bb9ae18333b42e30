import Foundation
import Testing

/// Bad input to the built binary: one line on stderr naming what and where, exit 1 for bad data
/// and 64 for bad usage, never a trap or stack trace, and no output file left behind.
struct ErrorTableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// Files to create in the temporary folder: name → contents.
        let files: [String: String]
        /// Binary files to create (`.npy`): name → bytes.
        var binaryFiles: [String: [UInt8]] = [:]
        let arguments: [String]
        let status: Int32
        /// Every one of these must appear in the error line.
        let mentions: [String]
        var testDescription: String { name }
    }

    static let faithful = try! String(contentsOf: CLI.oldFaithfulCSV, encoding: .utf8)
    static let model1D = #"{"covariance_type": "full", "weights": [1], "means": [[0]], "covariances": [[[1]]]}"#

    /// Three rows of 100,000 columns: a full covariance needs 8·10¹⁰ doubles per copy.
    static let wide: String = (0..<3).map { i in (0..<100_000).map { j in String((i * 7 + j) % 13) }.joined(separator: ",") }
        .joined(separator: "\n") + "\n"

    /// A valid two-component model file for Old Faithful's two columns, with some keys replaced.
    static func model(_ replacing: [String: String]) -> String {
        var members: [(String, String)] = [
            ("n_components", "2"), ("covariance_type", "\"full\""), ("n_features", "2"), ("weights", "[0.4, 0.6]"),
            ("means", "[[2, 55], [4.3, 80]]"), ("covariances", "[[[0.07, 0.44], [0.44, 33.7]], [[0.17, 0.94], [0.94, 36]]]"),
            ("n_iter", "3"),
        ]
        members = members.map { ($0.0, replacing[$0.0] ?? $0.1) }
        return "{" + members.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// A float64 `.npy` file of `values` with the header's `shape` text, e.g. "(2,)" or "(2, 1)".
    static func npy(_ values: [Double], shape: String) -> [UInt8] {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        return bytes
    }

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
        Case(name: "collapsed component", files: ["c.csv": "a,b\n1,5\n2,5\n3,5\n4,5\n8,5\n9,5\n"],
             arguments: ["fit", "c.csv", "--reg-covar", "0"], status: 1,
             mentions: ["c.csv", "component 1 collapsed", "feature 2", "set reg_covar above 0"]),
        Case(name: "collinear columns", files: ["l.csv": "a,b\n1,3\n2,5\n3,7\n4,9\n8,17\n9,19\n"],
             arguments: ["fit", "l.csv", "-k", "1", "--reg-covar", "0"], status: 1, mentions: ["l.csv", "not positive definite", "reg_covar"]),
        Case(name: "unknown column", files: ["f.csv": faithful], arguments: ["fit", "f.csv", "--columns", "height"], status: 64,
             mentions: ["height"]),
        Case(name: "weights that do not sum to 1", files: ["f.csv": faithful, "w.csv": "0.2\n0.2\n"],
             arguments: ["fit", "f.csv", "--weights-init", "w.csv"], status: 1, mentions: ["--weights-init", "sum to 1"]),
        Case(name: "means of the wrong shape", files: ["f.csv": faithful, "m.csv": "1,2,3\n4,5,6\n"],
             arguments: ["fit", "f.csv", "--means-init", "m.csv"], status: 1, mentions: ["--means-init m.csv", "expected 2×2, got 2×3"]),
        Case(name: "weights of shape (k, 1)", files: ["f.csv": faithful], binaryFiles: ["w.npy": npy([0.4, 0.6], shape: "(2, 1)")],
             arguments: ["fit", "f.csv", "--weights-init", "w.npy"], status: 1, mentions: ["--weights-init w.npy", "1-D", "(2, 1)"]),
        Case(name: "weights in two columns", files: ["f.csv": faithful, "w.csv": "0.4,0.6\n"],
             arguments: ["fit", "f.csv", "--weights-init", "w.csv"], status: 1, mentions: ["--weights-init w.csv", "one weight per line"]),
        Case(name: "more fitting than a Double holds", files: ["h.csv": "a\n1e200\n-1e200\n3e199\n"],
             arguments: ["fit", "h.csv", "-k", "1"], status: 1, mentions: ["h.csv", "larger than a Double can hold", "divide the data"]),
        Case(name: "model n_iter beyond an Int", files: ["m.json": model(["n_iter": "1e20"]), "f.csv": faithful],
             arguments: ["predict", "m.json", "f.csv"], status: 1, mentions: ["m.json", "\"n_iter\"", "whole number", "1e+20"]),
        Case(name: "model n_components 1e999", files: ["m.json": model(["n_components": "1e999"]), "f.csv": faithful],
             arguments: ["score", "m.json", "f.csv"], status: 1, mentions: ["m.json", "\"n_components\"", "beyond the range"]),
        Case(name: "model 4×1 means with 2 weights", files: ["m.json": model(["means": "[[2], [55], [4.3], [80]]"]), "f.csv": faithful],
             arguments: ["predict", "m.json", "f.csv"], status: 1, mentions: ["\"means\"", "[2, 2]", "[4, 1]"]),
        Case(name: "model covariance not symmetric", files: ["m.json": model(["covariances": "[[[1, 0.5], [0.4, 1]], [[1, 0], [0, 1]]]"])],
             arguments: ["sample", "m.json", "-n", "3"], status: 1, mentions: ["\"covariances\"", "not symmetric", "component 1"]),
        Case(name: "model weights (k, 1)", files: ["m.json": model(["weights": "[[0.4], [0.6]]"])],
             arguments: ["sample", "m.json", "-n", "3"], status: 1, mentions: ["\"weights\"", "1-D", "[2, 1]"]),
        Case(name: "model weights not summing to 1", files: ["m.json": model(["weights": "[0.4, 0.5]"])],
             arguments: ["sample", "m.json", "-n", "3"], status: 1, mentions: ["\"weights\"", "sum to 0.9"]),
        Case(name: "sample zero rows", files: ["m.json": model([:])], arguments: ["sample", "m.json", "-n", "0"], status: 64,
             mentions: ["-n 0", "at least 1"]),
        Case(name: "full fit of 100,000 columns", files: ["w.csv": wide], arguments: ["fit", "w.csv", "-k", "1"], status: 1,
             mentions: ["w.csv", "needs about 1.1 TB of memory", "is available", "diag/spherical"]),
        Case(name: "n-init 0", files: ["f.csv": faithful], arguments: ["fit", "f.csv", "--n-init", "0"], status: 64, mentions: ["--n-init 0"]),
        Case(name: "kmeans k 0", files: ["f.csv": faithful], arguments: ["kmeans", "f.csv", "-k", "0"], status: 64, mentions: ["-k 0"]),
        Case(name: "kmeans k missing", files: ["f.csv": faithful], arguments: ["kmeans", "f.csv"], status: 64, mentions: ["-k"]),
        Case(name: "kmeans negative threads", files: ["f.csv": faithful], arguments: ["kmeans", "f.csv", "-k", "2", "--threads=-1"],
             status: 64, mentions: ["--threads -1"]),
        Case(name: "select bad range", files: ["f.csv": faithful], arguments: ["select", "f.csv", "--components", "5...2"],
             status: 64, mentions: ["--components"]),
        Case(name: "sample negative n", files: ["m.json": model1D], arguments: ["sample", "m.json", "-n", "-3"], status: 64,
             mentions: ["-n"]),
        // Sizes that are valid numbers but cannot be honoured: refused before any work (main
        // allocated or looped until killed on several of these).
        // The command checks the range against the rows first (naming the file and the fix); the
        // library's own check (ModelSelection.run, "number of rows (272)") is ModelSelectionTests'.
        Case(name: "select range beyond the rows", files: ["f.csv": faithful],
             arguments: ["select", "f.csv", "--components", "1...9223372036854775807"], status: 64,
             mentions: ["--components 1...9223372036854775807", "f.csv has 272", "give at most 272"]),
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
        try Self.check(c)
    }

    /// Runs a case in a fresh folder holding its files: one `mixtape: error:` line with every
    /// mention, its status, no trap, and nothing left but the inputs.
    static func check(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, contents) in c.files {
            try contents.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        for (name, bytes) in c.binaryFiles { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
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
        #expect(left == Set(c.files.keys).union(c.binaryFiles.keys))
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
