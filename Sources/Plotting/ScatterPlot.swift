#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A scatter plot of 2-D data, points coloured by cluster label, with each mixture component's mean
/// and covariance ellipses (1σ and 2σ by default) drawn over them: the classic picture of a
/// Gaussian mixture fitted by EM.
///
/// Everything is configured through properties; ``svg()`` renders. Degenerate input never puts
/// `nan` or `inf` into the SVG: non-finite points and components are skipped, a single repeated
/// point gets a range around it, and no data at all gives a framed chart with ``emptyMessage``.
///
/// The axis ranges (unless set in ``xDomain``/``yDomain``) cover all points, means and ellipses,
/// plus 5 % padding — except that overlays are only followed up to one data-width beyond the
/// points on each side, so one runaway component (huge variance) cannot shrink the data to a dot;
/// what lies beyond is clipped at the frame.
///
/// ```swift
/// var plot = ScatterPlot(x: eruptions, y: waiting, labels: labels)
/// plot.xTitle = "eruptions"
/// plot.yTitle = "waiting"
/// plot.components = [ScatterPlot.Component(meanX: 2.04, meanY: 54.5,
///                    covariance: .init(xx: 0.069, xy: 0.435, yy: 33.7), weight: 0.356)]
/// let svg = plot.svg()
/// ```
public struct ScatterPlot: Sendable {
    /// Horizontal coordinates. Only the first `min(x.count, y.count)` points are drawn.
    public var x: [Double]
    /// Vertical coordinates.
    public var y: [Double]
    /// Optional cluster label per point (0-based; point `i` gets colour `labels[i]`, the same as
    /// component `labels[i]`). Negative labels, and points beyond `labels.count`, are drawn grey as
    /// "unassigned". Without labels the points take the first palette colour, or neutral grey
    /// when components are drawn (whose colours then carry the meaning).
    public var labels: [Int]?
    /// Components to overlay (mean, ellipses, legend entry). Component `k` uses colour `k`.
    public var components: [Component] = []
    /// Mahalanobis radii of the ellipses drawn for each component with a covariance. The first is
    /// drawn solid, the others dashed.
    public var ellipseRadii: [Double] = [1, 2]
    /// Title above the chart.
    public var title: String?
    /// Second line under the title (e.g. "k = 2, full covariance, iteration 5").
    public var subtitle: String?
    /// Horizontal axis title, typically the column name.
    public var xTitle: String?
    /// Vertical axis title, typically the column name.
    public var yTitle: String?
    /// Fixed horizontal range; `nil` computes it (see ``automaticDomains()``). Fix it to keep
    /// several charts (EM snapshots) on the same axes.
    public var xDomain: ClosedRange<Double>?
    /// Fixed vertical range; `nil` computes it.
    public var yDomain: ClosedRange<Double>?
    /// Size, fonts and palette.
    public var style = ChartStyle()
    /// At most this many points are drawn; above it every m-th point is drawn (deterministic
    /// stride) and a note says so. Keeps a plot of 10⁶ rows a few MB instead of 100.
    public var maximumPointCount = 20_000
    /// Shown in the plot area when there is nothing to draw.
    public var emptyMessage = "No data to plot"
    /// Where the legend goes.
    public var legendPlacement = LegendPlacement.automatic

    /// A scatter plot of the points (`x[i]`, `y[i]`), optionally labelled by cluster.
    public init(x: [Double], y: [Double], labels: [Int]? = nil) {
        self.x = x
        self.y = y
        self.labels = labels
    }

    /// Number of points considered: `min(x.count, y.count)`.
    public var pointCount: Int { min(x.count, y.count) }

