import Foundation
import Testing
@testable import DataIO

@Suite struct AtomicWriteTests {
    @Test func writesAndReplacesTheWholeFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/out.json"
            try writeAtomically("first version, longer", to: path)
            try writeAtomically([0x6F, 0x6B], to: path)
            #expect(FileManager.default.contents(atPath: path) == Data("ok".utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.json"])
        }
    }

    @Test func replacingAFileKeepsItsPermissions() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/private.json"
            try writeAtomically("a", to: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            try writeAtomically("b", to: path)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func failedRenameLeavesNoTemporaryFileAndKeepsTheTarget() throws {
        // The target is a non-empty directory: the temporary file is written, the rename fails
        // (also as root, where permission tests would not), and the temporary file must be gone.
        try withTemporaryDirectory { directory in
            let target = directory + "/model.json"
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
            _ = FileManager.default.createFile(atPath: target + "/keep", contents: Data("x".utf8))
            let error = #expect(throws: DataIOError.self) { try writeAtomically("{}", to: target) }
            guard case .cannotWrite(path: target, _)? = error else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["model.json"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["keep"])
        }
    }

    @Test func missingDirectoryIsNamed() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/no/such/out.csv"
            #expect(throws: DataIOError.outputDirectoryMissing(path: path, directory: directory + "/no/such")) {
                try writeAtomically("x", to: path)
            }
        }
    }

    @Test func parentThatIsAFileCountsAsMissingDirectory() throws {
        try withTemporaryDirectory { directory in
            _ = FileManager.default.createFile(atPath: directory + "/file", contents: Data())
            #expect(throws: DataIOError.outputDirectoryMissing(path: directory + "/file/out", directory: directory + "/file")) {
                try writeAtomically("x", to: directory + "/file/out")
            }
        }
    }
}
