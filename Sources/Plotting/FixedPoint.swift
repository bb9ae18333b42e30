/// Decimal formatting of `Double` without Foundation: fixed decimals and scientific notation.
///
/// Plotting is dependency-free (no Foundation), so it cannot use `String(format:)`; these are the
/// two shapes tick labels and SVG coordinates need.
enum FixedPoint {
    /// `value` rounded to `decimals` places, with trailing zeros kept (`format(2.5, 2) == "2.50"`)
    /// unless `trim` is set (`"2.5"`). Never prints `-0`; non-finite values print as `"0"` — callers
    /// filter them before, this is the last line of defence against `nan` in an SVG.
    ///
    /// Exact for `|value| · 10^decimals < 2^53`; beyond that it falls back to Swift's shortest
    /// round-trip description.
    static func format(_ value: Double, decimals: Int, trim: Bool = false) -> String {
        guard value.isFinite else { return "0" }
        let d = max(0, min(decimals, 15))
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        let scaled = (value * scale).rounded()
        guard abs(scaled) < 9.0e15 else { return value.description }
        let integer = Int64(scaled)
        if integer == 0 { return trim || d == 0 ? "0" : "0." + String(repeating: "0", count: d) }
        var digits = String(integer.magnitude)
        if d > 0 {
            if digits.count <= d {
                digits = String(repeating: "0", count: d - digits.count + 1) + digits
            }
            let cut = digits.index(digits.endIndex, offsetBy: -d)
            var fraction = String(digits[cut...])
            if trim {
                while fraction.last == "0" { fraction.removeLast() }
            }
            digits = String(digits[..<cut]) + (fraction.isEmpty ? "" : "." + fraction)
        }
        return integer < 0 ? "-" + digits : digits
    }

    /// A pixel coordinate: two decimals, trailing zeros trimmed (`"12.5"`, `"3"`).
    static func coordinate(_ value: Double) -> String {
        format(value, decimals: 2, trim: true)
    }
}
