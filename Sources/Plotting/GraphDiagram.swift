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

    /// The layout: real nodes `0..<nodes.count`, then one virtual vertex per layer crossed by a
    /// long edge (Sugiyama's dummy vertices), each edge as a chain of vertices.
    struct Layout {
        /// Layer of every vertex (real, then virtual).
        var layer: [Int]
        /// The vertices of each layer, in order, bottom layer first.
        var rows: [[Int]]
        /// Per drawn edge: its vertices from source to target (virtual ones between).
        var chains: [[Int]]
        /// The drawn edges (those going up between existing nodes).
        var edges: [Edge]
        /// Neighbours below and above every vertex.
        var down: [[Int]], up: [[Int]]
    }

    /// Layers, virtual vertices and the order within layers after barycentre sweeps.
    func layout() -> Layout {
        let drawn = validEdges
        var layer = nodes.map { max(0, $0.layer) }
        var chains: [[Int]] = []
        for e in drawn {
            var chain = [e.from]
            for l in (layer[e.from] + 1)..<layer[e.to] {
                chain.append(layer.count)
                layer.append(l)
            }
            chain.append(e.to)
            chains.append(chain)
        }
        let count = layer.count
        var down = [[Int]](repeating: [], count: count), up = [[Int]](repeating: [], count: count)
        for chain in chains {
            for k in 1..<chain.count { down[chain[k]].append(chain[k - 1]); up[chain[k - 1]].append(chain[k]) }
        }
        let top = layer.max() ?? 0
        var rows = [[Int]](repeating: [], count: nodes.isEmpty ? 0 : top + 1)
        for v in 0..<count { rows[layer[v]].append(v) }
        var position = [Double](repeating: 0, count: count)
        func record(_ l: Int) {
            for (k, v) in rows[l].enumerated() { position[v] = (Double(k) + 0.5) / Double(rows[l].count) }
        }
        for l in rows.indices { record(l) }
        for sweep in 0..<12 {
            let upward = sweep % 2 == 0
            let order = upward ? Array(rows.indices.dropFirst()) : Array(rows.indices.dropLast().reversed())
            for l in order {
                let keyed = rows[l].map { v -> (Double, Double, Int) in
                    let neighbours = upward ? down[v] : up[v]
                    let b = neighbours.isEmpty ? position[v] : neighbours.map { position[$0] }.reduce(0, +) / Double(neighbours.count)
                    return (b, position[v], v)
                }
                rows[l] = keyed.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.map(\.2)
                record(l)
            }
        }
        return Layout(layer: layer, rows: rows, chains: chains, edges: drawn, down: down, up: up)
    }

    /// The order of the nodes within each layer (bottom layer first), after barycentre sweeps.
    public func layerOrder() -> [[Int]] {
        layout().rows.map { row in row.filter { $0 < nodes.count } }
    }

    var validEdges: [Edge] {
        edges.filter { $0.from >= 0 && $0.to >= 0 && $0.from < nodes.count && $0.to < nodes.count
            && nodes[$0.from].layer < nodes[$0.to].layer }
    }

    /// The drawing as a standalone SVG document (no `id`s, deterministic output).
    ///
    /// Structure, for tools and tests: `<g class="edges">` holds one `<g class="edge">` per edge
    /// (a `<path>` and an arrow-head `<polygon>`), `<g class="edge-labels">` one `<text>` per
    /// labelled edge; `<g class="nodes">` holds one `<g class="node" data-kind="…">` per node (a
    /// `<rect>` and its `<text>` lines). An edge that spans several layers runs through reserved
    /// room in each layer it crosses (so it passes between boxes, not through them), with its
    /// label in the room nearest its target.
    public func svg() -> String {
        let fontSize = style.clampedFontSize
        let labelSize = fontSize * 0.85
        let lineHeight = fontSize * 1.3
        let padX = 12.0, padY = 8.0, gap = 28.0
        let plan = layout()
        let count = plan.layer.count
        let boxHeight = Double(max(1, nodes.map(\.lines.count).max() ?? 1)) * lineHeight + 2 * padY
        let layerGap = max(90, labelSize * 6.5)
        // Widths: boxes fit their text; a virtual vertex is a narrow lane, or wide enough for the
        // label of its edge if it is the lane nearest the target (where the label goes).
        var widths = [Double](repeating: 10, count: count)
        for (i, node) in nodes.enumerated() {
            widths[i] = max(48, (node.lines.map { ChartCanvas.textWidth($0, fontSize: fontSize) }.max() ?? 0) + 2 * padX)
        }
        var labelAt = [Int: Int]()   // edge → the virtual vertex that carries its label
        for (k, chain) in plan.chains.enumerated() where chain.count > 2 && !plan.edges[k].label.isEmpty {
            let v = chain[chain.count - 2]
            labelAt[k] = v
            widths[v] = ChartCanvas.textWidth(plan.edges[k].label, fontSize: labelSize) + 8
        }

        // x positions: start packed, then pull every vertex towards its neighbours' mean, keeping
        // the order and the gaps (the average of a left-packed and a right-packed placement keeps
        // both).
        var x = [Double](repeating: 0, count: count)
        for row in plan.rows {
            var at = 0.0
            for v in row { x[v] = at + widths[v] / 2; at += widths[v] + gap }
        }
        for iteration in 0..<40 {
            let rowOrder = iteration % 2 == 0 ? Array(plan.rows.indices) : Array(plan.rows.indices.reversed())
            for l in rowOrder {
                let row = plan.rows[l]
                guard !row.isEmpty else { continue }
                let desired = row.map { v -> Double in
                    let neighbours = plan.down[v] + plan.up[v]
                    return neighbours.isEmpty ? x[v] : neighbours.map { x[$0] }.reduce(0, +) / Double(neighbours.count)
                }
                var left = desired, right = desired
                for k in 1..<row.count {
                    left[k] = max(left[k], left[k - 1] + (widths[row[k - 1]] + widths[row[k]]) / 2 + gap)
                }
                for k in stride(from: row.count - 2, through: 0, by: -1) {
                    right[k] = min(right[k], right[k + 1] - (widths[row[k + 1]] + widths[row[k]]) / 2 - gap)
                }
                for (k, v) in row.enumerated() { x[v] = (left[k] + right[k]) / 2 }
            }
        }
        let minX = (0..<count).map { x[$0] - widths[$0] / 2 }.min() ?? 0
        let maxX = (0..<count).map { x[$0] + widths[$0] / 2 }.max() ?? 0
        let margin = 24.0
        var headerHeight = 12.0
        if !(title ?? "").isEmpty { headerHeight += fontSize * 1.3 + 10 }
        if !(subtitle ?? "").isEmpty { headerHeight += fontSize + 6 }
        let titleWidth = ChartCanvas.textWidth(title ?? "", fontSize: fontSize * 1.3) * 1.1
        let subtitleWidth = ChartCanvas.textWidth(subtitle ?? "", fontSize: fontSize) * 1.05
        let contentWidth = maxX - minX
        let width = max(320, contentWidth + 2 * margin, titleWidth + 2 * margin, subtitleWidth + 2 * margin)
        let shift = (width - contentWidth) / 2 - minX
        for v in 0..<count { x[v] += shift }
        let layers = plan.rows.count
        let height = headerHeight + margin + Double(layers) * boxHeight + Double(max(0, layers - 1)) * layerGap + margin
        func centreY(_ v: Int) -> Double {
            headerHeight + margin + Double(layers - 1 - plan.layer[v]) * (boxHeight + layerGap) + boxHeight / 2
        }
        let cx = x, cy = (0..<count).map(centreY)

        // Ports: a box's outgoing edges spread along its top, incoming along its bottom, each in
        // the order of the x of the next vertex on the edge, so edges into one box do not cross.
        var outPorts = [Int: Double](), inPorts = [Int: Double]()
        var outgoing = [[Int]](repeating: [], count: nodes.count), incoming = [[Int]](repeating: [], count: nodes.count)
        for (k, chain) in plan.chains.enumerated() { outgoing[chain.first!].append(k); incoming[chain.last!].append(k) }
        for i in nodes.indices {
            let outs = outgoing[i].sorted { (cx[plan.chains[$0][1]], $0) < (cx[plan.chains[$1][1]], $1) }
            for (r, k) in outs.enumerated() {
                outPorts[k] = cx[i] + (Double(r) + 0.5 - Double(outs.count) / 2) * min(14, widths[i] * 0.8 / Double(outs.count))
            }
            let ins = incoming[i].sorted {
                (cx[plan.chains[$0][plan.chains[$0].count - 2]], $0) < (cx[plan.chains[$1][plan.chains[$1].count - 2]], $1)
            }
            for (r, k) in ins.enumerated() {
                inPorts[k] = cx[i] + (Double(r) + 0.5 - Double(ins.count) / 2) * min(24, widths[i] * 0.8 / Double(ins.count))
            }
        }

        let f = FixedPoint.coordinate
        var edgeGroup = SVGElement("g", ["class": "edges", "fill": "none"])
        var labelGroup = SVGElement("g", ["class": "edge-labels", "font-size": f(labelSize), "text-anchor": "middle", "fill": "#7a3b00"])
        var placed: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
        for i in nodes.indices {
            placed.append((cx[i] - widths[i] / 2, cy[i] - boxHeight / 2, cx[i] + widths[i] / 2, cy[i] + boxHeight / 2))
        }
        for (k, chain) in plan.chains.enumerated() {
            let e = plan.edges[k]
            // Points from the source's top through the lanes (entered at their bottom, left at
            // their top, so the curve is vertical there) to the target's bottom.
            var points: [(Double, Double)] = [(outPorts[k] ?? cx[e.from], cy[e.from] - boxHeight / 2)]
            for v in chain.dropFirst().dropLast() {
                points.append((cx[v], cy[v] + boxHeight / 2))
                points.append((cx[v], cy[v] - boxHeight / 2))
            }
            let tx = inPorts[k] ?? cx[e.to], ty = cy[e.to] + boxHeight / 2 + 7
            points.append((tx, ty))
            var d = "M\(f(points[0].0)),\(f(points[0].1))"
            var segments: [((Double, Double), (Double, Double), (Double, Double), (Double, Double))] = []
            for p in 1..<points.count {
                let (x0, y0) = points[p - 1], (x1, y1) = points[p]
                if x0 == x1 {
                    d += " L\(f(x1)),\(f(y1))"
                    segments.append(((x0, y0), (x0, y0), (x1, y1), (x1, y1)))
                } else {
                    let bend = max(20, (y0 - y1) * 0.45)
                    d += " C\(f(x0)),\(f(y0 - bend)) \(f(x1)),\(f(y1 + bend)) \(f(x1)),\(f(y1))"
                    segments.append(((x0, y0), (x0, y0 - bend), (x1, y1 + bend), (x1, y1)))
                }
            }
            var group = SVGElement("g", ["class": "edge"])
            group.children.append(SVGElement("path", ["d": d, "stroke": "#6b6b6b", "stroke-width": "1.3"]))
            let tip = ty - 7
            group.children.append(SVGElement("polygon", [
                "points": "\(f(tx)),\(f(tip)) \(f(tx - 4.5)),\(f(ty + 1)) \(f(tx + 4.5)),\(f(ty + 1))", "fill": "#6b6b6b",
            ]))
            edgeGroup.children.append(group)
            guard !e.label.isEmpty else { continue }
            let w = ChartCanvas.textWidth(e.label, fontSize: labelSize)
            var best: (Double, Double)
            if let v = labelAt[k] {
                best = (cx[v], cy[v] + labelSize * 0.35)   // in the lane reserved for it
            } else {
                // A one-layer edge: along its curve, where it overlaps boxes and labels least.
                let (p0, p1, p2, p3) = segments[segments.count - 1]
                func point(_ t: Double) -> (Double, Double) {
                    let u = 1 - t
                    return (u * u * u * p0.0 + 3 * u * u * t * p1.0 + 3 * u * t * t * p2.0 + t * t * t * p3.0,
                            u * u * u * p0.1 + 3 * u * u * t * p1.1 + 3 * u * t * t * p2.1 + t * t * t * p3.1)
                }
                best = point(0.55)
                var bestOverlap = Double.infinity
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
            }
            placed.append((best.0 - w / 2 - 2, best.1 - labelSize, best.0 + w / 2 + 2, best.1 + 3))
            labelGroup.children.append(SVGElement("text", [
                "x": f(best.0), "y": f(best.1), "stroke": "#ffffff", "stroke-width": "3.5",
                "stroke-linejoin": "round", "paint-order": "stroke",
            ], text: e.label))
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
