import Testing
import Foundation
@testable import Plotting

@Suite struct LineChartTests {
    /// BIC against k for four covariance types; "spherical" failed at k = 5 (nil).
    static func selectionChart() -> LineChart {
        let k: [Double] = [1, 2, 3, 4, 5, 6]
        var chart = LineChart(series: [
            .init(name: "full", x: k, y: [1_285.3, 1_160.8, 1_172.4, 1_190.0, 1_205.7, 1_226.1]),
            .init(name: "tied", x: k, y: [1_285.3, 1_170.2, 1_168.9, 1_175.5, 1_186.0, 1_197.3]),
            .init(name: "diag", x: k, y: [1_299.8, 1_196.3, 1_177.1, 1_181.9, 1_192.4, 1_203.0]),
            .init(name: "spherical", x: k, y: [1_425.6, 1_215.0, 1_190.3, 1_186.2, nil, 1_198.8]),
        ])
        chart.title = "Model selection on Old Faithful"
        chart.xTitle = "number of components k"
        chart.yTitle = "BIC (lower is better)"
        chart.integerXTicks = true
        chart.highlight = .init(x: 2, y: 1_160.8, label: "best: k = 2, full")
        return chart
    }

    /// A typical EM bound: rises fast, then flattens.
    static func boundChart() -> LineChart {
        let bound = (0..<25).map { i in -1.13 - 0.85 * pow2(-Double(i) / 2.5) }
        var chart = LineChart(series: [.init(name: "lower bound", y: bound)])
        chart.title = "EM on Old Faithful, k = 2"
        chart.xTitle = "iteration"
        chart.yTitle = "mean log-likelihood bound"
        chart.integerXTicks = true
        return chart
    }

    static func pow2(_ x: Double) -> Double {
        var r = 1.0, t = x
        // e^x by repeated squaring of a short Taylor step; accurate enough for a test picture.
        let n = 64.0
        t /= n
        r = 1 + t + t * t / 2 + t * t * t / 6
        for _ in 0..<6 { r *= r }
        return r
    }

    @Test func selectionChartIsWellFormedWithOneLinePerRunAndAGapForTheFailedFit() {
        let svg = Self.selectionChart().svg()
        writeSampleIfRequested(svg, name: "bic.svg")
        let doc = SVGInspector(svg)
        #expect(doc.isWellFormed, "\(doc.error ?? "")")
        let lines = doc.elements(named: "polyline")
        // full, tied, diag: one run each; spherical breaks at k = 5 into k = 1…4 and a lone k = 6.
        #expect(lines.count == 4)
        let sphericalRuns = lines.filter { ($0.attributes["points"] ?? "").split(separator: " ").count == 4 }
        #expect(sphericalRuns.count == 1)
        // Markers: 6 + 6 + 6 + 5 (the missing point has none).
        let markers = doc.elements.filter { $0.ancestorClasses.last == "markers" }
        #expect(markers.count == 23)
        #expect(doc.texts.contains("spherical"))
        #expect(doc.texts.contains("best: k = 2, full"))
        // Integer ticks only.
        let xLabels = doc.elements.filter { $0.ancestorClasses.last == "x-tick-labels" }.map(\.text)
        #expect(xLabels == ["1", "2", "3", "4", "5", "6"])
    }

    @Test func boundChartDrawsOneLineWithAMarkerPerIteration() {
        let svg = Self.boundChart().svg()
        writeSampleIfRequested(svg, name: "bound.svg")
        let doc = SVGInspector(svg)
        #expect(doc.isWellFormed)
        #expect(doc.elements(named: "polyline").count == 1)
        #expect(doc.elements.filter { $0.ancestorClasses.last == "markers" }.count == 25)
    }

    @Test func longSeriesDropMarkersButKeepIsolatedPoints() {
        var y: [Double?] = (0..<200).map { Double($0) }
        y[100] = nil
        y[102] = .nan
        let svg = LineChart(series: [.init(name: "long", y: y)]).svg()
        let doc = SVGInspector(svg)
        #expect(doc.elements(named: "polyline").count == 2)
        // The point at index 101 is alone between two gaps: it must still be visible.
        #expect(doc.elements.filter { $0.ancestorClasses.last == "markers" }.count == 1)
    }

