import Testing
import TestSupport
@testable import DataIO

/// Format features of ``CSVReader``: each input below must give exactly the expected table.
@Suite struct CSVReaderTests {
    let faithful = NumericTable(columnNames: ["eruptions", "waiting"], rowCount: 3,
                                values: [3.6, 79, 1.8, 54, 3.333, 74])

    @Test func headerIsDetectedAndNamesColumns() throws {
        #expect(try readCSV("eruptions,waiting\n3.600,79\n1.800,54\n3.333,74\n") == faithful)
    }

    @Test func noHeaderGivesGeneratedNames() throws {
        let table = try readCSV("3.600,79\n1.800,54\n3.333,74\n")
        #expect(table.columnNames == ["column1", "column2"])
        #expect(table.values == faithful.values)
    }

    @Test(arguments: [
        ("eruptions,waiting\n3.600,79\n1.800,54\n3.333,74\n", "comma"),
        ("eruptions;waiting\n3.600;79\n1.800;54\n3.333;74\n", "semicolon"),
        ("eruptions\twaiting\n3.600\t79\n1.800\t54\n3.333\t74\n", "tab"),
        ("eruptions,waiting\r\n3.600,79\r\n1.800,54\r\n3.333,74\r\n", "CRLF"),
        ("eruptions,waiting\n3.600,79\n1.800,54\n3.333,74", "no final line end"),
        ("eruptions,waiting\n3.600,79\n1.800,54\n3.333,74\n\n\n \n", "blank trailing lines"),
        ("eruptions,waiting\r\n3.600,79\r\n1.800,54\r\n3.333,74\r\n\r\n", "CRLF blank trailing line"),
        ("\u{FEFF}eruptions,waiting\n3.600,79\n1.800,54\n3.333,74\n", "byte-order mark"),
        ("\"eruptions\",\"waiting\"\n\"3.600\",\"79\"\n1.800,54\n3.333,\"74\"\n", "quoted fields"),
        ("eruptions , waiting\n 3.600 , 79\n1.800,54 \n3.333,74\n", "spaces around fields"),
        ("\n\neruptions,waiting\n3.600,79\n\n1.800,54\n3.333,74\n", "blank lines before and between"),
        ("eruptions;waiting\r\n3.600;79\r\n1.800;54\r\n3.333;74", "semicolon CRLF no final line end"),
        ("eruptions,waiting\n+3.6,7.9e1\n1.8E0,54.\n3333e-3,.74e2\n", "signs and exponents"),
    ])
    func formatVariantsGiveTheSameTable(_ text: String, _ label: String) throws {
        #expect(try readCSV(text) == faithful, "\(label)")
    }

    @Test func quotedFieldsKeepDelimitersQuotesAndLineBreaksInNames() throws {
        let table = try readCSV("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,2,3\n4,5,6\n")
        #expect(table.columnNames == ["a,b", "say \"hi\"", "two\nlines"])
        #expect(table.values == [1, 2, 3, 4, 5, 6])
        #expect(table.rowCount == 2)
    }

