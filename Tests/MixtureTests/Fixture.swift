import Foundation
import LinearAlgebra
import Mixture

/// A JSON fixture written by scripts/make_sklearn_fixtures.py (see Fixtures/README.md).
struct Fixture: @unchecked Sendable, CustomStringConvertible {
    let name: String
    let object: [String: Any]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    init(_ name: String) throws {
        self.name = name
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name + ".json"))
        object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func names(prefix: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    var description: String { name }

    /// Any nested JSON array of numbers, flattened row-major.
    func flat(_ key: String) -> [Double] { Self.flatten(object[key]!) }

    static func flatten(_ value: Any) -> [Double] {
        if let a = value as? [Any] { return a.flatMap(flatten) }
        return [(value as! NSNumber).doubleValue]
    }

    func double(_ key: String) -> Double { (object[key] as! NSNumber).doubleValue }
    func int(_ key: String) -> Int { (object[key] as! NSNumber).intValue }
    func bool(_ key: String) -> Bool { (object[key] as! NSNumber).boolValue }
    func string(_ key: String) -> String { object[key] as! String }
    func ints(_ key: String) -> [Int] { flat(key).map { Int($0) } }

    /// A 2-D array as a matrix.
    func matrix(_ key: String) -> Matrix<Double> {
        let rows = object[key] as! [[Any]]
        return Matrix(rows: rows.count, columns: rows.first?.count ?? 0, elements: Self.flatten(rows))
    }
}
