#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `bytes` to `path` so that a regular file at `path` afterwards holds either its old
/// content or all of `bytes`, never part of them; a device, FIFO or open descriptor is written in
/// place instead.
///
/// What `path` is decides how (see ``OutputTarget``):
/// - a new or existing regular file: the bytes go to a new temporary file in the same directory
///   (`.<name>.tmp-<pid>-<random>`), are flushed to disk, and the temporary file is renamed over
///   `path` (an atomic replacement on POSIX file systems); on any failure the temporary file is
///   removed. A new file gets the usual permissions (`0666` less the umask); a replaced file keeps
///   its own. A symbolic link to a regular file is followed: the link stays, its target is replaced.
/// - a device node, FIFO or socket (`/dev/null`, a named pipe): opened and written directly, so it
///   stays what it is (renaming over it would put a regular file in its place).
/// - `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: written to that open descriptor
///   at its current position. (A caller that buffers its own writes to the descriptor flushes them
///   first.)
///
/// ```swift
/// try writeAtomically(Array(json.utf8), to: "model.json")
/// ```
/// - Throws: ``DataIOError/outputDirectoryMissing(path:directory:)`` when the directory does not
///   exist, ``DataIOError/cannotWrite(path:reason:)`` when creating, writing or renaming fails (no
///   permission, disk full, `path` is a directory, …).
public func writeAtomically(_ bytes: [UInt8], to path: String) throws(DataIOError) {
    switch OutputTarget(path: path) {
    case .descriptor(let descriptor):
        if let reason = writeAll(bytes, to: descriptor) { throw .cannotWrite(path: path, reason: reason) }
    case .device(let target):
        let descriptor = open(target, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        if descriptor < 0 { throw .cannotWrite(path: path, reason: DataFile.systemMessage(errno)) }
        let failure = writeAll(bytes, to: descriptor)
        let closed = close(descriptor) == 0 ? nil : DataFile.systemMessage(errno)
        if let reason = failure ?? closed { throw .cannotWrite(path: path, reason: reason) }
    case .directory:
        throw .cannotWrite(path: path, reason: "it is a directory")
    case .regularFile(let target):
        try replaceAtomically(bytes, path: path, target: target)
    }
}

/// Writes all of `bytes` to `descriptor`, retrying short writes; the system's message on failure.
func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
    bytes.withUnsafeBytes { buffer in writeAll(buffer, to: descriptor) }
}

/// Writes all of `buffer` to `descriptor`, retrying short writes; the system's message on failure.
func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> String? {
    var written = 0
    while written < buffer.count {
        let n = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
        if n < 0 {
            if errno == EINTR { continue }
            return DataFile.systemMessage(errno)
        }
        written += n
    }
    return nil
}

/// The temporary file and rename of ``writeAtomically(_:to:)-([UInt8],_)`` for the regular file
/// `target` (`path` as the caller gave it, for messages).
func replaceAtomically(_ bytes: [UInt8], path: String, target: String) throws(DataIOError) {
    let (directory, name) = OutputTarget.splitPath(target)
    if name.isEmpty || name == "." || name == ".." {
        throw .cannotWrite(path: path, reason: "the path names a directory, not a file")
    }
    var status = stat()
    if stat(directory, &status) != 0 || status.st_mode & S_IFMT != S_IFDIR {
        throw .outputDirectoryMissing(path: path, directory: directory)
    }
    let temporary = "\(directory)/.\(name).tmp-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    if descriptor < 0 {
        throw .cannotWrite(path: path, reason: DataFile.systemMessage(errno))
    }
    var failure: DataIOError?
    // Replacing an existing file keeps its permission bits.
    var existing = stat()
    if stat(target, &existing) == 0 && existing.st_mode & S_IFMT == S_IFREG {
        _ = fchmod(descriptor, existing.st_mode & 0o7777)
    }
    if let reason = writeAll(bytes, to: descriptor) {
        failure = .cannotWrite(path: path, reason: reason)
    }
    if failure == nil && fsync(descriptor) != 0 && errno != EINVAL {
        failure = .cannotWrite(path: path, reason: DataFile.systemMessage(errno))
    }
    if close(descriptor) != 0 && failure == nil {
        failure = .cannotWrite(path: path, reason: DataFile.systemMessage(errno))
    }
    if failure == nil && rename(temporary, target) != 0 {
        failure = .cannotWrite(path: path, reason: DataFile.systemMessage(errno))
    }
    if let failure {
        unlink(temporary)
        throw failure
    }
}

/// Writes the UTF-8 encoding of `text` to `path` atomically; see ``writeAtomically(_:to:)-([UInt8],_)``.
/// - Throws: as ``writeAtomically(_:to:)-([UInt8],_)``.
public func writeAtomically(_ text: String, to path: String) throws(DataIOError) {
    try writeAtomically(Array(text.utf8), to: path)
}
