import Foundation
import Mixture
import RealModule
import Testing

struct OldFaithfulDataTests {
    /// The embedded array is an exact copy of Data/old_faithful.csv (R's datasets::faithful).
    @Test func embeddedCopyEqualsTheCSV() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/old_faithful.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines[0] == "eruptions,waiting")
        let values = lines.dropFirst().flatMap { $0.split(separator: ",").map { Double($0)! } }
        #expect(values == OldFaithful.values)
        #expect(OldFaithful.matrix.rows == 272)
        // R's column means: 3.487783, 70.897059.
        #expect((OldFaithful.matrix.column(0).reduce(0, +) / 272).isApproximatelyEqual(to: 3.487783, absoluteTolerance: 1e-6))
        #expect((OldFaithful.matrix.column(1).reduce(0, +) / 272).isApproximatelyEqual(to: 70.897059, absoluteTolerance: 1e-6))
    }
}
