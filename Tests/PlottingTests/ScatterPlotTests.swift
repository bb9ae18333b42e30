import Testing
import TestSupport
import Foundation
@testable import Plotting

@Suite struct ScatterPlotTests {
    static let oldFaithfulComponents = OldFaithfulFigureTests.components

    /// Every drawn <ellipse>, mapped back from pixels to data through the frame and the domains,
    /// lies at Mahalanobis distance r from its component's mean. This checks the pixel-space
    /// eigen-decomposition, the y flip and the rotation sign together. Coordinates are written
    /// with 0.01 px resolution on a ~600 px frame, hence 2e-3 relative.
    @Test func drawnEllipsesAreTheMahalanobisLevelSets() throws {
        let plot = try OldFaithfulFigureTests.figure()
        let doc = SVGInspector(plot.svg())
        let frame = try #require(doc.elements(named: "rect", class: "frame").first)
        let left = Double(frame.attributes["x"]!)!, top = Double(frame.attributes["y"]!)!
        let width = Double(frame.attributes["width"]!)!, height = Double(frame.attributes["height"]!)!
        let (xd, yd) = plot.automaticDomains()
        func data(_ px: Double, _ py: Double) -> (Double, Double) {
            (xd.lowerBound + (px - left) / width * (xd.upperBound - xd.lowerBound),
             yd.upperBound - (py - top) / height * (yd.upperBound - yd.lowerBound))
        }
        let ellipses = doc.elements(named: "ellipse", class: "ellipse")
        #expect(ellipses.count == 4)
        for e in ellipses {
            let k = Int(e.attributes["data-component"]!)!
            let r = Double(e.attributes["data-radius"]!)!
            let cx = Double(e.attributes["cx"]!)!, cy = Double(e.attributes["cy"]!)!
            let rx = Double(e.attributes["rx"]!)!, ry = Double(e.attributes["ry"]!)!
            let transform = e.attributes["transform"]!  // rotate(deg cx cy)
            let degrees = Double(transform.dropFirst("rotate(".count).split(separator: " ")[0])!
            let a = degrees * .pi / 180
            let c = Self.oldFaithfulComponents[k]
            for i in 0..<36 {
                let t = Double(i) * .pi / 18
                let px = cx + rx * cos(t) * cos(a) - ry * sin(t) * sin(a)
                let py = cy + rx * cos(t) * sin(a) + ry * sin(t) * cos(a)
                let (x, y) = data(px, py)
                let d = c.covariance!.mahalanobisSquared(x - c.meanX, y - c.meanY)!.squareRoot()
                #expect(isClose(d, r, relative: 2e-3), "component \(k) r \(r) t \(t): \(d)")
            }
        }
    }

    @Test func domainsCoverPointsAndEllipsesWithPadding() throws {
        let plot = try OldFaithfulFigureTests.figure()
        let (xd, yd) = plot.automaticDomains()
        for c in Self.oldFaithfulComponents {
            let e = c.ellipse(radius: 2)!
            #expect(xd.contains(c.meanX - e.halfWidth) && xd.contains(c.meanX + e.halfWidth))
            #expect(yd.contains(c.meanY - e.halfHeight) && yd.contains(c.meanY + e.halfHeight))
        }
        #expect(xd.lowerBound < plot.x.min()! && xd.upperBound > plot.x.max()!)
        #expect(yd.lowerBound < plot.y.min()! && yd.upperBound > plot.y.max()!)
    }

    @Test func legendNamesComponentsWithWeightsAndTheEllipseRadii() throws {
        let texts = SVGInspector(try OldFaithfulFigureTests.figure().svg()).texts
        for label in ["Component 1 (weight 0.356)", "Component 2 (weight 0.644)", "mean", "1σ ellipse", "2σ ellipse",
                      "eruptions (minutes)", "waiting (minutes)"] {
            #expect(texts.contains(label), "missing \(label)")
        }
    }

    @Test func pointsAreGroupedByLabelAndCounted() {
        let plot = ScatterPlot(x: [1, 2, 3, 4, .nan, 6], y: [1, 2, 3, 4, 5, 6], labels: [0, 1, 1, -1, 0])
        let doc = SVGInspector(plot.svg())
        #expect(doc.pointMarkers.count == 5)  // the NaN point is skipped
        let groups = doc.elements(named: "g", class: "points").map { $0.attributes["data-label"]! }
        #expect(groups == ["-1", "0", "1"])  // label −1 and the point beyond labels.count are grey
        #expect(doc.texts.contains("unassigned") && doc.texts.contains("Cluster 2"))
    }

    @Test func manyPointsAreThinnedWithANote() {
        var rng = SplitMix64(seed: 42)
        let n = 50_000
        var plot = ScatterPlot(
            x: (0..<n).map { _ in Double.random(in: 0...1, using: &rng) },
            y: (0..<n).map { _ in Double.random(in: 0...1, using: &rng) })
        plot.maximumPointCount = 20_000
        let doc = SVGInspector(plot.svg())
        #expect(doc.pointMarkers.count == 16_667)  // every 3rd of 50,000
        #expect(doc.elements(named: "text", class: "note").first?.text == "showing 16667 of 50000 points (1 in 3)")
    }

    struct Degenerate: Sendable, CustomTestStringConvertible {
        var name: String
        var x: [Double]
        var y: [Double]
        var components: [ScatterPlot.Component] = []
        var testDescription: String { name }
    }

