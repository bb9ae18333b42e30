/// One element of an SVG (or XML) tree: a name, ordered attributes, and either child elements or
/// text.
///
/// The tree is a plain value; ``render(into:)`` serialises it, escaping every attribute value and
/// every text node with ``XMLText/escape(_:)``. Attribute order is kept as given, so the output is
/// deterministic (byte-identical for identical input), which keeps snapshot diffs readable.
///
/// ```swift
/// let dot = SVGElement("circle", ["cx": "10", "cy": "20", "r": "3"])
/// ```
public struct SVGElement: Sendable, Equatable {
    /// The element name, e.g. `"circle"`. Must be a valid XML name (it is not escaped).
    public var name: String
    /// Attribute names and (unescaped) values, in output order.
    public var attributes: [(name: String, value: String)]
    /// Child elements, written before ``text`` if both are present.
    public var children: [SVGElement]
    /// Character data inside the element (unescaped; escaped on output).
    public var text: String?

    /// Creates an element.
    ///
    /// - Parameters:
    ///   - name: the element name (`"rect"`, `"g"`, …).
    ///   - attributes: attribute names and raw values, in output order; values are escaped when
    ///     rendered.
    ///   - children: nested elements.
    ///   - text: character data, escaped when rendered.
    public init(
        _ name: String, _ attributes: KeyValuePairs<String, String> = [:],
        children: [SVGElement] = [], text: String? = nil
    ) {
        self.name = name
        self.attributes = attributes.map { (name: $0.key, value: $0.value) }
        self.children = children
        self.text = text
    }

    /// Appends or replaces the attribute `name`.
    public mutating func setAttribute(_ name: String, _ value: String) {
        if let i = attributes.firstIndex(where: { $0.name == name }) {
            attributes[i].value = value
        } else {
            attributes.append((name: name, value: value))
        }
    }

    /// The value of the attribute `name`, if present.
    public func attribute(_ name: String) -> String? {
        attributes.first(where: { $0.name == name })?.value
    }

    /// Writes the element and its subtree as XML to `output`.
    ///
    /// Elements without children or text are written self-closing (`<circle … />`).
    /// - Complexity: O(size of the subtree).
    public func render(into output: inout String) {
        output += "<"
        output += name
        for attribute in attributes {
            output += " "
            output += attribute.name
            output += "=\""
            output += XMLText.escape(attribute.value)
            output += "\""
        }
        if children.isEmpty && (text ?? "").isEmpty {
            output += "/>"
            return
        }
        output += ">"
        if !children.isEmpty {
            output += "\n"
            for child in children {
                child.render(into: &output)
                output += "\n"
            }
        }
        if let text { output += XMLText.escape(text) }
        output += "</"
        output += name
        output += ">"
    }

    /// The element and its subtree serialised as XML.
    public var rendered: String {
        var output = ""
        render(into: &output)
        return output
    }

    /// Two elements are equal when name, attributes (in order), children and text are equal.
    public static func == (lhs: SVGElement, rhs: SVGElement) -> Bool {
        lhs.name == rhs.name && lhs.text == rhs.text && lhs.children == rhs.children
            && lhs.attributes.count == rhs.attributes.count
            && zip(lhs.attributes, rhs.attributes).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
