/// Why a text is not valid JSON: what was found, and where (1-based line and column, counted in
/// bytes, and the 0-based byte offset).
///
/// ```
/// line 3, column 14: expected ',' or '}' after an object member
/// ```
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, as a phrase.
    public let reason: String
    /// The 1-based line of the problem.
    public let line: Int
    /// The 1-based column (in bytes) of the problem.
    public let column: Int
    /// The 0-based byte offset of the problem.
    public let offset: Int

    /// An error from its parts.
    public init(reason: String, line: Int, column: Int, offset: Int) {
        self.reason = reason
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `line L, column C: reason`.
    public var description: String { "line \(line), column \(column): \(reason)" }
}
