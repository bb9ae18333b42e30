import ArgumentParser
import Foundation
import GradBenchTool

/// `mixtape gradbench`: a GradBench tool speaking the JSON-lines protocol on stdin/stdout.
struct GradBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradbench",
        abstract: "A GradBench tool: answers the GradBench protocol on stdin/stdout.",
        discussion: """
            Reads one JSON message per line and writes one response per line until the input \
            ends. Evals: \(gradBenchEvals.keys.sorted().joined(separator: ", ")).

            Example, with a GradBench checkout:
              ./gradbench run --eval "./gradbench repo eval gmm" --tool "mixtape gradbench"
            """)

    func run() throws {
        if let reason = GradBenchServer.serve() {
            throw CLIFailure.data("gradbench: \(reason)")
        }
    }
}
