import Testing
import TestSupport
@testable import DataIO

/// Exactness of ``NumberParser`` against the standard library's `Double(String)` (which is
/// correctly rounded): every comparison is bit-for-bit, no tolerance.
@Suite struct NumberParserTests {
    /// Asserts the parser and `Double(String)` agree bit for bit on `text`.
    func expectSameAsStandardLibrary(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let expected = Double(text) else {
            Issue.record("Double(\"\(text)\") is nil; bad test input", sourceLocation: sourceLocation)
            return
        }
        let parsed = NumberParser.parse(text)
        switch parsed {
        case .finite(let value):
            #expect(value.bitPattern == expected.bitPattern, "\(text): \(value) vs \(expected)",
                    sourceLocation: sourceLocation)
        case .nonFinite(let value):
            #expect(!expected.isFinite && (value == expected || (value.isNaN && expected.isNaN)),
                    "\(text): \(value) vs \(expected)", sourceLocation: sourceLocation)
        case .invalid:
            Issue.record("\(text) parsed as invalid", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        "0", "-0", "+0", "0.0", "1", "-1", "+1", "3.600", "79", ".5", "5.", "-.5e-3", "1e0", "1E+2",
        "123456789012345678", "1234567890123456789", "12345678901234567890123", "9007199254740993",
        "0.1", "0.3", "2.2250738585072014e-308", "4.9e-324", "2e-324", "1.7976931348623157e308",
        "1e22", "1e23", "8.5e37", "123e30", "0.000000000000000000000000000001",
        "3.141592653589793238462643383279502884197", "1e-400", "000123.4500", "7.2057594037927933e16",
    ])
    func knownValuesMatchStandardLibrary(_ text: String) {
        expectSameAsStandardLibrary(text)
    }

    @Test func randomDoublesRoundTripBitForBit() {
        var rng = SplitMix64(seed: 0x5EED_1234)
        for _ in 0..<20_000 {
            // Random bit patterns cover every exponent; skip NaN/Inf patterns.
            let value = Double(bitPattern: rng.next())
            guard value.isFinite else { continue }
            expectSameAsStandardLibrary(value.description)
            expectSameAsStandardLibrary("\(value)".uppercased())
        }
    }

    @Test func randomDecimalStringsMatchStandardLibrary() {
        var rng = SplitMix64(seed: 42_4242)
        for _ in 0..<20_000 {
            // Mantissas of 1…30 digits, a point anywhere, exponents up to ±330: both the fast path
            // and the strtod fallback, near the overflow and underflow edges too.
            let digitCount = Int.random(in: 1...30, using: &rng)
            var digits = (0..<digitCount).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) }
            if Bool.random(using: &rng) {
                digits.insert(".", at: Int.random(in: 0...digits.count, using: &rng))
            }
            var text = (Bool.random(using: &rng) ? "-" : "") + String(digits)
            if Bool.random(using: &rng) {
                text += "e\(Int.random(in: -330...310, using: &rng))"
            }
            if text.hasSuffix(".") && digitCount == 0 { continue }
            expectSameAsStandardLibrary(text)
        }
    }

    @Test func nineteenDigitMantissasWithSmallPowersMatchStandardLibrary() {
        // The Float80 path: 16–19 significant digits and |power| ≤ 27, including odd integers in
        // (2⁵³, 2⁵⁴), which are exactly halfway between two doubles (the case it must hand on).
        var rng = SplitMix64(seed: 1919)
        for _ in 0..<20_000 {
            let mantissa = UInt64.random(in: (1 << 53)...9_999_999_999_999_999_999, using: &rng)
            expectSameAsStandardLibrary("\(mantissa)e\(Int.random(in: -27...27, using: &rng))")
            let halfway = (UInt64.random(in: (1 << 52)..<(1 << 53), using: &rng) << 1) | 1
            expectSameAsStandardLibrary("\(halfway)")
            let text = String(mantissa)
            let point = Int.random(in: 0...text.count, using: &rng)
            expectSameAsStandardLibrary(String(text.prefix(point)) + "." + String(text.dropFirst(point)))
        }
    }

    @Test func nineteenDigitMantissasWithMediumPowersMatchStandardLibrary() {
        // The two-operation Float80 path: 28 ≤ |power| ≤ 54.
        var rng = SplitMix64(seed: 5454)
        for _ in 0..<40_000 {
            let mantissa = UInt64.random(in: 1...9_999_999_999_999_999_999, using: &rng)
            let magnitude = Int.random(in: 28...54, using: &rng)
            expectSameAsStandardLibrary("\(mantissa)e\(Bool.random(using: &rng) ? magnitude : -magnitude)")
        }
    }

    @Test func seventeenDigitReprsInTheDataRangeMatchStandardLibrary() {
        // What pandas.to_csv writes: shortest round-trip text of doubles between 1e-25 and 1e25.
        var rng = SplitMix64(seed: 1717)
        for _ in 0..<20_000 {
            let value = Double.random(in: 1...10, using: &rng) * pow10(Int.random(in: -25...25, using: &rng))
            expectSameAsStandardLibrary(value.description)
            expectSameAsStandardLibrary((-value).description)
        }
    }

    func pow10(_ n: Int) -> Double {
        guard case .finite(let value) = NumberParser.parse("1e\(n)") else { return 1 }
        return value
    }

    @Test func shortDecimalsTakeTheFastPathExactly() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let integer = Int.random(in: -100_000...100_000, using: &rng)
            let fraction = Int.random(in: 0...999_999, using: &rng)
            let fractionText = String(fraction)
            expectSameAsStandardLibrary("\(integer).\(String(repeating: "0", count: 6 - fractionText.count))\(fractionText)")
        }
    }

    @Test(arguments: [
        ("nan", true), ("NaN", true), ("-nan", true), ("inf", true), ("-Inf", true), ("+INFINITY", true),
        ("1e400", true), ("-1e999999999999", true),
    ])
    func nonFiniteSpellingsAreReported(_ text: String, _ expected: Bool) {
        guard case .nonFinite(let value) = NumberParser.parse(text) else {
            Issue.record("\(text) not reported as non-finite")
            return
        }
        #expect(!value.isFinite == expected)
        if text.hasPrefix("-") { #expect(value.sign == .minus || value.isNaN) }
    }

    @Test(arguments: [
        "", " ", "abc", "1.2.3", "1e", "1e+", "e5", ".", "-", "+", "1,5", "0x1p3", "1 2", "--1", "1d5",
        "infinite", "nana", "١", "12a",
    ])
    func malformedTextIsInvalid(_ text: String) {
        #expect(NumberParser.parse(text) == .invalid)
    }

    @Test func surroundingSpacesAreIgnored() {
        #expect(NumberParser.parse("  2.5\t") == .finite(2.5))
        #expect(NumberParser.parse(" -inf ") == .nonFinite(-.infinity))
    }

    @Test func negativeZeroKeepsItsSign() {
        guard case .finite(let value) = NumberParser.parse("-0.000") else {
            Issue.record("-0.000 not finite")
            return
        }
        #expect(value == 0 && value.sign == .minus)
    }
}
