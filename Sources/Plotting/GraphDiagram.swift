/// A layered drawing of a directed acyclic graph — a computation graph with its inputs at the
/// bottom and its outputs at the top — as a standalone SVG.
///
/// Each node is a rounded box with one or more lines of text (say, `w3 = w1·w2` and its value);
/// each edge is a curve from the top of its source to the bottom of its target, with an arrow
/// head and a label at its middle (say, the local partial derivative). The caller gives every
/// node its layer (0 at the bottom); within a layer the nodes are ordered to reduce crossings
/// (barycentre sweeps, as in Sugiyama's method), and edge labels are moved along their curves
/// to avoid overlapping each other.
///
/// - Complexity: O(sweeps · (nodes + edges) · log) for the ordering; the SVG is O(nodes + edges).
///
/// ```swift
/// var d = GraphDiagram(nodes: [
///     .init(lines: ["w1 = x", "2"], layer: 0, kind: .input),
///     .init(lines: ["w2 = sin(w1)", "0.909"], layer: 1, kind: .output),
/// ], edges: [.init(from: 0, to: 1, label: "cos(w1) = -0.416")])
/// d.title = "sin(x)"
/// let svg = d.svg()
/// ```
public struct GraphDiagram: Sendable {
    /// How a node is drawn.
    public enum Kind: Sendable, Hashable {
        /// An input (blue).
        case input
        /// An intermediate operation (grey outline).
        case operation
        /// An output (vermillion, thicker outline).
        case output
    }

    /// A box with lines of text at a layer.
    public struct Node: Sendable, Hashable {
        /// The text, one entry per line (the first is drawn bold).
        public var lines: [String]
        /// The layer, 0 at the bottom.
        public var layer: Int
        /// Input, operation or output.
        public var kind: Kind

        /// A node.
        public init(lines: [String], layer: Int, kind: Kind) {
            self.lines = lines
            self.layer = layer
            self.kind = kind
        }
    }

    /// An arrow from node `from` to node `to` (indices into ``nodes``) with a label.
    public struct Edge: Sendable, Hashable {
        /// The source node.
        public var from: Int
        /// The target node.
        public var to: Int
        /// Text at the middle of the edge (may be empty).
        public var label: String

        /// An edge.
        public init(from: Int, to: Int, label: String) {
            self.from = from
            self.to = to
            self.label = label
        }
    }

    /// The nodes.
    public var nodes: [Node]
    /// The edges; edges that name a missing node, or run within a layer or downwards, are not
    /// drawn.
    public var edges: [Edge]
    /// Title above the drawing.
    public var title: String?
    /// Second line under the title.
    public var subtitle: String?
    /// Fonts and colours (the width and height are computed from the graph).
    public var style = ChartStyle()

    /// A diagram of `nodes` and `edges`.
    public init(nodes: [Node], edges: [Edge]) {
        self.nodes = nodes
        self.edges = edges
    }

    /// The order of the nodes within each layer (bottom layer first), after barycentre sweeps.
    public func layerOrder() -> [[Int]] {
        guard !nodes.isEmpty else { return [] }
        let top = max(0, nodes.map(\.layer).max() ?? 0)
        var layers = [[Int]](repeating: [], count: top + 1)
        for (i, node) in nodes.enumerated() { layers[max(0, node.layer)].append(i) }
        var up = [[Int]](repeating: [], count: nodes.count), down = [[Int]](repeating: [], count: nodes.count)
        for e in validEdges { up[e.to].append(e.from); down[e.from].append(e.to) }
        var position = [Double](repeating: 0, count: nodes.count)
        func record() {
            for layer in layers {
                for (k, i) in layer.enumerated() { position[i] = (Double(k) + 0.5) / Double(layer.count) }
            }
        }
        record()
        for sweep in 0..<8 {
            let upward = sweep % 2 == 0
            let order = upward ? Array(layers.indices.dropFirst()) : Array(layers.indices.dropLast().reversed())
            for l in order {
                let keyed = layers[l].map { i -> (Double, Double, Int) in
                    let neighbours = upward ? up[i] : down[i]
                    let b = neighbours.isEmpty ? position[i] : neighbours.map { position[$0] }.reduce(0, +) / Double(neighbours.count)
                    return (b, position[i], i)
                }
                layers[l] = keyed.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.map(\.2)
                for (k, i) in layers[l].enumerated() { position[i] = (Double(k) + 0.5) / Double(layers[l].count) }
            }
        }
        return layers
    }

    var validEdges: [Edge] {
        edges.filter { $0.from >= 0 && $0.to >= 0 && $0.from < nodes.count && $0.to < nodes.count
            && nodes[$0.from].layer < nodes[$0.to].layer }
    }

