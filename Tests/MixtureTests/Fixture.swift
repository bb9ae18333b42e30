import DataIO
import Foundation
import LinearAlgebra
import Mixture

/// A JSON fixture written by scripts/make_sklearn_fixtures.py (see Fixtures/README.md), read with
/// DataIO's parser, which is correctly rounded (Python's `repr` floats come back to the same bits;
/// Foundation's `JSONSerialization` on Linux is off by an ulp for some).
struct Fixture: Sendable, CustomStringConvertible {
    let name: String
    let object: JSONValue

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The fixture files that the committed Fixtures/README.md lists: 18 mixture runs and 9
    /// k-means runs. A test that takes its cases from `names(prefix:)` checks against these, so a
    /// missing or renamed file fails instead of leaving a parameterised test with fewer cases.
    static let expectedCounts = ["gmm_": 18, "kmeans_": 9]

    init(_ name: String) throws {
        self.name = name
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(name + ".json")))
        object = try JSONValue(parsing: bytes)
    }

    /// The fixture names with `prefix`, sorted; empty when the folder cannot be listed (the count
    /// tests then fail).
    static func names(prefix: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    var description: String { name }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    func value(_ key: String) throws -> JSONValue {
        guard let v = object[key] else { throw Missing(description: "\(name): no key \(key)") }
        return v
    }

    /// Any nested JSON array of numbers, flattened row-major.
    func flat(_ key: String) throws -> [Double] { try Self.flatten(value(key)) }

    static func flatten(_ value: JSONValue) throws -> [Double] {
        guard let array = value.numericArray else { throw Missing(description: "not a numeric array: \(value)") }
        return array.values
    }

    func double(_ key: String) throws -> Double {
        guard case let .number(x) = try value(key) else { throw Missing(description: "\(name): \(key) is not a number") }
        return x
    }

    func int(_ key: String) throws -> Int { Int(try double(key)) }

    func bool(_ key: String) throws -> Bool {
        guard case let .bool(b) = try value(key) else { throw Missing(description: "\(name): \(key) is not a boolean") }
        return b
    }

    func string(_ key: String) throws -> String {
        guard case let .string(s) = try value(key) else { throw Missing(description: "\(name): \(key) is not a string") }
        return s
    }

    func ints(_ key: String) throws -> [Int] { try flat(key).map { Int($0) } }

    /// A 2-D array as a matrix.
    func matrix(_ key: String) throws -> Matrix<Double> {
        guard let array = try value(key).numericArray, array.shape.count == 2 else {
            throw Missing(description: "\(name): \(key) is not a 2-D array")
        }
        return Matrix(rows: array.shape[0], columns: array.shape[1], elements: array.values)
    }
}
