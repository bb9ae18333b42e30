import Autodiff
import ExpressionGraph
import Foundation
import TestSupport
import Testing

/// Source transformation: the emitted C is compiled with `cc` and the emitted Swift with
/// `swiftc`, run at three points per expression, and compared with Autodiff (`Dual` for the
/// forward code, the tape for the reverse code, on the independent reference evaluation) to
/// 1e-12 — the compiled code uses the graph's partial formulas, so only rounding differs.
struct CodeGeneratorTests {
    /// Every expression of the test set: every operation of the language.
    static let cases = TestExpressions.all

    /// Three points per case: the test point and two nearby ones (inside every domain; the tie of
    /// `min(x, y) + max(x, y)` is kept at the first point and broken at the others).
    static func points(_ c: TestExpressions.Case) -> [[Double]] {
        [c.point, c.point.enumerated().map { $1 * 1.05 + 0.01 * Double($0 + 1) },
         c.point.enumerated().map { $1 * 0.97 - 0.013 * Double($0 + 1) }]
    }

    static func direction(_ n: Int, _ k: Int) -> [Double] { (0..<n).map { Double(($0 + 2 * k) % 5) * 0.37 - 0.6 } }
    static func cotangent(_ m: Int, _ k: Int) -> [Double] { (0..<m).map { Double(($0 + k) % 3) * 0.71 - 0.45 } }

    /// Runs `tool` with `arguments`; the process's output, or an issue with its error output.
    static func run(_ tool: String, _ arguments: [String], in dir: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(tool) failed: \(String(decoding: errors, as: UTF8.self).prefix(3000))")
        return String(decoding: data, as: UTF8.self)
    }

    /// Autodiff's answers: (values, J·direction, cotangentᵀJ).
    static func autodiff(_ c: TestExpressions.Case, at x: [Double], direction: [Double], cotangent: [Double]) throws -> [Double] {
        let g = try ComputationGraph(parsing: c.text)
        let names = g.variables
        let trees = ReferenceExpression.parse(c.text)
        func env<T>(_ v: [T]) -> [String: T] { Dictionary(uniqueKeysWithValues: zip(names, v)) }
        let (values, tangents) = jvp(of: { (v: [Dual<Double>]) in trees.map { $0.evaluate(env(v)) } }, at: x, direction: direction)
        let (_, adjoints) = vjp(of: { (v: [Variable]) in trees.map { $0.evaluate(env(v)) } }, at: x, cotangent: cotangent)
        return values + tangents + values + adjoints
    }

    static func compare(_ output: String, language: String) throws {
        let lines = output.split(separator: "\n")
        try #require(lines.count == cases.count * 3, "\(language): \(lines.count) result lines")
        for (index, line) in lines.enumerated() {
            let c = cases[index / 3], k = index % 3
            let g = try ComputationGraph(parsing: c.text)
            let x = points(c)[k]
            let got = line.split(separator: " ").map { Double(String($0))! }
            let expected = try autodiff(c, at: x, direction: direction(g.inputCount, k), cotangent: cotangent(g.outputCount, k))
            try #require(got.count == expected.count, "\(language) \(c.text): \(got.count) numbers")
            for (a, b) in zip(got, expected) {
                #expect(isClose(a, b, relative: 1e-12), "\(language) \(c.text) at \(x): \(a) vs \(b)")
            }
        }
    }

    static func literal(_ v: [Double]) -> String { v.map { "\($0)" }.joined(separator: ", ") }

