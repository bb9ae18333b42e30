import Testing
import TestSupport
@testable import DataIO

@Suite struct CSVWriterTests {
    @Test func writtenTextIsReadBackBitForBit() throws {
        var rng = SplitMix64(seed: 2024)
        let values = (0..<300).map { _ -> Double in
            let value = Double(bitPattern: rng.next())
            return value.isFinite ? value : 0.5
        }
        let table = NumericTable(columnNames: ["a", "b, c", "say \"hi\""], rowCount: 100, values: values)
        for delimiter in [CSVReader.Delimiter.comma, .semicolon, .tab] {
            let bytes = CSVWriter(delimiter: delimiter).encode(table)
            let back = try CSVReader().read(bytes)
            #expect(back.columnNames == table.columnNames)
            #expect(back.values.map(\.bitPattern) == table.values.map(\.bitPattern))
        }
    }

    @Test func smallTableText() {
        let table = NumericTable(columnNames: ["x", "y"], rows: [[1, 2.5], [-0.125, 1e-5]])
        #expect(String(decoding: CSVWriter().encode(table), as: UTF8.self) == "x,y\n1.0,2.5\n-0.125,1e-05\n")
        #expect(String(decoding: CSVWriter(delimiter: .tab, includeHeader: false).encode(table), as: UTF8.self)
            == "1.0\t2.5\n-0.125\t1e-05\n")
    }
}
