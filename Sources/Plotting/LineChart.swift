#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A line chart of one or several named series, with markers, a legend and axis titles: the EM
/// lower bound per iteration, or BIC/AIC against the number of components with one line per
/// covariance type.
///
/// Either axis may be logarithmic (``xAxisScale``, ``yAxisScale``), e.g. a log-log plot of
/// a finite-difference error against the step size.
///
/// Missing values (`nil`, NaN, ±∞, and values ≤ 0 on a logarithmic axis) break a line; an isolated point is still drawn as a marker.
/// Nothing non-finite reaches the SVG; with no finite point at all the chart shows
/// ``emptyMessage``.
///
/// ```swift
/// var chart = LineChart(series: [
///     .init(name: "full", x: [1, 2, 3], y: [1290.1, 1034.2, 1052.8]),
///     .init(name: "diag", x: [1, 2, 3], y: [1301.5, nil, 1060.0]),
/// ])
/// chart.xTitle = "number of components k"
/// chart.yTitle = "BIC"
/// chart.integerXTicks = true
/// let svg = chart.svg()
/// ```
public struct LineChart: Sendable {
    /// The lines, drawn in order; series `i` uses palette colour `i` and marker shape `i`.
    public var series: [Series]
    /// Title above the chart.
    public var title: String?
    /// Second line under the title.
    public var subtitle: String?
    /// Horizontal axis title.
    public var xTitle: String?
    /// Vertical axis title.
    public var yTitle: String?
    /// Fixed horizontal range; `nil` computes it from the data (5 % padding).
    public var xDomain: ClosedRange<Double>?
    /// Fixed vertical range; `nil` computes it from the data (5 % padding).
    public var yDomain: ClosedRange<Double>?
    /// Size, fonts and palette.
    public var style = ChartStyle()
    /// Markers are drawn on series with at most this many points (every point of a 300-iteration
    /// bound would be clutter); isolated points between gaps are always marked.
    public var markerLimit = 60
    /// Linear or logarithmic horizontal axis.
    public var xAxisScale = AxisScale.linear
    /// Linear or logarithmic vertical axis. On a logarithmic axis values ≤ 0 count as missing.
    public var yAxisScale = AxisScale.linear
    /// Label only integer x positions (k, iteration numbers): never a tick at 1.5 components.
    public var integerXTicks = false
    /// An optional call-out (ring and label), e.g. the best model.
    public var highlight: Highlight?
    /// Shown in the plot area when there is nothing to draw.
    public var emptyMessage = "No data to plot"

    /// A chart of `series`.
    public init(series: [Series] = []) {
        self.series = series
    }

