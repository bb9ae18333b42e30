import Testing
@testable import Plotting

@Suite struct PaletteTests {
    @Test func okabeItoHasEightDistinctColoursAndCycles() {
        let p = Palette.okabeIto
        #expect(Set(p.colors).count == 8)
        #expect(p.color(at: 0).svg == "#0072b2")
        #expect(p.color(at: 8) == p.color(at: 0))
        #expect(p.color(at: -1) == p.color(at: 7))
        #expect(Set(Palette.tableau10.colors).count == 10)
    }

    @Test func markerShapeChangesOnEachCycle() {
        #expect(MarkerShape.forCategory(0, cycleLength: 8) == .circle)
        #expect(MarkerShape.forCategory(7, cycleLength: 8) == .circle)
        #expect(MarkerShape.forCategory(8, cycleLength: 8) == .square)
        #expect(MarkerShape.forCategory(16, cycleLength: 8) == .triangle)
    }

    @Test func colourMixing() {
        #expect(Color(hex: 0x0072B2).mixed(with: .black, fraction: 0).svg == "#0072b2")
        #expect(Color.white.mixed(with: .black, fraction: 0.5).svg == "#808080")
        #expect(Color.white.mixed(with: .black, fraction: .nan) == .white)
    }

    /// Every cluster of a 12-cluster plot is distinguishable: distinct (colour, shape) pairs.
    @Test func twelveClustersGetDistinctColourShapePairs() {
        let labels = Array(0..<12)
        let plot = ScatterPlot(x: labels.map(Double.init), y: labels.map(Double.init), labels: labels)
        let doc = SVGInspector(plot.svg())
        let groups = doc.elements(named: "g", class: "points")
        #expect(groups.count == 12)
        let markers = doc.pointMarkers.map(\.name)
        #expect(Set(zip(groups.map { $0.attributes["fill"]! }, markers).map { "\($0)|\($1)" }).count == 12)
    }
}
