import Testing
@testable import DataIO

/// Every CSV error names the file, the 1-based line (the header is line 1) and column.
@Suite struct CSVErrorTests {
    @Test(arguments: ["", "\u{FEFF}", "\n\n", "  \n\r\n"])
    func emptyInputIsAnEmptyFile(_ text: String) {
        #expect(throws: DataIOError.emptyFile(source: "t.csv")) { try readCSV(text) }
    }

    @Test(arguments: ["a,b", "a,b\n", "a,b\n\n\n"])
    func headerWithoutRowsIsHeaderOnly(_ text: String) {
        #expect(throws: DataIOError.headerOnly(source: "t.csv")) { try readCSV(text) }
    }

    @Test func raggedRowsNameTheirLine() {
        #expect(throws: DataIOError.raggedRow(source: "t.csv", line: 4, fieldCount: 3, expected: 2, firstLine: 1)) {
            try readCSV("a,b\n1,2\n3,4\n5,6,7\n8,9\n")
        }
        #expect(throws: DataIOError.raggedRow(source: "t.csv", line: 3, fieldCount: 1, expected: 2, firstLine: 1)) {
            try readCSV("a,b\r\n1,2\r\n3\r\n")
        }
        // A trailing delimiter is one more (empty) field.
        #expect(throws: DataIOError.raggedRow(source: "t.csv", line: 2, fieldCount: 3, expected: 2, firstLine: 1)) {
            try readCSV("a,b\n1,2,\n")
        }
    }

    @Test func lineNumbersCountBlankLinesAndTheByteOrderMark() {
        #expect(throws: DataIOError.raggedRow(source: "t.csv", line: 5, fieldCount: 1, expected: 2, firstLine: 2)) {
            try readCSV("\u{FEFF}\na,b\n1,2\n\n3\n")
        }
    }

    @Test func nonNumericCellNamesLineColumnAndText() throws {
        let error = #expect(throws: DataIOError.self) { try readCSV("eruptions,waiting\n3.6,79\n1.8,fifty\n") }
        #expect(error == .nonNumericCell(source: "t.csv", line: 3, column: 2, columnName: "waiting", text: "fifty"))
        #expect(error?.description ==
            "t.csv: line 3, column 2 (\"waiting\"): \"fifty\" is not a number; fix the cell, or select only numeric columns")
    }

    @Test func emptyCellIsReportedAsEmpty() throws {
        let error = #expect(throws: DataIOError.self) { try readCSV("a,b\n1,2\n3,\n") }
        #expect(error == .nonNumericCell(source: "t.csv", line: 3, column: 2, columnName: "b", text: ""))
        #expect(error?.description.contains("is empty") == true)
    }

    @Test func decimalCommaIsNotANumber() {
        #expect(throws: DataIOError.nonNumericCell(source: "t.csv", line: 2, column: 1, columnName: "a", text: "1,5")) {
            try readCSV("a;b\n1,5;2\n")
        }
    }

    @Test(arguments: ["nan", "NaN", "inf", "-Inf", "1e999"])
    func nonFiniteCellsAreRejectedWithLineAndColumn(_ cell: String) {
        #expect(throws: DataIOError.nonFiniteCell(source: "t.csv", line: 3, column: 1, columnName: "x", text: cell)) {
            try readCSV("x,y\n1,2\n\(cell),3\n")
        }
    }

    @Test func unselectedColumnsMayHoldText() throws {
        let table = try readCSV("x,label\n1,a\n2,nan\n", CSVReader(columns: ColumnSelection(parsing: "x")))
        #expect(table.values == [1, 2])
    }

    @Test func unterminatedQuoteNamesItsLine() {
        #expect(throws: DataIOError.unterminatedQuote(source: "t.csv", line: 3)) {
            try readCSV("a,b\n1,2\n\"3,4\n5,6\n")
        }
    }

    @Test func unknownColumnListsTheColumns() throws {
        let error = #expect(throws: DataIOError.self) {
            try readCSV("eruptions,waiting\n1,2\n", CSVReader(columns: ColumnSelection(parsing: "eruption")))
        }
        #expect(error == .unknownColumn(source: "t.csv", name: "eruption", available: ["eruptions", "waiting"]))
        #expect(error?.description.contains("\"eruptions\", \"waiting\"") == true)
    }

    @Test(arguments: ["0", "3", "99999999999999999999999"])
    func outOfRangeIndexIsAnError(_ index: String) throws {
        let error = #expect(throws: DataIOError.self) {
            try readCSV("a,b\n1,2\n", CSVReader(columns: ColumnSelection(parsing: "1,\(index)")))
        }
        guard case .columnIndexOutOfRange(source: "t.csv", _, columnCount: 2)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
    }

    @Test func errorsInALaterParallelChunkHaveExactLineNumbers() {
        var text = "a,b\n"
        for i in 0..<100_000 { text += "\(i),\(i).5\n" }
        text += "1,oops\n"
        for i in 0..<1000 { text += "\(i),1\n" }
        #expect(text.utf8.count > 1 << 20)
        #expect(throws: DataIOError.nonNumericCell(source: "t.csv", line: 100_002, column: 2, columnName: "b", text: "oops")) {
            try readCSV(text, CSVReader(maxThreads: 2))
        }
    }

    @Test func theEarliestErrorWinsAcrossChunks() {
        var text = "a,b\n1,x\n"
        for i in 0..<100_000 { text += "\(i),\(i)\n" }
        text += "1,2,3\n"
        #expect(throws: DataIOError.nonNumericCell(source: "t.csv", line: 2, column: 2, columnName: "b", text: "x")) {
            try readCSV(text, CSVReader(maxThreads: 2))
        }
    }

    @Test func descriptionsAreOneLineEvenForCellsWithLineBreaks() throws {
        let error = #expect(throws: DataIOError.self) { try readCSV("a,b\n1,\"x\ny\"\n") }
        #expect(error?.description.contains("\n") == false)
        #expect(error?.description.contains("\"x\\ny\"") == true)
    }
}
