import Foundation
import Testing
import TestSupport
@testable import DataIO

/// The JSON value, parser and writer that model files, `select` and `kmeans` output share.
@Suite struct JSONTests {
    /// Any finite double written and read back is the same bits: the writer prints the shortest
    /// round-trip form, the parser is correctly rounded. 10,000 random bit patterns plus the edges.
    @Test func numbersRoundTripBitForBit() throws {
        var rng = SplitMix64(seed: 77)
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 1e-5, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                                -1.7976931348623157e308, 0x1p53, 0x1p53 + 2, 9007199254740993, 123456789012345678, 1e22, 3.6, 79]
        for _ in 0..<10_000 {
            let x = Double(bitPattern: rng.next())
            if x.isFinite { values.append(x) }
        }
        let text = JSONValue.array(values.map { .number($0) }).text(style: .compact)
        guard case let .array(back) = try JSONValue(parsing: text) else { Issue.record("not an array"); return }
        #expect(back.count == values.count)
        for (a, b) in zip(back, values) {
            guard case let .number(x) = a else { Issue.record("\(a)"); continue }
            #expect(x.bitPattern == b.bitPattern, "\(b) came back as \(x)")
        }
        // Integers without a fraction, negative zero kept, non-finite numbers as null.
        #expect(JSONValue.numberText(2) == "2" && JSONValue.numberText(-0.0) == "-0" && JSONValue.numberText(0.5) == "0.5")
        #expect(JSONValue.numberText(.infinity) == "null" && JSONValue.numberText(.nan) == "null")
    }

    /// Every control character, quotes and backslashes are escaped; what is written reads back,
    /// and Foundation's parser agrees on the string.
    @Test func stringsAreEscapedCompletely() throws {
        let nasty = "a\"b\\c/d\n\r\t\u{08}\u{0C}\u{00}\u{01}\u{1F}\u{7F} é ∞ 🎉 \u{2028}"
        let text = JSONValue.object(["key \"with\" quotes\n": .string(nasty)]).text()
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != " " })
        let back = try JSONValue(parsing: text)
        #expect(back["key \"with\" quotes\n"] == .string(nasty))
        let foundation = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(foundation?["key \"with\" quotes\n"] == nasty)
        #expect(JSONValue.quoted("\u{01}") == "\"\\u0001\"")
    }

    @Test func escapesAndSurrogatesAreDecoded() throws {
        #expect(try JSONValue(parsing: #""\u00e9\ud83c\udf89\/\b\f\n\r\t""#) == .string("é🎉/\u{08}\u{0C}\n\r\t"))
        #expect(try JSONValue(parsing: "\u{FEFF}[1]") == .array([.number(1)]))
    }

    /// Anything that is not JSON is an error naming the line and column — never a trap.
    @Test(arguments: [
        ("", "empty"), ("   ", "empty"), ("[1,]", "expected a value"), ("{\"a\":1,}", "string key"), ("[1 2]", "',' or ']'"),
        ("{'a': 1}", "string key"), ("[01]", "leading zero"), ("[+1]", "expected a value"), ("[1.]", "digit after '.'"),
        ("[.5]", "expected a value"), ("[1e]", "exponent"), ("[-]", "digit after '-'"), ("[NaN]", "expected a value"),
        ("[Infinity]", "expected a value"), ("tru", "expected true"), ("[nul]", "expected null"), ("\"abc", "not closed"),
        ("\"a\u{01}b\"", "control character"), ("\"\\x\"", "unknown escape"), ("\"\\u12\"", "four hexadecimal"),
        ("\"\\ud800\"", "low surrogate"), ("\"\\udc00\"", "lone low surrogate"), ("{\"a\": 1, \"a\": 2}", "appears twice"),
        ("[1] [2]", "after the JSON value"), ("{\"a\" 1}", "expected ':'"), ("[1,\n  2,\n  x]", "line 3, column 3"),
    ])
    func malformedTextIsAnError(_ text: String, _ expected: String) {
        do {
            let value = try JSONValue(parsing: text)
            Issue.record("accepted \(text) as \(value)")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
        }
    }

    @Test func invalidUTF8IsAnError() {
        #expect(throws: JSONError.self) { try JSONValue(parsing: [0x22, 0xFF, 0xFE, 0x22]) }
    }

    /// Deep nesting is refused at the limit, not by overflowing the stack.
    @Test func nestingDeeperThanTheLimitIsAnError() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { try JSONValue(parsing: deep) }
        let ok = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        _ = try JSONValue(parsing: ok)
    }

    /// Decimals beyond the range of a Double become ±∞ (so a reader can say which key holds one);
    /// below it, ±0.
    @Test func outOfRangeNumbers() throws {
        #expect(try JSONValue(parsing: "[1e999, -1e999, 1e-999]") == .array([.number(.infinity), .number(-.infinity), .number(0)]))
    }

    @Test func numericArraysAndShapes() throws {
        #expect(try JSONValue(parsing: "[[1, 2], [3, 4], [5, 6]]").numericArray?.shape == [3, 2])
        #expect(try JSONValue(parsing: "[[[1], [2]], [[3], [4]]]").numericArray?.values == [1, 2, 3, 4])
        #expect(try JSONValue(parsing: "7").numericArray?.shape == [])
        #expect(try JSONValue(parsing: "[]").numericArray?.shape == [0])
        for ragged in ["[[1, 2], [3]]", "[1, [2]]", "[[1], 2]", "[[1, \"a\"]]", "[[[1]], []]", "[null]"] {
            #expect(try JSONValue(parsing: ragged).numericArray == nil, "\(ragged)")
        }
        let nested = JSONValue.numbers([1, 2, 3, 4, 5, 6], shape: [2, 3])
        #expect(nested.text(style: .compact) == "[[1,2,3],[4,5,6]]")
        #expect(nested.numericArray?.shape == [2, 3])
    }

    /// Pretty output: members one per line, arrays of numbers inline, objects of scalars inside an
    /// array on one line; keys keep their order.
    @Test func prettyLayout() {
        let value = JSONValue.object([
            "b": .number(1), "a": .numbers([1, 2], shape: [2]),
            "list": .array([.object(["x": .number(1), "y": .string("z")])]),
        ])
        #expect(value.text() == "{\n  \"b\": 1,\n  \"a\": [1, 2],\n  \"list\": [\n    {\"x\": 1, \"y\": \"z\"}\n  ]\n}")
        #expect(value.text(style: .compact) == "{\"b\":1,\"a\":[1,2],\"list\":[{\"x\":1,\"y\":\"z\"}]}")
    }

    /// `NPY.shape` tells (k,) from (k, 1).
    @Test func npyShapes() throws {
        let column = NPY.encode(NumericTable(rowCount: 3, columnCount: 1, values: [0.2, 0.3, 0.5]))
        #expect(try NPY.shape(of: column) == [3, 1])
        var flat = column
        let header = String(decoding: flat[10..<(10 + Int(flat[8]))], as: UTF8.self).replacingOccurrences(of: "(3, 1)", with: "(3,)  ")
        flat.replaceSubrange(10..<(10 + Int(flat[8])), with: Array(header.utf8))
        #expect(try NPY.shape(of: flat) == [3])
        #expect(throws: DataIOError.self) { try NPY.shape(of: [1, 2, 3]) }
    }

    @Test func csvIntegerColumns() {
        let table = NumericTable(columnNames: ["x", "label"], rows: [[0.5, 1], [2.25, 0]])
        #expect(String(decoding: CSVWriter().encode(table, integerColumns: [1]), as: UTF8.self) == "x,label\n0.5,1\n2.25,0\n")
    }

    @Test func accessorsAndNonFiniteNumbersByPath() throws {
        let v = JSONValue.object(["mu": .array([.numbers([1, 2], shape: [2]), .numbers([3, .nan], shape: [2])])])
        #expect(v.firstNonFiniteNumber(path: "output") == "output.mu[1][1]")
        #expect(JSONValue.numbers([1, .infinity], shape: [2]).firstNonFiniteNumber() == "[1]")
        #expect(JSONValue.numbers([1, 2], shape: [2]).firstNonFiniteNumber() == nil)
        let w = try JSONValue(parsing: #"{"s": "a", "n": 2.5, "i": 3, "b": true, "a": [1], "big": 1e20}"#)
        #expect(w["s"]?.string == "a" && w["n"]?.number == 2.5 && w["b"]?.bool == true)
        #expect(w["i"]?.integer == 3 && w["n"]?.integer == nil && w["big"]?.integer == nil)
        #expect(w["a"]?.array == [.number(1)] && w["s"]?.number == nil && w["n"]?.string == nil)
    }
}
