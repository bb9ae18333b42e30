/// The decision regions of a 2-D classifier: a grid of cells shaded by the class predicted there,
/// with the labelled points drawn over it — the picture of what a trained classifier (a
/// multilayer perceptron, say) has learned.
///
/// The classifier is evaluated by the caller, cell by cell; the chart only draws. Cell (r, c)
/// covers x ∈ [x₀ + c·Δx, x₀ + (c+1)·Δx], y ∈ [y₀ + r·Δy, y₀ + (r+1)·Δy] of
/// ``xDomain`` × ``yDomain`` (row 0 at the bottom). Degenerate input never puts `nan` or `inf`
/// into the SVG: non-finite points are skipped, a grid whose size does not match
/// ``rows``·``columns`` is not drawn (a note says so), negative classes are left unshaded.
///
/// - Complexity: O(rows·columns + n); adjacent cells of one class in a row are drawn as one
///   rectangle, so the output is O(rows·boundary crossings + n).
///
/// ```swift
/// var plot = DecisionRegionPlot(regions: classes, rows: 100, columns: 100,
///                               xDomain: -1.5...2.5, yDomain: -1...1.5,
///                               x: xs, y: ys, labels: labels)
/// plot.title = "Two moons, MLP 2–16–16–2"
/// let svg = plot.svg()
/// ```
public struct DecisionRegionPlot: Sendable {
    /// The predicted class of every cell, row-major, row 0 at the bottom (lowest y).
    public var regions: [Int]
    /// Cells along y.
    public var rows: Int
    /// Cells along x.
    public var columns: Int
    /// The horizontal range the grid covers (also the chart's).
    public var xDomain: ClosedRange<Double>
    /// The vertical range the grid covers (also the chart's).
    public var yDomain: ClosedRange<Double>
    /// Point coordinates; only the first `min(x.count, y.count)` are drawn.
    public var x: [Double]
    /// Point coordinates.
    public var y: [Double]
    /// Each point's true class (colour and shape); points beyond `labels.count` are grey.
    public var labels: [Int]
    /// Legend names per class (default "Class 1", …).
    public var classNames: [String]?
    /// Title above the chart.
    public var title: String?
    /// Second line under the title.
    public var subtitle: String?
    /// Horizontal axis title.
    public var xTitle: String?
    /// Vertical axis title.
    public var yTitle: String?
    /// Size, fonts and palette.
    public var style = ChartStyle()
    /// Opacity of the shaded regions (the points are opaque).
    public var regionOpacity = 0.28

    /// A plot of `regions` (rows × columns over the domains) with the labelled points.
    public init(regions: [Int], rows: Int, columns: Int, xDomain: ClosedRange<Double>, yDomain: ClosedRange<Double>,
                x: [Double], y: [Double], labels: [Int]) {
        self.regions = regions
        self.rows = rows
        self.columns = columns
        self.xDomain = xDomain
        self.yDomain = yDomain
        self.x = x
        self.y = y
        self.labels = labels
    }

    /// Whether the grid is drawable: positive dimensions matching `regions.count`.
    public var hasValidGrid: Bool {
        rows > 0 && columns > 0 && rows <= 100_000 && columns <= 100_000 && regions.count == rows * columns
    }

