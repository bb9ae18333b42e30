/// The shape of a point marker. Charts give each category both a colour and, once the palette's
/// colours are used up (or for each line series), a shape, so categories stay distinguishable
/// without colour.
public enum MarkerShape: Int, Sendable, CaseIterable {
    /// A filled disc.
    case circle
    /// A filled square standing on a side.
    case square
    /// A filled triangle pointing up.
    case triangle
    /// A filled square standing on a corner.
    case diamond
    /// A filled triangle pointing down.
    case invertedTriangle

    /// The shape used for category `index`: circles for the first `cycleLength` categories, then
    /// the next shape for each further cycle through the palette.
    public static func forCategory(_ index: Int, cycleLength: Int) -> MarkerShape {
        let cycle = cycleLength > 0 ? max(0, index) / cycleLength : 0
        return allCases[cycle % allCases.count]
    }

    /// An SVG element drawing this marker centred at (`x`, `y`) (pixels) with about the visual area
    /// of a disc of radius `size`. Fill and stroke are inherited from the enclosing group unless
    /// set afterwards.
    public func element(x: Double, y: Double, size: Double) -> SVGElement {
        let f = FixedPoint.coordinate
        switch self {
        case .circle:
            return SVGElement("circle", ["cx": f(x), "cy": f(y), "r": f(size)])
        case .square:
            let h = size * 0.886  // same area as the disc: sqrt(π)/2
            return SVGElement("rect", ["x": f(x - h), "y": f(y - h), "width": f(2 * h), "height": f(2 * h)])
        case .diamond:
            let h = size * 1.253  // same area: sqrt(π/2)
            return SVGElement("path", ["d": "M\(f(x)) \(f(y - h))L\(f(x + h)) \(f(y))L\(f(x)) \(f(y + h))L\(f(x - h)) \(f(y))Z"])
        case .triangle, .invertedTriangle:
            let s = size * 1.555  // circumradius of an equilateral triangle with the disc's area
            let d: Double = self == .triangle ? 1 : -1
            let top = y - d * s
            let base = y + d * s * 0.5
            let half = s * 0.866
            return SVGElement("path", ["d": "M\(f(x)) \(f(top))L\(f(x + half)) \(f(base))L\(f(x - half)) \(f(base))Z"])
        }
    }
}
