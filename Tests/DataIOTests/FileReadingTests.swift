import Foundation
import Testing
import TestSupport
@testable import DataIO

/// Files are read with `pread` in windows: whatever the window size and thread count, the table or
/// the error (with its line and column) must be exactly what reading the same bytes in memory gives.
@Suite struct FileReadingTests {
    /// Reads `bytes` from a file named `t.csv` with the given window and threads, and in memory.
    func bothWays(_ bytes: [UInt8], window: Int, threads: Int, reader: CSVReader = CSVReader())
        throws -> (file: Result<NumericTable, DataIOError>, memory: Result<NumericTable, DataIOError>) {
        try withTemporaryDirectory { directory in
            let path = directory + "/t.csv"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            var fileReader = reader
            fileReader.windowBytes = window
            fileReader.maxThreads = threads
            let file = Result { () throws(DataIOError) in
                try fileReader.read(try InputFile(path: path), maxBytes: .max)
            }
            var memoryReader = reader
            memoryReader.maxThreads = 1
            let memory = Result { () throws(DataIOError) in try memoryReader.read(bytes, source: path) }
            return (file, memory)
        }
    }

    @Test(arguments: [1, 2, 3, 5, 8, 17, 64, 1 << 20])
    func randomSmallInputsReadTheSameThroughAnyWindow(window: Int) throws {
        // The fuzz alphabet of CSVFuzzTests: quotes, both line ends, spaces, exponents, junk.
        let alphabet = Array("0123456789,;\t\"\n\r .e-+aN".utf8)
        var rng = SplitMix64(seed: 2024 &+ UInt64(window))
        for _ in 0..<300 {
            let length = Int.random(in: 0...60, using: &rng)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &rng)! }
            let (file, memory) = try bothWays(bytes, window: window, threads: 1)
            #expect(file == memory, "window \(window): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }

    @Test(arguments: [1, 3, 7, 4096])
    func structuredInputsReadTheSameThroughAnyWindow(window: Int) throws {
        // Rows of numbers with every feature a window edge can cut: CRLF and CR line ends, quoted
        // cells (one with a line break), spaces, blank lines, a last row without a line end, a
        // byte-order mark, and selected columns.
        var rng = SplitMix64(seed: 77 &+ UInt64(window))
        let ends = ["\n", "\r\n", "\r"]
        for trial in 0..<60 {
            var text = trial % 3 == 0 ? "\u{FEFF}" : ""
            text += "x,\"y\ny\",z\n"
            for row in 0..<Int.random(in: 1...40, using: &rng) {
                let cells = ["\(row)", " \(Double(row) / 3) ", trial % 2 == 0 ? "\"-\(row).5e-3\"" : "1e\(row % 300)"]
                text += cells.joined(separator: ",") + ends[Int.random(in: 0..<3, using: &rng)]
                if row % 7 == 3 { text += "\n  \n" }
            }
            if trial % 4 == 1 { text.removeLast() }
            let reader = CSVReader(columns: trial % 5 == 0 ? try ColumnSelection(parsing: "z,x") : nil)
            let (file, memory) = try bothWays(Array(text.utf8), window: window, threads: 1, reader: reader)
            #expect(file == memory, "trial \(trial)")
            if case .failure(let error) = memory { Issue.record("structured input \(trial) failed: \(error)") }
        }
    }

