import Foundation
import Testing

/// Runs the built `mixtape` binary and captures its output.
enum CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// How the process ended: `.exit` with `status`, or `.uncaughtSignal` with the signal in `status`.
        var reason: Process.TerminationReason = .exit
        /// Whether the process had to be killed after the time limit.
        var timedOut = false

        /// Whether it ended by a trap or crash signal (what must never happen).
        var crashed: Bool {
            reason == .uncaughtSignal && [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE].contains(status)
        }
    }

    /// The binary built beside the test bundle (`.build/<config>/mixtape`), or the one named by the
    /// environment variable `MIXTAPE_BINARY` (to run these tests against another build).
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["MIXTAPE_BINARY"] { return URL(fileURLWithPath: path) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("mixtape")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("mixtape")
    }()

    /// Runs `mixtape arguments` with `stdin` as its standard input (empty when `nil`), capturing
    /// standard output and error. A run longer than `timeout` seconds is killed and reported.
    static func run(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil,
                    timeout: Double = 120) throws -> Result {
        let input = Pipe()
        return try run(arguments, in: directory, timeout: timeout, standardInput: input) { _ in
            if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
            try input.fileHandleForWriting.close()
        }
    }

    /// Runs `executable arguments` (the `mixtape` binary by default) with the given standard
    /// streams — a `FileHandle` or `Pipe` each; `nil` output streams are captured into the result
    /// — calling `started` with the process once it runs (to feed input, pause it, …).
    static func run(_ arguments: [String], in directory: URL? = nil, timeout: Double = 120,
                    executable: URL = binary, standardInput: Any? = nil, standardOutput: Any? = nil,
                    standardError: Any? = nil, started: (Process) throws -> Void = { _ in }) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = standardOutput ?? out
        process.standardError = standardError ?? err
        process.standardInput = standardInput ?? FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        for (pipe, captured) in [(out, standardOutput == nil), (err, standardError == nil)] where captured {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                if pipe === out { outData = data } else { errData = data }
                group.leave()
            }
        }
        nonisolated(unsafe) var timedOut = false
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem {
            timedOut = true
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        do { try started(process) } catch {
            kill(pid, SIGKILL)
            process.waitUntilExit()
            throw error
        }
        process.waitUntilExit()
        watchdog.cancel()
        group.wait()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), reason: process.terminationReason,
                      timedOut: timedOut)
    }

    /// Runs `mixtape arguments` through `/bin/sh` after the shell `redirections` (e.g. `2>&-` to
    /// start it with stderr closed), capturing what remains of standard output and error.
    static func runInShell(_ arguments: [String], redirections: String, in directory: URL? = nil) throws -> Result {
        try run(["-c", "exec \(redirections) \"$0\" \"$@\"", binary.path] + arguments, in: directory,
                executable: URL(fileURLWithPath: "/bin/sh"))
    }

    /// Runs `mixtape arguments` and, while it has `file` open, stops it (SIGSTOP), calls `change`
    /// to modify the file, and lets it go on (SIGCONT). `changedDuringRead` says whether the
    /// change really happened while the file was open (`false`: the read finished first).
    static func runChangingFile(_ arguments: [String], in directory: URL, file: URL,
                                change: () throws -> Void) throws -> (result: Result, changedDuringRead: Bool) {
        let target = file.resolvingSymlinksInPath().path
        var changed = false
        let result = try run(arguments, in: directory, timeout: 300) { process in
            let pid = process.processIdentifier
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning && Date() < deadline {
                if hasOpen(pid: pid, path: target) {
                    kill(pid, SIGSTOP)
                    while process.isRunning && processState(pid) != "T" { usleep(100) }
                    // Stopped: if the file is still open (or mapped), the read is not over.
                    if hasOpen(pid: pid, path: target) {
                        try change()
                        changed = true
                    }
                    kill(pid, SIGCONT)
                    return
                }
                usleep(100)
            }
        }
        return (result, changed)
    }

    /// Whether process `pid` has `path` open as a descriptor or mapped into memory.
    static func hasOpen(pid: Int32, path: String) -> Bool {
        let fdDirectory = "/proc/\(pid)/fd"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: fdDirectory)) ?? [] {
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: fdDirectory + "/" + entry)) == path { return true }
        }
        let maps = (try? String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)) ?? ""
        return maps.contains(" " + path)
    }

    /// The state letter of process `pid` from `/proc/<pid>/stat` (`T` when stopped).
    static func processState(_ pid: Int32) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(close, offsetBy: 2)...].first
    }

    /// A handle writing to `path` (such as `/dev/full`), for a child's standard stream.
    static func writing(to path: String) throws -> FileHandle {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        try #require(descriptor >= 0, "cannot open \(path)")
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mixtape-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repository's copy of the Old Faithful CSV.
    static let oldFaithfulCSV = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data/old_faithful.csv")
}
