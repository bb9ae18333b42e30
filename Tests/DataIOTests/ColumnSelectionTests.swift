import Testing
@testable import DataIO

@Suite struct ColumnSelectionTests {
    let names = ["eruptions", "waiting", "2"]

    @Test func namesTakePrecedenceOverIndices() throws {
        // "2" is a column's name here, so it selects that column (index 2), not the second one.
        #expect(try ColumnSelection(parsing: "2,eruptions, 3 ,1").resolve(in: names, source: "s") == [2, 0, 2, 0])
        #expect(try ColumnSelection(parsing: "2").resolve(in: ["a", "b"], source: "s") == [1])
    }

    @Test(arguments: ["", " ", "a,,b", "a,", ",a"])
    func emptyEntriesAreRejected(_ spec: String) {
        #expect(throws: DataIOError.self) { try ColumnSelection(parsing: spec) }
    }

    @Test func errorsNameTheEntry() {
        #expect(throws: DataIOError.columnIndexOutOfRange(source: "s", index: 4, columnCount: 3)) {
            try ColumnSelection(parsing: "4").resolve(in: names, source: "s")
        }
        #expect(throws: DataIOError.unknownColumn(source: "s", name: "-1", available: names)) {
            try ColumnSelection(parsing: "-1").resolve(in: names, source: "s")
        }
        #expect(throws: DataIOError.invalidColumnSelection(spec: "a,,b", reason: "entry 2 is empty")) {
            try ColumnSelection(parsing: "a,,b")
        }
    }
}
