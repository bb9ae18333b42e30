import Foundation
import Testing
@testable import DataIO

/// Where outputs go: devices, FIFOs and open descriptors are written in place, regular files
/// atomically (through symbolic links), and no output may be the same file as an input or as
/// another output.
@Suite struct OutputTargetTests {
    @Test func pathsAreClassifiedByWhatTheyAre() throws {
        try withTemporaryDirectory { directory in
            let file = directory + "/f.json", link = directory + "/link.json", fifo = directory + "/fifo"
            _ = FileManager.default.createFile(atPath: file, contents: Data("{}".utf8))
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "f.json")
            #expect(mkfifo(fifo, 0o600) == 0)
            #expect(OutputTarget(path: "/dev/null") == .device(path: "/dev/null"))
            #expect(OutputTarget(path: "/dev/stdout") == .descriptor(1))
            #expect(OutputTarget(path: "/dev/fd/2") == .descriptor(2))
            #expect(OutputTarget(path: "/proc/self/fd/1") == .descriptor(1))
            #expect(OutputTarget(path: fifo) == .device(path: fifo))
            #expect(OutputTarget(path: directory) == .directory(path: directory))
            #expect(OutputTarget(path: file) == .regularFile(path: file))
            let resolved = try #require(realpath(file, nil))
            defer { free(resolved) }
            #expect(OutputTarget(path: link) == .regularFile(path: String(cString: resolved)))
            #expect(OutputTarget(path: directory + "/new.json") == .regularFile(path: directory + "/new.json"))
            #expect(OutputTarget.descriptorNumber("/dev/fd/x") == nil && OutputTarget.descriptorNumber("/dev/fd/") == nil)
        }
    }

    @Test func aFIFOIsWrittenInPlaceAndStaysAFIFO() throws {
        // main renamed a regular file over the FIFO, so the reader got nothing.
        try withTemporaryDirectory { directory in
            let fifo = directory + "/fifo"
            #expect(mkfifo(fifo, 0o600) == 0)
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            #expect(reader >= 0)
            defer { close(reader) }
            try writeAtomically("model\n", to: fifo)
            var buffer = [UInt8](repeating: 0, count: 64)
            let got = read(reader, &buffer, buffer.count)
            #expect(got == 6 && Array(buffer[..<6]) == Array("model\n".utf8))
            var status = stat()
            #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["fifo"])
        }
    }

    static let canMakeDevices: Bool = {
        let path = NSTemporaryDirectory() + "mixtape-mknod-probe-\(getpid())"
        defer { unlink(path) }
        return mknod(path, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0
    }()

    @Test(.enabled(if: canMakeDevices, "needs permission to create a device node (root); the FIFO test covers the rest"))
    func aDeviceNodeIsWrittenInPlaceAndStaysADevice() throws {
        // A private copy of /dev/null (character device 1,3), so main's rename could not harm the system's.
        try withTemporaryDirectory { directory in
            let device = directory + "/null"
            #expect(mknod(device, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0)
            try writeAtomically("discarded", to: device)
            var status = stat()
            #expect(lstat(device, &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["null"])
        }
    }

    @Test func anOpenDescriptorPathIsWrittenAtItsPosition() throws {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        defer { close(descriptors[0]); close(descriptors[1]) }
        try writeAtomically("first,", to: "/dev/fd/\(descriptors[1])")
        try writeAtomically("second", to: "/proc/self/fd/\(descriptors[1])")
        var buffer = [UInt8](repeating: 0, count: 64)
        let got = read(descriptors[0], &buffer, buffer.count)
        #expect(String(decoding: buffer[..<max(0, got)], as: UTF8.self) == "first,second")
    }

    @Test func aSymbolicLinkKeepsPointingAtTheNewContent() throws {
        try withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory + "/real", withIntermediateDirectories: false)
            _ = FileManager.default.createFile(atPath: directory + "/real/m.json", contents: Data("old".utf8))
            try FileManager.default.createSymbolicLink(atPath: directory + "/m.json", withDestinationPath: "real/m.json")
            try writeAtomically("new", to: directory + "/m.json")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/m.json") == "real/m.json")
            #expect(FileManager.default.contents(atPath: directory + "/real/m.json") == Data("new".utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/real") == ["m.json"])
        }
    }

    @Test func writabilityIsCheckedBeforeAnyWork() throws {
        try withTemporaryDirectory { directory in
            #expect(throws: DataIOError.outputDirectoryMissing(path: directory + "/no/x", directory: directory + "/no")) {
                try OutputTarget.checkWritable(directory + "/no/x")
            }
            #expect(throws: DataIOError.cannotWrite(path: directory, reason: "it is a directory")) {
                try OutputTarget.checkWritable(directory)
            }
            try OutputTarget.checkWritable(directory + "/new.json")
            try OutputTarget.checkWritable("/dev/null")
            try OutputTarget.checkWritable("/dev/stderr")
            let readOnly = open("/dev/null", O_RDONLY)
            defer { close(readOnly) }
            #expect(throws: DataIOError.cannotWrite(path: "/dev/fd/\(readOnly)", reason: "descriptor \(readOnly) is not open for writing")) {
                try OutputTarget.checkWritable("/dev/fd/\(readOnly)")
            }
        }
    }
}