    /// The drawing as a standalone SVG document (no `id`s, deterministic output).
    ///
    /// Structure, for tools and tests: `<g class="edges">` holds one `<g class="edge">` per edge
    /// (a `<path>`, an arrow-head `<polygon>` and a `<text>` label); `<g class="nodes">` holds
    /// one `<g class="node" data-kind="…">` per node (a `<rect>` and its `<text>` lines).
    public func svg() -> String {
        let fontSize = style.clampedFontSize
        let labelSize = fontSize * 0.85
        let lineHeight = fontSize * 1.3
        let padX = 12.0, padY = 8.0, gapX = 56.0
        let layers = layerOrder()
        let boxHeight = Double(max(1, nodes.map(\.lines.count).max() ?? 1)) * lineHeight + 2 * padY
        let layerGap = max(90, labelSize * 6.5)
        var widths = nodes.map { node in
            (node.lines.map { ChartCanvas.textWidth($0, fontSize: fontSize) }.max() ?? 0) + 2 * padX
        }
        for i in widths.indices { widths[i] = max(widths[i], 48) }
        let rowWidths = layers.map { row in row.map { widths[$0] }.reduce(0, +) + gapX * Double(max(0, row.count - 1)) }
        let margin = 24.0
        var headerHeight = 12.0
        if !(title ?? "").isEmpty { headerHeight += fontSize * 1.3 + 10 }
        if !(subtitle ?? "").isEmpty { headerHeight += fontSize + 6 }
        let titleWidth = ChartCanvas.textWidth(title ?? "", fontSize: fontSize * 1.3) * 1.1
        let subtitleWidth = ChartCanvas.textWidth(subtitle ?? "", fontSize: fontSize) * 1.05
        let width = max(320, (rowWidths.max() ?? 0) + 2 * margin, titleWidth + 2 * margin, subtitleWidth + 2 * margin)
        let height = headerHeight + margin + Double(layers.count) * boxHeight + Double(max(0, layers.count - 1)) * layerGap + margin
        let top = layers.count - 1

        // Box centres.
        var cx = [Double](repeating: 0, count: nodes.count), cy = [Double](repeating: 0, count: nodes.count)
        for (l, row) in layers.enumerated() {
            var x = (width - rowWidths[l]) / 2
            let y = headerHeight + margin + Double(top - l) * (boxHeight + layerGap) + boxHeight / 2
            for i in row {
                cx[i] = x + widths[i] / 2
                cy[i] = y
                x += widths[i] + gapX
            }
        }

        // Ports: outgoing edges spread along the source's top, incoming along the target's bottom,
        // each ordered by the x of the other end so that edges into one box do not cross there.
        let drawn = validEdges
        var outPorts = [Int: Double](), inPorts = [Int: Double]()
        var outgoing = [[Int]](repeating: [], count: nodes.count), incoming = [[Int]](repeating: [], count: nodes.count)
        for (k, e) in drawn.enumerated() { outgoing[e.from].append(k); incoming[e.to].append(k) }
        for i in nodes.indices {
            let outs = outgoing[i].sorted { (cx[drawn[$0].to], $0) < (cx[drawn[$1].to], $1) }
            for (r, k) in outs.enumerated() { outPorts[k] = cx[i] + (Double(r) + 0.5 - Double(outs.count) / 2) * min(14, widths[i] * 0.8 / Double(outs.count)) }
            let ins = incoming[i].sorted { (cx[drawn[$0].from], $0) < (cx[drawn[$1].from], $1) }
            for (r, k) in ins.enumerated() { inPorts[k] = cx[i] + (Double(r) + 0.5 - Double(ins.count) / 2) * min(24, widths[i] * 0.8 / Double(ins.count)) }
        }

        let f = FixedPoint.coordinate
        var edgeGroup = SVGElement("g", ["class": "edges", "fill": "none"])
        var labelGroup = SVGElement("g", ["class": "edge-labels", "font-size": f(labelSize), "text-anchor": "middle", "fill": "#7a3b00"])
        var placed: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
        for i in nodes.indices {
            placed.append((cx[i] - widths[i] / 2, cy[i] - boxHeight / 2, cx[i] + widths[i] / 2, cy[i] + boxHeight / 2))
        }
        for (k, e) in drawn.enumerated() {
            let sx = outPorts[k] ?? cx[e.from], sy = cy[e.from] - boxHeight / 2
            let tx = inPorts[k] ?? cx[e.to], ty = cy[e.to] + boxHeight / 2 + 7
            let bend = max(30, (sy - ty) * 0.45)
            let c1 = (sx, sy - bend), c2 = (tx, ty + bend)
            func point(_ t: Double) -> (Double, Double) {
                let u = 1 - t
                let x = u * u * u * sx + 3 * u * u * t * c1.0 + 3 * u * t * t * c2.0 + t * t * t * tx
                let y = u * u * u * sy + 3 * u * u * t * c1.1 + 3 * u * t * t * c2.1 + t * t * t * ty
                return (x, y)
            }
            var group = SVGElement("g", ["class": "edge"])
            group.children.append(SVGElement("path", [
                "d": "M\(f(sx)),\(f(sy)) C\(f(c1.0)),\(f(c1.1)) \(f(c2.0)),\(f(c2.1)) \(f(tx)),\(f(ty))",
                "stroke": "#6b6b6b", "stroke-width": "1.3",
            ]))
            let tip = ty - 7
            group.children.append(SVGElement("polygon", [
                "points": "\(f(tx)),\(f(tip)) \(f(tx - 4.5)),\(f(ty + 1)) \(f(tx + 4.5)),\(f(ty + 1))", "fill": "#6b6b6b",
            ]))
            edgeGroup.children.append(group)
            if !e.label.isEmpty {
                let w = ChartCanvas.textWidth(e.label, fontSize: labelSize)
                var best = point(0.55), bestOverlap = Double.infinity
                for t in [0.55, 0.42, 0.68, 0.32, 0.78, 0.24, 0.85] {
                    let p = point(t)
                    let box = (p.0 - w / 2 - 2, p.1 - labelSize, p.0 + w / 2 + 2, p.1 + 3)
                    var overlap = 0.0
                    for r in placed {
                        let ox = min(box.2, r.x1) - max(box.0, r.x0), oy = min(box.3, r.y1) - max(box.1, r.y0)
                        if ox > 0 && oy > 0 { overlap += ox * oy }
                    }
                    if overlap < bestOverlap - 1e-9 { best = p; bestOverlap = overlap }
                    if overlap == 0 { break }
                }
                placed.append((best.0 - w / 2 - 2, best.1 - labelSize, best.0 + w / 2 + 2, best.1 + 3))
                labelGroup.children.append(SVGElement("text", [
                    "x": f(best.0), "y": f(best.1), "stroke": "#ffffff", "stroke-width": "3.5",
                    "stroke-linejoin": "round", "paint-order": "stroke",
                ], text: e.label))
            }
        }

        var nodeGroup = SVGElement("g", ["class": "nodes", "text-anchor": "middle"])
        for (i, node) in nodes.enumerated() {
            let (fill, stroke, strokeWidth): (String, String, String) = switch node.kind {
            case .input: ("#e6f0fa", "#0072b2", "1.5")
            case .operation: ("#ffffff", "#4d4d4d", "1.2")
            case .output: ("#fcebdc", "#d55e00", "2.2")
            }
            let kind = switch node.kind { case .input: "input"; case .operation: "operation"; case .output: "output" }
            var group = SVGElement("g", ["class": "node", "data-kind": kind])
            group.children.append(SVGElement("rect", [
                "x": f(cx[i] - widths[i] / 2), "y": f(cy[i] - boxHeight / 2), "width": f(widths[i]), "height": f(boxHeight),
                "rx": "6", "fill": fill, "stroke": stroke, "stroke-width": strokeWidth,
            ]))
            let first = cy[i] - Double(node.lines.count) * lineHeight / 2 + lineHeight * 0.72
            for (k, line) in node.lines.enumerated() {
                var text = SVGElement("text", ["x": f(cx[i]), "y": f(first + Double(k) * lineHeight)], text: line)
                if k == 0 { text.setAttribute("font-weight", "bold"); text.setAttribute("fill", "#1a1a1a") } else { text.setAttribute("fill", "#333333") }
                group.children.append(text)
            }
            nodeGroup.children.append(group)
        }

        var root = SVGElement("svg", [
            "xmlns": "http://www.w3.org/2000/svg", "width": f(width), "height": f(height),
            "viewBox": "0 0 \(f(width)) \(f(height))", "font-family": style.fontFamily, "font-size": f(fontSize), "role": "img",
        ])
        root.children.append(SVGElement("title", text: title ?? "Graph"))
        root.children.append(SVGElement("rect", ["width": f(width), "height": f(height), "fill": "#ffffff"]))
        var y = 12.0
        if let title, !title.isEmpty {
            y += fontSize * 1.3
            root.children.append(SVGElement("text", [
                "class": "title", "x": f(width / 2), "y": f(y), "text-anchor": "middle", "font-size": f(fontSize * 1.3),
                "font-weight": "bold", "fill": "#1a1a1a",
            ], text: title))
            y += 10
        }
        if let subtitle, !subtitle.isEmpty {
            y += fontSize
            root.children.append(SVGElement("text", [
                "class": "subtitle", "x": f(width / 2), "y": f(y), "text-anchor": "middle", "fill": "#555555",
            ], text: subtitle))
        }
        root.children += [edgeGroup, nodeGroup, labelGroup]
        var out = ""
        root.render(into: &out)
        return out + "\n"
    }
}
