import ArgumentParser
import Foundation
import SolverExamples

/// `mixtape examples [<name>] [--output DIR]`: runs one application of AD, prints its summary and
/// writes its figure; with no name, lists them.
struct Examples: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What AD is for: Newton, minimisers, stiff ODEs, an inverse problem, a network, GMMs by gradient.",
        discussion: """
            Runs one example, prints what it shows in a few lines and writes its figure as \
            <name>.svg in --output (the current folder by default). With no name, lists them.

            Examples:
              mixtape examples
              mixtape examples robertson --output figures
            """)

    @Argument(help: ArgumentHelp("The example: \(SolverExample.allCases.map(\.name).joined(separator: ", ")).",
                                 valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("The folder the figure is written to.", valueName: "dir"))
    var output = "."

    @Option(help: "The seed of the examples that draw random numbers (lotka-volterra, mlp).")
    var seed: UInt64 = 0

    func run() throws {
        guard let name else {
            let width = SolverExample.allCases.map(\.name.count).max() ?? 0
            for example in SolverExample.allCases {
                print(example.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + example.summary)
            }
            print("run one with: mixtape examples <name> [--output DIR]")
            return
        }
        guard let example = SolverExample(rawValue: name.lowercased()) else {
            throw CLIFailure.usage("unknown example '\(name)'; choose one of \(SolverExample.allCases.map(\.name).joined(separator: ", "))")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) else {
            throw CLIFailure.data("--output \(output): no such folder; create it or choose another")
        }
        guard isDirectory.boolValue else {
            throw CLIFailure.data("--output \(output): is a file, not a folder; give the folder the figure is written to")
        }
        let path = (output as NSString).appendingPathComponent("\(example.name).svg")
        _ = try CommandFiles(inputs: [], outputs: [(path, "--output")])
        let report: ExampleReport
        do { report = try example.run(seed: seed) } catch { throw CLIFailure.data(error.description) }
        for line in report.lines { print(line) }
        try write(report.figure, to: path, what: "figure")
        print("wrote the figure to \(path)")
    }
}