    @Test(arguments: [
        [Double?](), [nil, nil], [.nan, .infinity], [5], [5, 5, 5], [1e300, -1e300], [1e-300, 2e-300],
    ])
    func degenerateSeriesNeverWriteNaNOrInf(_ y: [Double?]) {
        let svg = LineChart(series: [.init(name: "s", y: y)]).svg()
        let doc = SVGInspector(svg)
        #expect(doc.isWellFormed)
        let lower = svg.lowercased()
        #expect(!lower.contains("nan") && !lower.contains("inf"))
    }

    @Test func emptyChartShowsTheMessage() {
        var chart = LineChart()
        chart.emptyMessage = "All fits failed"
        let doc = SVGInspector(chart.svg())
        #expect(doc.elements(named: "text", class: "message").map(\.text) == ["All fits failed"])
    }
}

@Suite struct LogarithmicAxisTests {
    /// The classic V: central-difference error of sin′ at 1 against the step h, truncation h²/6
    /// on the right, rounding ε/h on the left.
    static func errorChart() -> LineChart {
        let steps = (0..<23).map { pow(10, -12 + Double($0) / 2) }
        let central = steps.map { h -> Double? in abs((sin(1 + h) - sin(1 - h)) / (2 * h) - cos(1)) }
        let forward = steps.map { h -> Double? in abs((sin(1 + h) - sin(1)) / h - cos(1)) }
        var chart = LineChart(series: [
            .init(name: "forward difference", x: steps, y: forward),
            .init(name: "central difference", x: steps, y: central),
        ])
        chart.xAxisScale = .logarithmic
        chart.yAxisScale = .logarithmic
        chart.title = "Finite-difference error of sin′(1)"
        chart.xTitle = "step h"
        chart.yTitle = "absolute error"
        return chart
    }

    @Test func logLogChartHasPowerOfTenTicks() {
        let svg = Self.errorChart().svg()
        writeSampleIfRequested(svg, name: "loglog.svg")
        let doc = SVGInspector(svg)
        #expect(doc.isWellFormed)
        let xs = doc.elements.filter { $0.ancestorClasses.last == "x-tick-labels" }.map(\.text)
        #expect(xs.contains("10⁻⁸") && xs.contains("10⁻²"))
        #expect(xs.allSatisfy { $0.hasPrefix("10") })
        #expect(doc.elements(named: "polyline").count == 2)
    }

    @Test func shortLogRangeUsesOneTwoFiveTicks() {
        var chart = LineChart(series: [.init(name: "", x: [1, 50], y: [1, 50])])
        chart.xAxisScale = .logarithmic
        chart.xDomain = 1...50
        let doc = SVGInspector(chart.svg())
        let xs = doc.elements.filter { $0.ancestorClasses.last == "x-tick-labels" }.map(\.text)
        #expect(xs == ["1", "2", "5", "10", "20", "50"])
    }

    @Test func nonPositiveValuesAreGapsOnALogAxis() {
        var chart = LineChart(series: [.init(name: "s", y: [1, 10, 0, 100, -5, 1000, 1e4])])
        chart.yAxisScale = .logarithmic
        let svg = chart.svg()
        let doc = SVGInspector(svg)
        #expect(doc.elements(named: "polyline").count == 2)  // 1–10 and 1000–10⁴; 100 stands alone
        #expect(doc.elements.filter { $0.ancestorClasses.last == "markers" }.count == 5)
        #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"))
    }

    @Test func powerOfTenLabels() {
        #expect(AxisTicks.powerOfTen(-12) == "10⁻¹²")
        #expect(AxisTicks.powerOfTen(0) == "10⁰")
        #expect(AxisTicks.powerOfTen(3) == "10³")
    }
}
