#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A buffered writer to a file descriptor (standard output, typically) that checks every write.
///
/// The first failure is kept (``failure``) and every later write is dropped, so a command can stop
/// early on a closed pipe and report a full disk at the end, instead of trapping (as
/// `FileHandle.write` does) or ignoring the error (as `print` does). Text is buffered up to
/// `bufferCapacity` bytes, or written line by line with `flushEachLine` (for a terminal); call
/// ``flush()`` before exiting and before anything else writes to the same descriptor.
///
/// The writer does not change how the process handles `SIGPIPE`: with the default action a write
/// to a closed pipe ends the process; with `SIGPIPE` ignored it fails with ``Failure/brokenPipe``.
///
/// ```swift
/// let out = DescriptorWriter(descriptor: 1)
/// out.write("label\n")
/// out.flush()
/// if let failure = out.failure { … }   // e.g. .failed(code: ENOSPC, message: "No space left on device")
/// ```
public final class DescriptorWriter: Sendable {
    /// Why writing stopped.
    public enum Failure: Equatable, Sendable {
        /// The reading end of the pipe was closed (`EPIPE`), as when the output goes to `head -1`.
        case brokenPipe
        /// Any other write error: `code` is the `errno` value, `message` the system's text.
        case failed(code: Int32, message: String)
    }

    struct State {
        var buffer: [UInt8] = []
        var failure: Failure?
    }

    /// The descriptor written to.
    public let descriptor: Int32
    private let capacity: Int
    private let flushEachLine: Bool
    private let state = Mutex(State())

    /// A writer to `descriptor`, holding up to `bufferCapacity` bytes before writing them, or
    /// writing at every line end when `flushEachLine` is set.
    public init(descriptor: Int32, bufferCapacity: Int = 1 << 16, flushEachLine: Bool = false) {
        self.descriptor = descriptor
        capacity = Swift.max(1, bufferCapacity)
        self.flushEachLine = flushEachLine
    }

    /// The first failure, if writing has failed.
    public var failure: Failure? { state.withLock { $0.failure } }

    /// Marks the writer failed with `code` before anything is written (for a descriptor that was
    /// found closed when the process started); later writes are dropped.
    public func fail(code: Int32) {
        state.withLock { state in
            if state.failure == nil { state.failure = Self.failure(code) }
        }
    }

    /// Appends the UTF-8 bytes of `text`, writing the buffer out when it is full (or at a line end
    /// with `flushEachLine`). Does nothing once a write has failed.
    public func write(_ text: String) {
        state.withLock { state in
            guard state.failure == nil else { return }
            state.buffer.append(contentsOf: text.utf8)
            if state.buffer.count >= capacity || (flushEachLine && state.buffer.last == UInt8(ascii: "\n")) {
                drain(&state)
            }
        }
    }

    /// Writes out everything buffered.
    public func flush() {
        state.withLock { drain(&$0) }
    }

    private func drain(_ state: inout State) {
        guard state.failure == nil, !state.buffer.isEmpty else {
            state.buffer.removeAll(keepingCapacity: true)
            return
        }
        let code: Int32? = state.buffer.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let n = systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += n
            }
            return nil
        }
        state.buffer.removeAll(keepingCapacity: true)
        if let code { state.failure = Self.failure(code) }
    }

    static func failure(_ code: Int32) -> Failure {
        code == EPIPE ? .brokenPipe : .failed(code: code, message: DataFile.systemMessage(code))
    }
}

/// POSIX `write(2)`, named apart from ``DescriptorWriter/write(_:)``.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