    /// The ranges used when ``xDomain``/``yDomain`` are `nil`: the bounding box of all finite
    /// points (and the highlight), padded by 5 % (11 % at the bottom when there is a highlight, to
    /// leave room for its label); `0...1` without data. On a logarithmic axis the padding is
    /// measured in decades and the range is returned in data units.
    public func automaticDomains() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let axes = axisDomains()
        return (dataRange(axes.x, xAxisScale), dataRange(axes.y, yAxisScale))
    }

    /// Automatic ranges in axis coordinates (log₁₀ of the value on a logarithmic axis).
    private func automaticAxisDomains() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        var bx = Bounds(), by = Bounds()
        for s in series {
            for i in 0..<s.count {
                if let p = position(s.point(i)) {
                    bx.add(p.x)
                    by.add(p.y)
                }
            }
        }
        if let h = highlight, let p = position((h.x, h.y)) {
            bx.add(p.x)
            by.add(p.y)
        }
        func pad(_ b: Bounds) -> ClosedRange<Double> {
            guard let r = b.range else { return 0...1 }
            return AxisDomain.padded(r.lowerBound, r.upperBound, fraction: 0.05)
        }
        var y = pad(by)
        if highlight != nil {
            // Room for the call-out's label below the (usually lowest) highlighted point.
            let w = y.upperBound - y.lowerBound
            y = (y.lowerBound - 0.06 * w)...y.upperBound
        }
        return (pad(bx), y)
    }

    /// The ranges drawn, in axis coordinates: the fixed domains where given (and usable on the
    /// axis's scale), else the automatic ones.
    private func axisDomains() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let auto = automaticAxisDomains()
        func fixed(_ d: ClosedRange<Double>?, _ scale: AxisScale) -> ClosedRange<Double>? {
            guard let d else { return nil }
            switch scale {
            case .linear: return d
            case .logarithmic:
                guard d.lowerBound > 0, d.upperBound.isFinite else { return nil }
                return log10(d.lowerBound)...log10(d.upperBound)
            }
        }
        return (fixed(xDomain, xAxisScale) ?? auto.x, fixed(yDomain, yAxisScale) ?? auto.y)
    }

    private func dataRange(_ r: ClosedRange<Double>, _ scale: AxisScale) -> ClosedRange<Double> {
        switch scale {
        case .linear: return r
        case .logarithmic: return pow(10, r.lowerBound)...pow(10, r.upperBound)
        }
    }

    /// A data point in axis coordinates, or `nil` if it cannot be placed (missing, non-finite, or
    /// ≤ 0 on a logarithmic axis).
    private func position(_ p: (x: Double, y: Double)?) -> (x: Double, y: Double)? {
        guard let p, p.x.isFinite, p.y.isFinite else { return nil }
        var x = p.x, y = p.y
        if xAxisScale == .logarithmic {
            guard x > 0 else { return nil }
            x = log10(x)
        }
        if yAxisScale == .logarithmic {
            guard y > 0 else { return nil }
            y = log10(y)
        }
        return (x, y)
    }

    /// The chart as a standalone SVG document (no XML declaration, no `id`s).
    ///
    /// Structure, for tools and tests: each series is a `<g class="series">` holding one
    /// `<polyline>` per unbroken run and its markers in a `<g class="markers">`.
    ///
    /// - Complexity: O(total points).
    public func svg() -> String {
        let domains = axisDomains()
        let canvas = ChartCanvas(
            style: style, hasTitle: !(title ?? "").isEmpty, hasSubtitle: !(subtitle ?? "").isEmpty,
            hasXTitle: !(xTitle ?? "").isEmpty, hasYTitle: !(yTitle ?? "").isEmpty,
            xDomain: domains.x, yDomain: domains.y, integerXTicks: integerXTicks && xAxisScale == .linear,
            xAxis: xAxisScale, yAxis: yAxisScale)
        let palette = style.palette
        let f = FixedPoint.coordinate
        var groups: [SVGElement] = []
        var occupied: [(x: Double, y: Double)] = []
        var entries: [Legend.Entry] = []
        var anyPoint = false
        for (si, s) in series.enumerated() {
            let color = palette.color(at: si)
            let shape = MarkerShape.allCases[si % MarkerShape.allCases.count]
            let dashed = si >= palette.colors.count && (si / palette.colors.count) % 2 == 1
            var group = SVGElement("g", ["class": "series", "data-name": s.name])
            var markers = SVGElement(
                "g", ["class": "markers", "fill": color.svg, "stroke": "#ffffff", "stroke-width": "0.8"])
            var run: [(x: Double, y: Double)] = []
            let drawAllMarkers = s.count <= markerLimit
            func flush() {
                if run.count >= 2 {
                    var line = SVGElement(
                        "polyline",
                        [
                            "points": run.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " "), "fill": "none",
                            "stroke": color.svg, "stroke-width": "2", "stroke-linejoin": "round",
                            "stroke-linecap": "round",
                        ])
                    if dashed { line.setAttribute("stroke-dasharray", "6 3") }
                    group.children.append(line)
                }
                if run.count == 1 && !drawAllMarkers {
                    markers.children.append(shape.element(x: run[0].x, y: run[0].y, size: 3.6))
                }
                run.removeAll()
            }
            for i in 0..<s.count {
                guard let p = position(s.point(i)) else {
                    flush()
                    continue
                }
                anyPoint = true
                let q = (x: canvas.clampPixel(canvas.px(p.x)), y: canvas.clampPixel(canvas.py(p.y)))
                run.append(q)
                occupied.append(q)
                if drawAllMarkers { markers.children.append(shape.element(x: q.x, y: q.y, size: 3.6)) }
            }
            flush()
            // Segment midpoints count as occupied too, so the legend avoids covering lines.
            for i in 1..<max(1, s.count) {
                if let a = position(s.point(i - 1)), let b = position(s.point(i)) {
                    for t in [0.25, 0.5, 0.75] {
                        occupied.append(
                            (canvas.px(a.x + (b.x - a.x) * t), canvas.py(a.y + (b.y - a.y) * t)))
                    }
                }
            }
            if !markers.children.isEmpty { group.children.append(markers) }
            groups.append(group)
            entries.append(.init(symbol: .line(color, dash: dashed ? "6 3" : nil, marker: shape), label: s.name))
        }
        if let h = highlight, let p = position((h.x, h.y)) {
            let cx = canvas.clampPixel(canvas.px(p.x)), cy = canvas.clampPixel(canvas.py(p.y))
            groups.append(highlightElement(h.label, cx: cx, cy: cy, canvas: canvas, avoiding: occupied))
            occupied.append((cx, cy))
        }
        var children = canvas.background()
        children.append(canvas.plotArea(groups, class: "plot-area"))
        if !anyPoint { children.append(canvas.message(emptyMessage)) }
        children += canvas.axes(title: title, subtitle: subtitle, xTitle: xTitle, yTitle: yTitle)
        if series.count > 1 || (series.count == 1 && !series[0].name.isEmpty) {
            if let legend = Legend(entries: entries).element(in: canvas, avoiding: occupied) {
                children.append(legend.element)
            }
        }
        return canvas.document(children, accessibleTitle: title ?? "Line chart")
    }

    /// The ring around (`cx`, `cy`) and its label, placed in whichever of the four diagonal
    /// positions covers the fewest `occupied` pixels and stays inside the plot. The label has a
    /// white halo so it stays legible over grid lines.
    private func highlightElement(
        _ label: String, cx: Double, cy: Double, canvas: ChartCanvas, avoiding occupied: [(x: Double, y: Double)]
    ) -> SVGElement {
        let f = FixedPoint.coordinate
        let fs = canvas.fontSize
        let w = ChartCanvas.textWidth(label, fontSize: fs)
        var best: (x: Double, y: Double, anchor: String) = (cx + 11, cy + 11 + fs * 0.8, "start")
        var bestScore = Double.infinity
        for (dx, dy) in [(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)] {
            let x = cx + dx * 11
            let baseline = dy > 0 ? cy + 11 + fs * 0.8 : cy - 11
            let boxLeft = dx > 0 ? x : x - w
            let boxTop = baseline - fs
            var score = 0.0
            if boxLeft < canvas.left + 2 || boxLeft + w > canvas.left + canvas.plotWidth - 2
                || boxTop < canvas.top + 2 || baseline + 3 > canvas.top + canvas.plotHeight
            {
                score += 1000
            }
            for p in occupied where p.x >= boxLeft - 3 && p.x <= boxLeft + w + 3 && p.y >= boxTop - 3 && p.y <= baseline + 4 {
                score += 1
            }
            if score < bestScore {
                bestScore = score
                best = (x, baseline, dx > 0 ? "start" : "end")
            }
        }
        return SVGElement(
            "g", ["class": "highlight"],
            children: [
                SVGElement(
                    "circle", ["cx": f(cx), "cy": f(cy), "r": "8", "fill": "none", "stroke": "#1a1a1a", "stroke-width": "1.5"]),
                SVGElement(
                    "text",
                    [
                        "x": f(best.x), "y": f(best.y), "text-anchor": best.anchor, "fill": "#1a1a1a",
                        "stroke": "#ffffff", "stroke-width": "3", "stroke-linejoin": "round", "paint-order": "stroke",
                    ], text: label),
            ])
    }
}
