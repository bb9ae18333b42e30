#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `bytes` to `path` so that `path` afterwards holds either its old content or all of
/// `bytes`, never part of them.
///
/// The bytes go to a new temporary file in the same directory (`.<name>.tmp-<pid>-<random>`),
/// are flushed to disk, and the temporary file is renamed over `path` (an atomic replacement on
/// POSIX file systems). On any failure the temporary file is removed. A new file gets the usual
/// permissions (`0666` less the umask); a replaced file keeps its own.
///
/// ```swift
/// try writeAtomically(Array(json.utf8), to: "model.json")
/// ```
/// - Throws: ``DataIOError/outputDirectoryMissing(path:directory:)`` when the directory does not
///   exist, ``DataIOError/cannotWrite(path:reason:)`` when creating, writing or renaming fails (no
///   permission, disk full, `path` is a directory, …).
public func writeAtomically(_ bytes: [UInt8], to path: String) throws(DataIOError) {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
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
    if stat(path, &existing) == 0 && existing.st_mode & S_IFMT == S_IFREG {
        _ = fchmod(descriptor, existing.st_mode & 0o7777)
    }
    bytes.withUnsafeBytes { buffer in
        var written = 0
        while written < buffer.count {
            let n = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                failure = .cannotWrite(path: path, reason: DataFile.systemMessage(errno))
                return
            }
            written += n
        }
    }
    if failure == nil && fsync(descriptor) != 0 && errno != EINVAL {
        failure = .cannotWrite(path: path, reason: DataFile.systemMessage(errno))
    }
    if close(descriptor) != 0 && failure == nil {
        failure = .cannotWrite(path: path, reason: DataFile.systemMessage(errno))
    }
    if failure == nil && rename(temporary, path) != 0 {
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