    @Test func largeFilesInChunksAgreeWithMemoryIncludingTheFirstError() throws {
        // More than 1 MiB: cut into chunks parsed on two threads, each read through small windows.
        // A few damaged bytes must give the same first error (line and column) as in memory.
        var base: [UInt8] = Array("a,b,c\n".utf8)
        for row in 0..<60_000 {
            base += Array("\(row),\(Double(row) / 8),-\(row % 97).5e-3\(row % 5 == 0 ? "\r" : "")\n".utf8)
        }
        #expect(base.count > 1 << 20)
        var rng = SplitMix64(seed: 99)
        for trial in 0..<5 {
            var bytes = base
            for _ in 0..<(trial == 4 ? 0 : trial) {
                bytes[Int.random(in: 8..<bytes.count, using: &rng)] = [UInt8(ascii: "x"), UInt8(ascii: ",")].randomElement(using: &rng)!
            }
            if trial == 4 {
                // A quoted cell anywhere makes the file one chunk (a line end could sit inside quotes).
                let row = Array("\"1\",\"2\",\"3\"\n".utf8)
                bytes.insert(contentsOf: row, at: bytes.count / 2 + (bytes[(bytes.count / 2)...].firstIndex(of: 10)! - bytes.count / 2) + 1)
            }
            let (file, memory) = try bothWays(bytes, window: 1000, threads: 2)
            #expect(file == memory, "trial \(trial)")
            if trial == 0 { #expect((try? file.get())?.rowCount == 60_000) }
            if trial == 4 { #expect((try? file.get())?.rowCount == 60_001) }
        }
    }

    @Test func aHeaderLongerThanTheFirstWindowIsReadWhole() throws {
        // The header window starts at 128 KiB and doubles: a 300 KB header (and a quoted name with
        // a line break across the first window's end) must give the same names as in memory.
        let columns = 15_000
        var names = (0..<columns).map { "long_column_name_\($0)" }
        names[6_500] = "\"two\nlines\""
        let text = names.joined(separator: ",") + "\n" + (0..<3).map { row in
            (0..<columns).map { String(($0 + row) % 10) }.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        let (file, memory) = try bothWays(Array(text.utf8), window: 1 << 20, threads: 1)
        #expect(file == memory)
        let table = try #require(try? file.get())
        #expect(table.columnCount == columns && table.rowCount == 3 && table.columnNames[6_500] == "two\nlines")
    }

    @Test func npyFilesAreReadStraightIntoTheTable() throws {
        try withTemporaryDirectory { directory in
            // Larger than one 1 MiB read block, float32 and float64.
            let values = (0..<300_000).map { Double($0) * 0.25 - 7 }
            let table = NumericTable(rowCount: 100_000, columnCount: 3, values: values)
            try NPY.write(table, to: directory + "/t.npy")
            #expect(try NPY.read(contentsOf: directory + "/t.npy").values == values)
            #expect(try DataFile.read(directory + "/t.npy", columns: ColumnSelection(parsing: "3")).values
                    == stride(from: 2, to: values.count, by: 3).map { values[$0] })
            let floats = npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }",
                                 payload: [1.5, -2, 0.125, 3].flatMap { (x: Float) in withUnsafeBytes(of: x.bitPattern.littleEndian) { Array($0) } })
            _ = FileManager.default.createFile(atPath: directory + "/f.npy", contents: Data(floats))
            #expect(try DataFile.read(directory + "/f.npy").values == [1.5, -2, 0.125, 3])
            // Truncated data is named as such, as it is in memory.
            let cut = Array(floats.dropLast(3))
            _ = FileManager.default.createFile(atPath: directory + "/cut.npy", contents: Data(cut))
            #expect(throws: DataIOError.truncatedNPY(source: directory + "/cut.npy", expectedBytes: 16, actualBytes: 13)) {
                try DataFile.read(directory + "/cut.npy")
            }
        }
    }
}

/// A file that another process truncates or rewrites while it is read is an error naming it,
/// never a crash (SIGBUS from a mapping) or a trap in the parser. These tests change the file at
/// the points where the reader can notice: between opening and reading, between the line count
/// and the parse, and after the last read.
@Suite struct ChangingFileTests {
    static let rows = (0..<5_000).map { "\($0),\(Double($0) / 4)\n" }.joined()

