#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Tick positions (in axis coordinates: the value, or its log₁₀ on a logarithmic axis) and their
/// labels, ready to draw.
struct AxisTicks {
    var values: [Double]
    var labels: [String]

    /// Ticks for `domain` (axis coordinates) on a `scale` axis, aiming at `target` ticks.
    static func make(domain: ClosedRange<Double>, scale: AxisScale, target: Int, integersOnly: Bool = false) -> AxisTicks {
        switch scale {
        case .linear: return linear(domain: domain, target: target, integersOnly: integersOnly)
        case .logarithmic: return logarithmic(domain: domain, target: target)
        }
    }

    private static func linear(domain: ClosedRange<Double>, target: Int, integersOnly: Bool) -> AxisTicks {
        var ticks = NiceTicks(lower: domain.lowerBound, upper: domain.upperBound, targetCount: target)
        if integersOnly && ticks.step > 0 && ticks.step < 1 {
            // Integer quantities (k, iteration): never a tick at 1.5 components.
            let lo = domain.lowerBound.rounded(.up), hi = domain.upperBound.rounded(.down)
            if hi >= lo, hi - lo < 1000 { ticks = NiceTicks(integersFrom: lo, through: hi) }
        }
        let format = TickFormatter(
            step: ticks.step, largestMagnitude: max(abs(domain.lowerBound), abs(domain.upperBound)))
        return AxisTicks(values: ticks.values, labels: ticks.values.map { typographic(format.string(for: $0)) })
    }

    /// Decades when the range holds at least three powers of ten; otherwise 1-2-5 (or 1…9) multiples of powers of
    /// ten inside it.
    private static func logarithmic(domain: ClosedRange<Double>, target: Int) -> AxisTicks {
        let a = domain.lowerBound, b = domain.upperBound
        guard a.isFinite, b.isFinite, b > a, b - a < 700 else { return AxisTicks(values: [], labels: []) }
        let first = a.rounded(.up), last = b.rounded(.down)
        if last - first >= 2 {
            let decades = Int(last - first) + 1
            let every = max(1, (decades + max(2, target) - 1) / max(2, target))
            var values: [Double] = []
            var labels: [String] = []
            var e = first
            while e <= last {
                values.append(e)
                labels.append(powerOfTen(Int(e)))
                e += Double(every)
            }
            return AxisTicks(values: values, labels: labels)
        }
        for multipliers in [[1.0, 2, 5], [1.0, 2, 3, 4, 5, 6, 7, 8, 9]] {
            var values: [Double] = []
            var labels: [String] = []
            var e = a.rounded(.down)
            while e <= b.rounded(.up) {
                for m in multipliers {
                    let position = e + log10(m)
                    if position >= a - 1e-12 && position <= b + 1e-12 {
                        values.append(position)
                        labels.append(plainLabel(m, exponent: Int(e)))
                    }
                }
                e += 1
            }
            if values.count >= 3 || multipliers.count > 3 { return AxisTicks(values: values, labels: labels) }
        }
        return AxisTicks(values: [], labels: [])
    }

    /// `10` with a superscript exponent: `10⁻³`, `10⁰`, `10¹²`.
    static func powerOfTen(_ e: Int) -> String {
        let superscripts: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        var s = "10"
        if e < 0 { s.append("⁻") }
        for digit in String(e.magnitude) { s.append(superscripts[Int(String(digit))!]) }
        return s
    }

    /// `m · 10^e` written plainly (`0.002`, `50`, `3e-9` beyond fixed notation's reach).
    static func plainLabel(_ m: Double, exponent e: Int) -> String {
        if e >= -4 && e < 7 {
            return FixedPoint.format(m * pow10(e), decimals: max(0, -e))
        }
        return FixedPoint.format(m, decimals: 0) + "e" + String(e)
    }

    /// A typographic minus (U+2212) in place of a leading hyphen.
    static func typographic(_ label: String) -> String {
        label.hasPrefix("-") ? "\u{2212}" + label.dropFirst() : label
    }
}
