#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An input opened for reading: a regular file, read by offset (`pread`) into the caller's
/// buffers, or a stream (standard input, a pipe, a terminal, a device such as `/dev/zero`), read to
/// its end into memory up to a limit.
///
/// Nothing is memory-mapped, so a file truncated by another process while it is read gives a
/// short read — reported as ``DataIOError/changedWhileReading(path:)`` — never SIGBUS, and no
/// byte the parser sees can change under it. The file's size, modification and change times are
/// kept from the moment it was opened; ``checkUnchanged()`` compares them with the file's state
/// after the read, which catches a file rewritten in place or extended meanwhile.
///
/// The descriptor is closed when the value goes away (standard input is left open). Every stored
/// property is immutable and `pread` takes its offset per call, so threads may read one
/// `InputFile` at once.
final class InputFile: Sendable {
    /// The path as given (`-` for standard input).
    let path: String
    let descriptor: Int32
    private let ownsDescriptor: Bool
    /// The file's status when it was opened.
    let opened: stat

    /// Opens `path` (`-`: standard input) for reading.
    /// - Throws: ``DataIOError/fileNotFound(path:)``, ``DataIOError/notAFile(path:)`` for a
    ///   directory, ``DataIOError/unreadable(path:reason:)``.
    init(path: String) throws(DataIOError) {
        self.path = path
        var status = stat()
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
            if fstat(0, &status) != 0 {
                throw .unreadable(path: DataFile.sourceName(path), reason: DataFile.systemMessage(errno))
            }
        } else {
            // Open first and ask the descriptor, so what is checked is what is read.
            let opened = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
            if opened < 0 {
                let code = errno
                if code == ENOENT || code == ENOTDIR { throw .fileNotFound(path: path) }
                if code == EISDIR { throw .notAFile(path: path) }
                throw .unreadable(path: path, reason: DataFile.systemMessage(code))
            }
            if fstat(opened, &status) != 0 {
                let code = errno
                close(opened)
                throw .unreadable(path: path, reason: DataFile.systemMessage(code))
            }
            if status.st_mode & S_IFMT == S_IFDIR {
                close(opened)
                throw .notAFile(path: path)
            }
            descriptor = opened
            ownsDescriptor = true
        }
        self.opened = status
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The name used in messages: the path, or `<stdin>`.
    var source: String { DataFile.sourceName(path) }

    /// Whether the input is a regular file (readable by offset, of known size).
    var isRegular: Bool { opened.st_mode & S_IFMT == S_IFREG }

    /// The size of a regular file when it was opened.
    var size: Int { Int(opened.st_size) }

