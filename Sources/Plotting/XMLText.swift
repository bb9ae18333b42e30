/// Escaping of text for XML and HTML output.
///
/// Every string that comes from a caller (titles, axis names, legend entries, captions) passes
/// through ``XMLText/escape(_:)`` before it is written, so a column called `a<b & "c"` cannot break
/// the document.
public enum XMLText {
    /// Returns `text` with the five XML special characters replaced by entities:
    /// `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`, `"` → `&quot;`, `'` → `&#39;`.
    ///
    /// Characters that XML 1.0 forbids outright (C0 controls other than tab, newline and carriage
    /// return) are replaced by U+FFFD, so the result is always well-formed.
    ///
    /// - Complexity: O(n) in the length of `text`.
    ///
    /// ```swift
    /// XMLText.escape("a < b & c") // "a &lt; b &amp; c"
    /// ```
    public static func escape(_ text: String) -> String {
        var needsWork = false
        for byte in text.utf8 where byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needsWork = true
            break
        }
        if !needsWork { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
