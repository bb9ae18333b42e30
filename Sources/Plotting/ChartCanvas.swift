/// The frame every chart shares: margins, the plot rectangle, data → pixel mapping, grid, axes,
/// ticks, tick labels, titles, and the document wrapper.
///
/// Pixel y grows downwards; data y upwards. Everything inside the plot rectangle is placed in a
/// nested `<svg>` viewport, which clips it without needing an `id` (so several charts can be
/// inlined into one HTML page without clashing ids).
struct ChartCanvas {
    let style: ChartStyle
    let width: Double
    let height: Double
    let fontSize: Double
    let left: Double
    let top: Double
    let plotWidth: Double
    let plotHeight: Double
    let xDomain: ClosedRange<Double>
    let yDomain: ClosedRange<Double>
    let xTicks: AxisTicks
    let yTicks: AxisTicks

    init(
        style: ChartStyle, hasTitle: Bool, hasSubtitle: Bool, hasXTitle: Bool, hasYTitle: Bool,
        xDomain: ClosedRange<Double>, yDomain: ClosedRange<Double>, integerXTicks: Bool = false,
        xAxis: AxisScale = .linear, yAxis: AxisScale = .linear, rightReserve: Double = 0
    ) {
        self.style = style
        let reserve = max(0, min(rightReserve, 2000))
        width = style.clampedWidth + reserve
        height = style.clampedHeight
        fontSize = style.clampedFontSize
        self.xDomain = AxisDomain.nonDegenerate(xDomain.lowerBound, xDomain.upperBound)
        self.yDomain = AxisDomain.nonDegenerate(yDomain.lowerBound, yDomain.upperBound)

        var topMargin = fontSize * 1.2
        if hasTitle { topMargin += fontSize * 1.3 + 10 }
        if hasSubtitle { topMargin += fontSize + 6 }
        let bottomMargin = 5 + 6 + fontSize + (hasXTitle ? 10 + fontSize * 1.1 : 0) + 14
        top = topMargin
        plotHeight = max(40, height - topMargin - bottomMargin)

        let yTarget = max(3, min(10, Int(plotHeight / 70)))
        let yt = AxisTicks.make(domain: self.yDomain, scale: yAxis, target: yTarget)
        let fs = fontSize
        let yLabelWidth = yt.labels.map { ChartCanvas.textWidth($0, fontSize: fs) }.max() ?? 0
        yTicks = yt
        let leftMargin = 14 + (hasYTitle ? fontSize * 1.1 + 12 : 0) + yLabelWidth + 5 + 6
        left = leftMargin
        let rightMargin = 14 + fontSize * 1.2
        plotWidth = max(40, width - reserve - leftMargin - rightMargin)

        let xTarget = max(3, min(12, Int(plotWidth / 85)))
        xTicks = AxisTicks.make(domain: self.xDomain, scale: xAxis, target: xTarget, integersOnly: integerXTicks)
    }

