/// Size, fonts and colours shared by every chart.
///
/// ```swift
/// var style = ChartStyle()
/// style.width = 960
/// style.palette = .tableau10
/// ```
public struct ChartStyle: Sendable, Hashable {
    /// Width of the whole picture, in SVG user units (pixels). Values below 200 are raised to 200.
    public var width: Double = 720
    /// Height of the whole picture, in pixels. Values below 150 are raised to 150.
    public var height: Double = 540
    /// CSS font-family list for all text.
    public var fontFamily: String = "Helvetica, Arial, 'Liberation Sans', sans-serif"
    /// Size of tick labels and legend text, in pixels; axis titles are 1.1×, the chart title 1.3×.
    public var fontSize: Double = 13
    /// Category colours (clusters, components, series).
    public var palette: Palette = .okabeIto
    /// Whether to draw light grid lines at the ticks.
    public var showsGrid: Bool = true

    /// The default style: 720 × 540 pixels, 13 px Helvetica-like text, Okabe–Ito colours, grid on.
    public init() {}

    var clampedWidth: Double { width.isFinite ? max(200, min(width, 20_000)) : 720 }
    var clampedHeight: Double { height.isFinite ? max(150, min(height, 20_000)) : 540 }
    var clampedFontSize: Double { fontSize.isFinite ? max(6, min(fontSize, 48)) : 13 }
}
