import Testing
@testable import DataIO

/// Every error renders as one line: the file first, then where and what, then after "; " what to do.
@Suite struct DataIOErrorTests {
    static let all: [DataIOError] = [
        .fileNotFound(path: "d.csv"),
        .notAFile(path: "d.csv"),
        .unreadable(path: "d.csv", reason: "Permission denied"),
        .emptyFile(source: "d.csv"),
        .headerOnly(source: "d.csv"),
        .raggedRow(source: "d.csv", line: 7, fieldCount: 3, expected: 2, firstLine: 1),
        .nonNumericCell(source: "d.csv", line: 3, column: 2, columnName: "waiting", text: "abc"),
        .nonNumericCell(source: "d.csv", line: 3, column: 2, columnName: "waiting", text: ""),
        .nonFiniteCell(source: "d.csv", line: 3, column: 2, columnName: "waiting", text: "NaN"),
        .unterminatedQuote(source: "d.csv", line: 4),
        .unknownColumn(source: "d.csv", name: "x", available: ["a", "b"]),
        .columnIndexOutOfRange(source: "d.csv", index: 3, columnCount: 2),
        .malformedNPY(source: "d.csv", reason: "bad"),
        .unsupportedNPYType(source: "d.csv", descr: "<i8"),
        .fortranOrderNPY(source: "d.csv"),
        .unsupportedNPYShape(source: "d.csv", shape: [2, 3, 4]),
        .truncatedNPY(source: "d.csv", expectedBytes: 32, actualBytes: 24),
        .nonFiniteElement(source: "d.csv", row: 2, column: 1),
        .outputDirectoryMissing(path: "d.csv", directory: "out"),
        .cannotWrite(path: "d.csv", reason: "Is a directory"),
    ]

    @Test(arguments: all)
    func descriptionIsOneLineNamingTheFileAndWhatToDo(_ error: DataIOError) {
        let text = error.description
        #expect(!text.contains("\n"))
        #expect(text.hasPrefix("d.csv: "))
        #expect(text.contains("; "))
    }

    @Test func descriptionsNameLineAndColumn() {
        #expect(DataIOError.raggedRow(source: "d.csv", line: 7, fieldCount: 3, expected: 2, firstLine: 1).description
            == "d.csv: line 7 has 3 fields, expected 2 (as in line 1); fix or remove that line")
        #expect(DataIOError.nonFiniteCell(source: "d.csv", line: 3, column: 2, columnName: "waiting", text: "NaN").description
            == "d.csv: line 3, column 2 (\"waiting\"): \"NaN\" is NaN or infinite; replace the value or remove the row")
    }

    @Test func longCellTextIsShortened() {
        let long = String(repeating: "x", count: 100)
        let text = DataIOError.nonNumericCell(source: "d.csv", line: 1, column: 1, columnName: "a", text: long).description
        #expect(text.contains("\"" + String(repeating: "x", count: 40) + "…\""))
        #expect(!text.contains(String(repeating: "x", count: 41)))
    }

    @Test func invalidColumnSelectionStartsWithTheList() {
        #expect(DataIOError.invalidColumnSelection(spec: "a,,b", reason: "entry 2 is empty").description
            .hasPrefix("column list \"a,,b\": entry 2 is empty; "))
    }

    @Test func categoriesSeparateInputOptionAndOutput() {
        #expect(DataIOError.raggedRow(source: "d", line: 2, fieldCount: 1, expected: 2, firstLine: 1).category == .input)
        #expect(DataIOError.fileNotFound(path: "d").category == .input)
        #expect(DataIOError.unknownColumn(source: "d", name: "x", available: []).category == .option)
        #expect(DataIOError.columnIndexOutOfRange(source: "d", index: 3, columnCount: 2).category == .option)
        #expect(DataIOError.cannotWrite(path: "d", reason: "r").category == .output)
    }
}
