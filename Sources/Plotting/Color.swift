/// An opaque sRGB colour, written to SVG as `#rrggbb`.
///
/// ```swift
/// let blue = Color(hex: 0x0072B2)
/// blue.svg // "#0072b2"
/// ```
@frozen
public struct Color: Sendable, Hashable {
    /// Red, 0…255.
    public var red: UInt8
    /// Green, 0…255.
    public var green: UInt8
    /// Blue, 0…255.
    public var blue: UInt8

    /// A colour from its components, 0…255 each.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from a 24-bit `0xRRGGBB` literal.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF))
    }

    /// The `#rrggbb` form used in SVG and CSS.
    public var svg: String {
        let digits: [Character] = Array("0123456789abcdef")
        var s = "#"
        for c in [red, green, blue] {
            s.append(digits[Int(c >> 4)])
            s.append(digits[Int(c & 0xF)])
        }
        return s
    }

    /// The straight mix `(1 − fraction)·self + fraction·other`, per channel; `fraction` is clamped
    /// to 0…1. `mixed(with: .black, 0.3)` darkens by 30 %.
    public func mixed(with other: Color, fraction: Double) -> Color {
        let t = fraction.isFinite ? min(1, max(0, fraction)) : 0
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) * (1 - t) + Double(b) * t).rounded())
        }
        return Color(red: mix(red, other.red), green: mix(green, other.green), blue: mix(blue, other.blue))
    }

    /// `#000000`.
    public static let black = Color(hex: 0x000000)
    /// `#ffffff`.
    public static let white = Color(hex: 0xFFFFFF)
    /// A neutral mid grey, `#7f7f7f`, used for unlabelled points.
    public static let gray = Color(hex: 0x7F7F7F)
}
