import Testing
@testable import Plotting

@Suite struct SnapshotPageTests {
    /// The lecture's sequence: EM on Old Faithful from two badly placed means.
    static func emPage() throws -> (page: SnapshotPage, steps: Int) {
        let data = try oldFaithful()
        let steps = tinyEM(x: data.eruptions, y: data.waiting, means: [(2.6, 85), (4.6, 50)], iterations: 20)
        let plots = steps.enumerated().map { i, step -> ScatterPlot in
            var p = ScatterPlot(x: data.eruptions, y: data.waiting, labels: step.labels)
            p.title = "EM on Old Faithful, after iteration \(i + 1)"
            p.xTitle = "eruptions (minutes)"
            p.yTitle = "waiting (minutes)"
            p.components = step.components
            return p
        }
        let captions = (1...steps.count).map { "after iteration \($0)" }
        return (SnapshotPage(title: "EM on Old Faithful <k = 2>", plots: plots, captions: captions), steps.count)
    }

    /// The inlined SVG documents of a page, cut at `<svg xmlns=` … `</svg>` boundaries.
    static func inlinedSVGs(_ html: String) -> [String] {
        var result: [String] = []
        var rest = Substring(html)
        while let start = rest.firstRange(of: "<svg xmlns=") {
            let tail = rest[start.lowerBound...]
            // The outermost </svg> that closes it: the chart nests one <svg> (the plot area).
            guard let close = tail.firstRange(of: "</svg>\n<figcaption") else { break }
            result.append(String(tail[..<close.lowerBound]) + "</svg>")
            rest = tail[close.upperBound...]
        }
        return result
    }

    @Test func pageInlinesOneWellFormedSVGPerIterationWithItsCaption() throws {
        let (page, steps) = try Self.emPage()
        let html = page.html()
        writeSampleIfRequested(html, name: "em-snapshots.html")
        for (i, frame) in page.frames.enumerated() where [0, 1, 4, 19].contains(i) {
            writeSampleIfRequested(frame.svg, name: "em-iteration-\(i + 1).svg")
        }
        let svgs = Self.inlinedSVGs(html)
        #expect(svgs.count == steps)
        for svg in svgs {
            let doc = SVGInspector(svg)
            #expect(doc.isWellFormed, "\(doc.error ?? "")")
            #expect(doc.pointMarkers.count == 272)
            #expect(!svg.contains(" id=\""))
        }
        #expect(html.contains("data-caption=\"after iteration 20\""))
        #expect(html.contains("<title>EM on Old Faithful &lt;k = 2&gt;</title>"))
        #expect(html.contains("max=\"\(steps - 1)\""))
        for control in ["id=\"prev\"", "id=\"next\"", "id=\"slider\"", "ArrowLeft", "ArrowRight"] {
            #expect(html.contains(control), "missing \(control)")
        }
    }

    @Test func allFramesShareTheLastFramesAxes() throws {
        let (page, _) = try Self.emPage()
        let ticks = page.frames.map { frame in
            SVGInspector(frame.svg).elements.filter { $0.ancestorClasses.last == "x-tick-labels" }.map(\.text)
        }
        #expect(Set(ticks.map { $0.joined(separator: ",") }).count == 1)
    }

    @Test func xmlDeclarationsAreRemovedWhenInlining() {
        let page = SnapshotPage(
            title: "t", frames: [.init(caption: "a & b", svg: "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>")])
        let html = page.html()
        #expect(!html.contains("<?xml"))
        #expect(html.contains("data-caption=\"a &amp; b\""))
    }

    @Test func emptyPageSaysSo() {
        #expect(SnapshotPage(title: "none", frames: []).html().contains("No snapshots"))
    }
}
