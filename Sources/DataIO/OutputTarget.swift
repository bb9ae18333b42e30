#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What writing to an output path means, decided before anything is written.
///
/// - ``descriptor(_:)``: `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N` — an open
///   descriptor of this process, written directly at its current position (reopening it could
///   truncate what was already written there, and renaming over it would replace a system link).
/// - ``device(path:)``: an existing device node, FIFO or socket (`/dev/null`, a named pipe), opened
///   and written directly: it stays what it is.
/// - ``regularFile(path:)``: a new or existing regular file, written atomically (a temporary file
///   in the same directory, then a rename). A symbolic link to a regular file is followed, so the
///   link stays and its target gets the new content; `path` is then the target.
///
/// ```swift
/// OutputTarget(path: "/dev/null")    // .device(path: "/dev/null")
/// OutputTarget(path: "model.json")   // .regularFile(path: "model.json")
/// ```
public enum OutputTarget: Equatable, Sendable {
    /// An open descriptor of this process.
    case descriptor(Int32)
    /// A device, FIFO or socket to open and write in place.
    case device(path: String)
    /// A regular file (existing or not) to replace atomically; symbolic links resolved.
    case regularFile(path: String)
    /// An existing directory: not writable as a file.
    case directory(path: String)

    /// Classifies `path` (see the type's description).
    public init(path: String) {
        if let descriptor = Self.descriptorNumber(path), fcntl(descriptor, F_GETFD) != -1 {
            self = .descriptor(descriptor)
            return
        }
        var link = stat()
        guard lstat(path, &link) == 0 else {
            self = .regularFile(path: path)  // does not exist yet
            return
        }
        var target = stat()
        guard stat(path, &target) == 0 else {
            self = .regularFile(path: path)  // a dangling link: replaced by the new file
            return
        }
        switch target.st_mode & S_IFMT {
        case S_IFREG:
            if link.st_mode & S_IFMT == S_IFLNK, let resolved = realpath(path, nil) {
                defer { free(resolved) }
                self = .regularFile(path: String(cString: resolved))
            } else {
                self = .regularFile(path: path)
            }
        case S_IFDIR:
            self = .directory(path: path)
        default:
            self = .device(path: path)
        }
    }

    /// `N` for `/dev/fd/N` and `/proc/self/fd/N`, 0–2 for `/dev/stdin`, `/dev/stdout`, `/dev/stderr`.
    static func descriptorNumber(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdin": return 0
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                let digits = path.dropFirst(prefix.count)
                guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
                return Int32(digits)
            }
            return nil
        }
    }

    /// Checks, before any work is done, that the output can be written: a descriptor open for
    /// writing, a device or FIFO this process may write, or a regular file whose directory exists
    /// and is writable.
    /// - Throws: ``DataIOError/outputDirectoryMissing(path:directory:)``,
    ///   ``DataIOError/cannotWrite(path:reason:)``.
    public static func checkWritable(_ path: String) throws(DataIOError) {
        switch OutputTarget(path: path) {
        case .descriptor(let descriptor):
            let flags = fcntl(descriptor, F_GETFL)
            if flags == -1 || flags & O_ACCMODE == O_RDONLY {
                throw .cannotWrite(path: path, reason: "descriptor \(descriptor) is not open for writing")
            }
        case .device(let target):
            if access(target, W_OK) != 0 { throw .cannotWrite(path: path, reason: DataFile.systemMessage(errno)) }
        case .directory:
            throw .cannotWrite(path: path, reason: "it is a directory")
        case .regularFile(let target):
            let (directory, name) = splitPath(target)
            if name.isEmpty || name == "." || name == ".." {
                throw .cannotWrite(path: path, reason: "the path names a directory, not a file")
            }
            var status = stat()
            if stat(directory, &status) != 0 || status.st_mode & S_IFMT != S_IFDIR {
                throw .outputDirectoryMissing(path: path, directory: directory)
            }
            if access(directory, W_OK) != 0 {
                throw .cannotWrite(path: path, reason: "the directory \(directory) is not writable")
            }
        }
    }

    /// The directory part (`.` when there is none) and the last component of `path`.
    static func splitPath(_ path: String) -> (directory: String, name: String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return (directory, name)
    }
}
