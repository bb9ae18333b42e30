import Foundation
import Testing
@testable import DataIO

/// Reading from paths: file errors, and the choice between CSV and `.npy`.
@Suite struct DataFileTests {
    @Test func missingFileIsNamed() {
        let error = #expect(throws: DataIOError.fileNotFound(path: "/no/such/data.csv")) {
            try DataFile.read("/no/such/data.csv")
        }
        #expect(error?.description == "/no/such/data.csv: no such file; check the path")
    }

    @Test func directoryIsNotAFile() throws {
        try withTemporaryDirectory { directory in
            #expect(throws: DataIOError.notAFile(path: directory)) { try DataFile.read(directory) }
        }
    }

    @Test func emptyFileOnDiskIsAnEmptyFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/empty.csv"
            _ = FileManager.default.createFile(atPath: path, contents: Data())
            #expect(throws: DataIOError.emptyFile(source: path)) { try DataFile.read(path) }
        }
    }

    @Test func csvAndNpyAreDispatchedByExtensionAndMagic() throws {
        try withTemporaryDirectory { directory in
            let table = NumericTable(columnNames: ["a", "b"], rowCount: 2, values: [1, 2, 3, 4.5])
            try writeAtomically("a,b\n1,2\n3,4.5\n", to: directory + "/t.csv")
            try NPY.write(table, to: directory + "/t.npy")
            try NPY.write(table, to: directory + "/npy-without-extension")
            #expect(try DataFile.read(directory + "/t.csv") == table)
            let fromNPY = try DataFile.read(directory + "/t.npy")
            #expect(fromNPY.values == table.values && fromNPY.columnNames == ["column1", "column2"])
            #expect(try DataFile.read(directory + "/npy-without-extension") == fromNPY)
            let second = try DataFile.read(directory + "/t.npy", columns: ColumnSelection(parsing: "2"))
            #expect(second.values == [2, 4.5])
            let bigFile = try DataFile.read(directory + "/t.csv", columns: ColumnSelection(parsing: "b"),
                                            csv: CSVReader(maxThreads: 1))
            #expect(bigFile.values == [2, 4.5])
        }
    }

    @Test func readingAPipeUntilEndOfFileGetsEveryByte() throws {
        // Standard input is read this way: no size known, the buffer grows past its first 64 KiB.
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let text = String(repeating: "1.5,2.5\n", count: 20_000)  // 160,000 bytes
        let writeEnd = descriptors[1]
        let writer = Thread {
            var bytes = Array(text.utf8)
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeMutableBytes { write(writeEnd, $0.baseAddress! + written, $0.count - written) }
                if n <= 0 { break }
                written += n
            }
            close(writeEnd)
            bytes.removeAll()
        }
        writer.start()
        let bytes = try InputFile(path: "/dev/fd/\(descriptors[0])").readAll(maxBytes: 1 << 20)
        close(descriptors[0])
        #expect(bytes == Array(text.utf8))
        let table = try CSVReader().read(bytes, source: "<stdin>")
        #expect(table.rowCount == 20_000 && table.columnNames == ["column1", "column2"])
    }

    @Test func formatDetection() {
        #expect(DataFile.format(path: "x.NPY", bytes: []) == .npy)
        #expect(DataFile.format(path: "-", bytes: NPY.magic + [1, 0]) == .npy)
        #expect(DataFile.format(path: "x.csv", bytes: Array("a,b".utf8)) == .csv)
        #expect(DataFile.sourceName("-") == "<stdin>")
    }
}
