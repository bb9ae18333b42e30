import Foundation
import Testing

/// Standard output and error as a Unix tool treats them: a failed write to stdout is exit 1 with a
/// message, a reader that goes away ends the command quietly by SIGPIPE, and a broken stderr is
/// ignored without changing the outcome.
struct StandardStreamTests {
    static let data = CLI.oldFaithfulCSV.path

    @Test func aFullStandardOutputIsExitOneWithAMessage() throws {
        // main exited 0 with the output lost.
        let full = try CLI.writing(to: "/dev/full")
        let result = try CLI.run(["score", OutputFileTests.modelPath, Self.data, "--per-sample"], standardOutput: full)
        #expect(result.status == 1 && result.reason == .exit, "stderr: \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("mixtape: error: cannot write to standard output"), "\(result.stderr)")
        #expect(result.stderr.contains(String(cString: strerror(ENOSPC))))
    }

    @Test func aClosedStandardOutputIsExitOneWithAMessage() throws {
        let result = try CLI.runInShell(["fit", Self.data], redirections: ">&-")
        #expect(result.status == 1 && result.reason == .exit, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("mixtape: error: cannot write to standard output"), "\(result.stderr)")
    }

    @Test func aReaderThatGoesAwayEndsTheCommandQuietlyBySIGPIPE() throws {
        // `mixtape sample … | head -1`: the output is far larger than a pipe holds; once the reader
        // has its line and closes, the command must end as `seq` or `cat` would: by SIGPIPE, with
        // nothing on stderr (no error line, no trap, no stack trace).
        let pipe = Pipe()
        let result = try CLI.run(["sample", OutputFileTests.modelPath, "-n", "500000"], standardOutput: pipe) { _ in
            var first = Data()
            while !first.contains(UInt8(ascii: "\n")) {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                first.append(chunk)
            }
            #expect(String(decoding: first, as: UTF8.self).hasPrefix("x1,x2,component\n"))
            try pipe.fileHandleForReading.close()
        }
        #expect(result.reason == .uncaughtSignal && result.status == SIGPIPE, "ended by \(result.reason) \(result.status)")
        #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
        #expect(!result.timedOut)
    }

    @Test func aReaderGoneBeforeTheEndStillGetsTheFilesAsked() throws {
        // Standard output is written at the end: the files come first, then the command ends by
        // SIGPIPE because nobody reads what it printed.
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let result = try CLI.run(["fit", Self.data, "--output", "m.json", "--labels", "l.csv"], in: dir, standardOutput: pipe)
        #expect(result.reason == .uncaughtSignal && result.status == SIGPIPE, "ended by \(result.reason) \(result.status)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["m.json", "l.csv"])
        #expect(!result.stderr.contains("error"), "stderr: \(result.stderr)")
    }

    @Test func adCommandsTreatStandardOutputAsEveryCommandDoes() throws {
        // The `ad` commands write through the same checked writer: a full stdout is exit 1 with one
        // line, a reader gone before the write ends the command quietly by SIGPIPE.
        let arguments = ["ad", "grad", "x^2 + y", "--at", "x=3,y=1"]
        let full = try CLI.run(arguments, standardOutput: try CLI.writing(to: "/dev/full"))
        #expect(full.status == 1 && full.reason == .exit, "stderr: \(full.stderr)")
        #expect(full.stderr == "mixtape: error: cannot write to standard output (\(String(cString: strerror(ENOSPC)))); the output is incomplete\n",
                "stderr: \(full.stderr)")
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let gone = try CLI.run(arguments, standardOutput: pipe)
        #expect(gone.reason == .uncaughtSignal && gone.status == SIGPIPE, "ended by \(gone.reason) \(gone.status): \(gone.stderr)")
        #expect(gone.stderr.isEmpty, "stderr: \(gone.stderr)")
    }

    enum BrokenStderr: String, CaseIterable, Sendable {
        case full = "stderr is /dev/full"
        case closed = "stderr is closed"
        case brokenPipe = "stderr is a pipe nobody reads"
    }

    /// Runs `arguments` in `dir` with standard error broken as `kind` says.
    func run(_ arguments: [String], in dir: URL, stderr kind: BrokenStderr) throws -> CLI.Result {
        switch kind {
        case .full:
            return try CLI.run(arguments, in: dir, standardError: try CLI.writing(to: "/dev/full"))
        case .closed:
            return try CLI.runInShell(arguments, redirections: "2>&-", in: dir)
        case .brokenPipe:
            let pipe = Pipe()
            try pipe.fileHandleForReading.close()
            return try CLI.run(arguments, in: dir, standardError: pipe)
        }
    }

    @Test(arguments: BrokenStderr.allCases)
    func aBrokenStandardErrorNeverStopsACommandOrChangesItsStatus(_ kind: BrokenStderr) throws {
        // main trapped (or died of SIGPIPE) at the first note, after the model was written and
        // before the labels and the plot.
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ok = try run(["fit", Self.data, "--output", "m.json", "--labels", "l.csv", "--plot", "p.svg", "--verbose"],
                         in: dir, stderr: kind)
        #expect(ok.status == 0 && ok.reason == .exit, "\(kind): ended by \(ok.reason) \(ok.status)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["m.json", "l.csv", "p.svg"])
        #expect(ok.stdout.contains("log-likelihood -1130.2641"))
        // A failure keeps its status although its message cannot be shown.
        let failed = try run(["fit", "missing.csv", "--output", "m2.json"], in: dir, stderr: kind)
        #expect(failed.status == 1 && failed.reason == .exit, "\(kind): ended by \(failed.reason) \(failed.status)")
        let usage = try run(["fit", Self.data, "-k", "0"], in: dir, stderr: kind)
        #expect(usage.status == 64 && usage.reason == .exit, "\(kind): ended by \(usage.reason) \(usage.status)")
    }
}

extension OutputFileTests {
    /// A model file for the stream tests, written once.
    static let modelPath: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mixtape-cli-model-\(getpid()).json").path
        try! model.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()
}
