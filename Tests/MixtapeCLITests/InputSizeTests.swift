import Foundation
import Testing

/// Input that changes while it is read or never ends, through the built binary: a clear error,
/// never a crash (SIGBUS from a mapped file, a trap in the parser) or a read until memory runs out.
struct ChangingInputTests {
    /// A CSV of `rows` rows (about 16 bytes each) with an old modification time, so that a change
    /// made now is visible whatever the clock's resolution.
    static func makeFile(in dir: URL, rows: Int) throws -> URL {
        var text = "a,b\n"
        text.reserveCapacity(rows * 17)
        for i in 0..<rows { text += "\(i % 1000).25,\(i % 7).5\n" }
        let url = dir.appendingPathComponent("big.csv")
        try text.write(to: url, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1e9)], ofItemAtPath: url.path)
        return url
    }

    enum Change: String, CaseIterable, Sendable {
        case truncate = "truncated to 1000 bytes"
        case rewrite = "rewritten in place with other rows"
    }

    func apply(_ change: Change, to url: URL) throws {
        switch change {
        case .truncate:
            #expect(truncate(url.path, 1000) == 0)
        case .rewrite:
            // The same size, but rows of other lengths: the line count the reader made no longer holds.
            let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
            let handle = try #require(FileHandle(forWritingAtPath: url.path))
            try handle.write(contentsOf: Data(String(repeating: "1\n", count: size / 2).utf8))
            try handle.close()
        }
    }

    /// Also for a streamed fit (`--stream`, which reads the file once per pass and writes no
    /// model when a pass finds it changed).
    @Test(arguments: Change.allCases, [false, true])
    func aFileChangedWhileItIsReadIsAClearError(_ change: Change, streamed: Bool) throws {
        // The process is stopped while it has the file open, the file is changed, and it goes on.
        // If the read is over before it can be stopped, a larger file is tried.
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for rows in [100_000, 800_000, 3_200_000] {
            let url = try Self.makeFile(in: dir, rows: rows)
            let arguments = streamed ? ["fit", "big.csv", "--stream", "-k", "2", "--max-iter", "3", "--output", "m.json"]
                                     : ["fit", "big.csv", "-k", "1", "--max-iter", "1"]
            let (result, changed) = try CLI.runChangingFile(arguments, in: dir, file: url) {
                try apply(change, to: url)
            }
            guard changed else { continue }
            #expect(!result.crashed, "ended by signal \(result.status): \(result.stderr)")
            #expect(result.status == 1 && result.reason == .exit, "ended by \(result.reason) \(result.status): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "stderr: \(result.stderr)")
            #expect(result.stderr.hasPrefix("mixtape: error: big.csv: the file changed while it was being read"),
                    "stderr: \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.json").path))
            return
        }
        Issue.record("every read finished before the file could be changed; the test did not run")
    }

    @Test func anEndlessDeviceStopsAtTheInputLimit() throws {
        // main read /dev/zero until memory ran out.
        let result = try CLI.run(["fit", "/dev/zero", "--max-input-size", "1M"], timeout: 60)
        #expect(result.status == 1 && result.reason == .exit, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("mixtape: error: /dev/zero: the input goes on past --max-input-size 1 MiB"),
                "stderr: \(result.stderr)")
    }

    @Test func endlessStandardInputStopsAtTheInputLimit() throws {
        let descriptor = open("/dev/zero", O_RDONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        let zero = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let fromDevice = try CLI.run(["fit", "-", "--max-input-size", "2M"], timeout: 60, standardInput: zero)
        #expect(fromDevice.status == 1, "stderr: \(fromDevice.stderr)")
        #expect(fromDevice.stderr.hasPrefix("mixtape: error: <stdin>: the input goes on past --max-input-size 2 MiB"),
                "stderr: \(fromDevice.stderr)")
        // `yes 1,2 | mixtape fit -`: a pipe that never ends.
        let yes = Process()
        yes.executableURL = URL(fileURLWithPath: "/usr/bin/yes")
        yes.arguments = ["1.5,2"]
        let pipe = Pipe()
        yes.standardOutput = pipe
        try yes.run()
        let fromPipe = try CLI.run(["fit", "-", "--max-input-size", "3M"], timeout: 60, standardInput: pipe)
        try pipe.fileHandleForReading.close()
        yes.terminate()
        yes.waitUntilExit()
        #expect(fromPipe.status == 1, "stderr: \(fromPipe.stderr)")
        #expect(fromPipe.stderr.hasPrefix("mixtape: error: <stdin>: the input goes on past --max-input-size 3 MiB"),
                "stderr: \(fromPipe.stderr)")
    }

    @Test func theLimitCoversModelFilesAndIsDocumented() throws {
        let help = try CLI.run(["fit", "--help"])
        #expect(help.stdout.contains("--max-input-size") && help.stdout.contains("4 GiB"))
        let sampleHelp = try CLI.run(["sample", "--help"])
        #expect(sampleHelp.stdout.contains("--max-input-size"))
        let model = try CLI.run(["sample", OutputFileTests.modelPath, "-n", "3", "--max-input-size", "100"])
        #expect(model.status == 1 && model.stderr.contains("--max-input-size 100 bytes"), "stderr: \(model.stderr)")
        let predict = try CLI.run(["predict", OutputFileTests.modelPath, CLI.oldFaithfulCSV.path, "--max-input-size", "1K"])
        #expect(predict.status == 1 && predict.stderr.contains("--max-input-size 1 KiB"), "stderr: \(predict.stderr)")
        let fits = try CLI.run(["fit", CLI.oldFaithfulCSV.path, "--max-input-size", "3K"])
        #expect(fits.status == 0, "stderr: \(fits.stderr)")
    }

    /// `fit`'s other inputs (main read `--weights-init` with its own reader) are read with the same
    /// limit as the data file; the data file (2.4 KiB) is under it.
    @Test(arguments: ["--weights-init", "--means-init", "--warm-start"])
    func theLimitCoversEveryInputOfFit(_ option: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 8 KiB of numbers, one a line.
        try ("0.5\n" + String(repeating: "0.0\n", count: 2000)).write(to: dir.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["fit", CLI.oldFaithfulCSV.path, option, "big.csv", "--max-input-size", "3K"], in: dir, timeout: 60)
        #expect(r.status == 1 && r.reason == .exit, "stderr: \(r.stderr)")
        #expect(r.stderr.hasPrefix("mixtape: error: big.csv: the file is 7.8 KiB, more than --max-input-size 3 KiB"), "stderr: \(r.stderr)")
        let fits = try CLI.run(["fit", CLI.oldFaithfulCSV.path, "--max-input-size", "3K"], in: dir, timeout: 60)
        #expect(fits.status == 0, "stderr: \(fits.stderr)")
    }

    /// An `ad` expression read from a file or stdin stops at its 64 MiB limit while it is read,
    /// instead of buffering an endless input first.
    @Test func anEndlessExpressionStopsAtItsLimit() throws {
        let result = try CLI.run(["ad", "grad", "@/dev/zero", "--at", "x=1"], timeout: 60)
        #expect(!result.timedOut)
        #expect(result.status == 1 && result.reason == .exit, "stderr: \(result.stderr)")
        #expect(result.stderr == "mixtape: error: /dev/zero: the expression goes on past 67108864 bytes; at most 67108864 are read\n",
                "stderr: \(result.stderr)")
    }
}

