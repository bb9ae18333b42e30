/// The marker for a component mean: a bold × in the component's colour over a white halo, so it
/// stays visible on top of its own points.
enum MeanMarker {
    /// The halo and the cross, centred at (`x`, `y`) with arms reaching `size` pixels.
    static func elements(x: Double, y: Double, size: Double, color: Color) -> [SVGElement] {
        let f = FixedPoint.coordinate
        let d = "M\(f(x - size)) \(f(y - size))L\(f(x + size)) \(f(y + size))M\(f(x - size)) \(f(y + size))L\(f(x + size)) \(f(y - size))"
        return [
            SVGElement("path", ["d": d, "stroke": "#ffffff", "stroke-width": "5.5", "stroke-linecap": "round", "fill": "none"]),
            SVGElement("path", ["d": d, "stroke": color.svg, "stroke-width": "2.6", "stroke-linecap": "round", "fill": "none"]),
        ]
    }
}
