import Testing
@testable import Plotting

@Suite struct XMLTextTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("\"quoted\" and 'single'", "&quot;quoted&quot; and &#39;single&#39;"),
        ("&amp;", "&amp;amp;"),
        ("σ ellipse · π = 0.3", "σ ellipse · π = 0.3"),
        ("bell\u{07}", "bell\u{FFFD}"),
        ("tab\tnew\nline", "tab\tnew\nline"),
        ("", ""),
    ])
    func escaping(_ raw: String, _ escaped: String) {
        #expect(XMLText.escape(raw) == escaped)
    }

    /// Hostile column names and titles survive a round trip through a real XML parser unchanged.
    @Test func hostileTextRoundTripsThroughTheParser() {
        let evil = "</text><script>alert(\"x\")</script> & 'q'"
        var plot = ScatterPlot(x: [1, 2], y: [3, 4])
        plot.title = evil
        plot.xTitle = "a<b"
        plot.yTitle = "c&d"
        plot.components = [.init(meanX: 1.5, meanY: 3.5, name: "\"mean\"")]
        let doc = SVGInspector(plot.svg())
        #expect(doc.isWellFormed, "\(doc.error ?? "")")
        #expect(doc.texts.contains(evil))
        #expect(doc.texts.contains("a<b") && doc.texts.contains("c&d"))
        #expect(doc.texts.contains("\"mean\""))
        #expect(doc.elements(named: "script").isEmpty)
    }

    @Test func elementsRenderAttributesInOrderAndSelfClose() {
        var e = SVGElement("circle", ["cx": "1", "cy": "2"])
        e.setAttribute("fill", "a\"b")
        e.setAttribute("cx", "3")
        #expect(e.rendered == "<circle cx=\"3\" cy=\"2\" fill=\"a&quot;b\"/>")
        let g = SVGElement("g", children: [SVGElement("text", text: "x<y")])
        #expect(g.rendered == "<g>\n<text>x&lt;y</text>\n</g>")
    }
}
