import Testing
@testable import GradBenchTool

/// The protocol's JSON: exact number round trips, the grammar, and errors with offsets.
@Suite struct JSONTests {
    /// Every finite `Double` reads back bitwise from what we write: edge values, and random bit
    /// patterns from a fixed seed.
    @Test(arguments: [0.0, -0.0, 1, -1, 0.1, 1.0 / 3, 2.5e-3, 1e-300, 1e300, -1e300,
                      Double.leastNonzeroMagnitude, Double.leastNormalMagnitude,
                      Double.greatestFiniteMagnitude, 9_007_199_254_740_993, 9_007_199_254_740_992,
                      123456789012345678, 8.246324826140356e-06, 0.2071918746486116])
    func numberRoundTrip(_ x: Double) throws {
        let text = GradBenchJSON.number(x).serialized
        let back = try #require(try GradBenchJSON.parse(text).number)
        #expect(back.bitPattern == x.bitPattern, "\(x) → \(text) → \(back)")
    }

    @Test func randomBitPatternsRoundTrip() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var checked = 0
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = Double(bitPattern: state)
            guard x.isFinite else { continue }
            let back = try #require(try GradBenchJSON.parse(GradBenchJSON.numbers([x]).serialized).array?.first?.number)
            #expect(back.bitPattern == x.bitPattern)
            checked += 1
        }
        #expect(checked > 19_000)
    }

    @Test func integersAreWrittenWithoutFraction() {
        #expect(GradBenchJSON.object([("id", .number(3)), ("x", .number(2.5))]).serialized == #"{"id":3,"x":2.5}"#)
        #expect(GradBenchJSON.number(-0.0).serialized == "-0.0")
    }

    @Test func parsesNestedValuesAndEscapes() throws {
        let v = try GradBenchJSON.parse(#" {"a": [1, -2.5e+2, true, false, null], "s": "q\"\\\/\n\u00e9\ud83d\ude00", "o": {}} "#)
        #expect(v["a"] == .array([.number(1), .number(-250), .bool(true), .bool(false), .null]))
        #expect(v["s"]?.string == "q\"\\/\né😀")
        #expect(v["o"] == .object([]))
        let s = GradBenchJSON.string("tab\t\u{01}\"").serialized
        #expect(try GradBenchJSON.parse(s).string == "tab\t\u{01}\"")
    }

    /// Malformed texts: each names the byte where parsing stopped.
    @Test(arguments: [
        ("", 0), ("{", 1), ("[1,]", 3), ("[1 2]", 3), ("01", 1), ("1.", 2), ("-", 1), ("1e", 2),
        ("+1", 0), (".5", 0), ("NaN", 0), ("Infinity", 0), ("tru", 3), ("\"abc", 4), ("{\"a\" 1}", 5),
        ("{1: 2}", 1), ("[1] x", 4), ("\"\\x\"", 2), ("\"\\ud800\"", 7), ("\"a\u{01}\"", 2),
    ])
    func syntaxErrorsNameTheOffset(_ text: String, _ offset: Int) {
        #expect(throws: JSONSyntaxError.self) { try GradBenchJSON.parse(text) }
        do { _ = try GradBenchJSON.parse(text) } catch { #expect(error.offset == offset, "\(text): \(error)") }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try GradBenchJSON.parse(deep) }
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? GradBenchJSON.parse(ok)) != nil)
    }

    @Test func nonFiniteNumbersAreFoundByPath() {
        let v = GradBenchJSON.object([("mu", .array([.numbers([1, 2]), .numbers([3, .nan])]))])
        #expect(v.firstNonFiniteNumber(path: "output") == "output.mu[1][1]")
        #expect(GradBenchJSON.numbers([1, 2]).firstNonFiniteNumber() == nil)
    }
}
