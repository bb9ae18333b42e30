import Foundation
import Testing
@testable import DataIO

/// Inputs are bounded: a file or stream past `maxBytes`, and a table or header that would need
/// more memory than the limit, are refused with the number, before the memory is allocated.
@Suite struct InputLimitTests {
    @Test func aRegularFileOverTheLimitIsRefusedBeforeReading() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t.csv"
            _ = FileManager.default.createFile(atPath: path, contents: Data("a,b\n1,2\n3,4\n".utf8))
            let expected = DataIOError.inputTooLarge(source: path, size: 12, limit: 11)
            #expect(throws: expected) { try DataFile.read(path, maxBytes: 11) }
            #expect(throws: expected) { try DataFile.readBytes(path, maxBytes: 11) }
            #expect(throws: expected) { try CSVReader().read(contentsOf: path, maxBytes: 11) }
            let table = try DataFile.read(path, maxBytes: 12)
            #expect(table.rowCount == 2)
        }
    }

    @Test(arguments: ["/dev/zero", "/dev/urandom"])
    func anEndlessDeviceStopsAtTheLimit(_ device: String) {
        let expected = DataIOError.inputTooLarge(source: device, size: nil, limit: 1 << 20)
        #expect(throws: expected) { try DataFile.read(device, maxBytes: 1 << 20) }
        #expect(throws: expected) { try NPY.read(contentsOf: device, maxBytes: 1 << 20) }
    }

    @Test func aStreamJustUnderTheLimitIsReadAndOneByteMoreIsNot() throws {
        let text = Array(String(repeating: "1.5,2.5\n", count: 10_000).utf8)  // 80,000 bytes
        for (limit, fits) in [(80_000, true), (79_999, false)] {
            var descriptors: [Int32] = [0, 0]
            #expect(pipe(&descriptors) == 0)
            let writeEnd = descriptors[1]
            let writer = Thread {
                text.withUnsafeBytes { buffer in
                    var written = 0
                    while written < buffer.count {
                        let n = write(writeEnd, buffer.baseAddress! + written, buffer.count - written)
                        if n <= 0 { break }
                        written += n
                    }
                }
                close(writeEnd)
            }
            writer.start()
            let result = Result { () throws(DataIOError) in try InputFile(path: "/dev/fd/\(descriptors[0])").readAll(maxBytes: limit) }
            // Drain what the reader left so the writer can finish, then close.
            var sink = [UInt8](repeating: 0, count: 1 << 16)
            while read(descriptors[0], &sink, sink.count) > 0 {}
            close(descriptors[0])
            if fits {
                #expect((try? result.get()) == text)
            } else {
                #expect(throws: DataIOError.inputTooLarge(source: "/dev/fd/\(descriptors[0])", size: nil, limit: limit)) {
                    try result.get()
                }
            }
        }
    }

    @Test func aTableLargerThanTheMemoryLimitIsRefusedWithTheBytesItNeeds() throws {
        let text = Array(String(repeating: "1,2,3\n", count: 1_000).utf8)
        // 1,000 rows (+1 for a possible last line without a line end) × 3 columns × 8 bytes.
        let error = #expect(throws: DataIOError.self) { try CSVReader(memoryLimit: 20_000).read(text, source: "t.csv") }
        #expect(error == .notEnoughMemory(source: "t.csv", what: "up to 1001 rows × 3 columns", needed: 24_024, available: 20_000))
        #expect(error?.description.contains("23.5 KiB") == true)
        #expect(try CSVReader(memoryLimit: 24_024 + 3 * 256).read(text).rowCount == 1_000)
        try withTemporaryDirectory { directory in
            _ = FileManager.default.createFile(atPath: directory + "/t.csv", contents: Data(text))
            #expect(throws: DataIOError.notEnoughMemory(source: directory + "/t.csv", what: "up to 1001 rows × 3 columns",
                                                        needed: 24_024, available: 20_000)) {
                try DataFile.read(directory + "/t.csv", csv: CSVReader(memoryLimit: 20_000))
            }
            let table = NumericTable(rowCount: 1_000, columnCount: 3, values: Array(repeating: 1, count: 3_000))
            try NPY.write(table, to: directory + "/t.npy")
            #expect(throws: DataIOError.notEnoughMemory(source: directory + "/t.npy", what: "1000 rows × 3 columns",
                                                        needed: 24_000, available: 20_000)) {
                try DataFile.read(directory + "/t.npy", csv: CSVReader(memoryLimit: 20_000))
            }
        }
    }

    @Test func tooManyColumnsAreRefusedBeforeTheHeaderIsSplit() throws {
        // 100,000 fields in the first line: refused from the delimiter count alone when the limit
        // is below 256 bytes a column, whatever the rows below.
        let header = Array(repeating: "0", count: 100_000).joined(separator: ",") + "\n"
        let error = #expect(throws: DataIOError.self) {
            try CSVReader(memoryLimit: 10 << 20).read(Array((header + header).utf8), source: "wide.csv")
        }
        #expect(error == .notEnoughMemory(source: "wide.csv", what: "reading 100000 columns", needed: 25_600_000,
                                          available: 10 << 20))
        #expect(error?.description.hasPrefix("wide.csv: reading 100000 columns would need about 24.4 MiB of memory") == true)
        #expect(try CSVReader(memoryLimit: 100 << 20).read(Array((header + header).utf8)).columnCount == 100_000)
    }
}

/// Sizes written the way people write them.
@Suite struct ByteCountTests {
    static let sizes: [(String, Int)] = [
        ("100000", 100_000), ("0", 0), ("1K", 1024), ("1k", 1024), ("4G", 4 << 30), ("4GB", 4 << 30), ("4GiB", 4 << 30),
        ("4gib", 4 << 30), ("512M", 512 << 20), ("1.5G", 3 << 29), ("2T", 2 << 40), ("1P", 1 << 50), ("10B", 10),
        (" 3M ", 3 << 20), ("0.5K", 512),
    ]

    static let descriptions: [(Double, String)] = [
        (0, "0 bytes"), (1, "1 byte"), (1023, "1023 bytes"), (1024, "1 KiB"), (1536, "1.5 KiB"),
        (Double(4 << 30), "4 GiB"), (80e9, "74.5 GiB"), (0x1p66, "64 EiB"), (1e30, "867361737988 EiB"),
    ]

    @Test(arguments: sizes)
    func parses(_ text: String, _ bytes: Int) {
        #expect(ByteCount(parsing: text)?.bytes == bytes, "\(text)")
    }

    @Test(arguments: ["", "G", "-1", "1X", "1..5K", "1e3", "4iB", "9999999999P", "1 G", "nan", "١٢"])
    func refusesWhatIsNotASize(_ text: String) {
        #expect(ByteCount(parsing: text) == nil, "\(text)")
    }

    @Test(arguments: descriptions)
    func describes(_ bytes: Double, _ text: String) {
        #expect(ByteCount.describe(bytes) == text)
    }

    @Test func systemMemoryIsPositive() {
        #expect(SystemMemory.bytes > 0)
    }
}
