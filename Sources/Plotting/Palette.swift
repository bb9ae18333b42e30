/// A list of categorical colours, used in order and then cycled.
///
/// The default, ``okabeIto``, is the Okabe–Ito palette (Okabe & Ito, "Color Universal Design",
/// 2002), chosen to stay distinguishable under the common colour-vision deficiencies. It has eight
/// colours; charts cycle it for more categories and switch the marker shape on each cycle
/// (``MarkerShape/forCategory(_:cycleLength:)``), so up to 40 categories stay distinct.
///
/// ```swift
/// Palette.okabeIto.color(at: 0).svg // "#0072b2" (blue)
/// Palette.okabeIto.color(at: 8)     // blue again
/// ```
public struct Palette: Sendable, Hashable {
    /// The colours in order of use. Never empty.
    public let colors: [Color]

    /// A palette from `colors`; an empty list gives a single grey.
    public init(_ colors: [Color]) {
        self.colors = colors.isEmpty ? [.gray] : colors
    }

    /// The colour for category `index` (`index` modulo the palette size; negative indices wrap).
    public func color(at index: Int) -> Color {
        let n = colors.count
        return colors[((index % n) + n) % n]
    }

    /// Okabe–Ito, ordered for scatter plots on white: blue, vermillion, bluish green, orange,
    /// reddish purple, sky blue, black, yellow (yellow last: it has the least contrast on white).
    public static let okabeIto = Palette([
        Color(hex: 0x0072B2), Color(hex: 0xD55E00), Color(hex: 0x009E73), Color(hex: 0xE69F00),
        Color(hex: 0xCC79A7), Color(hex: 0x56B4E9), Color(hex: 0x000000), Color(hex: 0xF0E442),
    ])

    /// Tableau 10 (the 2016 revision): ten colours, designed to be distinguishable for most
    /// colour-vision deficiencies, for charts that want ten before cycling.
    public static let tableau10 = Palette([
        Color(hex: 0x4E79A7), Color(hex: 0xF28E2B), Color(hex: 0xE15759), Color(hex: 0x76B7B2),
        Color(hex: 0x59A14F), Color(hex: 0xEDC948), Color(hex: 0xB07AA1), Color(hex: 0xFF9DA7),
        Color(hex: 0x9C755F), Color(hex: 0xBAB0AC),
    ])
}
