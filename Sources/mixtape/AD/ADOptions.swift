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
            let bytes: [UInt8]
            do { bytes = try DataFile.readBytes(path) } catch { throw CLIFailure.data("\(error)") }
            guard bytes.count <= ExpressionArgument.maximumBytes else {
                throw CLIFailure.data("\(DataFile.sourceName(path)): the expression has \(bytes.count) bytes; at most \(ExpressionArgument.maximumBytes) are read")
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

/// Output of the `ad` commands: stdout writes that are checked (a full disk or a closed pipe is a
/// failure, not a silent success), and warnings on stderr.
enum ADOutput {
    /// Writes `text` to stdout and flushes it.
    /// - Throws: a data failure if the write fails.
    static func write(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(1, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw CLIFailure.data("cannot write to standard output: \(String(cString: strerror(errno)))")
            }
            bytes = bytes.dropFirst(written)
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
