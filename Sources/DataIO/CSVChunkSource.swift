/// Where ``CSVRowParser`` gets its bytes: the offsets of the data rows, the line starts to cut
/// chunks at, a scan per chunk, and the parse of a chunk into its region of the result.
protocol CSVChunkSource: Sendable {
    /// Offset of the first data row.
    var dataStart: Int { get }
    /// Offset just past the last byte.
    var dataEnd: Int { get }
    /// The offset just after the first line feed at or after `offset`, or ``dataEnd``.
    func lineStart(atOrAfter offset: Int) -> Result<Int, CSVRecordFailure>
    /// The number of line ends in `from..<to`, and whether a `"` occurs there.
    func scan(from: Int, to: Int) -> Result<(lineEnds: Int, hasQuote: Bool), CSVRecordFailure>
    /// Parses the rows in `from..<to` (a chunk) into `output`; returns their number (at most `maxRows`).
    func parse(from: Int, to: Int, with parser: CSVRowParser, into output: UnsafeMutablePointer<Double>,
               maxRows: Int) -> Result<Int, CSVRecordFailure>
}
