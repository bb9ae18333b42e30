/// One field of a record as text: quotes removed, `""` turned into `"`.
struct CSVField {
    /// Offset of the field's first byte in the input (for error line numbers).
    var offset: Int
    var bytes: [UInt8]
    var quoted: Bool
}

/// One record: its fields and where the next record starts.
struct CSVRecord {
    var fields: [CSVField]
    var next: Int
    /// Whether the record ended because the bytes ran out rather than at a line end: in a window
    /// of a larger input it may go on in the bytes after.
    var reachedEnd: Bool
}