    /// Reads up to `count` bytes at byte `offset` into `buffer`: all of them, or fewer only where
    /// the file ends.
    /// - Throws: ``DataIOError/unreadable(path:reason:)``.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(DataIOError) -> Int {
        var done = 0
        while done < count {
            let got = pread(descriptor, buffer + done, count - done, off_t(offset + done))
            if got < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: source, reason: DataFile.systemMessage(errno))
            }
            if got == 0 { break }
            done += got
        }
        return done
    }

    /// Reads exactly `count` bytes at `offset`, which lie within the size the file had when it was
    /// opened; fewer means it has been truncated since.
    /// - Throws: ``DataIOError/changedWhileReading(path:)``, ``DataIOError/unreadable(path:reason:)``.
    func readExactly(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(DataIOError) {
        if try read(into: buffer, count: count, at: offset) < count {
            throw .changedWhileReading(path: source)
        }
    }

    /// `count` bytes at `offset` (see ``readExactly(into:count:at:)``) as an array.
    func bytes(count: Int, at offset: Int) throws(DataIOError) -> [UInt8] {
        var failure: DataIOError?
        let bytes = [UInt8](unsafeUninitializedCapacity: Swift.max(count, 1)) { buffer, initialized in
            do throws(DataIOError) {
                try readExactly(into: UnsafeMutableRawPointer(buffer.baseAddress!), count: count, at: offset)
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Fails if the file's size, modification time or change time differ from when it was opened
    /// (for a regular file; streams have nothing to compare).
    /// - Throws: ``DataIOError/changedWhileReading(path:)``.
    func checkUnchanged() throws(DataIOError) {
        guard isRegular else { return }
        var now = stat()
        if fstat(descriptor, &now) != 0 {
            throw .unreadable(path: source, reason: DataFile.systemMessage(errno))
        }
        if now.st_size != opened.st_size || !Self.sameTimes(now, opened) {
            throw .changedWhileReading(path: source)
        }
    }

    static func sameTimes(_ a: stat, _ b: stat) -> Bool {
        #if canImport(Darwin)
        return a.st_mtimespec.tv_sec == b.st_mtimespec.tv_sec && a.st_mtimespec.tv_nsec == b.st_mtimespec.tv_nsec
            && a.st_ctimespec.tv_sec == b.st_ctimespec.tv_sec && a.st_ctimespec.tv_nsec == b.st_ctimespec.tv_nsec
        #else
        return a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec
            && a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec
        #endif
    }

    /// Whether the input is read by offset: a regular file named by its path. (Standard input is
    /// always read as a stream, from wherever its position is, even when it is a regular file.)
    var isSeekable: Bool { isRegular && path != "-" }

    /// All bytes of the input. A regular file is read at its size when opened (and checked
    /// unchanged afterwards); a stream is read until it ends.
    /// - Throws: ``DataIOError/inputTooLarge(source:size:limit:)`` past `maxBytes` (a regular file
    ///   before anything is read, a stream as soon as it goes past), and as ``read(into:count:at:)``
    ///   and ``checkUnchanged()``.
    func readAll(maxBytes: Int) throws(DataIOError) -> [UInt8] {
        guard isSeekable else { return try readStreamToEnd(maxBytes: maxBytes) }
        guard size <= maxBytes else { throw .inputTooLarge(source: source, size: size, limit: maxBytes) }
        let bytes = try bytes(count: size, at: 0)
        try checkUnchanged()
        return bytes
    }

    /// Reads a stream with `read(2)` until it ends or `maxBytes` is exceeded.
    private func readStreamToEnd(maxBytes: Int) throws(DataIOError) -> [UInt8] {
        // Grow by doubling, but never past one byte beyond the limit (that byte proves the input
        // is over it).
        var capacity = Swift.min(1 << 16, maxBytes &+ 1)
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var count = 0
        while true {
            if count == capacity {
                if count > maxBytes { throw .inputTooLarge(source: source, size: nil, limit: maxBytes) }
                let larger = Swift.min(capacity <= Int.max / 2 ? capacity * 2 : Int.max, maxBytes &+ 1)
                let grown = UnsafeMutableRawPointer.allocate(byteCount: larger, alignment: 16)
                grown.copyMemory(from: buffer, byteCount: count)
                buffer.deallocate()
                buffer = grown
                capacity = larger
            }
            let got = try readStream(into: buffer + count, count: capacity - count)
            if got == 0 { break }
            count += got
        }
        if count > maxBytes { throw .inputTooLarge(source: source, size: nil, limit: maxBytes) }
        return [UInt8](UnsafeRawBufferPointer(start: buffer, count: count))
    }

    /// One `read(2)` into `buffer` (retried on EINTR): the bytes it gave, 0 at the end.
    private func readStream(into buffer: UnsafeMutableRawPointer, count: Int) throws(DataIOError) -> Int {
        while true {
            let got = readFromDescriptor(descriptor, buffer, count)
            if got >= 0 { return got }
            if errno != EINTR { throw .unreadable(path: source, reason: DataFile.systemMessage(errno)) }
        }
    }
}

/// POSIX `read(2)`, named apart so the calls above are unambiguous.
private func readFromDescriptor(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
