/// Which columns of a file to read, as a user writes them: `eruptions,waiting`, `1,2`, or mixed.
///
/// Each entry is resolved against the file's column names (``resolve(in:source:)``): an entry equal
/// to a column name selects that column (the first, if names repeat); otherwise an entry that is a
/// positive integer selects that 1-based column index. So `2` means the second column unless a
/// column is literally named `2`. Order is kept and repeats are allowed.
///
/// ```swift
/// let selection = try ColumnSelection(parsing: "waiting, 1")
/// try selection.resolve(in: ["eruptions", "waiting"], source: "faithful.csv")   // [1, 0]
/// ```
public struct ColumnSelection: Equatable, Sendable {
    /// The entries as written, spaces around them removed.
    public var entries: [String]

    /// A selection of the given entries (names or 1-based indices written as decimal integers).
    public init(_ entries: [String]) {
        self.entries = entries
    }

    /// Parses a comma-separated list; spaces around entries are ignored.
    /// - Throws: ``DataIOError/invalidColumnSelection(spec:reason:)`` if the list or an entry is empty.
    public init(parsing spec: String) throws(DataIOError) {
        let parts = spec.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingSpaces() }
        if spec.allSatisfy({ $0 == " " }) {
            throw .invalidColumnSelection(spec: spec, reason: "the list is empty")
        }
        if let empty = parts.firstIndex(where: { $0.isEmpty }) {
            throw .invalidColumnSelection(spec: spec, reason: "entry \(empty + 1) is empty")
        }
        self.entries = parts
    }

    /// The 0-based column indices this selection picks from a table with `columnNames`.
    /// - Parameters:
    ///   - columnNames: the table's column names, in file order.
    ///   - source: the file name used in error messages.
    /// - Throws: ``DataIOError/columnIndexOutOfRange(source:index:columnCount:)`` for an index
    ///   outside `1...columnNames.count`, ``DataIOError/unknownColumn(source:name:available:)`` for
    ///   a name no column has.
    public func resolve(in columnNames: [String], source: String) throws(DataIOError) -> [Int] {
        var indices: [Int] = []
        indices.reserveCapacity(entries.count)
        for entry in entries {
            if let named = columnNames.firstIndex(of: entry) {
                indices.append(named)
            } else if !entry.isEmpty, entry.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                guard let index = Int(entry), index >= 1, index <= columnNames.count else {
                    throw .columnIndexOutOfRange(source: source, index: Int(entry) ?? Int.max,
                                                 columnCount: columnNames.count)
                }
                indices.append(index - 1)
            } else {
                throw .unknownColumn(source: source, name: entry, available: columnNames)
            }
        }
        return indices
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
