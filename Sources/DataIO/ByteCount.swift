/// A number of bytes as people write and read it: `4G`, `512M`, `1.5GiB`, `100000` in, `4 GiB` out.
///
/// Parsing accepts a non-negative decimal number followed by an optional unit `K`, `M`, `G`, `T`
/// or `P` (any case, optionally followed by `i` and/or `B`: `4G`, `4g`, `4GB`, `4GiB` are all the
/// same). Every unit is a power of 1024, as in `sort -S` and `head -c`: `1K` is 1024 bytes. A bare
/// number (or one ending in `B`) is bytes.
///
/// ```swift
/// ByteCount(parsing: "1.5G")?.bytes   // 1610612736
/// ByteCount(4 << 30).description      // "4 GiB"
/// ```
public struct ByteCount: Equatable, Comparable, Sendable, CustomStringConvertible {
    /// The number of bytes.
    public var bytes: Int

    /// A count of `bytes` bytes.
    public init(_ bytes: Int) {
        self.bytes = bytes
    }

    /// Parses a size such as `4G` or `100000`; `nil` when the text is not one, is negative, or is
    /// more than `Int.max` bytes.
    public init?(parsing text: String) {
        var digits = Substring(text).trimmingSpaces()[...]
        var multiplier = 1.0
        // Strip "B", then "i", then the unit letter, each optional, from the end.
        if let last = digits.last, last == "B" || last == "b" { digits.removeLast() }
        if let last = digits.last, last == "i" || last == "I" {
            digits.removeLast()
            guard let unit = digits.last, Self.units.contains(unit.uppercased()) else { return nil }
        }
        if let last = digits.last, let power = Self.units.firstIndex(of: last.uppercased()) {
            digits.removeLast()
            multiplier = Double(1 << (10 * (power + 1)))
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              digits.filter({ $0 == "." }).count <= 1, let value = Double(String(digits)) else { return nil }
        let total = (value * multiplier).rounded(.down)
        guard total.isFinite, total >= 0, total < 0x1p63 else { return nil }
        bytes = Int(total)
    }

    static let units = ["K", "M", "G", "T", "P"]

    /// Orders counts by their bytes.
    public static func < (lhs: ByteCount, rhs: ByteCount) -> Bool { lhs.bytes < rhs.bytes }

    /// `512 bytes`, `64 KiB`, `1.5 GiB`, … (one decimal where it is not a whole number).
    public var description: String { Self.describe(Double(bytes)) }

    /// The description of a byte count that may exceed `Int.max` (estimates of what something
    /// would need): `74.5 GiB`, `640 EiB`.
    public static func describe(_ bytes: Double) -> String {
        if !(bytes >= 1024) { return bytes == 1 ? "1 byte" : "\(Int(Swift.max(0, bytes.rounded()))) bytes" }
        let names = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes
        var index = -1
        while value >= 1024 && index < names.count - 1 {
            value /= 1024
            index += 1
        }
        if value >= 1e6 { return (value < 9e18 ? "\(Int64(value.rounded()))" : "\(value)") + " " + names[index] }
        let tenths = Int((value * 10).rounded())
        let number = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
        return number + " " + names[index]
    }
}
