import Testing
@testable import Plotting

/// The demo figure: Old Faithful with a two-component full-covariance fit.
@Suite struct OldFaithfulFigureTests {
    /// The fitted model (k = 2, full covariance) from the brief; close to scikit-learn's
    /// `GaussianMixture(2, covariance_type="full", random_state=0)` on the same data.
    static let components = [
        ScatterPlot.Component(
            meanX: 2.0364, meanY: 54.4785, covariance: .init(xx: 0.06917, xy: 0.43517, yy: 33.69731), weight: 0.3559),
        ScatterPlot.Component(
            meanX: 4.2897, meanY: 79.9681, covariance: .init(xx: 0.16997, xy: 0.94060, yy: 36.04612), weight: 0.6441),
    ]

    /// Each point's label: the component with the smaller Mahalanobis distance.
    static func nearestLabels(_ x: [Double], _ y: [Double]) -> [Int] {
        zip(x, y).map { px, py in
            let d = components.map { c in
                c.covariance!.mahalanobisSquared(px - c.meanX, py - c.meanY)!
            }
            return d[0] <= d[1] ? 0 : 1
        }
    }

    static func figure() throws -> ScatterPlot {
        let data = try oldFaithful()
        var plot = ScatterPlot(x: data.eruptions, y: data.waiting, labels: nearestLabels(data.eruptions, data.waiting))
        plot.title = "Old Faithful: Gaussian mixture, k = 2"
        plot.subtitle = "full covariance · 272 eruptions"
        plot.xTitle = "eruptions (minutes)"
        plot.yTitle = "waiting (minutes)"
        plot.components = components
        return plot
    }

    @Test func oldFaithfulFigureHasEveryPointTwoMeansAndFourEllipses() throws {
        let svg = try Self.figure().svg()
        writeSampleIfRequested(svg, name: "old-faithful.svg")
        let doc = SVGInspector(svg)
        #expect(doc.isWellFormed, "\(doc.error ?? "")")
        #expect(doc.pointMarkers.count == 272)
        #expect(doc.elements(named: "ellipse", class: "ellipse").count == 4)
        #expect(doc.elements(named: "g", class: "mean").count == 2)
    }
}
