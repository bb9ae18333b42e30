import Foundation
import Testing

/// A model file loads into scikit-learn, and its `predict_proba` equals `mixtape predict --proba`.
struct ScikitLearnLoadTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/load_model_in_sklearn.py")

    static let sklearnAvailable: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sklearn, numpy"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    @Test(.enabled(if: sklearnAvailable, "scikit-learn cannot be imported by python3 here; install it with pip to run this check"),
          arguments: ["full", "tied", "diag", "spherical"])
    func scikitLearnPredictProbaEqualsOurs(_ type: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = CLI.oldFaithfulCSV.path
        #expect(try CLI.run(["fit", data, "-k", "3", "--covariance", type, "--output", "m.json"], in: dir).status == 0)
        let ours = try CLI.run(["predict", "m.json", data, "--proba"], in: dir).stdout
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.script.path, dir.appendingPathComponent("m.json").path, data]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let theirs = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let a = ours.split(separator: "\n"), b = theirs.split(separator: "\n")
        #expect(a.count == 273 && b.count == 273 && a[0] == b[0])
        // Both compute the same formulas in a different order: equal to ~1e-15 absolute.
        var worst = 0.0
        for (x, y) in zip(a.dropFirst(), b.dropFirst()) {
            for (u, v) in zip(x.split(separator: ","), y.split(separator: ",")) { worst = max(worst, abs(Double(u)! - Double(v)!)) }
        }
        #expect(worst < 1e-12, "worst difference \(worst)")
    }
}