    func withFile<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
        try withTemporaryDirectory { directory in
            let path = directory + "/t.csv"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
            // An old modification time, so that a change made now is seen even with coarse clocks.
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1e9)], ofItemAtPath: path)
            return try body(path)
        }
    }

    @Test(arguments: [0, 100, 40_000])
    func truncatedAfterOpeningIsChangedWhileReading(keep: Int) throws {
        try withFile("a,b\n" + Self.rows) { path in
            let file = try InputFile(path: path)
            #expect(truncate(path, off_t(keep)) == 0)
            #expect(throws: DataIOError.changedWhileReading(path: path)) {
                try CSVReader(maxThreads: 1).read(file, maxBytes: .max)
            }
        }
    }

    @Test func truncatedBetweenCountAndParseIsChangedWhileReading() throws {
        try withFile(Self.rows) { path in
            let file = try InputFile(path: path)
            let source = CSVFileSource(file: file, dataStart: 0, dataEnd: file.size, windowBytes: 4096)
            let scan = try source.scan(from: 0, to: file.size).get()
            #expect(scan.lineEnds == 5_000)
            #expect(truncate(path, 30_000) == 0)
            let parser = CSVRowParser(delimiter: UInt8(ascii: ","), fieldCount: 2, selection: [0, 1])
            let output = UnsafeMutablePointer<Double>.allocate(capacity: 2 * (scan.lineEnds + 1))
            defer { output.deallocate() }
            let parsed = source.parse(from: 0, to: file.size, with: parser, into: output, maxRows: scan.lineEnds + 1)
            guard case .failure(.input(.changedWhileReading(path))) = parsed else {
                Issue.record("expected changedWhileReading, got \(parsed)")
                return
            }
        }
    }

    @Test func rewrittenWithMoreRowsThanCountedIsAFailureNotATrap() throws {
        // The parser writes each chunk's rows into a region sized by the line count; a file
        // rewritten in place between the count and the parse with more (shorter) rows must stop
        // at the region's end with a failure (main trapped on a precondition here).
        try withFile("111\n222\n333") { path in
            let file = try InputFile(path: path)
            let source = CSVFileSource(file: file, dataStart: 0, dataEnd: file.size, windowBytes: 64)
            let scan = try source.scan(from: 0, to: file.size).get()
            #expect(scan.lineEnds == 2)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.write(contentsOf: Data("1\n2\n3\n4\n5\n6".utf8))  // same 11 bytes, 6 rows
            try handle.close()
            let parser = CSVRowParser(delimiter: UInt8(ascii: ","), fieldCount: 1, selection: [0])
            let output = UnsafeMutablePointer<Double>.allocate(capacity: scan.lineEnds + 1)
            defer { output.deallocate() }
            let parsed = source.parse(from: 0, to: file.size, with: parser, into: output, maxRows: scan.lineEnds + 1)
            guard case .failure(let failure) = parsed, case .moreRowsThanCounted = failure else {
                Issue.record("expected moreRowsThanCounted, got \(parsed)")
                return
            }
            #expect(failure.error(line: 0, source: path, columnNames: [], firstLine: 1) == .changedWhileReading(path: path))
        }
    }

    @Test func rewrittenInPlaceOrExtendedIsSeenAfterTheRead() throws {
        for change in ["rewrite", "append"] {
            try withFile(Self.rows) { path in
                let file = try InputFile(path: path)
                try file.checkUnchanged()
                let handle = try #require(FileHandle(forWritingAtPath: path))
                if change == "append" { try handle.seekToEnd() }
                try handle.write(contentsOf: Data("9,9\n".utf8))
                try handle.close()
                #expect(throws: DataIOError.changedWhileReading(path: path), "\(change)") { try file.checkUnchanged() }
                #expect(throws: DataIOError.changedWhileReading(path: path), "\(change)") {
                    try CSVReader().read(file, maxBytes: .max)
                }
            }
        }
    }

    @Test func theMessageNamesTheFileAndSaysWhatHappened() {
        let text = DataIOError.changedWhileReading(path: "d.csv").description
        #expect(text.hasPrefix("d.csv: the file changed while it was being read") && !text.contains("\n"))
    }
}
