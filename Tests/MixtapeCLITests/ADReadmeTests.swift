import Foundation
import Testing

/// The README's "Autodiff from the command line" section shows real output: every
/// `$ mixtape ad …` line in its code blocks is run and must print exactly what follows it, and
/// the committed pictures under docs/ must be what the commands draw.
struct ADReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `mixtape ad trace "x1*x2 + sin(x1)" --at …` → the arguments after `mixtape`.
    static func words(_ line: String) -> [String] {
        var words: [String] = [], current = "", quoted = false, started = false
        for ch in line {
            if ch == "\"" { quoted.toggle(); started = true; continue }
            if ch == " " && !quoted {
                if started { words.append(current) }
                current = ""; started = false
                continue
            }
            current.append(ch); started = true
        }
        if started { words.append(current) }
        return Array(words.dropFirst())
    }

    /// (command line, expected output) for every `$ mixtape ad` in the README's code blocks.
    static func examples() throws -> [(String, String)] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var out: [(String, String)] = []
        var inBlock = false, command: String?, expected = ""
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if inBlock, let c = command { out.append((c, expected)) }
                inBlock.toggle(); command = nil; expected = ""
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("$ mixtape ad ") {
                if let c = command { out.append((c, expected)) }
                command = String(line.dropFirst(2)); expected = ""
            } else if command != nil {
                expected += line + "\n"
            }
        }
        return out
    }

    @Test func everyExampleInTheReadmePrintsWhatItShows() throws {
        let examples = try ADReadmeTests.examples()
        try #require(examples.count == 8)
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("docs"), withIntermediateDirectories: true)
        for (command, expected) in examples {
            let r = try CLI.run(ADReadmeTests.words(command), in: dir)
            #expect(r.status == 0, "\(command): \(r.stderr)")
            #expect(r.stdout == expected, "\(command) prints:\n\(r.stdout)")
        }
        // The trace drew docs/ad-graph.svg: the committed picture is that drawing.
        let drawn = try String(contentsOf: dir.appendingPathComponent("docs/ad-graph.svg"), encoding: .utf8)
        let committed = try String(contentsOf: ADReadmeTests.root.appendingPathComponent("docs/ad-graph.svg"), encoding: .utf8)
        #expect(drawn == committed)
    }

    @Test func theDividedDifferencesFigureIsWhatTheCommandDraws() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["ad", "divided-differences", "x^3", "--at", "x=1", "--plot", "dd.svg"], in: dir)
        #expect(r.status == 0)
        let drawn = try String(contentsOf: dir.appendingPathComponent("dd.svg"), encoding: .utf8)
        let committed = try String(contentsOf: ADReadmeTests.root.appendingPathComponent("docs/ad-divided-differences.svg"), encoding: .utf8)
        #expect(drawn == committed)
    }
}