    /// Rough width of `text` in pixels: 0.56 em per character (a Helvetica digit is 0.556 em).
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.56
    }

    /// Data x → pixel x.
    /// (Halves are exact and keep the difference finite even for a range of ±1.7e308.)
    func px(_ x: Double) -> Double {
        left + (x / 2 - xDomain.lowerBound / 2) / (xDomain.upperBound / 2 - xDomain.lowerBound / 2) * plotWidth
    }

    /// Data y → pixel y (upwards in data is upwards on screen).
    func py(_ y: Double) -> Double {
        top + (yDomain.upperBound / 2 - y / 2) / (yDomain.upperBound / 2 - yDomain.lowerBound / 2) * plotHeight
    }

    /// Pixels per data unit along x.
    var xScale: Double { plotWidth / 2 / (xDomain.upperBound / 2 - xDomain.lowerBound / 2) }
    /// Pixels per data unit along y.
    var yScale: Double { plotHeight / 2 / (yDomain.upperBound / 2 - yDomain.lowerBound / 2) }

    /// A pixel position limited to a band well outside the view, so a far-away data point can never
    /// produce a huge or infinite coordinate (the plot viewport clips it anyway).
    func clampPixel(_ v: Double) -> Double {
        guard v.isFinite else { return v > 0 ? 1e6 : -1e6 }
        return min(1e6, max(-1e6, v))
    }

    /// Background, and grid lines at the ticks.
    func background() -> [SVGElement] {
        var out = [SVGElement("rect", ["width": f(width), "height": f(height), "fill": "#ffffff"])]
        guard style.showsGrid else { return out }
        var grid = SVGElement("g", ["class": "grid", "stroke": "#e6e6e6", "stroke-width": "1"])
        for x in xTicks.values {
            let p = px(x)
            grid.children.append(SVGElement("line", ["x1": f(p), "y1": f(top), "x2": f(p), "y2": f(top + plotHeight)]))
        }
        for y in yTicks.values {
            let p = py(y)
            grid.children.append(SVGElement("line", ["x1": f(left), "y1": f(p), "x2": f(left + plotWidth), "y2": f(p)]))
        }
        out.append(grid)
        return out
    }

    /// A viewport over the plot rectangle that clips `children` (which use page pixel coordinates).
    func plotArea(_ children: [SVGElement], class name: String) -> SVGElement {
        SVGElement(
            "svg",
            [
                "class": name, "x": f(left), "y": f(top), "width": f(plotWidth), "height": f(plotHeight),
                "viewBox": "\(f(left)) \(f(top)) \(f(plotWidth)) \(f(plotHeight))", "overflow": "hidden",
            ], children: children)
    }

    /// The plot border, tick marks, tick labels, axis titles, title and subtitle.
    func axes(title: String?, subtitle: String?, xTitle: String?, yTitle: String?) -> [SVGElement] {
        var out: [SVGElement] = []
        out.append(
            SVGElement(
                "rect",
                [
                    "class": "frame", "x": f(left), "y": f(top), "width": f(plotWidth), "height": f(plotHeight),
                    "fill": "none", "stroke": "#4d4d4d", "stroke-width": "1",
                ]))
        let bottom = top + plotHeight
        var marks = SVGElement("g", ["class": "ticks", "stroke": "#4d4d4d", "stroke-width": "1"])
        var xLabels = SVGElement("g", ["class": "x-tick-labels", "text-anchor": "middle", "fill": "#333333"])
        for (x, label) in zip(xTicks.values, xTicks.labels) {
            let p = px(x)
            marks.children.append(SVGElement("line", ["x1": f(p), "y1": f(bottom), "x2": f(p), "y2": f(bottom + 5)]))
            xLabels.children.append(
                SVGElement("text", ["x": f(p), "y": f(bottom + 6 + fontSize)], text: label))
        }
        var yLabels = SVGElement("g", ["class": "y-tick-labels", "text-anchor": "end", "fill": "#333333"])
        for (y, label) in zip(yTicks.values, yTicks.labels) {
            let p = py(y)
            marks.children.append(SVGElement("line", ["x1": f(left - 5), "y1": f(p), "x2": f(left), "y2": f(p)]))
            yLabels.children.append(
                SVGElement("text", ["x": f(left - 8), "y": f(p + fontSize * 0.35)], text: label))
        }
        out += [marks, xLabels, yLabels]
        let titleSize = fontSize * 1.1
        if let xTitle, !xTitle.isEmpty {
            out.append(
                SVGElement(
                    "text",
                    [
                        "class": "x-title", "x": f(left + plotWidth / 2),
                        "y": f(bottom + 6 + fontSize + 10 + titleSize), "text-anchor": "middle",
                        "font-size": f(titleSize), "fill": "#1a1a1a",
                    ], text: xTitle))
        }
        if let yTitle, !yTitle.isEmpty {
            let x = 14 + titleSize * 0.8
            let y = top + plotHeight / 2
            out.append(
                SVGElement(
                    "text",
                    [
                        "class": "y-title", "x": f(x), "y": f(y), "text-anchor": "middle",
                        "transform": "rotate(-90 \(f(x)) \(f(y)))", "font-size": f(titleSize), "fill": "#1a1a1a",
                    ], text: yTitle))
        }
        var y = fontSize * 1.2
        if let title, !title.isEmpty {
            y += fontSize * 1.3
            out.append(
                SVGElement(
                    "text",
                    [
                        "class": "title", "x": f(left + plotWidth / 2), "y": f(y), "text-anchor": "middle",
                        "font-size": f(fontSize * 1.3), "font-weight": "bold", "fill": "#1a1a1a",
                    ], text: title))
            y += 6
        }
        if let subtitle, !subtitle.isEmpty {
            y += fontSize
            out.append(
                SVGElement(
                    "text",
                    [
                        "class": "subtitle", "x": f(left + plotWidth / 2), "y": f(y), "text-anchor": "middle",
                        "fill": "#555555",
                    ], text: subtitle))
        }
        return out
    }

    /// A centred grey message in the plot area ("No data to plot").
    func message(_ text: String) -> SVGElement {
        SVGElement(
            "text",
            [
                "class": "message", "x": f(left + plotWidth / 2), "y": f(top + plotHeight / 2),
                "text-anchor": "middle", "font-size": f(fontSize * 1.2), "fill": "#777777",
            ], text: text)
    }

    /// A small grey note at the bottom right, inside the plot ("showing 1 in 20 points").
    func note(_ text: String) -> SVGElement {
        SVGElement(
            "text",
            [
                "class": "note", "x": f(left + plotWidth - 6), "y": f(top + plotHeight - 6),
                "text-anchor": "end", "font-size": f(fontSize * 0.85), "fill": "#666666",
            ], text: text)
    }

    /// The complete SVG document with `children`, and `title` as its accessible `<title>`.
    func document(_ children: [SVGElement], accessibleTitle: String) -> String {
        var root = SVGElement(
            "svg",
            [
                "xmlns": "http://www.w3.org/2000/svg", "width": f(width), "height": f(height),
                "viewBox": "0 0 \(f(width)) \(f(height))", "font-family": style.fontFamily,
                "font-size": f(fontSize), "role": "img",
            ])
        root.children.append(SVGElement("title", text: accessibleTitle))
        root.children += children
        var out = ""
        out.reserveCapacity(4096)
        root.render(into: &out)
        out += "\n"
        return out
    }

    private func f(_ v: Double) -> String { FixedPoint.coordinate(v) }
}
