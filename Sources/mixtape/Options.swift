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

extension ByteCount: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}

/// How much input a command reads at most.
struct ReadOptions: ParsableArguments {
    @Option(name: .customLong("max-input-size"),
            help: ArgumentHelp("The largest input file to read: bytes, or a number with K, M, G or T (powers of 1024). "
                               + "A larger file is refused before it is read; standard input, pipes and devices "
                               + "stop with an error once they go past it.", valueName: "size"))
    var maxInputSize = ByteCount(DataFile.defaultMaxInputBytes)

    func validate() throws {
        guard maxInputSize.bytes >= 1 else { throw ValidationError("--max-input-size must be at least 1 byte (got \(maxInputSize.bytes))") }
    }

    /// The limit in bytes.
    var maxBytes: Int { maxInputSize.bytes }
}

/// The data file and the columns to use.
struct DataOptions: ParsableArguments {
    @Argument(help: "A CSV file (header optional; comma, semicolon or tab) or a NumPy .npy file; - reads stdin.")
    var data: String

    @Option(help: ArgumentHelp("Columns to use, by name or 1-based index (e.g. eruptions,waiting or 1,3).",
                               valueName: "list"))
    var columns: String?

    @OptionGroup var limits: ReadOptions

    /// The table, or a one-line failure naming the file, line and column.
    func load() throws -> LoadedData {
        try LoadedData.read(data, columns: columns, maxBytes: limits.maxBytes)
    }
}

/// A data file read into a matrix, with its column names.
struct LoadedData {
    let path: String
    let columnNames: [String]
    let matrix: Matrix<Double>

    static func read(_ path: String, columns: String?, maxBytes: Int, csv: CSVReader = CSVReader()) throws -> LoadedData {
        do {
            let selection = try columns.map { spec throws(DataIOError) in try ColumnSelection(parsing: spec) }
            let table = try DataFile.read(path, columns: selection, csv: csv, maxBytes: maxBytes)
            return LoadedData(path: path, columnNames: table.columnNames,
                              matrix: Matrix(rows: table.rowCount, columns: table.columnCount, elements: table.values))
        } catch {
            // A --columns list that does not fit the file is bad usage (64); the rest is bad data (1).
            throw error.category == .option ? CLIFailure.usage("--columns: \(error)") : readFailure(error)
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

/// The failure for an input that cannot be read; an input over the size limit names the option
/// that raises it.
func readFailure(_ error: DataIOError) -> CLIFailure {
    if case let .inputTooLarge(source, size, limit) = error {
        let what = size.map { "the file is \(ByteCount($0)), more than" } ?? "the input goes on past"
        return .data("\(source): \(what) --max-input-size \(ByteCount(limit)); if it really is that large, "
                     + "raise the limit (e.g. --max-input-size \(ByteCount(suggestedLimit(above: size ?? limit))))")
    }
    return .data("\(error)")
}

/// A round limit (a power of two in GiB or MiB) above `bytes`, for messages.
func suggestedLimit(above bytes: Int) -> Int {
    var limit = 1 << 20
    while limit <= bytes && limit < Int.max / 2 { limit *= 2 }
    return limit
}

/// Reads a model file of at most `maxBytes` with MixtureIO's reader: every key checked, errors
/// name the key.
func loadModel(_ path: String, maxBytes: Int) throws -> GaussianMixtureModel {
    let bytes: [UInt8]
    do { bytes = try DataFile.readBytes(path, maxBytes: maxBytes) } catch { throw readFailure(error) }
    do {
        return try GaussianMixtureModel(jsonText: bytes)
    } catch {
        throw CLIFailure.data("\(DataFile.sourceName(path)): not a valid Mixtape model file: \(error)")
    }
}

/// Writes `text` to `path`: a regular file atomically (temporary file and rename, so a failed run
/// leaves no half file), a device, FIFO or `/dev/stdout` in place (see `writeAtomically`). Before
/// an output to an open descriptor (`/dev/stdout`, `/dev/fd/N`) standard output is written out, so
/// the output comes after what was printed; otherwise it stays buffered until the end, so a reader
/// that goes away early (`| head -1`) does not cost the files.
func write(_ text: String, to path: String, what: String) throws {
    if case .descriptor = OutputTarget(path: path) { Terminal.flushOutput() }
    do { try writeAtomically(text, to: path) } catch {
        throw CLIFailure.data("cannot write the \(what): \(error)")
    }
}

/// Fails early, before a long fit, when an output cannot be written: its directory is missing or
/// not writable, it is a directory, or it is a device or descriptor this process may not write.
func checkWritable(_ path: String?, option: String) throws {
    guard let path else { return }
    do { try OutputTarget.checkWritable(path) } catch {
        switch error {
        case let .outputDirectoryMissing(_, directory):
            throw CLIFailure.data("\(option) \(path): the directory \(directory) does not exist; create it or choose another path")
        case let .cannotWrite(_, reason):
            throw CLIFailure.data("\(option) \(path): cannot write there (\(reason)); choose another path")
        default:
            throw CLIFailure.data("\(option) \(path): \(error)")
        }
    }
}

/// The command's files: checks, before any work, that every output can be written and that none
/// is the same file as an input, as standard output, or as another output (device and inode are
/// compared, so links and other spellings are caught).
struct CommandFiles {
    private var plan = OutputPlan()

    /// The files of a command: its inputs (path and option, `-` for standard input) and outputs
    /// (path or `nil`, and option). `--warm-start` may be the same file as `--output`: updating a
    /// model in place is what warm starts are for (it is read whole before anything is written).
    init(inputs: [(String?, String)], outputs: [(String?, String)]) throws {
        for case let (path?, role) in inputs {
            plan.addInput(path, role: role, replaceableBy: role == "--warm-start" ? ["--output"] : [])
        }
        do {
            try plan.addStandardOutput()
            for case let (path?, role) in outputs {
                try checkWritable(path, option: role)
                try plan.addOutput(path, role: role)
            }
        } catch let error as DataIOError {
            throw CLIFailure.usage("\(error)")
        }
    }

    /// Checks an output found later (a file inside an output folder) against the inputs and outputs.
    func check(_ path: String, role: String) throws {
        do { try plan.check(path, role: role) } catch { throw CLIFailure.usage("\(error)") }
    }
}

