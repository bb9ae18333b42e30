/// Where a chart puts its legend.
public enum LegendPlacement: Sendable, Hashable {
    /// Inside the plot, in the corner that covers the fewest data; outside (right of the plot)
    /// when every corner would cover more than 1 % of the points.
    case automatic
    /// Always inside, in the least crowded corner.
    case inside
    /// Right of the plot area; the picture grows wider by the legend's width (the plot area keeps
    /// its size). Use it for sequences of charts that must share one layout (``SnapshotPage``
    /// does).
    case outside
    /// No legend.
    case hidden
}
