/// How data values map to positions along an axis.
public enum AxisScale: Sendable, Hashable {
    /// Position proportional to the value.
    case linear
    /// Position proportional to log₁₀ of the value (error against step size, timings over
    /// decades). Values ≤ 0 cannot be placed and are treated as missing. Ticks are at powers of
    /// ten, labelled `10⁻³`, or at 1-2-5 multiples when fewer than three powers of ten are in range.
    case logarithmic
}
