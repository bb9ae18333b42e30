/// A model file that cannot be read: the key at fault (when there is one) and what is wrong with it.
///
/// ```
/// "weights" must have shape [2] (n_components 2), but has shape [2, 1]
/// ```
public struct ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The key whose value is wrong, or `nil` for the file as a whole (not JSON, not an object).
    public let key: String?
    /// What is wrong, as a phrase that follows the quoted key.
    public let reason: String

    /// An error about `key` (or the whole file when `nil`).
    public init(key: String?, reason: String) {
        self.key = key
        self.reason = reason
    }

    /// One line: `"key" reason`, or the reason alone.
    public var description: String {
        guard let key else { return reason }
        return "\"\(key)\" \(reason)"
    }
}