    /// The ranges the chart uses when ``xDomain``/``yDomain`` are `nil`: the bounding box of the
    /// finite points, the means and the largest ellipses (overlays followed at most one data-width
    /// beyond the points), padded by 5 % on each side. Always finite with positive width.
    ///
    /// - Complexity: O(n + k·r) for n points, k components and r radii.
    public func automaticDomains() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        var px = Bounds(), py = Bounds()
        for i in 0..<pointCount where x[i].isFinite && y[i].isFinite {
            px.add(x[i])
            py.add(y[i])
        }
        var ox = Bounds(), oy = Bounds()
        let rMax = ellipseRadii.filter { $0.isFinite }.map(abs).max() ?? 0
        for c in components where c.meanX.isFinite && c.meanY.isFinite {
            ox.add(c.meanX)
            oy.add(c.meanY)
            if rMax > 0, let e = c.ellipse(radius: rMax) {
                if (c.meanX - e.halfWidth).isFinite && (c.meanX + e.halfWidth).isFinite {
                    ox.add(c.meanX - e.halfWidth)
                    ox.add(c.meanX + e.halfWidth)
                }
                if (c.meanY - e.halfHeight).isFinite && (c.meanY + e.halfHeight).isFinite {
                    oy.add(c.meanY - e.halfHeight)
                    oy.add(c.meanY + e.halfHeight)
                }
            }
        }
        func combine(_ data: Bounds, _ overlay: Bounds) -> ClosedRange<Double> {
            guard let d = data.range else {
                guard let o = overlay.range else { return 0...1 }
                return AxisDomain.padded(o.lowerBound, o.upperBound, fraction: 0.05)
            }
            let base = AxisDomain.nonDegenerate(d.lowerBound, d.upperBound)
            var lo = base.lowerBound, hi = base.upperBound
            if let o = overlay.range {
                let w = hi - lo
                lo = min(lo, max(o.lowerBound, base.lowerBound - w))
                hi = max(hi, min(o.upperBound, base.upperBound + w))
            }
            return AxisDomain.padded(lo, hi, fraction: 0.05)
        }
        return (combine(px, ox), combine(py, oy))
    }

    /// The chart as a standalone SVG document (UTF-8 text, no XML declaration, no `id`s).
    ///
    /// Structure, for tools and tests: points are children of `<g class="points">` groups (one per
    /// label), ellipses are `<ellipse class="ellipse">` (a `<line class="ellipse">` when the
    /// covariance is singular), means are `<g class="mean">`.
    ///
    /// - Complexity: O(n + k·r), output about 60 bytes per drawn point.
    public func svg() -> String {
        switch legendPlacement {
        case .inside: return render(legendOutside: false, showLegend: true).svg
        case .outside: return render(legendOutside: true, showLegend: true).svg
        case .hidden: return render(legendOutside: false, showLegend: false).svg
        case .automatic:
            let inside = render(legendOutside: false, showLegend: true)
            return inside.crowded ? render(legendOutside: true, showLegend: true).svg : inside.svg
        }
    }

    /// Renders with the legend inside (best corner) or outside; `crowded` says whether the inside
    /// legend covers more than max(2, 1 %) of the drawn points and ellipse outlines.
    private func render(legendOutside: Bool, showLegend: Bool) -> (svg: String, crowded: Bool) {
        let entries = showLegend ? legendEntries() : []
        let legend = Legend(entries: entries)
        let auto = (xDomain == nil || yDomain == nil) ? automaticDomains() : nil
        let canvas = ChartCanvas(
            style: style, hasTitle: !(title ?? "").isEmpty, hasSubtitle: !(subtitle ?? "").isEmpty,
            hasXTitle: !(xTitle ?? "").isEmpty, hasYTitle: !(yTitle ?? "").isEmpty,
            xDomain: xDomain ?? auto!.x, yDomain: yDomain ?? auto!.y,
            rightReserve: legendOutside && !entries.isEmpty ? legend.width(fontSize: style.clampedFontSize) + 12 : 0)
        let palette = style.palette
        let n = pointCount
        let limit = max(1, maximumPointCount)
        let stride = n > limit ? (n + limit - 1) / limit : 1
        let drawn = (n + stride - 1) / stride
        let radius = drawn <= 600 ? 3.6 : drawn <= 5000 ? 2.6 : 1.6

        // Points, grouped by label so each group carries its colour once.
        var byLabel: [Int: [Int]] = [:]
        var finiteCount = 0
        var i = 0
        while i < n {
            if x[i].isFinite && y[i].isFinite {
                finiteCount += 1
                var label = -1
                if let labels, i < labels.count, labels[i] >= 0 { label = labels[i] }
                byLabel[label, default: []].append(i)
            }
            i += stride
        }
        var occupied: [(x: Double, y: Double)] = []
        var pointGroups: [SVGElement] = []
        for label in byLabel.keys.sorted() {
            // Unlabelled data alone takes the first palette colour; beside labels or components
            // (whose colours carry meaning) it is neutral grey.
            let plain = label < 0 && labels == nil && components.isEmpty
            let color = plain ? palette.color(at: 0) : label < 0 ? Color.gray : palette.color(at: label)
            let shape = label < 0 ? MarkerShape.circle : MarkerShape.forCategory(label, cycleLength: palette.colors.count)
            var group = SVGElement(
                "g",
                [
                    "class": "points", "data-label": String(label), "fill": color.svg, "fill-opacity": "0.72",
                    "stroke": "#ffffff", "stroke-width": "0.6",
                ])
            group.children.reserveCapacity(byLabel[label]!.count)
            for j in byLabel[label]! {
                let p = (x: canvas.clampPixel(canvas.px(x[j])), y: canvas.clampPixel(canvas.py(y[j])))
                occupied.append(p)
                group.children.append(shape.element(x: p.x, y: p.y, size: radius))
            }
            pointGroups.append(group)
        }

        // Ellipses and means.
        let radii = ellipseRadii.filter { $0.isFinite && $0 > 0 }
        var ellipses: [SVGElement] = []
        var means: [SVGElement] = []
        for (k, c) in components.enumerated() where c.meanX.isFinite && c.meanY.isFinite {
            let dark = palette.color(at: k).mixed(with: .black, fraction: 0.25)
            let cx = canvas.clampPixel(canvas.px(c.meanX)), cy = canvas.clampPixel(canvas.py(c.meanY))
            if let cov = c.covariance, cov.isFinite {
                for (ri, r) in radii.enumerated().reversed() {
                    guard let shape = pixelEllipse(cov, radius: r, canvas: canvas) else { continue }
                    var attributes: [(String, String)] = [("stroke", dark.svg), ("stroke-width", ri == 0 ? "2.2" : "1.8")]
                    if let dash = ScatterPlot.dashPattern(ri) { attributes.append(("stroke-dasharray", dash)) }
                    var element: SVGElement
                    let f = FixedPoint.coordinate
                    if shape.minor < 0.05 {
                        // Singular covariance: the ellipse is a segment along the major axis.
                        let dx = shape.major * cos(shape.angle), dy = shape.major * sin(shape.angle)
                        element = SVGElement(
                            "line", ["class": "ellipse", "x1": f(cx - dx), "y1": f(cy - dy), "x2": f(cx + dx), "y2": f(cy + dy)])
                        if shape.major < 0.05 { continue }
                    } else {
                        element = SVGElement(
                            "ellipse",
                            [
                                "class": "ellipse", "cx": f(cx), "cy": f(cy), "rx": f(shape.major), "ry": f(shape.minor),
                                "transform": "rotate(\(f(shape.angle * 180 / Double.pi)) \(f(cx)) \(f(cy)))",
                            ])
                    }
                    element.setAttribute("data-component", String(k))
                    element.setAttribute("data-radius", FixedPoint.format(r, decimals: 3, trim: true))
                    element.setAttribute("fill", "none")
                    for (name, value) in attributes { element.setAttribute(name, value) }
                    ellipses.append(element)
                    for t in 0..<24 {
                        let a = Double(t) * Double.pi / 12
                        let u = shape.major * cos(a), v = shape.minor * sin(a)
                        occupied.append(
                            (cx + u * cos(shape.angle) - v * sin(shape.angle), cy + u * sin(shape.angle) + v * cos(shape.angle)))
                    }
                }
            }
            occupied.append((cx, cy))
            means.append(
                SVGElement(
                    "g", ["class": "mean", "data-component": String(k)],
                    children: MeanMarker.elements(x: cx, y: cy, size: 6, color: dark)))
        }

        var children = canvas.background()
        children.append(canvas.plotArea(pointGroups + ellipses + means, class: "plot-area"))
        if finiteCount == 0 && means.isEmpty { children.append(canvas.message(emptyMessage)) }
        if stride > 1 {
            children.append(canvas.note("showing \(drawn) of \(n) points (1 in \(stride))"))
        }
        children += canvas.axes(title: title, subtitle: subtitle, xTitle: xTitle, yTitle: yTitle)
        var crowded = false
        if let placed = legend.element(in: canvas, avoiding: occupied, outside: legendOutside) {
            children.append(placed.element)
            crowded = placed.covered > max(2, occupied.count / 100)
        }
        return (canvas.document(children, accessibleTitle: title ?? "Scatter plot"), crowded)
    }

    /// Legend rows: one per component (name, weight), one per further label present, the mean
    /// marker, and one per ellipse radius.
    private func legendEntries() -> [Legend.Entry] {
        var entries: [Legend.Entry] = []
        let palette = style.palette
        let cycle = palette.colors.count
        let radii = ellipseRadii.filter { $0.isFinite && $0 > 0 }
        var present = Set<Int>()
        for i in 0..<pointCount where x[i].isFinite && y[i].isFinite {
            if let labels, i < labels.count, labels[i] >= 0 { present.insert(labels[i]) } else { present.insert(-1) }
        }
        for (k, c) in components.enumerated() {
            var label = c.name ?? "Component \(k + 1)"
            if let w = c.weight, w.isFinite { label += " (weight \(FixedPoint.format(w, decimals: 3)))" }
            entries.append(.init(symbol: .marker(.forCategory(k, cycleLength: cycle), palette.color(at: k)), label: label))
        }
        for label in present.sorted() where label >= components.count || label < 0 {
            if label < 0 {
                if !present.contains(where: { $0 >= 0 }) && components.isEmpty { continue }  // one plain series
                entries.append(.init(symbol: .marker(.circle, .gray), label: labels == nil ? "data" : "unassigned"))
            } else {
                entries.append(
                    .init(symbol: .marker(.forCategory(label, cycleLength: cycle), palette.color(at: label)), label: "Cluster \(label + 1)"))
            }
        }
        if components.contains(where: { $0.meanX.isFinite && $0.meanY.isFinite }) {
            entries.append(.init(symbol: .cross(Color(hex: 0x4D4D4D)), label: "mean"))
        }
        if components.contains(where: { c in radii.contains { c.ellipse(radius: $0).map { $0.semiMajor > 0 } ?? false } }) {
            for (ri, r) in radii.enumerated() {
                entries.append(
                    .init(
                        symbol: .line(Color(hex: 0x4D4D4D), dash: ScatterPlot.dashPattern(ri), marker: nil),
                        label: "\(FixedPoint.format(r, decimals: 2, trim: true))σ ellipse"))
            }
        }
        return entries
    }

    /// The stroke pattern of the ellipse at position `index` in ``ellipseRadii``: solid, dashed,
    /// then dotted.
    static func dashPattern(_ index: Int) -> String? {
        index == 0 ? nil : index == 1 ? "7 4" : "2 3"
    }

    /// The ellipse of `covariance` at `radius` in pixel space: semi-axes and angle (radians, pixel
    /// coordinates, y down), or `nil` if not finite. The data → pixel map is `diag(sx, −sy)`, so the
    /// pixel-space matrix is `D Σ D`; it is scaled by its largest entry first so that huge variances
    /// cannot overflow, and the semi-axes are capped at 10⁶ px (far beyond any frame).
    private func pixelEllipse(_ covariance: SymmetricMatrix2x2, radius: Double, canvas: ChartCanvas)
        -> (major: Double, minor: Double, angle: Double)?
    {
        let t = max(abs(covariance.xx), abs(covariance.xy), abs(covariance.yy))
        guard t > 0, t.isFinite else { return t == 0 ? (0, 0, 0) : nil }
        let sx = canvas.xScale, sy = canvas.yScale
        let m = SymmetricMatrix2x2(
            xx: sx * sx * (covariance.xx / t), xy: -sx * sy * (covariance.xy / t), yy: sy * sy * (covariance.yy / t))
        let e = m.eigen
        let root = t.squareRoot()
        let major = min(1e6, radius * max(e.largest, 0).squareRoot() * root)
        let minor = min(1e6, radius * max(e.smallest, 0).squareRoot() * root)
        guard major.isFinite, minor.isFinite, e.angle.isFinite else { return nil }
        return (major, minor, e.angle)
    }
}

/// Running minimum and maximum of finite values.
struct Bounds {
    var lower = Double.infinity
    var upper = -Double.infinity
    mutating func add(_ v: Double) {
        guard v.isFinite else { return }
        lower = min(lower, v)
        upper = max(upper, v)
    }
    var range: ClosedRange<Double>? { lower <= upper ? lower...upper : nil }
}
