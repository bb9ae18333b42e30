/// Tick positions for an axis by the 1-2-5 rule (Heckbert, "Nice numbers for graph labels",
/// Graphics Gems, 1990): the step is 1, 2 or 5 times a power of ten, and ticks are the multiples of
/// the step that lie in the axis range.
///
/// Ticks are computed as `k · step` for integers `k`, never by repeated addition, so they carry no
/// accumulated rounding (`0.30000000000000004` does not happen; the formatter rounds the rest).
///
/// ```swift
/// let ticks = NiceTicks(lower: 1.6, upper: 5.1)
/// ticks.step   // 0.5
/// ticks.values // [2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]
/// ```
public struct NiceTicks: Sendable, Equatable {
    /// Distance between neighbouring ticks: 1, 2 or 5 · 10^e.
    public let step: Double
    /// Tick positions, increasing, all within `lower...upper` (up to a relative 1e-9 of the step).
    public let values: [Double]

    /// Ticks inside `lower...upper`, aiming at about `targetCount` of them.
    ///
    /// The step is `niceNumber((upper − lower) / (targetCount − 1), rounding: true)`, so the count
    /// lands between roughly `targetCount / 2` and `targetCount · 1.5`, and no gap at either end
    /// of the range is as wide as a step. The bounds may come in either order. A zero-width or
    /// non-finite range gives a single tick (or none) and `step` 0.
    ///
    /// - Complexity: O(number of ticks).
    public init(lower: Double, upper: Double, targetCount: Int = 6) {
        let lo = min(lower, upper)
        let hi = max(lower, upper)
        guard lo.isFinite, hi.isFinite else {
            self.step = 0
            self.values = []
            return
        }
        guard hi > lo else {
            self.step = 0
            self.values = [lo]
            return
        }
        let target = max(2, targetCount)
        let step = NiceTicks.niceNumber((hi - lo) / Double(target - 1), rounding: true)
        let slack = step * 1e-9
        let first = ((lo - slack) / step).rounded(.up)
        let last = ((hi + slack) / step).rounded(.down)
        guard step > 0, step.isFinite, last >= first, last - first < 1000,
            lo + step > lo  // step below the resolution of the bounds: ticks would repeat.
        else {
            // The range is wider than Double can subtract, or narrower than it can resolve.
            let width = hi - lo
            self.step = width.isFinite ? width : 0
            self.values = [lo, hi]
            return
        }
        var values: [Double] = []
        values.reserveCapacity(Int(last - first) + 1)
        var k = first
        while k <= last {
            let v = k * step
            values.append(v == 0 ? 0 : v)  // no -0
            k += 1
        }
        self.step = step
        self.values = values
    }

    /// Heckbert's nice number: the value 1, 2, 5 or 10 times a power of ten that is nearest to `x`
    /// (`rounding: true`, thresholds 1.5, 3, 7) or the smallest such value ≥ `x` (`rounding: false`).
    ///
    /// Returns 0 for non-positive or non-finite `x`.
    ///
    /// ```swift
    /// NiceTicks.niceNumber(0.7, rounding: true)  // 0.5
    /// NiceTicks.niceNumber(0.7, rounding: false) // 1.0
    /// ```
    public static func niceNumber(_ x: Double, rounding: Bool) -> Double {
        guard x > 0, x.isFinite else { return 0 }
        let exponent = Int(floorLog10(x))
        let power = pow10(exponent)
        let fraction = x / power
        let nice: Double
        if rounding {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }

    /// Heckbert's "loose" labelling: the smallest range with nice ends (multiples of a nice step)
    /// that contains `lower...upper`. Useful to pin several charts to one common, round range.
    ///
    /// ```swift
    /// NiceTicks.looseRange(lower: 1.6, upper: 5.1) // 1.0...6.0 (step 1)
    /// ```
    public static func looseRange(lower: Double, upper: Double, targetCount: Int = 6) -> ClosedRange<Double> {
        let lo = min(lower, upper)
        let hi = max(lower, upper)
        guard lo.isFinite, hi.isFinite, hi > lo else { return AxisDomain.nonDegenerate(lo, hi) }
        let range = niceNumber(hi - lo, rounding: false)
        let step = niceNumber(range / Double(max(2, targetCount) - 1), rounding: true)
        let a = (lo / step).rounded(.down) * step
        let b = (hi / step).rounded(.up) * step
        guard a.isFinite, b.isFinite, b > a else { return lo...hi }
        return a...b
    }
}

extension NiceTicks {
    /// Every integer from `lower` through `upper` (both integral, `lower ≤ upper`), step 1.
    init(integersFrom lower: Double, through upper: Double) {
        var values: [Double] = []
        var k = lower
        while k <= upper {
            values.append(k == 0 ? 0 : k)
            k += 1
        }
        self.step = 1
        self.values = values
    }
}
