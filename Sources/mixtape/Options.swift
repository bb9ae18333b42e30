import ArgumentParser
import Foundation
import Mixtape

extension CovarianceType: ExpressibleByArgument {}
extension GaussianMixture.Initialization: ExpressibleByArgument {}
extension ModelSelection.Criterion: ExpressibleByArgument {}

/// Text or JSON output.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// The data file and the columns to use.
struct DataOptions: ParsableArguments {
    @Argument(help: "A CSV file (header optional; comma, semicolon or tab) or a NumPy .npy file; - reads stdin.")
    var data: String

    @Option(help: ArgumentHelp("Columns to use, by name or 1-based index (e.g. eruptions,waiting or 1,3).",
                               valueName: "list"))
    var columns: String?

    /// The table, or a one-line failure naming the file, line and column.
    func load() throws -> LoadedData {
        try LoadedData.read(data, columns: columns)
    }
}

/// A data file read into a matrix, with its column names.
struct LoadedData {
    let path: String
    let columnNames: [String]
    let matrix: Matrix<Double>

    static func read(_ path: String, columns: String?) throws -> LoadedData {
        do {
            let selection = try columns.map { spec throws(DataIOError) in try ColumnSelection(parsing: spec) }
            let table = try DataFile.read(path, columns: selection)
            return LoadedData(path: path, columnNames: table.columnNames,
                              matrix: Matrix(rows: table.rowCount, columns: table.columnCount, elements: table.values))
        } catch {
            // A --columns list that does not fit the file is bad usage (64); the rest is bad data (1).
            throw error.category == .option ? CLIFailure.usage("--columns: \(error)") : CLIFailure.data("\(error)")
        }
    }

    /// The name used in messages: the path, or `<stdin>`.
    var source: String { DataFile.sourceName(path) }
}

/// Runs a library call, turning its errors into one-line failures that name `source`.
func reporting<T>(_ source: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as CLIFailure {
        throw failure
    } catch {
        throw CLIFailure.data("\(source): \(error)")
    }
}

/// Reads a model file (MixtureIO's reader: every key checked, errors name the key).
func loadModel(_ path: String) throws -> GaussianMixtureModel {
    let bytes: [UInt8]
    do { bytes = try DataFile.readBytes(path) } catch { throw CLIFailure.data("\(error)") }
    do {
        return try GaussianMixtureModel(jsonText: bytes)
    } catch {
        throw CLIFailure.data("\(DataFile.sourceName(path)): not a valid Mixtape model file: \(error)")
    }
}

/// Writes `text` to `path` atomically (temporary file and rename): a failed run leaves no half file.
func write(_ text: String, to path: String, what: String) throws {
    do { try writeAtomically(text, to: path) } catch {
        throw CLIFailure.data("cannot write the \(what): \(error)")
    }
}

/// Fails early, before a long fit, when an output file's directory is missing or not writable.
func checkWritable(_ path: String?, option: String) throws {
    guard let path else { return }
    let directory = (path as NSString).deletingLastPathComponent
    let dir = directory.isEmpty ? "." : directory
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw CLIFailure.data("\(option) \(path): the directory \(dir) does not exist; create it or choose another path")
    }
    guard FileManager.default.isWritableFile(atPath: dir) else {
        throw CLIFailure.data("\(option) \(path): the directory \(dir) is not writable; choose another path")
    }
}