    @Test func explicitDelimiterOverridesDetection() throws {
        // With a comma forced, each line is one text field: no header is detected (both rows are
        // text) and line 1 is reported, proving the option is used.
        let text = "x;y\n1;2\n"
        let table = try readCSV(text, CSVReader(delimiter: .semicolon))
        #expect(table.columnNames == ["x", "y"])
        #expect(throws: DataIOError.nonNumericCell(source: "t.csv", line: 1, column: 1, columnName: "column1", text: "x;y")) {
            try readCSV(text, CSVReader(delimiter: .comma))
        }
    }

    @Test func headerOptionOverridesDetection() throws {
        let numericFirstRow = "1,2\n3,4\n"
        let table = try readCSV(numericFirstRow, CSVReader(header: .present))
        #expect(table.columnNames == ["1", "2"] && table.values == [3, 4])
        let noHeader = try readCSV(numericFirstRow, CSVReader(header: .absent))
        #expect(noHeader.rowCount == 2)
    }

    @Test func textColumnInEveryRowIsNotMistakenForAHeader() throws {
        // Iris without a header: the species column is text in row 1 and row 2 alike.
        let text = "5.1,3.5,setosa\n4.9,3.0,setosa\n7.0,3.2,versicolor\n"
        let table = try readCSV(text, CSVReader(columns: ColumnSelection(parsing: "1,2")))
        #expect(table.columnNames == ["column1", "column2"])
        #expect(table.values == [5.1, 3.5, 4.9, 3.0, 7.0, 3.2])
    }

    @Test func singleColumnWithoutDelimiter() throws {
        let table = try readCSV("x\n1\n2\n3\n")
        #expect(table.columnNames == ["x"] && table.values == [1, 2, 3])
        // Lines of spaces are blank lines, also with a single column.
        #expect(try readCSV("x\n1\n  \n2\n3\n   \n") == table)
    }

    @Test func emptyHeaderNamesAreGenerated() throws {
        let table = try readCSV(",b\n1,2\n")
        #expect(table.columnNames == ["column1", "b"])
    }

    @Test func columnsAreSelectedByNameIndexAndMixedInTheGivenOrder() throws {
        let text = "id,eruptions,species,waiting\n1,3.6,a,79\n2,1.8,b,54\n"
        let byName = try readCSV(text, CSVReader(columns: ColumnSelection(parsing: "eruptions,waiting")))
        #expect(byName.columnNames == ["eruptions", "waiting"] && byName.values == [3.6, 79, 1.8, 54])
        let byIndex = try readCSV(text, CSVReader(columns: ColumnSelection(parsing: "2,4")))
        #expect(byIndex == byName)
        let mixed = try readCSV(text, CSVReader(columns: ColumnSelection(parsing: "waiting, 2")))
        #expect(mixed.columnNames == ["waiting", "eruptions"] && mixed.values == [79, 3.6, 54, 1.8])
    }

    @Test func parallelParsingEqualsSingleThreadOnALargeInput() throws {
        // > 1 MiB so the input is split into chunks at line ends; compare to one thread exactly.
        var rng = SplitMix64(seed: 99)
        var text = "a,b,c,d\n"
        for row in 0..<40_000 {
            let fields = (0..<4).map { _ in String(Double(Int64.random(in: -1_000_000...1_000_000, using: &rng)) / 1000) }
            text += fields.joined(separator: ",") + (row % 7 == 0 ? "\r\n" : "\n")
        }
        #expect(text.utf8.count > 1 << 20)
        let parallel = try readCSV(text, CSVReader(maxThreads: 2))
        let single = try readCSV(text, CSVReader(maxThreads: 1))
        #expect(parallel.rowCount == 40_000)
        #expect(parallel == single)
        let third = try readCSV(text, CSVReader(columns: ColumnSelection(parsing: "c"), maxThreads: 3))
        #expect(third.values == single.column(2))
    }

    @Test func cellsInsideALargeBufferMatchStandardLibraryBitForBit() throws {
        // Inside a file the parser reads eight bytes at a time across cell boundaries; every cell
        // must still equal Double(String) of its text exactly (no tolerance).
        var rng = SplitMix64(seed: 314)
        var cells: [String] = []
        var text = ""
        for row in 0..<3_000 {
            var fields: [String] = []
            for column in 0..<5 {
                let value = Double.random(in: -1000...1000, using: &rng)
                let cell: String
                switch (row + column) % 5 {
                case 0: cell = value.description                        // up to 17 digits
                case 1: cell = String(Int(value))                       // integers
                case 2: cell = "\(Int(value * 1e6) / 1_000_000).\(abs(Int(value * 1e6)) % 1_000_000)"
                case 3: cell = "\(value)e\(Int.random(in: -30...30, using: &rng))"
                default: cell = "\(UInt64.random(in: 0...UInt64.max, using: &rng))\(Int.random(in: 0...999, using: &rng)).5"
                }
                fields.append(cell)
            }
            cells += fields
            text += fields.joined(separator: ",") + "\n"
        }
        let table = try readCSV(text, CSVReader(header: .absent))
        #expect(table.values.count == cells.count)
        for (value, cell) in zip(table.values, cells) where value.bitPattern != Double(cell)!.bitPattern {
            Issue.record("\(cell): \(value) vs \(Double(cell)!)")
        }
    }

    @Test func oldMacLineEndsAndMixturesAreRead() throws {
        #expect(try readCSV("eruptions,waiting\r3.600,79\r1.800,54\r3.333,74\r") == faithful)
        #expect(try readCSV("eruptions,waiting\r\n3.600,79\r1.800,54\n3.333,74") == faithful)
    }

    @Test func lineEndCountMatchesAScalarReference() {
        // The row bound of the parallel parser: line feeds plus carriage returns not followed by a
        // line feed, over random mixtures (lengths around the 16-byte step and its tail). Counting
        // two pieces, the first told which byte follows it, must give the same total (files are
        // counted block by block).
        var rng = SplitMix64(seed: 1616)
        let alphabet = Array("\r\nx,".utf8)
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            var expected = 0
            for (i, byte) in bytes.enumerated() {
                if byte == 10 || (byte == 13 && (i + 1 == bytes.count || bytes[i + 1] != 10)) { expected += 1 }
            }
            let cut = Int.random(in: 0...bytes.count, using: &rng)
            let (whole, pieces) = bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                let whole = CSVInput.countLineEnds(base, buffer.count, followedBy: nil)
                let head = CSVInput.countLineEnds(base, cut, followedBy: cut < buffer.count ? buffer[cut] : nil)
                return (whole, head + CSVInput.countLineEnds(base + cut, buffer.count - cut, followedBy: nil))
            }
            #expect(whole == expected)
            #expect(pieces == expected, "cut at \(cut)")
        }
    }

    @Test func bytesAndRawBufferAPIsAgree() throws {
        let bytes = Array("x,y\n1,2\n".utf8)
        let viaRaw = try bytes.withUnsafeBytes { raw throws(DataIOError) in try CSVReader().read(raw, source: "raw") }
        #expect(viaRaw == (try CSVReader().read(bytes)))
    }
}
