#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a ``GradBenchSession`` over file descriptors: one message per line in, one response per
/// line out (flushed after each), until the input ends.
///
/// ```swift
/// if let error = GradBenchServer.serve() { print(error); exit(1) }   // stdin → stdout
/// ```
public enum GradBenchServer {
    /// Serves messages from `input` to `output` until end of input.
    ///
    /// `SIGPIPE` is ignored for the process (a reader that went away is a write error, not a
    /// silent death). An empty line is skipped.
    /// - Returns: `nil` at the end of input; otherwise a one-line reason the session had to stop
    ///   (a message that is not a JSON object with an integer `"id"`, a read or write error).
    public static func serve(input: Int32 = 0, output: Int32 = 1,
                             session: GradBenchSession = GradBenchSession()) -> String? {
        signal(SIGPIPE, SIG_IGN)
        var session = session
        var reader = LineReader(fd: input)
        while true {
            let line: [UInt8]?
            do { line = try reader.next() } catch { return error.description }
            guard var message = line else { return nil }
            if message.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let response: String
            do { response = try session.respond(to: &message) } catch { return error.description }
            var bytes = Array(response.utf8)
            bytes.append(0x0A)
            if let failure = writeAll(bytes, to: output) { return failure }
        }
    }

    /// Writes every byte (retrying short writes and interrupts).
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> String? {
        bytes.withUnsafeBytes { raw -> String? in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return "cannot write a response: \(String(cString: strerror(errno)))"
                }
                done += n
            }
            return nil
        }
    }
}

/// Reads `\n`-terminated lines of any length from a file descriptor (a final line without a
/// newline counts; a trailing `\r` is kept and skipped by the JSON parser as whitespace).
struct LineReader {
    let fd: Int32
    var buffer: [UInt8] = []
    var start = 0
    var atEnd = false

    init(fd: Int32) { self.fd = fd }

    struct ReadError: Error, CustomStringConvertible { let description: String }

    /// The next line without its newline, or `nil` at end of input.
    mutating func next() throws(ReadError) -> [UInt8]? {
        var searchFrom = start
        while true {
            if let nl = buffer[searchFrom...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<nl])
                start = nl + 1
                return line
            }
            searchFrom = buffer.count
            if atEnd {
                if start < buffer.count {
                    let line = Array(buffer[start...])
                    start = buffer.count
                    return line
                }
                return nil
            }
            // Drop consumed bytes before reading more.
            if start > 0 {
                buffer.removeFirst(start)
                searchFrom -= start
                start = 0
            }
            let chunk = 1 << 20
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunk) }
            if n < 0 {
                buffer.removeLast(chunk)
                if errno == EINTR { continue }
                throw ReadError(description: "cannot read a message: \(String(cString: strerror(errno)))")
            }
            buffer.removeLast(chunk - n)
            if n == 0 { atEnd = true }
        }
    }
}