    /// The chart as a standalone SVG document. Regions are `<rect class="region" data-class="k">`
    /// elements inside `<g class="regions">`, points are in `<g class="points" data-label="k">` groups.
    public func svg() -> String {
        let palette = style.palette
        let domainX = xDomain.lowerBound.isFinite && xDomain.upperBound.isFinite ? xDomain : 0...1
        let domainY = yDomain.lowerBound.isFinite && yDomain.upperBound.isFinite ? yDomain : 0...1
        let legendEntries = entries()
        let legend = Legend(entries: legendEntries)
        let canvas = ChartCanvas(
            style: style, hasTitle: !(title ?? "").isEmpty, hasSubtitle: !(subtitle ?? "").isEmpty,
            hasXTitle: !(xTitle ?? "").isEmpty, hasYTitle: !(yTitle ?? "").isEmpty,
            xDomain: domainX, yDomain: domainY,
            rightReserve: legendEntries.isEmpty ? 0 : legend.width(fontSize: style.clampedFontSize) + 12)
        let f = FixedPoint.coordinate
        var regionGroup = SVGElement("g", ["class": "regions", "fill-opacity": FixedPoint.format(regionOpacity, decimals: 3, trim: true),
                                           "stroke": "none", "shape-rendering": "crispEdges"])
        if hasValidGrid {
            let x0 = canvas.xDomain.lowerBound, y0 = canvas.yDomain.lowerBound
            let dx = (canvas.xDomain.upperBound - x0) / Double(columns)
            let dy = (canvas.yDomain.upperBound - y0) / Double(rows)
            for r in 0..<rows {
                // One pixel-exact band per row; runs of one class become one rectangle.
                let top = canvas.py(y0 + Double(r + 1) * dy), bottom = canvas.py(y0 + Double(r) * dy)
                var c = 0
                while c < columns {
                    let k = regions[r * columns + c]
                    var end = c + 1
                    while end < columns && regions[r * columns + end] == k { end += 1 }
                    if k >= 0 {
                        let left = canvas.px(x0 + Double(c) * dx), right = canvas.px(x0 + Double(end) * dx)
                        regionGroup.children.append(SVGElement("rect", [
                            "class": "region", "data-class": String(k), "x": f(left), "y": f(top),
                            "width": f(right - left), "height": f(bottom - top), "fill": palette.color(at: k).svg,
                        ]))
                    }
                    c = end
                }
            }
        }
        var byLabel: [Int: [Int]] = [:]
        let n = min(x.count, y.count)
        for i in 0..<n where x[i].isFinite && y[i].isFinite {
            byLabel[i < labels.count && labels[i] >= 0 ? labels[i] : -1, default: []].append(i)
        }
        var occupied: [(x: Double, y: Double)] = []
        var groups: [SVGElement] = []
        let radius = n <= 600 ? 3.4 : n <= 5000 ? 2.4 : 1.5
        for label in byLabel.keys.sorted() {
            let color = label < 0 ? Color.gray : palette.color(at: label)
            let shape = label < 0 ? MarkerShape.circle : MarkerShape.forCategory(label, cycleLength: palette.colors.count)
            var group = SVGElement("g", ["class": "points", "data-label": String(label), "fill": color.svg,
                                         "stroke": "#ffffff", "stroke-width": "0.7"])
            for i in byLabel[label]! {
                let p = (x: canvas.clampPixel(canvas.px(x[i])), y: canvas.clampPixel(canvas.py(y[i])))
                occupied.append(p)
                group.children.append(shape.element(x: p.x, y: p.y, size: radius))
            }
            groups.append(group)
        }
        var children = canvas.background()
        children.append(canvas.plotArea([regionGroup] + groups, class: "plot-area"))
        if !hasValidGrid {
            children.append(canvas.note("region grid has \(regions.count) cells, expected \(rows)×\(columns)"))
        }
        children += canvas.axes(title: title, subtitle: subtitle, xTitle: xTitle, yTitle: yTitle)
        if let placed = legend.element(in: canvas, avoiding: occupied, outside: true) { children.append(placed.element) }
        return canvas.document(children, accessibleTitle: title ?? "Decision regions")
    }

    /// One legend row per class present among the points or regions.
    private func entries() -> [Legend.Entry] {
        var present = Set(labels.filter { $0 >= 0 })
        if hasValidGrid { present.formUnion(regions.filter { $0 >= 0 }) }
        let cycle = style.palette.colors.count
        return present.sorted().prefix(64).map { k in
            let name = classNames.flatMap { k < $0.count ? $0[k] : nil } ?? "Class \(k + 1)"
            return Legend.Entry(symbol: .marker(.forCategory(k, cycleLength: cycle), style.palette.color(at: k)), label: name)
        }
    }
}
