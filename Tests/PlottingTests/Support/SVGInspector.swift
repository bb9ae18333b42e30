import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses an SVG (or XHTML fragment) with Foundation's `XMLParser` and records every element with
/// its attributes and the classes of its ancestors, so tests can count and inspect elements.
/// A parse failure (not well-formed XML) is reported in `error`.
final class SVGInspector: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// `class` attributes of the enclosing elements, outermost first.
        var ancestorClasses: [String]
        var text: String = ""
    }

    private(set) var elements: [Element] = []
    private(set) var error: String?
    private var stack: [Int] = []

    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        if !parser.parse() {
            error = parser.parserError.map { "\($0)" } ?? "unknown XML error"
            if error == nil { error = "parse failed" }
        }
    }

    var isWellFormed: Bool { error == nil }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let ancestors = stack.compactMap { elements[$0].attributes["class"] }
        elements.append(Element(name: elementName, attributes: attributes, ancestorClasses: ancestors))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let top = stack.last { elements[top].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        error = "\(parseError) at line \(parser.lineNumber), column \(parser.columnNumber)"
    }

    /// Elements named `name`, optionally only those with `class` = `className`.
    func elements(named name: String, class className: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
    }

    /// Drawn markers: children of `<g class="points">` groups.
    var pointMarkers: [Element] {
        elements.filter { $0.ancestorClasses.last == "points" }
    }

    /// All text content, in document order.
    var texts: [String] { elements.filter { $0.name == "text" }.map(\.text) }
}

/// Writes `text` to `$PLOTTING_SAMPLES_DIR/name` when that variable is set, so a developer can
/// render and look at the charts (`rsvg-convert`); tests never need it.
func writeSampleIfRequested(_ text: String, name: String) {
    guard let dir = ProcessInfo.processInfo.environment["PLOTTING_SAMPLES_DIR"], !dir.isEmpty else { return }
    try? text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
}

/// Old Faithful (272 eruptions: duration and waiting time, minutes), read from the copy the
/// Mixture module ships (Data/old_faithful.csv), located relative to this source file.
func oldFaithful() throws -> (eruptions: [Double], waiting: [Double]) {
    let here = URL(fileURLWithPath: #filePath)
    let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let csv = try String(contentsOf: root.appendingPathComponent("Data/old_faithful.csv"), encoding: .utf8)
    var e: [Double] = [], w: [Double] = []
    for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
        let fields = line.split(separator: ",")
        guard fields.count == 2, let a = Double(fields[0]), let b = Double(fields[1]) else { continue }
        e.append(a)
        w.append(b)
    }
    return (e, w)
}
