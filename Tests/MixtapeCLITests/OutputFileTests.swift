import Foundation
import Testing

/// Output files through the built binary: no output may replace an input or another output
/// (compared by device and inode, so links and other spellings count), and devices, FIFOs and open
/// descriptors are written in place.
struct OutputFileTests {
    static let faithful = try! String(contentsOf: CLI.oldFaithfulCSV, encoding: .utf8)
    /// A 2-component model of Old Faithful's two columns (the keys the loader needs).
    static let model = #"{"covariance_type": "full", "weights": [0.35, 0.65], "means": [[2.04, 54.5], [4.29, 80.0]], "#
        + #""covariances": [[[0.07, 0.44], [0.44, 33.7]], [[0.17, 0.94], [0.94, 36.0]]]}"#

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        /// Shell redirections to run with (standard input or output from a file), or none.
        var redirections: String? = nil
        /// Every one of these must appear in the error line.
        let mentions: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "fit --output is the data file", arguments: ["fit", "d.csv", "--output", "d.csv"],
             mentions: ["--output d.csv", "the data file d.csv"]),
        Case(name: "fit --output is a symbolic link to the data", arguments: ["fit", "d.csv", "--output", "symlink.csv"],
             mentions: ["--output symlink.csv", "the data file d.csv"]),
        Case(name: "fit --labels is a hard link to the data", arguments: ["fit", "d.csv", "--labels", "hardlink.csv"],
             mentions: ["--labels hardlink.csv", "the data file d.csv"]),
        Case(name: "fit --plot is the data, spelled another way", arguments: ["fit", "d.csv", "--plot", "sub/../d.csv"],
             mentions: ["--plot sub/../d.csv", "d.csv"]),
        Case(name: "fit --labels is --output", arguments: ["fit", "d.csv", "--output", "m.json", "--labels", "m.json"],
             mentions: ["--labels m.json", "--output m.json"]),
        Case(name: "fit --plot is --output as ./", arguments: ["fit", "d.csv", "--output", "new.json", "--plot", "./new.json"],
             mentions: ["--plot ./new.json", "--output new.json"]),
        Case(name: "fit --plot-bound is --labels", arguments: ["fit", "d.csv", "--labels", "sub/../x.csv", "--plot-bound", "x.csv"],
             mentions: ["--plot-bound x.csv", "--labels sub/../x.csv"]),
        Case(name: "fit --labels is --means-init", arguments: ["fit", "d.csv", "--means-init", "means.csv", "--labels", "means.csv"],
             mentions: ["--labels means.csv", "--means-init means.csv"]),
        Case(name: "fit --plot is --warm-start", arguments: ["fit", "d.csv", "--warm-start", "m.json", "--plot", "m.json"],
             mentions: ["--plot m.json", "--warm-start m.json"]),
        Case(name: "fit --output is standard output", arguments: ["fit", "d.csv", "--output", "out.txt"], redirections: ">out.txt",
             mentions: ["--output out.txt", "standard output"]),
        Case(name: "fit --output is standard input", arguments: ["fit", "-", "--output", "d.csv"], redirections: "<d.csv",
             mentions: ["--output d.csv", "standard input"]),
        Case(name: "select --plot is the data file", arguments: ["select", "d.csv", "--components", "1...2", "--plot", "d.csv"],
             mentions: ["--plot d.csv", "the data file d.csv"]),
        Case(name: "kmeans --labels is the data file", arguments: ["kmeans", "d.csv", "-k", "2", "--labels", "symlink.csv"],
             mentions: ["--labels symlink.csv", "the data file d.csv"]),
        Case(name: "demo --plot is standard output", arguments: ["demo", "--plot", "out.svg"], redirections: ">out.svg",
             mentions: ["--plot out.svg", "standard output"]),
    ]

    /// A folder with the data `d.csv`, a symbolic and a hard link to it, a model, initial means and `sub/`.
    static func folder() throws -> URL {
        let dir = try CLI.temporaryDirectory()
        try faithful.write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("symlink.csv").path, withDestinationPath: "d.csv")
        try FileManager.default.linkItem(at: dir.appendingPathComponent("d.csv"), to: dir.appendingPathComponent("hardlink.csv"))
        try model.write(to: dir.appendingPathComponent("m.json"), atomically: true, encoding: .utf8)
        try "2,55\n4.3,80\n".write(to: dir.appendingPathComponent("means.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: false)
        return dir
    }

    /// Every file's bytes in `dir` (symbolic links by their target).
    static func snapshot(_ dir: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            let path = dir.appendingPathComponent(name).path
            if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                files[name] = Data(("-> " + link).utf8)
            } else {
                files[name] = FileManager.default.contents(atPath: path) ?? Data()
            }
        }
        return files
    }

    @Test(arguments: cases)
    func anOutputThatIsAnInputOrAnotherOutputIsRefused(_ c: Case) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        if c.redirections?.hasPrefix(">") == true {
            // The shell creates (empties) the file standard output goes to before mixtape runs.
            _ = FileManager.default.createFile(atPath: dir.appendingPathComponent(String(c.redirections!.dropFirst())).path, contents: nil)
        }
        let before = try Self.snapshot(dir)
        let result = try c.redirections.map { try CLI.runInShell(c.arguments, redirections: $0, in: dir) }
            ?? CLI.run(c.arguments, in: dir)
        #expect(result.status == 64 && result.reason == .exit, "stderr: \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderr)")
        let line = String(lines.first ?? "")
        #expect(line.hasPrefix("mixtape: error: ") && line.contains("is the same file as"), "\(line)")
        for m in c.mentions { #expect(line.contains(m), "'\(m)' not in: \(line)") }
        // Nothing was written: every file, inputs first of all, is as it was, and none is new.
        #expect(try Self.snapshot(dir) == before)
    }

    @Test func aWarmStartedModelMayBeWrittenBackToItsOwnFile() throws {
        // The one allowed overlap: `--warm-start m.json --output m.json` updates the model in place
        // (it is read whole before the atomic replacement), the loop warm starts exist for.
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["fit", "d.csv", "--warm-start", "m.json", "--max-iter", "1", "--output", "m.json"], in: dir)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let written = try String(contentsOf: dir.appendingPathComponent("m.json"), encoding: .utf8)
        #expect(written.contains("\"n_iter\": 1") && written != Self.model)
    }

    @Test func aFIFOOutputIsWrittenInPlaceAndStaysAFIFO() throws {
        // main renamed a regular file over the FIFO: the reader got nothing and the FIFO was gone.
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("model.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        let result = try CLI.run(["fit", "d.csv", "--output", "model.fifo"], in: dir)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(reader, &buffer, buffer.count)
            if n <= 0 { break }
            received.append(contentsOf: buffer[..<n])
        }
        let object = try JSONSerialization.jsonObject(with: received) as? [String: Any]
        #expect(object?["n_components"] as? Int == 2)
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    static let canMakeDevices: Bool = {
        let path = NSTemporaryDirectory() + "mixtape-cli-mknod-probe-\(getpid())"
        defer { unlink(path) }
        return mknod(path, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0
    }()

    @Test(.enabled(if: canMakeDevices, "needs permission to create a device node (root); the FIFO test covers the rest"))
    func aDeviceOutputIsWrittenInPlaceAndStaysADevice() throws {
        // A private device node equal to /dev/null (1,3), so running this against main cannot
        // replace the system's /dev/null.
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let device = dir.appendingPathComponent("null").path
        #expect(mknod(device, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0)
        let result = try CLI.run(["fit", "d.csv", "--output", "null", "--labels", "null", "--plot", "null"], in: dir)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        var status = stat()
        #expect(lstat(device, &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func anOutputToAnOpenDescriptorFollowsWhatWasPrinted() throws {
        // `--labels /dev/fd/1`: the labels go to standard output after the printed summary.
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["fit", "d.csv", "--labels", "/dev/fd/1"], in: dir)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let summary = try #require(result.stdout.range(of: "log-likelihood"))
        let labels = try #require(result.stdout.range(of: "label\n"))
        #expect(summary.lowerBound < labels.lowerBound)
        #expect(result.stdout[labels.upperBound...].split(separator: "\n").count == 272)
    }
}
