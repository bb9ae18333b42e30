import Autodiff

/// "Did you mean …?": the known name nearest to a misspelt one.
///
/// Distance is the optimal-string-alignment edit distance (insertions, deletions, substitutions
/// and swaps of neighbours each cost 1), case-insensitive, with a small table of common aliases
/// from other tools (`ln` → `log`, `arcsin` → `asin`, `sqr` → `sqrt`, `power` → `pow`, …).
///
/// ```swift
/// NameSuggestion.nearest(to: "sinn", in: ["sin", "cos"])   // "sin"
/// ```
public enum NameSuggestion {
    /// Names other tools use for the language's functions.
    static let aliases: [String: String] = [
        "ln": "log", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arctan2": "atan2", "sqr": "sqrt",
        "power": "pow", "fabs": "abs", "log1plus": "log1p", "minimum": "min", "maximum": "max", "norm": "hypot", "Pi": "pi", "PI": "pi", "E": "e",
    ]

    /// Functions of other tools that the language does not have, with the formula to write instead.
    public static let rewrites: [String: String] = [
        "asinh": "log(x + sqrt(x^2 + 1))", "acosh": "log(x + sqrt(x^2 - 1))", "atanh": "0.5*log((1 + x)/(1 - x))",
        "log10": "log(x)/log(10)", "log2": "log(x)/log(2)", "exp2": "2^x", "cbrt": "x^(1/3) (x ≥ 0)",
        "sec": "1/cos(x)", "csc": "1/sin(x)", "cot": "1/tan(x)", "sign": "x/abs(x)",
    ]

    /// The candidate nearest to `name`, if one is close enough to be a plausible misspelling
    /// (distance ≤ 1 for names of up to 3 characters, ≤ 2 up to 6, ≤ 3 beyond); ties go to the
    /// earlier candidate. An alias (`ln`) suggests its counterpart when that is a candidate.
    ///
    /// - Complexity: O(Σ |name|·|candidate|).
    public static func nearest(to name: String, in candidates: [String]) -> String? {
        if let alias = aliases[name], candidates.contains(alias) { return alias }
        // One-letter names are too short for a misspelling to be recognisable.
        guard name.count > 1 else { return nil }
        let limit = name.count <= 3 ? 1 : (name.count <= 6 ? 2 : 3)
        var best: (String, Int)?
        for candidate in candidates where candidate != name {
            let d = distance(name.lowercased(), candidate.lowercased())
            if d <= limit && (best == nil || d < best!.1) { best = (candidate, d) }
        }
        return best?.0
    }

    /// The optimal-string-alignment distance between `a` and `b`.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previous2 = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var d = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1] { d = Swift.min(d, previous2[j - 2] + 1) }
                current[j] = d
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[t.count]
    }
}
