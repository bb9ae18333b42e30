import Autodiff

/// How the programs, tables and JSON write numbers: the shortest decimal that reads back as the
/// same `Double` (`0.8414709848078965`), integers without a fraction (`2`, `-3`), and `inf`,
/// `-inf`, `nan` for the non-finite values.
///
/// ```swift
/// NumberText.format(2.0)     // "2"
/// NumberText.format(0.1)     // "0.1"
/// NumberText.format(1e-16)   // "1e-16"
/// ```
public enum NumberText {
    /// The shortest round-trip form of `x`.
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return x.sign == .minus ? "-0" : "0" }
        if x == x.rounded() && Swift.abs(x) < 1e16 { return String(Int64(x)) }
        return x.description
    }

    /// `x` as a JSON value: the shortest round-trip number, or `null` when it is not finite (JSON
    /// has no infinities or NaN).
    public static func json(_ x: Double) -> String {
        x.isFinite ? (x == 0 ? "0" : format(x)) : "null"
    }

    /// `x` to `digits` significant digits, plainly (`0.841471`, `2`, `-3.5`) between 1e-4 and
    /// 1e7, else in scientific notation (`1.23457e-05`); trailing zeros dropped.
    public static func significant(_ x: Double, digits: Int = 6) -> String {
        if !x.isFinite || x == 0 { return format(x) }
        let d = Swift.max(1, Swift.min(digits, 15))
        let magnitude = Swift.abs(x)
        if magnitude >= 1e-4 && magnitude < 1e7 {
            let e = Int(magnitude.exponentOfTen)
            let decimals = Swift.max(0, d - 1 - e)
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            let rounded = (x * scale).rounded() / scale
            var text = format(rounded)
            if text.contains("e") { return scientific(x, digits: d) }
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
            return text
        }
        var s = scientific(x, digits: d)
        if let e = s.firstIndex(of: "e"), s[..<e].contains(".") {
            var mantissa = String(s[..<e])
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
            s = mantissa + s[e...]
        }
        return s
    }

    /// `x` with `digits` (1…15) significant digits in scientific notation (`1.23e-05`), for
    /// tables whose columns should line up.
    public static func scientific(_ x: Double, digits: Int = 3) -> String {
        if !x.isFinite { return format(x) }
        let d = Swift.max(1, Swift.min(digits, 15))
        if x == 0 { return (d > 1 ? "0." + String(repeating: "0", count: d - 1) : "0") + "e+00" }
        var exponent = Int(Swift.abs(x).exponentOfTen)
        // |x| / 10^exponent in [1, 10), by repeated scaling (exact enough for display, and no
        // overflow of 10^exponent at the ends of the range).
        var m = Swift.abs(x)
        for _ in 0..<Swift.abs(exponent) { if exponent > 0 { m /= 10 } else { m *= 10 } }
        var scaled = 1.0
        for _ in 1..<d { scaled *= 10 }
        var integer = Int64((m * scaled).rounded())
        if Double(integer) >= scaled * 10 { integer = Int64((Double(integer) / 10).rounded()); exponent += 1 }
        var text = String(integer)
        if d > 1 { text.insert(".", at: text.index(after: text.startIndex)) }
        let e = Swift.abs(exponent)
        return (x < 0 ? "-" : "") + text + "e" + (exponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + String(e)
    }
}

extension Double {
    /// ⌊log₁₀ |self|⌋ for finite nonzero values, exact at powers of ten.
    var exponentOfTen: Double {
        var e = 0
        var p = 1.0
        let x = Swift.abs(self)
        if x >= 1 {
            while p * 10 <= x && e < 400 { p *= 10; e += 1 }
        } else {
            while p > x && e > -400 { p /= 10; e -= 1 }
        }
        return Double(e)
    }
}
