import Autodiff

/// A problem with an expression or with the values given for it, located in the text it refers
/// to: a one-line ``description`` naming where (`expression, column 7: …`, `--at, column 3: …`)
/// and a ``caretDiagram`` that shows the text with a caret under the column.
///
/// ``category`` tells a command-line tool which exit status to use: ``Category/usage`` for
/// input the user typed wrongly (a syntax error, an unknown name, a missing value; exit 64),
/// ``Category/evaluation`` for a computation that could not produce its result (exit 1).
///
/// ```swift
/// do { _ = try ComputationGraph(parsing: "sinn(x)") } catch {
///     print(error)   // expression, column 1: unknown function 'sinn' (did you mean 'sin'?)
/// }
/// ```
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Category: Sendable, Equatable {
        /// Malformed or inconsistent input (exit status 64 in the CLI).
        case usage
        /// A computation that failed (exit status 1 in the CLI).
        case evaluation
    }

    /// Usage or evaluation.
    public let category: Category
    /// What went wrong, without the location (`"unknown function 'sinn' (did you mean 'sin'?)"`).
    public let message: String
    /// What the column refers to: `"expression"`, or an option such as `"--at"`.
    public let source: String
    /// The 1-based column (in Unicode scalars) in ``text``, or `nil` when no column applies.
    public let column: Int?
    /// The text the column is in.
    public let text: String?

    /// An error located at `column` of `text` (the text of `source`).
    public init(_ category: Category, _ message: String, source: String, column: Int? = nil, text: String? = nil) {
        self.category = category
        self.message = message
        self.source = source
        self.column = column
        self.text = text
    }

    /// One line: `source, column c: message` (or `source: message` without a column).
    public var description: String {
        if let column { return "\(source), column \(column): \(message)" }
        return "\(source): \(message)"
    }

    /// Two lines, the text (a window of at most 72 characters around the column, with `…` where
    /// it is cut) and a caret under the column; `nil` when there is no column or no text to show.
    ///
    /// ```
    ///   x1*(x2 + sin(x1)
    ///      ^
    /// ```
    public var caretDiagram: String? {
        guard let column, let text, text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { return nil }
        let scalars = Array(text.unicodeScalars).map { $0 == "\n" || $0 == "\t" || $0 == "\r" ? " " : $0 }
        let index = Swift.max(0, Swift.min(column - 1, scalars.count))
        let width = 72
        var start = 0, end = scalars.count
        if scalars.count > width {
            start = Swift.max(0, Swift.min(index - width / 2, scalars.count - width))
            end = Swift.min(scalars.count, start + width)
        }
        var line = start > 0 ? "…" : ""
        line.unicodeScalars.append(contentsOf: scalars[start..<end])
        if end < scalars.count { line += "…" }
        let caretOffset = index - start + (start > 0 ? 1 : 0)
        return "  " + line + "\n  " + String(repeating: " ", count: caretOffset) + "^"
    }
}
