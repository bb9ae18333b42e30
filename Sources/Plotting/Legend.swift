/// A chart legend: a list of symbols with labels in a box, placed in the corner of the plot that
/// covers the fewest data points.
struct Legend {
    /// What is drawn left of a label.
    enum Symbol {
        /// A point marker.
        case marker(MarkerShape, Color)
        /// A short line, solid or with an SVG dash pattern, optionally with a marker in its middle.
        case line(Color, dash: String?, marker: MarkerShape?)
        /// An × with a white halo: a component mean.
        case cross(Color)
        /// No symbol (a heading or note line).
        case none
    }

    /// One row.
    struct Entry {
        var symbol: Symbol
        var label: String
    }

    var entries: [Entry]

    /// Width of the legend box for text of size `fontSize`.
    func width(fontSize fs: Double) -> Double {
        let textWidth = entries.map { ChartCanvas.textWidth($0.label, fontSize: fs) }.max() ?? 0
        return 8 + 26 + 6 + textWidth + 8
    }

    /// The legend box, or `nil` when there are no entries, and how many `occupied` pixels it
    /// covers. Inside, it goes to the corner of the plot that covers the fewest `occupied` pixel
    /// positions (points, line vertices); `outside`, right of the plot, top-aligned (the canvas
    /// must have reserved ``width(fontSize:)`` + 12 on the right).
    func element(
        in canvas: ChartCanvas, avoiding occupied: [(x: Double, y: Double)], outside: Bool = false
    ) -> (element: SVGElement, covered: Int)? {
        guard !entries.isEmpty else { return nil }
        let fs = canvas.fontSize
        let row = fs * 1.55
        let symbolWidth = 26.0
        let pad = 8.0
        let boxWidth = outside ? width(fontSize: fs) : min(canvas.plotWidth - 16, width(fontSize: fs))
        let boxHeight = pad * 2 + row * Double(entries.count) - (row - fs)
        let inset = 10.0
        let corners: [(x: Double, y: Double)] = [
            (canvas.left + canvas.plotWidth - inset - boxWidth, canvas.top + inset),  // top right
            (canvas.left + inset, canvas.top + inset),  // top left
            (canvas.left + canvas.plotWidth - inset - boxWidth, canvas.top + canvas.plotHeight - inset - boxHeight),
            (canvas.left + inset, canvas.top + canvas.plotHeight - inset - boxHeight),
        ]
        var best = corners[0]
        var bestCount = Int.max
        if outside {
            best = (canvas.left + canvas.plotWidth + 12, canvas.top)
            bestCount = 0
        }
        for corner in corners where !outside {
            let margin = 4.0
            var count = 0
            for p in occupied
            where p.x >= corner.x - margin && p.x <= corner.x + boxWidth + margin
                && p.y >= corner.y - margin && p.y <= corner.y + boxHeight + margin
            {
                count += 1
            }
            if count < bestCount {
                bestCount = count
                best = corner
            }
        }
        let f = FixedPoint.coordinate
        var group = SVGElement("g", ["class": "legend"])
        group.children.append(
            SVGElement(
                "rect",
                [
                    "x": f(best.x), "y": f(best.y), "width": f(boxWidth), "height": f(boxHeight), "rx": "3",
                    "fill": "#ffffff", "fill-opacity": "0.88", "stroke": "#b3b3b3", "stroke-width": "1",
                ]))
        for (i, entry) in entries.enumerated() {
            let baseline = best.y + pad + fs * 0.85 + row * Double(i)
            let mid = baseline - fs * 0.33
            let sx = best.x + pad
            switch entry.symbol {
            case .marker(let shape, let color):
                var m = shape.element(x: sx + symbolWidth / 2, y: mid, size: 4.5)
                m.setAttribute("fill", color.svg)
                m.setAttribute("stroke", "#ffffff")
                m.setAttribute("stroke-width", "0.6")
                group.children.append(m)
            case .line(let color, let dash, let marker):
                var line = SVGElement(
                    "line",
                    [
                        "x1": f(sx), "y1": f(mid), "x2": f(sx + symbolWidth), "y2": f(mid), "stroke": color.svg,
                        "stroke-width": "2",
                    ])
                if let dash { line.setAttribute("stroke-dasharray", dash) }
                group.children.append(line)
                if let marker {
                    var m = marker.element(x: sx + symbolWidth / 2, y: mid, size: 3.6)
                    m.setAttribute("fill", color.svg)
                    m.setAttribute("stroke", "#ffffff")
                    m.setAttribute("stroke-width", "0.8")
                    group.children.append(m)
                }
            case .cross(let color):
                group.children += MeanMarker.elements(x: sx + symbolWidth / 2, y: mid, size: 5, color: color)
            case .none:
                break
            }
            group.children.append(
                SVGElement("text", ["x": f(sx + symbolWidth + 6), "y": f(baseline), "fill": "#1a1a1a"], text: entry.label))
        }
        return (group, bestCount)
    }
}
