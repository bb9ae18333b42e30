import ArgumentParser
import Foundation
import Mixtape

/// The `mixtape` command line: a thin layer over the libraries. It parses options, reads and
/// writes files, and prints; every number comes from `Mixture`.
@main
struct MixtapeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mixtape",
        abstract: "Gaussian mixtures fitted by EM, k-means, and pictures of them.",
        discussion: """
            With no subcommand, fits a 2-component mixture to the embedded Old Faithful data, \
            prints the model and writes mixtape-demo.svg.

            Examples:
              mixtape fit data.csv -k 3 --covariance diag --plot fit.svg --output model.json
              mixtape predict model.json data.csv --proba
              mixtape select data.csv --components 1...6 --plot bic.svg
            """,
        subcommands: [Demo.self, Fit.self, Predict.self, Score.self, Sample.self, Select.self, KMeansCommand.self, Stats.self, MStep.self, ADCommand.self, Examples.self,
                      GradBenchCommand.self],
        defaultSubcommand: Demo.self)

    /// Runs the command; every failure is one line on stderr and an exit status: 64 for bad usage
    /// (what the argument parser rejects), 1 for bad data or a failed fit, 0 after `--help`. A
    /// failed write to standard output is status 1 too (see ``Terminal``).
    static func main() {
        Terminal.prepareStandardStreams()
        do {
            var command = try parseAsRoot()
            try command.run()
            Terminal.exit(0)
        } catch let failure as CLIFailure {
            Terminal.error(failure.message)
            Terminal.exit(failure.status)
        } catch let code as ExitCode {
            Terminal.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Terminal.exit(0)
            }
            var message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            // An expression such as "-x^2" is taken for an option, so the expression seems missing.
            if message.contains("'<expression>'"), CommandLine.arguments.dropFirst().contains(where: { $0.count > 1 && $0.hasPrefix("-") && !$0.hasPrefix("--") }) {
                message += "; an expression that begins with '-' is read as an option: put it last after '--' (… -- '-x^2') or write '0-x^2'"
            }
            message += negativeValueHint(message)
            let hint = code.rawValue == 64 ? " (see 'mixtape --help')" : ""
            Terminal.error(message + hint)
            Terminal.exit(code.rawValue)
        }
    }
}

/// For the argument parser's "Missing value for '--tol <tol>'" when the value given was a negative
/// number (which it reads as an option): how to give it.
func negativeValueHint(_ message: String, arguments: [String] = CommandLine.arguments) -> String {
    guard message.hasPrefix("Missing value for '--"), let name = message.dropFirst(19).split(separator: " ").first,
          let index = arguments.firstIndex(of: String(name)), index + 1 < arguments.count,
          Double(arguments[index + 1]) != nil else { return "" }
    return "; \(arguments[index + 1]) was read as an option: write \(name)=\(arguments[index + 1])"
}

/// A failure the CLI reports as one line with an exit status.
struct CLIFailure: Error {
    let message: String
    let status: Int32

    /// Bad data, a failed fit, a file that cannot be read or written.
    static func data(_ message: String) -> CLIFailure { CLIFailure(message: message, status: 1) }
    /// A bad option value found after parsing.
    static func usage(_ message: String) -> CLIFailure { CLIFailure(message: message, status: 64) }
}