@Suite struct OutputPlanTests {
    /// A folder with `data.csv`, a symbolic and a hard link to it, and `other.csv`.
    func withFiles(_ body: (String) throws -> Void) throws {
        try withTemporaryDirectory { directory in
            _ = FileManager.default.createFile(atPath: directory + "/data.csv", contents: Data("a\n1\n".utf8))
            _ = FileManager.default.createFile(atPath: directory + "/other.csv", contents: Data("a\n1\n".utf8))
            try FileManager.default.createSymbolicLink(atPath: directory + "/symlink.csv", withDestinationPath: "data.csv")
            try FileManager.default.linkItem(atPath: directory + "/data.csv", toPath: directory + "/hardlink.csv")
            try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: false)
            try body(directory)
        }
    }

    @Test(arguments: ["data.csv", "./data.csv", "sub/../data.csv", "symlink.csv", "hardlink.csv"])
    func anOutputThatIsTheInputIsRefused(_ spelling: String) throws {
        try withFiles { directory in
            var plan = OutputPlan()
            plan.addInput(directory + "/data.csv", role: "the data file")
            let output = directory + "/" + spelling
            #expect(throws: DataIOError.outputConflict(output: output, role: "--output", other: directory + "/data.csv",
                                                       otherRole: "the data file", otherIsInput: true)) {
                try plan.addOutput(output, role: "--output")
            }
            #expect(throws: DataIOError.self) { try plan.check(output, role: "--snapshots") }
        }
    }

    @Test(arguments: [("m.json", "./m.json"), ("new.json", "sub/../new.json"), ("other.csv", "other.csv")])
    func twoOutputsThatAreOneFileAreRefused(_ first: String, _ second: String) throws {
        try withFiles { directory in
            var plan = OutputPlan()
            try plan.addOutput(directory + "/" + first, role: "--output")
            #expect(throws: DataIOError.outputConflict(output: directory + "/" + second, role: "--labels",
                                                       other: directory + "/" + first, otherRole: "--output",
                                                       otherIsInput: false)) {
                try plan.addOutput(directory + "/" + second, role: "--labels")
            }
        }
    }

    @Test func distinctFilesDevicesAndAllowedReplacementsPass() throws {
        try withFiles { directory in
            var plan = OutputPlan()
            plan.addInput(directory + "/data.csv", role: "the data file")
            plan.addInput(directory + "/other.csv", role: "--warm-start", replaceableBy: ["--output"])
            plan.addInput(directory + "/missing.csv", role: "--means-init")
            try plan.addOutput(directory + "/other.csv", role: "--output")   // a model updated in place
            try plan.addOutput(directory + "/labels.csv", role: "--labels")
            try plan.addOutput("/dev/null", role: "--plot")
            try plan.addOutput("/dev/null", role: "--plot-bound")
            try plan.addOutput("/dev/stdout", role: "--snapshots")
            try plan.check(directory + "/sub/iteration-000.svg", role: "--snapshots")
            #expect(throws: DataIOError.self) { try plan.addOutput(directory + "/other.csv", role: "--labels") }
        }
    }

    @Test func theMessagesSayWhatWouldHappen() {
        let input = DataIOError.outputConflict(output: "d.csv", role: "--output", other: "d.csv", otherRole: "the data file",
                                               otherIsInput: true)
        #expect(input.description == "--output d.csv is the same file as the data file d.csv; writing it would destroy "
                + "the input; choose another output path")
        #expect(input.category == .option)
        let stdout = DataIOError.outputConflict(output: "m.json", role: "--output", other: "", otherRole: "standard output",
                                                otherIsInput: false)
        #expect(stdout.description == "--output m.json is the same file as standard output; one would overwrite the other; "
                + "give each output its own path")
    }
}

@Suite struct DescriptorWriterTests {
    @Test func aFullDeviceIsAFailureNamedByTheSystem() throws {
        let full = open("/dev/full", O_WRONLY)
        try #require(full >= 0, "/dev/full is not available")
        defer { close(full) }
        let writer = DescriptorWriter(descriptor: full, bufferCapacity: 4)
        writer.write("ab")
        #expect(writer.failure == nil)  // still buffered
        writer.write("cdef")
        #expect(writer.failure == .failed(code: ENOSPC, message: String(cString: strerror(ENOSPC))))
        writer.write("more")  // dropped
        writer.flush()
        #expect(writer.failure == .failed(code: ENOSPC, message: String(cString: strerror(ENOSPC))))
    }

    @Test func aClosedPipeIsABrokenPipe() throws {
        // SIGPIPE must be ignored for a write to a closed pipe to fail with EPIPE instead of ending
        // the test process; the CLI ignores it the same way.
        signal(SIGPIPE, SIG_IGN)
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        close(descriptors[0])
        defer { close(descriptors[1]) }
        let writer = DescriptorWriter(descriptor: descriptors[1])
        writer.write("x")
        writer.flush()
        #expect(writer.failure == .brokenPipe)
    }

    @Test func bytesArriveInOrderAndLineByLineWhenAsked() throws {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        defer { close(descriptors[0]); close(descriptors[1]) }
        let lines = DescriptorWriter(descriptor: descriptors[1], flushEachLine: true)
        lines.write("one\n")
        var buffer = [UInt8](repeating: 0, count: 64)
        #expect(read(descriptors[0], &buffer, 64) == 4)
        let buffered = DescriptorWriter(descriptor: descriptors[1], bufferCapacity: 1 << 16)
        buffered.write("two\n")
        buffered.write("three\n")
        #expect(fcntl(descriptors[0], F_SETFL, O_NONBLOCK) == 0)
        #expect(read(descriptors[0], &buffer, 64) == -1)  // nothing written yet
        buffered.flush()
        let got = read(descriptors[0], &buffer, 64)
        #expect(String(decoding: buffer[..<max(0, got)], as: UTF8.self) == "two\nthree\n")
        #expect(buffered.failure == nil)
    }

    @Test func aWriterMarkedClosedReportsItAndWritesNothing() {
        let writer = DescriptorWriter(descriptor: 2)
        writer.fail(code: EBADF)
        writer.write("never shown\n")
        writer.flush()
        #expect(writer.failure == .failed(code: EBADF, message: String(cString: strerror(EBADF))))
    }
}
