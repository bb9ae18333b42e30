import Testing
@testable import Plotting

struct DecisionRegionPlotTests {
    /// A 4×6 grid split at x = 0 (class 0 left, class 1 right) over [−1, 1]²: each row becomes two
    /// runs, i.e. 8 rectangles; the class-0 rectangles end at the pixel of x = 0.
    @Test func runsOfOneClassBecomeOneRectangle() {
        let rows = 4, columns = 6
        let regions = (0..<(rows * columns)).map { ($0 % columns) < 3 ? 0 : 1 }
        let plot = DecisionRegionPlot(regions: regions, rows: rows, columns: columns, xDomain: -1...1, yDomain: -1...1,
                                      x: [-0.5, 0.5, 0.2], y: [0, 0, 0.5], labels: [0, 1, 1])
        let svg = plot.svg()
        let inspector = SVGInspector(svg)
        #expect(inspector.isWellFormed)
        let rects = inspector.elements(named: "rect").filter { $0.attributes["class"] == "region" }
        #expect(rects.count == 8)
        #expect(rects.filter { $0.attributes["data-class"] == "0" }.count == 4)
        let zeroEnd = rects.filter { $0.attributes["data-class"] == "0" }.map {
            Double($0.attributes["x"]!)! + Double($0.attributes["width"]!)!
        }
        let oneStart = rects.filter { $0.attributes["data-class"] == "1" }.map { Double($0.attributes["x"]!)! }
        for (a, b) in zip(zeroEnd, oneStart) { #expect(abs(a - b) < 0.01) }
        let groups = inspector.elements(named: "g").filter { $0.attributes["class"] == "points" }
        #expect(groups.map { $0.attributes["data-label"]! } == ["0", "1"])
        #expect(inspector.texts.contains("Class 1") && inspector.texts.contains("Class 2"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        writeSampleIfRequested(svg, name: "decision-regions.svg")
    }

    /// Degenerate input draws a valid chart: a grid of the wrong size is skipped with a note,
    /// non-finite points and domains do not reach the SVG, negative classes are unshaded.
    @Test func degenerateInputIsDrawnSafely() {
        var plot = DecisionRegionPlot(regions: [0, 1, 2], rows: 2, columns: 2, xDomain: -.infinity...1, yDomain: 0...0,
                                      x: [.nan, 1, 2], y: [0, .infinity, 1], labels: [0])
        var svg = plot.svg()
        var inspector = SVGInspector(svg)
        #expect(inspector.isWellFormed)
        #expect(inspector.texts.contains { $0.contains("expected 2×2") })
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        #expect(inspector.elements(named: "rect").filter { $0.attributes["class"] == "region" }.isEmpty)
        plot.regions = [-1, 0, 0, -1]
        svg = plot.svg()
        inspector = SVGInspector(svg)
        #expect(inspector.elements(named: "rect").filter { $0.attributes["class"] == "region" }.count == 2)   // one per row
        plot.rows = -3
        #expect(SVGInspector(plot.svg()).isWellFormed)
    }
}