/// Sizes that are valid numbers but cannot be honoured are refused up front (the error table has
/// one case per option); sizes that only bound a loop that ends anyway are accepted.
struct SizeOptionTests {
    @Test func aHugeIterationBoundForKMeansIsAccepted() throws {
        // Lloyd's iterations stop when no label changes and keep nothing per iteration, so any
        // bound is fine: the result is the default run's.
        let data = CLI.oldFaithfulCSV.path
        let huge = try CLI.run(["kmeans", data, "-k", "2", "--max-iter", "9223372036854775807", "--format", "json"])
        let normal = try CLI.run(["kmeans", data, "-k", "2", "--format", "json"])
        #expect(huge.status == 0, "stderr: \(huge.stderr)")
        #expect(huge.stdout == normal.stdout)
    }

    @Test func theLargestIterationCountThatFitsIsNamed() throws {
        // The message names the most iterations memory holds; that many must pass the check.
        let refused = try CLI.run(["fit", CLI.oldFaithfulCSV.path, "--max-iter", "9223372036854775807"])
        #expect(refused.status == 64)
        let most = try #require(Int(refused.stderr.components(separatedBy: "give at most ").last?.prefix { $0.isNumber } ?? ""))
        let accepted = try CLI.run(["fit", CLI.oldFaithfulCSV.path, "--max-iter", "\(most)", "--tol", "1"])
        #expect(accepted.status == 0, "stderr: \(accepted.stderr)")
        let oneMore = try CLI.run(["fit", CLI.oldFaithfulCSV.path, "--max-iter", "\(most + 1)"])
        #expect(oneMore.status == 64)
    }

    @Test func snapshotsOfSeveralStartsKeepOnlyTheKeptStart() throws {
        // With --n-init, only the running start's and the best finished start's parameters are kept
        // (memory does not grow with the number of starts); the pictures are the kept start's.
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["fit", CLI.oldFaithfulCSV.path, "-k", "3", "--init", "random-from-data", "--n-init", "4",
                             "--seed", "2", "--tol", "1e-4", "--snapshots", "snaps", "--verbose"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        // "start S iteration I  bound B …": the last bound and iteration count of every start.
        var last: [Int: (iterations: Int, bound: Double)] = [:]
        for line in r.stderr.split(separator: "\n") where line.hasPrefix("start ") {
            let words = line.split(separator: " ")
            let start = Int(words[1])!, iteration = Int(words[3])!, bound = Double(words[5])!
            last[start] = (iteration, bound)
        }
        try #require(last.count == 4)
        // The check means something only if the starts' lengths differ (they did: 22, 14, 15, 24).
        try #require(Set(last.values.map(\.iterations)).count > 1)
        // scikit-learn's rule, as the library applies it: a higher final bound wins, the first on ties.
        let kept = last.keys.sorted().reduce(1) { best, start in last[start]!.bound > last[best]!.bound ? start : best }
        let svgs = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("snaps").path)
            .filter { $0.hasSuffix(".svg") }
        #expect(svgs.count == last[kept]!.iterations + 1)
    }
}