    @Test func emittedCCompilesAndAgreesWithAutodiff() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mixtape-codegen-c-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var generated = ""   // every emitted function in one translation unit: one compiler run
        var main = "#include <stdio.h>\n"
        var body = ""
        for (i, c) in CodeGeneratorTests.cases.enumerated() {
            let g = try ComputationGraph(parsing: c.text)
            let (n, m) = (max(1, g.inputCount), max(1, g.outputCount))
            for mode in SweepMode.allCases {
                let name = "f\(i)_\(mode.rawValue)"
                generated += try CodeGenerator(language: .c, mode: mode, name: name).source(for: g) + "\n"
                main += "void \(name)(const double *, const double *, double *, double *);\n"
            }
            for (k, x) in CodeGeneratorTests.points(c).enumerated() {
                let d = CodeGeneratorTests.direction(g.inputCount, k), u = CodeGeneratorTests.cotangent(g.outputCount, k)
                body += "  { double x[\(n)] = {\(CodeGeneratorTests.literal(x))}, d[\(n)] = {\(CodeGeneratorTests.literal(d))}, u[\(m)] = {\(CodeGeneratorTests.literal(u))};\n"
                body += "    double y[\(m)], yd[\(m)], y2[\(m)], xb[\(n)];\n"
                body += "    f\(i)_forward(x, d, y, yd); f\(i)_reverse(x, u, y2, xb);\n"
                let prints = (0..<g.outputCount).map { "y[\($0)]" } + (0..<g.outputCount).map { "yd[\($0)]" }
                    + (0..<g.outputCount).map { "y2[\($0)]" } + (0..<g.inputCount).map { "xb[\($0)]" }
                body += "    printf(\"\(Array(repeating: "%.17g", count: prints.count).joined(separator: " "))\\n\", \(prints.joined(separator: ", "))); }\n"
            }
        }
        main += "int main(void) {\n" + body + "  return 0;\n}\n"
        try main.write(to: dir.appendingPathComponent("main.c"), atomically: true, encoding: .utf8)
        try generated.write(to: dir.appendingPathComponent("generated.c"), atomically: true, encoding: .utf8)
        _ = try CodeGeneratorTests.run("cc", ["-std=c99", "-Wall", "-Werror", "-Wno-unused-but-set-variable", "-O1", "-o", "generated",
                                              "main.c", "generated.c", "-lm"], in: dir)
        try CodeGeneratorTests.compare(try CodeGeneratorTests.run("./generated", [], in: dir), language: "C")
    }

    @Test func emittedSwiftCompilesAndAgreesWithAutodiff() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mixtape-codegen-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var sources: [String] = []
        var main = ""
        for (i, c) in CodeGeneratorTests.cases.enumerated() {
            let g = try ComputationGraph(parsing: c.text)
            for mode in SweepMode.allCases {
                let name = "f\(i)_\(mode.rawValue)"
                try CodeGenerator(language: .swift, mode: mode, name: name).source(for: g)
                    .write(to: dir.appendingPathComponent("\(name).swift"), atomically: true, encoding: .utf8)
                sources.append("\(name).swift")
            }
            for (k, x) in CodeGeneratorTests.points(c).enumerated() {
                let d = CodeGeneratorTests.direction(g.inputCount, k), u = CodeGeneratorTests.cotangent(g.outputCount, k)
                main += "do { let (y, yd) = f\(i)_forward([\(CodeGeneratorTests.literal(x))], [\(CodeGeneratorTests.literal(d))])\n"
                main += "     let (y2, xb) = f\(i)_reverse([\(CodeGeneratorTests.literal(x))], [\(CodeGeneratorTests.literal(u))])\n"
                main += "     print((y + yd + y2 + xb).map { \"\\($0)\" }.joined(separator: \" \")) }\n"
            }
        }
        try main.write(to: dir.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
        _ = try CodeGeneratorTests.run("swiftc", ["-Onone", "-wmo", "-o", "generated", "main.swift"] + sources, in: dir)
        try CodeGeneratorTests.compare(try CodeGeneratorTests.run("./generated", [], in: dir), language: "Swift")
    }

    @Test func functionNamesAreChecked() throws {
        for bad in ["", "1f", "f-g", "double", "return", "x", "w3", "sin"] {
            #expect(throws: ExpressionError.self, "\(bad)") { try CodeGenerator(language: .c, mode: .forward, name: bad) }
        }
        #expect(throws: ExpressionError.self) { try CodeGenerator(language: .swift, mode: .forward, name: "func") }
        #expect(throws: Never.self) { try CodeGenerator(language: .swift, mode: .reverse, name: "gradient_of_f") }
    }

    /// One statement per node, as in the lecture's `diff_function.c`.
    @Test func oneStatementLinePerNode() throws {
        let g = try ComputationGraph(parsing: "x1*x2 + sin(x1)")
        let forward = try CodeGenerator(language: .c, mode: .forward, name: "f").source(for: g)
        #expect(forward.contains("    const double w3 = w1 * w2; const double w3_d = w1_d * w2 + w1 * w2_d;\n"))
        #expect(forward.contains("    const double w4 = sin(w1); const double w4_d = cos(w1) * w1_d;\n"))
        let reverse = try CodeGenerator(language: .c, mode: .reverse, name: "f").source(for: g)
        #expect(reverse.contains("    w1_b += w3_b * w2; w2_b += w3_b * w1;\n"))
        #expect(reverse.contains("    w1_b += w4_b * cos(w1);\n"))
        #expect(reverse.contains("    xbar[0] = w1_b;\n"))
    }
}
