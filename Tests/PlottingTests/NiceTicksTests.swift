import Testing
import Foundation
@testable import Plotting

@Suite struct NiceTicksTests {
    static let ranges: [(Double, Double)] = [
        (0, 1), (1.6, 5.1), (43, 96), (-1.98, -1.13), (1e-9, 3e-9), (1e6, 1e9), (-5, 5), (0.001, 0.0013),
        (123_456, 123_457), (-1e300, 1e300), (0.1, 0.7), (1, 8), (1, 300), (5.1, 1.6),
    ]

    /// The 1-2-5 rule, inside the range, covering it (no end gap of a full step), multiples of the
    /// step, and a sensible count.
    @Test(arguments: ranges, [4, 6, 10])
    func ticksAreNiceInsideAndCovering(_ range: (Double, Double), _ target: Int) {
        let lo = min(range.0, range.1), hi = max(range.0, range.1)
        let t = NiceTicks(lower: range.0, upper: range.1, targetCount: target)
        let exponent = floor(log10(t.step))
        let mantissa = t.step / pow(10, exponent)
        #expect([1, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }, "step \(t.step)")
        #expect(t.values.count >= 2 && t.values.count <= 2 * target, "\(t.values)")
        let slack = t.step * 1e-9
        #expect(t.values.allSatisfy { $0 >= lo - slack && $0 <= hi + slack })
        #expect(t.values.first! - lo < t.step && hi - t.values.last! < t.step)
        #expect(zip(t.values, t.values.dropFirst()).allSatisfy { isCloseToStep($1 - $0, t.step) })
        #expect(t.values.allSatisfy { abs($0 / t.step - ($0 / t.step).rounded()) < 1e-6 })
    }

    private func isCloseToStep(_ d: Double, _ step: Double) -> Bool { abs(d - step) <= 1e-9 * step }

    @Test func oldFaithfulAxes() {
        #expect(NiceTicks(lower: 1.6, upper: 5.1).values == [2, 2.5, 3, 3.5, 4, 4.5, 5])
        #expect(NiceTicks(lower: 43, upper: 96, targetCount: 6).values == [50, 60, 70, 80, 90])
    }

    /// Heckbert's table: rounding thresholds 1.5, 3, 7; ceiling to 1, 2, 5, 10.
    @Test(arguments: [
        (0.7, true, 0.5), (0.7, false, 1.0), (1.4, true, 1), (1.5, true, 2), (2.9, true, 2), (3, true, 5),
        (6.9, true, 5), (7, true, 10), (1, false, 1), (1.01, false, 2), (4.9, false, 5), (5.1, false, 10),
        (0.0023, true, 0.002), (42_000, false, 50_000), (0, true, 0), (-1, true, 0),
    ])
    func niceNumber(_ x: Double, _ rounding: Bool, _ expected: Double) {
        #expect(abs(NiceTicks.niceNumber(x, rounding: rounding) - expected) <= 1e-15 * max(1, expected))
    }

    @Test func looseRangeHasNiceEndsAroundTheData() {
        #expect(NiceTicks.looseRange(lower: 1.6, upper: 5.1) == 1...6)
        #expect(NiceTicks.looseRange(lower: 43, upper: 96) == 40...100)
    }

    @Test func degenerateRanges() {
        #expect(NiceTicks(lower: 3, upper: 3).values == [3])
        #expect(NiceTicks(lower: .nan, upper: 3).values.isEmpty)
        #expect(NiceTicks(lower: 0, upper: .infinity).values.isEmpty)
        // Below the resolution of the bounds: two ticks at the ends rather than repeats.
        let t = NiceTicks(lower: 1e16, upper: 1e16 + 2)
        #expect(t.values.count >= 2)
    }

    @Test func noNegativeZeroTick() {
        let t = NiceTicks(lower: -1, upper: 1)
        #expect(t.values.contains(0))
        #expect(t.values.allSatisfy { $0 != 0 || $0.sign == .plus })
    }
}
