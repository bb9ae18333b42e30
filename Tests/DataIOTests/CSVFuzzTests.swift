import Testing
import TestSupport
@testable import DataIO

/// Random inputs built from CSV's special bytes.
@Suite struct CSVFuzzTests {
    static let alphabet = Array("0123456789,;\t\"\n\r .e-+aN".utf8)

    /// Reads `bytes` and reduces the outcome to something comparable.
    func outcome(_ bytes: [UInt8], threads: Int) -> Result<NumericTable, DataIOError> {
        Result { () throws(DataIOError) in try CSVReader(maxThreads: threads).read(bytes, source: "f") }
    }

    @Test func randomSmallInputsGiveATableOrATypedErrorNoCrash() {
        // Only "no crash, no malformed table" is checked here: any input must end in a well-formed
        // table or a DataIOError whose description is one line.
        var rng = SplitMix64(seed: 8080)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...40, using: &rng)
            let bytes = (0..<length).map { _ in Self.alphabet.randomElement(using: &rng)! }
            switch outcome(bytes, threads: 1) {
            case .success(let table):
                #expect(table.isWellFormed && table.rowCount > 0 && table.values.allSatisfy(\.isFinite))
            case .failure(let error):
                #expect(!error.description.contains("\n"))
            }
        }
    }

    @Test func chunkedParsingAgreesWithOneThreadOnDamagedLargeInputs() {
        // Large inputs (split into chunks) with a few random defects: the parallel reader must give
        // exactly the one-thread result, table or error (the earliest one, same line and column).
        var rng = SplitMix64(seed: 4242)
        var base: [UInt8] = Array("a,b,c\n".utf8)
        for row in 0..<90_000 {
            base += Array("\(row),\(Double(row) / 8),-\(row % 97).5e-3\(row % 5 == 0 ? "\r" : "")\n".utf8)
        }
        #expect(base.count > 1 << 20)
        for trial in 0..<6 {
            var bytes = base
            for _ in 0..<trial {
                let position = Int.random(in: 8..<bytes.count, using: &rng)
                bytes[position] = [UInt8(ascii: "x"), UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: " ")]
                    .randomElement(using: &rng)!
            }
            let parallel = outcome(bytes, threads: 2)
            let single = outcome(bytes, threads: 1)
            #expect(parallel == single, "trial \(trial)")
        }
    }
}
