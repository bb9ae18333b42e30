import Foundation
import Mixtape

/// The standard streams, handled as a careful Unix tool handles them.
///
/// - Standard output is buffered and every write is checked (``DescriptorWriter``): a failed write
///   (`> /dev/full`, a closed descriptor) makes the command exit with status 1 and a message, and a
///   reader that goes away (`| head -1`) ends the command quietly through `SIGPIPE`, as it ends
///   `cat` or `seq`.
/// - Standard error is written directly and its failures are ignored: a closed or full stderr
///   never stops a command or changes its exit status.
/// - `SIGPIPE` is ignored while the command runs, so that a broken stderr pipe is an ignored error
///   rather than the end of the process; standard output's broken pipe is re-raised as `SIGPIPE`.
/// - Descriptors 0–2 that are closed when the command starts are reopened on `/dev/null`, so no
///   file the command opens can take their place (a closed standard output is still reported
///   when the command writes to it).
enum Terminal {
    /// Standard output, checked; line by line on a terminal.
    static let output = DescriptorWriter(descriptor: 1, flushEachLine: isatty(1) != 0)

    /// Prepares the standard streams; called once, first thing in `main`.
    static func prepareStandardStreams() {
        signal(SIGPIPE, SIG_IGN)
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            // `open` returns the lowest free descriptor: this one, since the lower ones are open.
            _ = open("/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY)
            if descriptor == 1 { output.fail(code: EBADF) }
        }
    }

    /// Writes `text` to standard output; ends the process quietly if its reader has gone away.
    static func write(_ text: String) {
        output.write(text)
        if output.failure == .brokenPipe { endOnBrokenPipe() }
    }

    /// Writes out what standard output holds (before another writer uses descriptor 1, and at exit).
    static func flushOutput() {
        output.flush()
        if output.failure == .brokenPipe { endOnBrokenPipe() }
    }

    /// One error line on stderr.
    static func error(_ message: String) {
        writeStandardError("mixtape: error: \(message)\n")
    }

    /// A progress or status line on stderr.
    static func note(_ message: String) {
        writeStandardError("\(message)\n")
    }

    /// Text on stderr as it is (a progress line that rewrites itself).
    static func progress(_ text: String) {
        writeStandardError(text)
    }

    /// Writes to descriptor 2, ignoring every failure: stderr must never stop a command.
    static func writeStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var written = 0
            while written < buffer.count {
                let n = Foundation.write(2, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                written += n
            }
        }
        bytes.removeAll()
    }

    /// Ends the command with `status` after writing out standard output; a failed standard output
    /// turns success into status 1 with a message (and a broken pipe into a quiet `SIGPIPE`).
    static func exit(_ status: Int32) -> Never {
        output.flush()
        switch output.failure {
        case .brokenPipe where status == 0:
            endOnBrokenPipe()
        case .failed(_, let message) where status == 0:
            error("cannot write to standard output (\(message)); the output is incomplete")
            Foundation.exit(1)
        default:
            Foundation.exit(status)
        }
    }

    /// Ends the process by `SIGPIPE`, as a Unix filter ends when the reader of its output goes
    /// away: no message, and the shell sees the signal (status 141).
    static func endOnBrokenPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        Foundation.exit(128 + SIGPIPE)  // only if SIGPIPE is blocked
    }

    /// Whether stderr is a terminal (progress display).
    static var stderrIsTerminal: Bool { isatty(2) != 0 }
}

/// The command's standard output. Inside this module `print` is this function, not the standard
/// library's, so that every line goes through ``Terminal/write(_:)`` and is checked.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Terminal.write(items.map { "\($0)" }.joined(separator: separator) + terminator)
}