    static let degenerate: [Degenerate] = [
        .init(name: "empty", x: [], y: []),
        .init(name: "one point", x: [3], y: [4]),
        .init(name: "all points equal", x: [2, 2, 2], y: [5, 5, 5]),
        .init(name: "all at zero", x: [0, 0], y: [0, 0]),
        .init(name: "only NaN and Inf", x: [.nan, .infinity], y: [1, -.infinity]),
        .init(name: "mismatched lengths", x: [1, 2, 3], y: [1]),
        .init(
            name: "zero covariance", x: [1, 2], y: [1, 2],
            components: [.init(meanX: 1.5, meanY: 1.5, covariance: .init(spherical: 0))]),
        .init(
            name: "singular covariance", x: [1, 2], y: [1, 2],
            components: [.init(meanX: 1.5, meanY: 1.5, covariance: .init(xx: 1, xy: 1, yy: 1))]),
        .init(
            name: "huge variance", x: [1, 2, 3], y: [1, 2, 3],
            components: [.init(meanX: 2, meanY: 2, covariance: .init(xx: 1e300, xy: 0, yy: 1e300))]),
        .init(
            name: "tiny variance", x: [1, 2, 3], y: [1, 2, 3],
            components: [.init(meanX: 2, meanY: 2, covariance: .init(xx: 1e-300, xy: 0, yy: 1e-300))]),
        .init(
            name: "non-finite component", x: [1, 2], y: [1, 2],
            components: [
                .init(meanX: .nan, meanY: 1, covariance: .init(spherical: 1)),
                .init(meanX: 1, meanY: 1, covariance: .init(xx: .infinity, xy: 0, yy: 1), weight: .nan),
            ]),
        .init(
            name: "not positive semidefinite", x: [1, 2], y: [1, 2],
            components: [.init(meanX: 1.5, meanY: 1.5, covariance: .init(xx: -1, xy: 0, yy: -2))]),
        .init(name: "components without points", x: [], y: [], components: Array(OldFaithfulFigureTests.components)),
        .init(name: "extreme coordinates", x: [-1e308, 1e308], y: [1e-308, -1e-308]),
    ]

    /// No `nan`/`inf` anywhere in the document (the font list and all fixed text are free of those
    /// letter sequences, so a plain substring search is exact here), and still well-formed.
    @Test(arguments: degenerate)
    func degenerateInputNeverWritesNaNOrInf(_ c: Degenerate) {
        var plot = ScatterPlot(x: c.x, y: c.y)
        plot.components = c.components
        let svg = plot.svg()
        writeSampleIfRequested(svg, name: "degenerate-\(c.name.replacingOccurrences(of: " ", with: "-")).svg")
        let doc = SVGInspector(svg)
        #expect(doc.isWellFormed, "\(doc.error ?? "")")
        let lower = svg.lowercased()
        #expect(!lower.contains("nan") && !lower.contains("inf"))
        #expect(doc.elements.filter { $0.ancestorClasses.last == "x-tick-labels" }.count >= 2)
        #expect(doc.elements.filter { $0.ancestorClasses.last == "y-tick-labels" }.count >= 2)
    }

    @Test func emptyDataShowsTheMessage() {
        let doc = SVGInspector(ScatterPlot(x: [], y: []).svg())
        #expect(doc.elements(named: "text", class: "message").map(\.text) == ["No data to plot"])
    }

    @Test func allPointsEqualGetARangeAroundThem() {
        let (xd, yd) = ScatterPlot(x: [2, 2], y: [5, 5]).automaticDomains()
        #expect(xd.lowerBound < 2 && xd.upperBound > 2 && yd.lowerBound < 5 && yd.upperBound > 5)
    }

    /// A runaway component must not shrink the data to a dot: overlays are followed at most one
    /// data-width beyond the points (then 5 % padding), so the axis is at most 3 × 1.1 data widths.
    @Test func hugeVarianceDoesNotSwampThePoints() {
        var plot = ScatterPlot(x: [1, 2, 3], y: [1, 2, 3])
        plot.components = [.init(meanX: 2, meanY: 2, covariance: .init(spherical: 1e12))]
        let (xd, yd) = plot.automaticDomains()
        #expect(xd.upperBound - xd.lowerBound <= 2 * 3 * 1.1 + 1e-9)
        #expect(yd.upperBound - yd.lowerBound <= 2 * 3 * 1.1 + 1e-9)
    }

    @Test func singularCovarianceIsDrawnAsASegment() {
        var plot = ScatterPlot(x: [0, 1], y: [0, 1])
        plot.components = [.init(meanX: 0.5, meanY: 0.5, covariance: .init(xx: 0.1, xy: 0.1, yy: 0.1))]
        let doc = SVGInspector(plot.svg())
        #expect(doc.elements(named: "line", class: "ellipse").count == 2)
        #expect(doc.elements(named: "ellipse").isEmpty)
    }

    @Test func fixedDomainsAreUsed() {
        var plot = ScatterPlot(x: [1, 2], y: [1, 2])
        plot.xDomain = 0...10
        plot.yDomain = -100...100
        let doc = SVGInspector(plot.svg())
        let xs = doc.elements.filter { $0.ancestorClasses.last == "x-tick-labels" }.map(\.text)
        #expect(xs == ["0", "2", "4", "6", "8", "10"])
        let ys = doc.elements.filter { $0.ancestorClasses.last == "y-tick-labels" }.map(\.text)
        #expect(ys.first == "\u{2212}100" && ys.last == "100")
    }

    @Test func outputIsDeterministic() throws {
        let plot = try OldFaithfulFigureTests.figure()
        #expect(plot.svg() == plot.svg())
    }
}
