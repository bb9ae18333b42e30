/// Axis ranges for data: padding, and sensible ranges for degenerate data. A range may span
/// nearly all of `Double` (its width overflowing); every consumer works with half-widths.
enum AxisDomain {
    /// A range with positive width and finite ends for any input: non-finite ends give `0...1`; a
    /// single value `v` gives `v ± 10 %·|v|` (or `v ± 1` at zero).
    static func nonDegenerate(_ lower: Double, _ upper: Double) -> ClosedRange<Double> {
        guard lower.isFinite, upper.isFinite else { return 0...1 }
        let lo = min(lower, upper)
        let hi = max(lower, upper)
        let scale = max(abs(lo), abs(hi))
        // Compare halves: hi − lo itself may overflow for ends near ±Double.greatestFiniteMagnitude.
        let halfWidth = hi / 2 - lo / 2
        if halfWidth > scale * 0.5e-12 && halfWidth > Double.leastNormalMagnitude * 1e3 {
            return lo...hi
        }
        let mid = lo / 2 + hi / 2
        let half = mid == 0 ? 1 : abs(mid) * 0.1
        return (mid - half)...(mid + half)
    }

    /// `range` widened by `fraction` of its width on each side, made non-degenerate first.
    static func padded(_ lower: Double, _ upper: Double, fraction: Double) -> ClosedRange<Double> {
        let base = nonDegenerate(lower, upper)
        let pad = (base.upperBound / 2 - base.lowerBound / 2) * (2 * fraction)
        let lo = base.lowerBound - pad
        let hi = base.upperBound + pad
        guard lo.isFinite, hi.isFinite else { return base }
        return lo...hi
    }
}
