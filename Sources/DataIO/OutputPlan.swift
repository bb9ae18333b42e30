#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The files a command reads and writes, checked up front so that no output replaces an input or
/// another output.
///
/// Files are compared by ``FileIdentity`` (device and inode), so `data.csv`, `./data.csv`, a
/// symbolic link to it and a hard link to it are all the same file. An output that does not exist
/// yet is identified by its directory's identity and its name, so two new outputs with the same
/// path (spelled differently or not) are caught too. Only regular files and not-yet-existing paths
/// take part: devices, FIFOs and open descriptors (`/dev/null`, `/dev/stdout`) are written in place
/// and may be named more than once. Standard input counts as an input and standard output as an
/// output when they are regular files (`< data.csv`, `> out.txt`).
///
/// ```swift
/// var plan = OutputPlan()
/// plan.addInput("data.csv", role: "the data file")
/// try plan.addOutput("model.json", role: "--output")
/// try plan.addOutput("data.csv", role: "--labels")   // throws .outputConflict
/// ```
public struct OutputPlan: Sendable {
    /// A file as outputs and inputs are compared: an existing file, or a name in a directory.
    enum Key: Hashable, Sendable {
        case file(FileIdentity)
        case entry(directory: FileIdentity, name: String)
    }

    struct Entry: Sendable {
        var key: Key
        var path: String
        var role: String
        /// For an input: the output roles that may replace it (a model updated in place).
        var replaceableBy: [String] = []
    }

    private(set) var inputs: [Entry] = []
    private(set) var outputs: [Entry] = []

    /// An empty plan.
    public init() {}

    /// Adds an input: a path, or `-` for standard input. One that is not a regular file (or does
    /// not exist) takes no part in the checks. The outputs whose role is in `replaceableBy` may be
    /// this same file: the input is read whole before anything is written and the output replaces it
    /// atomically, as when a warm-started model is written back to its own file.
    public mutating func addInput(_ path: String, role: String, replaceableBy: [String] = []) {
        let regular = path == "-" ? FileIdentity.isRegularFile(descriptor: 0) : FileIdentity.isRegularFile(path)
        guard regular, let identity = path == "-" ? FileIdentity(descriptor: 0) : FileIdentity(path: path) else { return }
        inputs.append(Entry(key: .file(identity), path: path == "-" ? "" : path, role: path == "-" ? "standard input" : role,
                            replaceableBy: replaceableBy))
    }

    /// Adds standard output as an output when it is a regular file.
    /// - Throws: as ``addOutput(_:role:)``.
    public mutating func addStandardOutput() throws(DataIOError) {
        guard FileIdentity.isRegularFile(descriptor: 1), let identity = FileIdentity(descriptor: 1) else { return }
        try add(Entry(key: .file(identity), path: "", role: "standard output"))
    }

    /// Adds an output and checks it against the inputs and the outputs added before.
    /// - Throws: ``DataIOError/outputConflict(output:role:other:otherRole:otherIsInput:)``.
    public mutating func addOutput(_ path: String, role: String) throws(DataIOError) {
        guard let key = Self.key(forOutput: path) else { return }
        try add(Entry(key: key, path: path, role: role))
    }

    /// Checks an output decided later (a file inside an output folder) without adding it.
    /// - Throws: as ``addOutput(_:role:)``.
    public func check(_ path: String, role: String) throws(DataIOError) {
        guard let key = Self.key(forOutput: path) else { return }
        try check(Entry(key: key, path: path, role: role))
    }

    private mutating func add(_ entry: Entry) throws(DataIOError) {
        try check(entry)
        outputs.append(entry)
    }

    private func check(_ entry: Entry) throws(DataIOError) {
        if let input = inputs.first(where: { $0.key == entry.key && !$0.replaceableBy.contains(entry.role) }) {
            throw .outputConflict(output: entry.path, role: entry.role, other: input.path, otherRole: input.role,
                                  otherIsInput: true)
        }
        if let output = outputs.first(where: { $0.key == entry.key }) {
            throw .outputConflict(output: entry.path, role: entry.role, other: output.path, otherRole: output.role,
                                  otherIsInput: false)
        }
    }

    /// What writing `path` would replace: an existing regular file (links followed), or a new name
    /// in an existing directory; `nil` for descriptors, devices, FIFOs and unwritable places.
    static func key(forOutput path: String) -> Key? {
        guard case .regularFile(let target) = OutputTarget(path: path) else { return nil }
        if FileIdentity.isRegularFile(target), let identity = FileIdentity(path: target) { return .file(identity) }
        let (directory, name) = OutputTarget.splitPath(target)
        guard let parent = FileIdentity(path: directory) else { return nil }
        return .entry(directory: parent, name: name)
    }
}
