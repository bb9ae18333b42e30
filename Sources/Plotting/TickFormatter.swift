/// Formats the values of one axis's ticks consistently: the same number of decimals for every tick,
/// chosen from the tick step, or scientific notation for very large or very small magnitudes.
///
/// - `step 0.5`, ticks `1.5, 2, 2.5` → `"1.5"`, `"2.0"`, `"2.5"`
/// - `step 20`, ticks `40, 60` → `"40"`, `"60"`
/// - `step 2e-6`, ticks up to `1e-5` → `"2.0e-6"`, `"4.0e-6"`, `"1.0e-5"` (one mantissa precision
///   for the whole axis); `step 5e8` → `"5.0e8"`, `"1.0e9"`, `"1.5e9"`
/// - zero is `"0"` in scientific notation and has the axis's decimals in fixed (`"0.0"`), never
///   `"-0"`.
///
/// ```swift
/// let f = TickFormatter(step: 0.25, largestMagnitude: 3)
/// f.string(for: 1.5) // "1.50"
/// ```
public struct TickFormatter: Sendable, Equatable {
    /// Decimals for fixed notation, or for the mantissa in scientific notation.
    public let decimals: Int
    /// Whether values are written as `m e p` (scientific) rather than fixed.
    public let scientific: Bool

    /// Chooses a format for ticks spaced `step` apart whose largest absolute value is
    /// `largestMagnitude`.
    ///
    /// Fixed notation is used when `1e-4 ≤ step` and `largestMagnitude < 1e7`; otherwise scientific.
    /// A non-finite or non-positive step gives fixed notation with up to 6 significant decimals.
    public init(step: Double, largestMagnitude: Double) {
        guard step.isFinite, step > 0 else {
            self.decimals = 3
            self.scientific = false
            return
        }
        let exponent = Int(floorLog10(step))
        let magnitude = largestMagnitude.isFinite ? abs(largestMagnitude) : 0
        if step >= 1e-4 && magnitude < 1e7 {
            // Nice steps are 1, 2 or 5 · 10^e (plus 2.5 · 10^e): one more decimal for 2.5.
            let mantissa = step / pow10(exponent)
            let extra = abs(mantissa - mantissa.rounded()) > 1e-6 ? 1 : 0
            self.decimals = max(0, -exponent + extra)
            self.scientific = false
        } else {
            // Mantissa decimals so that neighbouring ticks differ in the printed mantissa.
            let top = Int(floorLog10(max(magnitude, step)))
            self.decimals = max(0, min(6, top - exponent))
            self.scientific = true
        }
    }

    /// The label for `value`.
    public func string(for value: Double) -> String {
        guard value.isFinite else { return "" }
        if !scientific { return FixedPoint.format(value, decimals: decimals) }
        if value == 0 { return "0" }
        var exponent = Int(floorLog10(abs(value)))
        var mantissa = value / pow10(exponent)
        // Rounding the mantissa may carry it to 10 (9.996 → "10.0"): renormalise.
        let rounded = Double(FixedPoint.format(abs(mantissa), decimals: decimals)) ?? abs(mantissa)
        if rounded >= 10 {
            exponent += 1
            mantissa /= 10
        }
        return FixedPoint.format(mantissa, decimals: decimals) + "e" + String(exponent)
    }
}

/// `floor(log10(x))` for positive finite `x`, exact at powers of ten (where `log10` can be off by
/// one ulp).
func floorLog10(_ x: Double) -> Double {
    guard x > 0, x.isFinite else { return 0 }
    var e = 0
    var p = 1.0
    if x >= 1 {
        while p * 10 <= x && e < 400 { p *= 10; e += 1 }
    } else {
        while p > x && e > -400 { p /= 10; e -= 1 }
    }
    return Double(e)
}

/// `10^e` for integer `e`, by repeated multiplication (exact for 0 ≤ e ≤ 22, correctly rounded
/// for -22 ≤ e < 0).
func pow10(_ e: Int) -> Double {
    if e < 0 { return 1 / pow10(-e) }
    var p = 1.0
    for _ in 0..<e { p *= 10 }
    return p
}
