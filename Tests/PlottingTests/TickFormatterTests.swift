import Testing
@testable import Plotting

@Suite struct TickFormatterTests {
    @Test(arguments: [
        (0.5, 5.0, [1.5, 2, -2.5, 0], ["1.5", "2.0", "-2.5", "0.0"]),
        (20.0, 100.0, [40, 60, -0.0], ["40", "60", "0"]),
        (0.25, 3.0, [1.5, 0.25], ["1.50", "0.25"]),
        (0.1, 1.0, [0.30000000000000004, 0.7], ["0.3", "0.7"]),
        (0.0001, 0.002, [0.0013], ["0.0013"]),
        (2e-6, 1e-5, [2e-6, 4e-6, 1e-5, 0], ["2.0e-6", "4.0e-6", "1.0e-5", "0"]),
        (5e8, 1.5e9, [5e8, 1e9, 1.5e9], ["5.0e8", "1.0e9", "1.5e9"]),
        (1e300, 1e300, [-1e300], ["-1e300"]),
    ] as [(Double, Double, [Double], [String])])
    func labels(_ step: Double, _ magnitude: Double, _ values: [Double], _ expected: [String]) {
        let f = TickFormatter(step: step, largestMagnitude: magnitude)
        #expect(values.map(f.string(for:)) == expected)
    }

    @Test func nonFiniteValuesGiveEmptyLabels() {
        let f = TickFormatter(step: 1, largestMagnitude: 10)
        #expect(f.string(for: .nan) == "" && f.string(for: .infinity) == "")
        #expect(TickFormatter(step: .nan, largestMagnitude: 1).string(for: 0.5) == "0.500")
    }

    @Test(arguments: [
        (2.5, 2, false, "2.50"), (2.5, 2, true, "2.5"), (-0.004, 2, false, "0.00"), (-0.004, 2, true, "0"),
        (1234.5678, 2, false, "1234.57"), (0.05, 2, false, "0.05"), (-0.5, 3, true, "-0.5"), (7, 0, false, "7"),
        (.nan, 2, false, "0"), (-.infinity, 2, false, "0"),
    ] as [(Double, Int, Bool, String)])
    func fixedPoint(_ value: Double, _ decimals: Int, _ trim: Bool, _ expected: String) {
        #expect(FixedPoint.format(value, decimals: decimals, trim: trim) == expected)
    }
}
