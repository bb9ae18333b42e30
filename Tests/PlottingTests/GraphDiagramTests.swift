import Testing
@testable import Plotting

/// Layered graph drawings: structure of the SVG, layer order, crossings removed by the sweeps,
/// and escaping of labels.
@Suite struct GraphDiagramTests {
    static func diamond() -> GraphDiagram {
        GraphDiagram(nodes: [
            .init(lines: ["a"], layer: 0, kind: .input), .init(lines: ["b"], layer: 0, kind: .input),
            .init(lines: ["c", "1"], layer: 1, kind: .operation), .init(lines: ["d", "2"], layer: 1, kind: .operation),
            .init(lines: ["e"], layer: 2, kind: .output),
        ], edges: [
            .init(from: 0, to: 3, label: "x"), .init(from: 1, to: 2, label: "y"),
            .init(from: 2, to: 4, label: "1"), .init(from: 3, to: 4, label: "<&>"),
        ])
    }

    @Test func oneGroupPerNodeAndEdge() {
        let svg = GraphDiagramTests.diamond().svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "class=\"node\"").count - 1 == 5)
        #expect(svg.components(separatedBy: "class=\"edge\"").count - 1 == 4)
        #expect(svg.components(separatedBy: "<polygon").count - 1 == 4)
        #expect(svg.contains("&lt;&amp;&gt;"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    /// a feeds d and b feeds c: the sweeps put c above b and d above a, so no edges cross.
    @Test func barycentreSweepsRemoveTheCrossing() {
        let layers = GraphDiagramTests.diamond().layerOrder()
        #expect(layers[0] == [0, 1])
        #expect(layers[1] == [3, 2])
    }

    @Test func edgesThatDoNotGoUpAreNotDrawn() {
        var d = GraphDiagramTests.diamond()
        d.edges.append(.init(from: 4, to: 0, label: "down"))
        d.edges.append(.init(from: 0, to: 99, label: "missing"))
        #expect(d.svg().components(separatedBy: "class=\"edge\"").count - 1 == 4)
    }

    @Test func emptyDiagramIsStillADocument() {
        let svg = GraphDiagram(nodes: [], edges: []).svg()
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
    }
}

extension GraphDiagramTests {
    /// An edge from layer 0 to layer 3 gets a lane in layers 1 and 2 — a virtual vertex of its
    /// own in the ordering, so it passes beside the boxes there — and its label sits in the
    /// lane nearest its target.
    @Test func longEdgesRunInLanesBesideTheBoxes() {
        let d = GraphDiagram(nodes: [
            .init(lines: ["x"], layer: 0, kind: .input),
            .init(lines: ["a"], layer: 1, kind: .operation), .init(lines: ["b"], layer: 2, kind: .operation),
            .init(lines: ["f"], layer: 3, kind: .output),
        ], edges: [
            .init(from: 0, to: 1, label: ""), .init(from: 1, to: 2, label: ""), .init(from: 2, to: 3, label: ""),
            .init(from: 0, to: 3, label: "long"),
        ])
        let plan = d.layout()
        #expect(plan.layer.count == 6)
        #expect(plan.chains[3] == [0, 4, 5, 3])
        #expect(plan.rows.map(\.count) == [1, 2, 2, 1])
        let svg = d.svg()
        // The long edge's path runs straight up through its two lanes ("L" segments).
        let paths = svg.components(separatedBy: "<path d=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(paths.count == 4)
        #expect(paths.filter { $0.contains(" L") }.count == 1)
        #expect(svg.contains(">long</text>"))
    }
}
