import Testing
import TestSupport
@testable import DataIO

@Suite struct NPYTests {
    @Test func encodeThenDecodeIsExact() throws {
        var rng = SplitMix64(seed: 5)
        let values = (0..<60).map { _ in Double(bitPattern: rng.next() >> 2) * (Bool.random(using: &rng) ? 1 : -1) }
        let table = NumericTable(rowCount: 20, columnCount: 3, values: values)
        let bytes = NPY.encode(table)
        #expect(try NPY.decode(bytes) == table)
        // NumPy's layout: the data starts at a multiple of 64 bytes.
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(bytes.count == 10 + headerLength + 60 * 8)
    }

    @Test func float32FileWrittenByNumPyIsWidenedExactly() throws {
        // numpy 2.4.6: numpy.lib.format.write_array(f, numpy.array([[1.5, -2.25], [3.0, 1e-3], [0.1, 7.0]], dtype='<f4'))
        let numpyBytes: [UInt8] = npyFile(
            header: "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }",
            payload: [0, 0, 192, 63, 0, 0, 16, 192, 0, 0, 64, 64, 111, 18, 131, 58, 205, 204, 204, 61, 0, 0, 224, 64])
        #expect(numpyBytes.count == 152)  // the length NumPy's file has
        let table = try NPY.decode(numpyBytes)
        #expect(table.rowCount == 3 && table.columnCount == 2)
        #expect(table.values == [1.5, -2.25, 3.0, Double(Float(1e-3)), Double(Float(0.1)), 7.0])
    }

    @Test func bigEndianFloat64Version2() throws {
        // numpy: write_array(f, numpy.array([[1.5, -2.25], [3.0, 4.0]], dtype='>f8'), version=(2, 0))
        let payload: [UInt8] = [63, 248, 0, 0, 0, 0, 0, 0, 192, 2, 0, 0, 0, 0, 0, 0,
                                64, 8, 0, 0, 0, 0, 0, 0, 64, 16, 0, 0, 0, 0, 0, 0]
        let bytes = npyFile(header: "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }", version: 2,
                            payload: payload)
        #expect(try NPY.decode(bytes).values == [1.5, -2.25, 3.0, 4.0])
        let version3 = npyFile(header: "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }", version: 3,
                               payload: payload)
        #expect(try NPY.decode(version3).values == [1.5, -2.25, 3.0, 4.0])
    }

    @Test func oneDimensionalArrayIsOneColumn() throws {
        let bytes = npyFile(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
                            payload: littleEndianBytes([1, 2, 3]))
        let table = try NPY.decode(bytes)
        #expect(table.rowCount == 3 && table.columnNames == ["column1"] && table.values == [1, 2, 3])
    }

    @Test func keysInAnyOrderAndDoubleQuotesAreAccepted() throws {
        let bytes = npyFile(header: "{\"shape\": (1, 2), \"fortran_order\": False, \"descr\": \"<f8\"}",
                            payload: littleEndianBytes([4, 5]))
        #expect(try NPY.decode(bytes).values == [4, 5])
    }

    @Test func fortranOrderIsRejected() {
        let bytes = npyFile(header: "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
                            payload: littleEndianBytes([1, 2, 3, 4, 5, 6]))
        #expect(throws: DataIOError.fortranOrderNPY(source: "a.npy")) { try NPY.decode(bytes, source: "a.npy") }
    }

    @Test(arguments: ["<i8", "<f2", "|u1", "<c16", "[('x', '<f8')]"])
    func otherElementTypesAreRejected(_ descr: String) {
        let quotedDescr = descr.hasPrefix("[") ? descr : "'\(descr)'"
        let bytes = npyFile(header: "{'descr': \(quotedDescr), 'fortran_order': False, 'shape': (2, 3), }",
                            payload: Array(repeating: 0, count: 48))
        #expect(throws: DataIOError.unsupportedNPYType(source: "a.npy", descr: descr)) {
            try NPY.decode(bytes, source: "a.npy")
        }
    }

    @Test(arguments: [[Int](), [2, 3, 4]])
    func shapesOtherThanOneOrTwoDimensionsAreRejected(_ shape: [Int]) {
        let tuple = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        let bytes = npyFile(header: "{'descr': '<f8', 'fortran_order': False, 'shape': \(tuple), }",
                            payload: Array(repeating: 0, count: 8 * 24))
        #expect(throws: DataIOError.unsupportedNPYShape(source: "a.npy", shape: shape)) {
            try NPY.decode(bytes, source: "a.npy")
        }
    }

    @Test func truncatedDataIsReported() {
        let bytes = npyFile(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                            payload: littleEndianBytes([1, 2, 3]))
        #expect(throws: DataIOError.truncatedNPY(source: "a.npy", expectedBytes: 32, actualBytes: 24)) {
            try NPY.decode(bytes, source: "a.npy")
        }
    }

    @Test(arguments: [
        ("{'descr': '<f8', 'shape': (2, 2), }", "the header has no 'fortran_order'"),
        ("{'descr': '<f8', 'fortran_order': maybe, 'shape': (2, 2), }", "'fortran_order' is not True or False"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (2, x), }", "'shape' is not a tuple of non-negative integers"),
        ("'descr': '<f8'", "the header dictionary has no '{' where expected (at byte 0)"),
    ])
    func malformedHeadersAreReported(_ header: String, _ reason: String) {
        let bytes = npyFile(header: header, payload: littleEndianBytes([1, 2, 3, 4]))
        #expect(throws: DataIOError.malformedNPY(source: "a.npy", reason: reason)) {
            try NPY.decode(bytes, source: "a.npy")
        }
    }

    @Test func missingMagicAndUnknownVersionAreReported() {
        #expect(throws: DataIOError.self) { try NPY.decode(Array("a,b\n1,2\n".utf8)) }
        var bytes = NPY.encode(NumericTable(rowCount: 1, columnCount: 1, values: [1]))
        bytes[6] = 4
        #expect(throws: DataIOError.malformedNPY(source: "<input>", reason: "format version 4.0 is not 1.0, 2.0 or 3.0")) {
            try NPY.decode(bytes)
        }
    }

    @Test func nonFiniteElementsAreRejectedUnlessAllowed() throws {
        let table = NumericTable(rowCount: 2, columnCount: 2, values: [1, 2, 3, .nan])
        let bytes = NPY.encode(table)
        #expect(throws: DataIOError.nonFiniteElement(source: "<input>", row: 2, column: 2)) { try NPY.decode(bytes) }
        #expect(try NPY.decode(bytes, rejectNonFinite: false).values[3].isNaN)
    }

    @Test func zeroRowsIsAnEmptyFile() {
        let bytes = npyFile(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 2), }", payload: [])
        #expect(throws: DataIOError.emptyFile(source: "<input>")) { try NPY.decode(bytes) }
    }
}
