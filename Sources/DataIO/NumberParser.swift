#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What one numeric cell holds, as decided by ``NumberParser``.
public enum ParsedNumber: Equatable, Sendable {
    /// A finite number, correctly rounded to the nearest `Double`.
    case finite(Double)
    /// A NaN or an infinity: spelled out (`nan`, `inf`, `-Infinity`, any case) or a decimal too large
    /// for a `Double` (`1e400`). The payload is the value (`.nan` or `±.infinity`). Readers reject it.
    case nonFinite(Double)
    /// Anything else: empty, text, a hexadecimal float, a decimal comma, trailing characters.
    case invalid

    /// Equality that treats two NaN payloads as equal, so tests can compare results directly.
    public static func == (lhs: ParsedNumber, rhs: ParsedNumber) -> Bool {
        switch (lhs, rhs) {
        case let (.finite(a), .finite(b)): return a == b && a.sign == b.sign
        case let (.nonFinite(a), .nonFinite(b)): return (a.isNaN && b.isNaN) || a == b
        case (.invalid, .invalid): return true
        default: return false
        }
    }
}

/// Decimal number parsing over bytes, written for speed and exactness.
///
/// The accepted grammar is `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`, with
/// optional spaces around it; `nan`, `inf` and `infinity` (any case, optional sign) are recognised
/// and reported as ``ParsedNumber/nonFinite(_:)`` so a reader can reject them with a clear message.
///
/// Results are correctly rounded (identical to `Double(String)`). With the digits read as an integer
/// `m` and the number as `m·10ᵖ`: when `m ≤ 2⁵³` and `|p| ≤ 22`, one `Double` multiplication or
/// division of exact operands (Clinger's fast path); on x86, with at most 19 significant digits and
/// `|p| ≤ 54`, the same in `Float80` (one or two operations) with a check for the results where
/// rounding twice could differ (covers 17-digit round-trip text and NumPy's `%.18e` for magnitudes
/// from about 1e-35 to 1e54); everything else is
/// handed to the C library's `strtod`, rewritten as `digits e exponent` so the result does not
/// depend on the process locale's decimal separator.
///
/// ```swift
/// NumberParser.parse("3.600")   // .finite(3.6)
/// NumberParser.parse("-Inf")    // .nonFinite(-.infinity)
/// NumberParser.parse("3,6")     // .invalid
/// ```
public enum NumberParser {
    /// Parses a whole field: optional spaces, a number, optional spaces, nothing else.
    ///
    /// - Complexity: O(n) in the field's length.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ParsedNumber {
        guard var lo = bytes.baseAddress else { return .invalid }
        var hi = lo + bytes.count
        while lo < hi, isBlank(lo.pointee) { lo += 1 }
        while hi > lo, isBlank((hi - 1).pointee) { hi -= 1 }
        if lo == hi { return .invalid }
        var value = 0.0
        if let next = scan(lo, hi, &value), next == hi {
            return value.isFinite ? .finite(value) : .nonFinite(value)
        }
        return nonFiniteSpelling(lo, hi)
    }

    /// Parses a whole field given as a byte array (see ``parse(_:)-(UnsafeBufferPointer<UInt8>)``).
    public static func parse(_ bytes: [UInt8]) -> ParsedNumber {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    /// Parses a whole field given as text, via its UTF-8 bytes.
    public static func parse(_ text: String) -> ParsedNumber {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// `nan`, `inf`, `infinity` in any case, with an optional sign, or `.invalid`.
    static func nonFiniteSpelling(_ lo: UnsafePointer<UInt8>, _ hi: UnsafePointer<UInt8>) -> ParsedNumber {
        var p = lo
        var negative = false
        if p.pointee == UInt8(ascii: "-") || p.pointee == UInt8(ascii: "+") {
            negative = p.pointee == UInt8(ascii: "-")
            p += 1
        }
        var word: [UInt8] = []
        while p < hi {
            word.append(p.pointee | 0x20)  // ASCII lower case; non-letters will not match below anyway
            p += 1
        }
        switch word {
        case Array("nan".utf8): return .nonFinite(.nan)
        case Array("inf".utf8), Array("infinity".utf8):
            return .nonFinite(negative ? -.infinity : .infinity)
        default: return .invalid
        }
    }

    /// Exact powers of ten 10⁰ … 10²², each representable in a `Double`.
    @usableFromInline
    static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

#if arch(x86_64) || arch(i386)
    /// Exact powers of ten 10⁰ … 10²⁷ in `Float80` (5²⁷ < 2⁶⁴, so each fits its 64-bit significand).
    static let exactFloat80PowersOfTen: [Float80] = {
        var powers: [Float80] = [1]
        for _ in 1...27 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()
#endif

    /// 10⁰ … 10⁸ as integers.
    static let integerPowersOfTen: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// The run of ASCII digits at the start of the 8 bytes at `p` (which must all be readable):
    /// its length (0…8) and its decimal value, found without a loop (SWAR).
    @inline(__always)
    static func digitRun(_ p: UnsafePointer<UInt8>) -> (value: UInt64, count: Int) {
        let chunk = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        let digits = chunk &- 0x3030_3030_3030_3030
        // The top bit of a byte is set where the byte is below '0' (the subtraction wraps) or above
        // '9' (adding 0x46 reaches 0x80). Bytes after the first non-digit may be garbled by a
        // borrow or carry, but they are not used.
        let nonDigits = (digits | (chunk &+ 0x4646_4646_4646_4646)) & 0x8080_8080_8080_8080
        let count = nonDigits.trailingZeroBitCount >> 3
        // Move the run to the top bytes (zeros below act as leading zeros), then combine pairwise
        // as simdjson does: bytes → 2-digit → 4-digit → 8-digit values.
        var v = digits << UInt64(64 - 8 * count)
        v = (v &* (10 << 8 + 1)) >> 8
        v = ((v & 0x00FF_00FF_00FF_00FF) &* (100 << 16 + 1)) >> 16
        v = ((v & 0x0000_FFFF_0000_FFFF) &* (10_000 << 32 + 1)) >> 32
        return (v, count)
    }

    /// Appends the digits at `p` to `mantissa` (modulo 2⁶⁴) and advances `p` past them.
    @inline(__always)
    static func accumulateDigits(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
                                 _ mantissa: inout UInt64) {
        while end - p >= 8 {
            let (value, count) = digitRun(p)
            mantissa = mantissa &* integerPowersOfTen[count] &+ value
            p += count
            if count < 8 { return }
        }
        while p < end {
            let d = p.pointee &- 0x30
            if d >= 10 { return }
            mantissa = mantissa &* 10 &+ UInt64(d)
            p += 1
        }
    }

    /// Scans the longest decimal number starting at `start` (no leading spaces) and not reaching
    /// `end`; stores it in `value` and returns the position just after it, or `nil` if the bytes at
    /// `start` do not begin a number (or an exponent marker is not followed by digits).
    ///
    /// The value is correctly rounded: the digits are gathered into a 64-bit integer `m` (up to eight
    /// at a time); with `m·10ᵖ` and at most 19 significant digits,
    /// - `m ≤ 2⁵³` and `|p| ≤ 22`: one `Double` multiplication or division of exact operands
    ///   (Clinger's fast path);
    /// - otherwise on x86, `|p| ≤ 27`: the same in `Float80`, whose 64-bit significand holds `m` and
    ///   `10ᵖ` exactly; rounding that result to `Double` is correct unless it lies exactly halfway
    ///   between two doubles (the only case where rounding twice can differ from rounding once),
    ///   which is detected and sent to `strtod`;
    /// - on x86, `|p| ≤ 54`: two `Float80` operations (within 2 units of the last place), accepted
    ///   when the result is more than 3 units from a halfway point;
    /// - anything else: `strtod`.
    /// Overflow yields `±infinity` (the caller decides what that means); underflow yields a
    /// correctly rounded subnormal or zero, as `strtod` does.
    @inline(__always)
    static func scan(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ value: inout Double
    ) -> UnsafePointer<UInt8>? {
        var p = start
        var negative = false
        if p < end {
            let sign = p.pointee
            if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                negative = sign == UInt8(ascii: "-")
                p += 1
            }
        }
        let digitsStart = p
        // All digits, point skipped, accumulated modulo 2⁶⁴: exact whenever there are at most 19
        // significant digits (checked below), since leading zeros add nothing.
        var mantissa: UInt64 = 0
        accumulateDigits(&p, end, &mantissa)
        var digitCount = digitsStart.distance(to: p)
        var fractionDigits = 0
        if p < end && p.pointee == UInt8(ascii: ".") {
            p += 1
            let fractionStart = p
            accumulateDigits(&p, end, &mantissa)
            fractionDigits = fractionStart.distance(to: p)
            digitCount &+= fractionDigits
        }
        if digitCount == 0 { return nil }
        let digitsEnd = p
        var exponent = 0
        if p < end && p.pointee | 0x20 == UInt8(ascii: "e") {
            p += 1
            var exponentNegative = false
            if p < end && (p.pointee == UInt8(ascii: "-") || p.pointee == UInt8(ascii: "+")) {
                exponentNegative = p.pointee == UInt8(ascii: "-")
                p += 1
            }
            let exponentStart = p
            while p < end {
                let d = p.pointee &- 0x30
                if d >= 10 { break }
                if exponent < 100_000_000 { exponent = exponent &* 10 &+ Int(d) }
                p += 1
            }
            if p == exponentStart { return nil }
            if exponentNegative { exponent = -exponent }
        }
        let power = exponent - fractionDigits

        if digitCount > 19 {
            // Leading zeros (and the point) carry no significance; more than 19 other digits
            // cannot be held exactly.
            var q = digitsStart
            var leadingZeros = 0
            while q < digitsEnd && (q.pointee == UInt8(ascii: "0") || q.pointee == UInt8(ascii: ".")) {
                if q.pointee == UInt8(ascii: "0") { leadingZeros += 1 }
                q += 1
            }
            if digitCount - leadingZeros > 19 {
                value = slowParse(digitsStart, digitsEnd, power)
                if negative { value = -value }
                return p
            }
        }
        if mantissa == 0 {
            value = negative ? -0.0 : 0.0
            return p
        }
        if mantissa <= 1 << 53 && power >= -22 && power <= 22 {
            value = power >= 0 ? Double(mantissa) * exactPowersOfTen[power]
                               : Double(mantissa) / exactPowersOfTen[-power]
        } else {
            value = wideParse(mantissa, power, digitsStart, digitsEnd)
        }
        if negative { value = -value }
        return p
    }

    /// `mantissa·10^power` for the cases Clinger's `Double` fast path does not cover.
    @inline(never)
    static func wideParse(_ mantissa: UInt64, _ power: Int,
                          _ digitsStart: UnsafePointer<UInt8>, _ digitsEnd: UnsafePointer<UInt8>) -> Double {
#if arch(x86_64) || arch(i386)
        if power >= -27 && power <= 27 {
            let exact = Float80(mantissa)
            let result = power >= 0 ? exact * exactFloat80PowersOfTen[power]
                                    : exact / exactFloat80PowersOfTen[-power]
            // 11 bits below a double's 53: exactly 0b100_0000_0000 means halfway, where rounding
            // to Float80 first may have decided the tie; every other pattern rounds correctly.
            if result.significandBitPattern & 0x7FF != 0x400 {
                return Double(result)
            }
        } else if power >= -54 && power <= 54 {
            // Two operations with exact operands, 10²⁷ and 10^(|p|−27): each rounds by at most half
            // a unit in the last place, so the result is within 2 units of the exact value. Unless
            // it is that close to a halfway point between doubles (11 low bits near 0x400), the
            // exact value rounds to the same double.
            let exact = Float80(mantissa)
            let result = power > 0
                ? exact * exactFloat80PowersOfTen[27] * exactFloat80PowersOfTen[power - 27]
                : exact / exactFloat80PowersOfTen[27] / exactFloat80PowersOfTen[-power - 27]
            let low = Int(result.significandBitPattern & 0x7FF)
            if abs(low - 0x400) > 3 {
                return Double(result)
            }
        }
#endif
        if mantissa <= 1 << 53 && power > 22 && power <= 22 + 15 {
            // Move part of the power into the mantissa if it stays exact.
            let (shifted, overflow) = mantissa.multipliedReportingOverflow(by: UInt64(exactPowersOfTen[power - 22]))
            if !overflow && shifted <= 1 << 53 { return Double(shifted) * 1e22 }
        }
        return slowParse(digitsStart, digitsEnd, power)
    }

    /// Correctly rounded conversion by `strtod` of the digits in `start..<end` (a `.` among them is
    /// skipped) times 10^`exponent` (the power of the last digit). The text handed over has no decimal point, so the locale's
    /// decimal separator does not matter.
    @inline(never)
    static func slowParse(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ exponent: Int) -> Double {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 16) { buffer in
            var n = 0
            var p = start
            while p < end {
                if p.pointee != UInt8(ascii: ".") {
                    buffer[n] = CChar(bitPattern: p.pointee)
                    n += 1
                }
                p += 1
            }
            buffer[n] = CChar(bitPattern: UInt8(ascii: "e"))
            n += 1
            // A clamp keeps the exponent text short; beyond ±10⁹ the result is 0 or ∞ anyway
            // unless the mantissa has a billion digits, which a cell cannot.
            var e = Swift.max(-1_000_000_000, Swift.min(1_000_000_000, exponent))
            if e < 0 {
                buffer[n] = CChar(bitPattern: UInt8(ascii: "-"))
                n += 1
                e = -e
            }
            var width = 1
            var rest = e / 10
            while rest > 0 { width += 1; rest /= 10 }
            var i = n + width - 1
            repeat {
                buffer[i] = CChar(bitPattern: UInt8(0x30 + e % 10))
                e /= 10
                i -= 1
            } while e > 0
            n += width
            buffer[n] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
