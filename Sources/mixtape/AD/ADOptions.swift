import ArgumentParser
import Foundation
import Mixtape

extension SweepMode: ExpressibleByArgument {}
extension JacobianReport.Method: ExpressibleByArgument {}
extension CodeGenerator.Language: ExpressibleByArgument {}

/// The expression argument every `ad` command takes.
struct ExpressionArgument: ParsableArguments {
    /// The largest expression file read (64 MiB: several million operations).
    static let maximumBytes = 64 << 20

    @Argument(help: ArgumentHelp("The expression (outputs separated by ';'); - reads it from stdin, @file from a file.",
                                 valueName: "expression"))
    var expression: String

    /// The expression parsed into a graph; a parse error is a usage failure with the column
    /// and a caret under it.
    func graph() throws -> ComputationGraph {
        var text = expression
        if expression == "-" || (expression.hasPrefix("@") && expression.count > 1) {
            let path = expression == "-" ? "-" : String(expression.dropFirst())
            // The read itself stops at the limit, so an endless stdin or device is refused without
            // being buffered.
            let bytes: [UInt8]
            do { bytes = try DataFile.readBytes(path, maxBytes: ExpressionArgument.maximumBytes) } catch {
                if case let .inputTooLarge(source, size, limit) = error {
                    let amount = size.map { "has \($0) bytes" } ?? "goes on past \(limit) bytes"
                    throw CLIFailure.data("\(source): the expression \(amount); at most \(limit) are read")
                }
                throw CLIFailure.data("\(error)")
            }
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                throw CLIFailure.data("\(DataFile.sourceName(path)): the expression is not UTF-8 text")
            }
            text = decoded
        }
        return try expressionFailure { () throws(ExpressionError) in try ComputationGraph(parsing: text) }
    }
}

/// `--format text|json`.
struct FormatOption: ParsableArguments {
    @Option(help: "Output format.")
    var format: OutputFormat = .text
}

/// Runs a library call, turning an ``ExpressionError`` into a failure with its exit status
/// (64 usage, 1 evaluation) and its caret diagram under the one-line message.
func expressionFailure<T>(_ body: () throws(ExpressionError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        var message = error.description
        if let diagram = error.caretDiagram { message += "\n" + diagram }
        throw error.category == .usage ? CLIFailure.usage(message) : CLIFailure.data(message)
    }
}

/// Output of the `ad` commands: stdout writes that are checked (a full disk is a failure, not a
/// silent success), and warnings on stderr.
enum ADOutput {
    /// Writes `text` to stdout through ``Terminal``'s checked writer and flushes it; a reader that
    /// has gone away (`| head -1`) ends the command quietly by `SIGPIPE`, as for every command.
    /// - Throws: a data failure if the write fails.
    static func write(_ text: String) throws {
        Terminal.write(text)
        Terminal.flushOutput()
        if case let .failed(_, message) = Terminal.output.failure {
            throw CLIFailure.data("cannot write to standard output (\(message)); the output is incomplete")
        }
    }

    /// The text or JSON form.
    static func write(_ format: OutputFormat, text: @autoclosure () -> String, json: @autoclosure () -> JSONOutput) throws {
        switch format {
        case .text: try write(text())
        case .json: try write(json().rendered)
        }
    }

    /// One `mixtape: warning:` line per warning (at most 10, then a count).
    static func warn(_ warnings: [EvaluationWarning]) {
        for w in warnings.prefix(10) { Terminal.note("mixtape: warning: expression, \(w.description)") }
        if warnings.count > 10 { Terminal.note("mixtape: warning: … and \(warnings.count - 10) more") }
    }
}
