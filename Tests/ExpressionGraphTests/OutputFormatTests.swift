import ExpressionGraph
import Testing

/// Numbers and JSON as the commands print them.
struct OutputFormatTests {
    @Test(arguments: [
        (2.0, "2"), (-3.0, "-3"), (0.1, "0.1"), (0.8414709848078965, "0.8414709848078965"), (1e-16, "1e-16"),
        (1e16, "1e+16"), (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"), (-0.0, "-0"), (0.0, "0"),
    ])
    func shortestRoundTrip(_ x: Double, _ text: String) {
        #expect(NumberText.format(x) == text)
        if x.isFinite { #expect(Double(text) == x) }
    }

    @Test(arguments: [
        (0.8414709848078965, 6, "0.841471"), (2.8414709848078967, 6, "2.84147"), (2.0, 6, "2"), (12345.678, 6, "12345.7"),
        (1.23456789e-7, 3, "1.23e-07"), (-0.5403023058681398, 4, "-0.5403"), (9.9999999, 3, "10"), (0.00012345, 2, "0.00012"),
    ])
    func significantDigits(_ x: Double, _ digits: Int, _ text: String) {
        #expect(NumberText.significant(x, digits: digits) == text)
    }

    @Test(arguments: [
        (1e-16, 2, "1.0e-16"), (3.1622776601683795e-6, 2, "3.2e-06"), (4.0, 3, "4.00e+00"), (-0.000123, 2, "-1.2e-04"),
        (9.96, 2, "1.0e+01"), (0.0, 2, "0.0e+00"), (Double.leastNonzeroMagnitude, 2, "4.9e-324"), (1.7976931348623157e308, 3, "1.80e+308"),
    ])
    func scientific(_ x: Double, _ digits: Int, _ text: String) {
        #expect(NumberText.scientific(x, digits: digits) == text)
    }

    @Test func jsonIsValidAndOrdered() {
        let value = JSONOutput.object([
            ("value", .number(2.5)), ("gradient", .numbers(named: ["x1", "x2"], [1, .infinity])),
            ("jacobian", .matrix([[1, 2], [3, 4]])), ("name", .string("a \"quoted\"\n\u{1}name")), ("ok", .bool(true)),
            ("empty", .array([])), ("none", .null), ("count", .integer(3)),
        ])
        #expect(value.rendered == """
            {
              "value": 2.5,
              "gradient": {
                "x1": 1,
                "x2": null
              },
              "jacobian": [
                [1, 2],
                [3, 4]
              ],
              "name": "a \\"quoted\\"\\n\\u0001name",
              "ok": true,
              "empty": [],
              "none": null,
              "count": 3
            }

            """)
    }
}
