import Foundation
import Testing
@testable import DataIO

// Helpers shared by the DataIO test files.

/// Reads `text` as CSV named `t.csv`.
func readCSV(_ text: String, _ reader: CSVReader = CSVReader()) throws(DataIOError) -> NumericTable {
    try reader.read(Array(text.utf8), source: "t.csv")
}

/// A fresh empty directory under the system's temporary directory, removed by `body`'s end.
@discardableResult
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = NSTemporaryDirectory() + "dataio-tests-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// A `.npy` file laid out as NumPy lays it out: magic, version, little-endian header length
/// (2 bytes for 1.0, 4 for 2.0/3.0), the header dictionary padded with spaces and ended by "\n",
/// then `payload`.
func npyFile(header: String, version: UInt8 = 1, payload: [UInt8]) -> [UInt8] {
    let preamble = version == 1 ? 10 : 12
    var text = header
    text += String(repeating: " ", count: (64 - (preamble + text.utf8.count + 1) % 64) % 64) + "\n"
    let length = text.utf8.count
    var bytes = NPY.magic + [version, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
    if version != 1 { bytes += [0, 0] }
    return bytes + Array(text.utf8) + payload
}

/// The little-endian float64 bytes of `values`, as a `<f8` payload.
func littleEndianBytes(_ values: [Double]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
}
