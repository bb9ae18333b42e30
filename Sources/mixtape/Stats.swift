import ArgumentParser
import Mixtape

/// `mixtape stats`: the per-partition kernel of a distributed fit. It reads a block of rows and
/// writes what travels instead of them: the EM pass's sufficient statistics, a k-means pass's
/// counts and sums, or (with --pack) the block as a `.npy` and its summary.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Statistics of one pass over a block of rows, for fits whose rows stay elsewhere (Spark).",
        discussion: """
            With --model, writes the EM pass of that model over the rows (counts, first and second \
            moments, log-likelihood); with --kmeans, the Lloyd pass of those centres (counts, sums, \
            inertia, farthest rows); with --pack, writes the rows as a float64 .npy (read again much \
            faster than text) and their summary (rows, largest magnitude, column means and squared \
            deviations). Every number is written so that it reads back to the same bits; the \
            statistics of the blocks, merged in order by 'mixtape mstep', are the whole data's.

            --summary names the whole data's summary (from --pack, merged by 'mixtape mstep'): \
            data beyond the range where squared distances fit a double is fitted at a power-of-two \
            scale that depends on all of it. Without it the block is taken as the whole data.

            Examples:
              mixtape stats part-0.csv --pack part-0.npy > summary-0.json
              mixtape stats part-0.npy --model model.json --summary summary.json > stats-0.json
              mixtape mstep stats-*.json --model model.json --output next.json
            """)

    @Argument(help: "A CSV or .npy block of rows; - (the default) reads stdin.")
    var data: String = "-"

    @Option(help: ArgumentHelp("Columns to use, by name or 1-based index.", valueName: "list"))
    var columns: String?

    @OptionGroup var limits: ReadOptions

    @Flag(name: .customLong("no-header"), help: "A CSV block's first line is data (a block cut from the middle of a file).")
    var noHeader = false

    @Option(help: ArgumentHelp("The EM pass of this model file.", valueName: "model.json"))
    var model: String?

    @Option(help: ArgumentHelp("The k-means pass of these centres (a 'mixtape kmeans --format json' file).", valueName: "centres.json"))
    var kmeans: String?

    @Option(help: ArgumentHelp("Write the rows as a float64 .npy and print their summary.", valueName: "file.npy"))
    var pack: String?

    @Option(help: ArgumentHelp("The whole data's summary (its scale); default: this block's.", valueName: "summary.json"))
    var summary: String?

    @Option(name: .customLong("reg-covar"), help: "The fit's reg_covar (it bounds the scale of tiny data; default 1e-6).")
    var regCovar = 1e-6

    @Option(help: ArgumentHelp("Write the statistics to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: .customLong("single-thread"), help: "Run on one core (when several kernels share a machine); the same bits.")
    var singleThread = false

    func validate() throws {
        let modes = [model, kmeans, pack].compactMap { $0 }
        guard modes.count == 1 else { throw ValidationError("give exactly one of --model, --kmeans and --pack") }
        guard regCovar >= 0, regCovar.isFinite else { throw ValidationError("--reg-covar \(regCovar): must be finite and non-negative") }
    }

    func run() throws {
        _ = try CommandFiles(inputs: [(data, "the data file"), (model, "--model"), (kmeans, "--kmeans"), (summary, "--summary")],
                             outputs: [(pack, "--pack"), (output, "--output")])
        let loaded = try LoadedData.read(data, columns: columns, maxBytes: limits.maxBytes,
                                         csv: CSVReader(header: noHeader ? .absent : .detect))
        let rows = loaded.matrix
        let whole: DataSummary
        if let summary {
            whole = try Self.readSummary(summary, maxBytes: limits.maxBytes)
            guard whole.features == rows.columns else {
                throw CLIFailure.data("--summary \(summary): the summary has \(whole.features) columns; \(loaded.source) has \(rows.columns)")
            }
            // The whole data's summary covers every block: a block beyond it is of other data, and
            // the scale chosen from the summary could not hold it.
            let largest = rows.elements.reduce(0) { max($0, $1.magnitude) }
            guard rows.rows <= whole.rows, !(largest > whole.largestMagnitude) else {
                throw CLIFailure.data("--summary \(summary): it is of \(whole.rows) rows of largest magnitude \(numberText(whole.largestMagnitude)), "
                                      + "but \(loaded.source) has \(rows.rows) rows of largest magnitude \(numberText(largest)); "
                                      + "give the summary of the whole data this block is part of")
            }
        } else {
            whole = try reporting(loaded.source) { try DataSummary(rows) }
        }
        let text: String
        if let pack {
            let block = try reporting(loaded.source) { try DataSummary(rows) }
            do {
                try writeAtomically(NPY.encode(NumericTable(columnNames: loaded.columnNames, rowCount: rows.rows, values: rows.elements)),
                                    to: pack)
            } catch {
                throw CLIFailure.data("cannot write --pack \(pack): \(error)")
            }
            text = block.jsonText
        } else if let model {
            let current = try loadModel(model, maxBytes: limits.maxBytes)
            guard current.features == rows.columns else {
                throw CLIFailure.data("--model \(model) is of \(counted(current.features, "feature")); \(loaded.source) has \(counted(rows.columns, "column"))")
            }
            let scale = GaussianMixturePassStatistics.scaleExponent(for: whole, regularization: regCovar)
            let pass: GaussianMixturePassStatistics
            do {
                pass = try GaussianMixturePassStatistics(parameters: current.parameters, rows: rows, scaleExponent: scale,
                                                         parallel: !singleThread)
            } catch .covarianceOutOfRange(let component, let tooLarge) {
                // The scale is the data's; it is the model that does not fit it.
                let which = component.map { "component \($0 + 1)'s covariance" } ?? "the tied covariance"
                let range = summary.map { "the data of --summary \($0)" } ?? loaded.source
                throw CLIFailure.data("--model \(model): \(which) is too \(tooLarge ? "large" : "small") for a Double at the scale of \(range) "
                                      + "(largest magnitude \(numberText(whole.largestMagnitude))); the model is not of this data")
            } catch {
                throw CLIFailure.data("\(loaded.source): \(error)")
            }
            text = pass.jsonText
        } else {
            let centres = try readCentres(kmeans!, maxBytes: limits.maxBytes)
            guard centres.centers.columns == rows.columns else {
                throw CLIFailure.data("--kmeans \(kmeans!) has centres of \(counted(centres.centers.columns, "feature")); \(loaded.source) has \(counted(rows.columns, "column"))")
            }
            let scale = KMeansPassStatistics.scaleExponent(for: whole)
            let pass = try reporting(loaded.source) {
                try KMeansPassStatistics(centers: centres.centers, rows: rows, scaleExponent: scale, parallel: !singleThread)
            }
            text = pass.jsonText
        }
        if let output { try write(text, to: output, what: "statistics") } else { print(text, terminator: "") }
    }

    /// Reads a data summary file of at most `maxBytes`.
    static func readSummary(_ path: String, maxBytes: Int) throws -> DataSummary {
        let bytes: [UInt8]
        do { bytes = try DataFile.readBytes(path, maxBytes: maxBytes) } catch { throw readFailure(error) }
        do { return try DataSummary(jsonText: bytes) } catch {
            throw CLIFailure.data("\(DataFile.sourceName(path)): not a data summary file: \(error)")
        }
    }
}

/// "1 column", "2 columns".
func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

/// Reads a k-means centres file (`mixtape kmeans --format json`) of at most `maxBytes`.
func readCentres(_ path: String, maxBytes: Int) throws -> KMeansCentersFile {
    let bytes: [UInt8]
    do { bytes = try DataFile.readBytes(path, maxBytes: maxBytes) } catch { throw readFailure(error) }
    do { return try KMeansCentersFile(jsonText: bytes) } catch {
        throw CLIFailure.data("\(DataFile.sourceName(path)): not a k-means centres file: \(error)")
    }
}

/// `mixtape mstep`: merges the statistics files of a pass in the order given and takes the
/// M-step (EM) or Lloyd's update (k-means); merges data summaries.
struct MStep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mstep",
        abstract: "Merge pass statistics in order and take the M-step (or k-means update); merge data summaries.",
        discussion: """
            EM statistics (from 'mixtape stats --model M') with --model M: writes the next model, \
            the same JSON as 'mixtape fit', its record carried on (n_iter, lower_bounds; converged \
            when the bound changed by less than --tol). --first starts the record, as a warm start \
            does. --score instead writes M with the data keys (n_samples, log_likelihood, bic, aic) \
            from a pass of M itself.

            k-means statistics (from 'mixtape stats --kmeans C') with --model C: writes the next \
            centres (converged when they moved less than --tol × the mean variance of --summary); \
            --score writes C with the pass's inertia and cluster sizes.

            Data summaries (from 'mixtape stats --pack'): writes their merge.

            Each block's file is given once (the same file twice, by any path, is refused: its \
            rows would count twice); every key of every file is checked, and a file that cannot \
            be of a pass is named with the key at fault.

            Example:
              mixtape mstep stats-0.json stats-1.json --model model.json --output next.json
            """)

    @Argument(help: "Statistics files, one per block, in the blocks' order.")
    var statistics: [String]

    @Option(help: ArgumentHelp("The model (or k-means centres) the statistics were computed with.", valueName: "file"))
    var model: String?

    @Option(help: ArgumentHelp("The whole data's summary (k-means: the tolerance is relative to its variance).", valueName: "summary.json"))
    var summary: String?

    @Option(name: .customLong("reg-covar"), help: "Added to the covariances' diagonal (default 1e-6).")
    var regCovar = 1e-6

    @Option(help: "EM: stop when the bound changes by less than this (default 1e-3); k-means: relative movement (default 1e-4).")
    var tol: Double?

    @Flag(help: "This is the first iteration of a fit starting from --model: start its record.")
    var first = false

    @Flag(help: "The statistics are of --model's final pass: write it with the data's log-likelihood (or inertia).")
    var score = false

    @Option(help: ArgumentHelp("Write the result here instead of stdout.", valueName: "file"))
    var output: String?

    @OptionGroup var limits: ReadOptions

    func validate() throws {
        guard !statistics.isEmpty else { throw ValidationError("give at least one statistics file") }
        if first && score {
            throw ValidationError("--first starts a fit's record and --score writes a final model; give one of them")
        }
        if statistics.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
        guard regCovar >= 0, regCovar.isFinite else { throw ValidationError("--reg-covar \(regCovar): must be finite and non-negative") }
        if let tol { guard tol >= 0, tol.isFinite else { throw ValidationError("--tol \(tol): must be finite and non-negative") } }
    }

    func run() throws {
        _ = try CommandFiles(inputs: statistics.map { ($0, "a statistics file") } + [(model, "--model"), (summary, "--summary")],
                             outputs: [(output, "--output")])
        let files = try statistics.map { path throws -> (path: String, bytes: [UInt8], format: String) in
            let bytes: [UInt8]
            do { bytes = try DataFile.readBytes(path, maxBytes: limits.maxBytes) } catch let error as DataIOError { throw readFailure(error) }
            let format: String
            do {
                let value = try JSONValue(parsing: bytes)
                guard case .object = value else {
                    throw ModelFileError(key: nil, reason: "the top level is \(value.kindDescription), not a JSON object")
                }
                switch value["format"] {
                case let .string(name)?: format = name
                case nil: throw ModelFileError(key: "format", reason: "is missing")
                case let other?: throw ModelFileError(key: "format", reason: "must be a string, but is \(other.kindDescription)")
                }
            } catch {
                throw CLIFailure.data("\(DataFile.sourceName(path)): not a statistics file: \(error)")
            }
            return (path: path, bytes: bytes, format: format)
        }
        // A block's statistics counted twice would weigh its rows twice: the same file given again
        // (by another path, too) is refused.
        var seen: [FileIdentity: String] = [:]
        for path in statistics where path != "-" {
            guard let identity = FileIdentity(path: path) else { continue }
            if let earlier = seen[identity] {
                throw CLIFailure.usage("\(path) is the same file as \(earlier), given before: each block's statistics must be given once")
            }
            seen[identity] = path
        }
        /// The parts merged in order; a part that does not merge is named with the first file.
        func merged<T>(_ parts: [T], _ merge: (inout T, T) throws -> Void) throws -> T {
            var total = parts[0]
            for (part, file) in zip(parts, files).dropFirst() {
                do { try merge(&total, part) } catch {
                    throw CLIFailure.data("\(file.path): \(error) (with \(files[0].path))")
                }
            }
            return total
        }
        /// Statistics of no rows (every block empty) can be neither scored nor advanced.
        func requireRows(_ rows: Int) throws {
            guard rows == 0 else { return }
            let named = files.count == 1 ? files[0].path : "\(files[0].path) and \(counted(files.count - 1, "other file"))"
            throw CLIFailure.data("\(named): the statistics are of 0 rows (every block was empty); there is nothing to "
                                  + (score ? "score" : "update"))
        }
        func parse<T>(_ read: (([UInt8]) throws -> T)) throws -> [T] {
            try files.map { file in
                guard file.format == files[0].format else {
                    throw CLIFailure.data("\(file.path): a \(file.format) file cannot be merged with \(files[0].path), a \(files[0].format) file")
                }
                do { return try read(file.bytes) } catch { throw CLIFailure.data("\(file.path): \(error)") }
            }
        }
        let text: String
        switch files[0].format {
        case DataSummary.fileFormat:
            for (given, option) in [(model != nil, "--model"), (summary != nil, "--summary"), (first, "--first"), (score, "--score")]
            where given {
                throw CLIFailure.usage("\(option) applies to statistics files; \(files[0].path) is a data summary (summaries are merged alone)")
            }
            text = try merged(parse { try DataSummary(jsonText: $0) }) { try $0.merge($1) }.jsonText
        case GaussianMixturePassStatistics.fileFormat:
            guard let model else { throw CLIFailure.usage("EM statistics need --model, the model they were computed with") }
            let current = try loadModel(model, maxBytes: limits.maxBytes)
            let pass = try merged(parse { try GaussianMixturePassStatistics(jsonText: $0) }) { try $0.merge($1) }
            try requireRows(pass.rows)
            guard pass.belong(to: current.parameters) else {
                throw CLIFailure.data("the statistics are not of a pass of --model \(model) (recompute them with this model)")
            }
            if score {
                text = current.jsonText(samples: pass.rows, logLikelihood: pass.totalLogLikelihood)
            } else {
                let next = try reporting("the M-step") {
                    try current.advanced(by: pass, regularization: regCovar, tolerance: tol ?? 1e-3, continuingRecord: !first)
                }
                text = next.jsonText(samples: nil, logLikelihood: nil)
            }
        case KMeansPassStatistics.fileFormat:
            guard let model else { throw CLIFailure.usage("k-means statistics need --model, the centres they were computed with") }
            let current = try readCentres(model, maxBytes: limits.maxBytes)
            let pass = try merged(parse { try KMeansPassStatistics(jsonText: $0) }) { try $0.merge($1) }
            try requireRows(pass.rows)
            guard pass.startingCenters == current.centers else {
                throw CLIFailure.data("the statistics are not of a pass of --model \(model)'s centres (recompute them with these centres)")
            }
            if score {
                text = KMeansCentersFile(centers: current.centers, clusterSizes: pass.counts, inertia: pass.totalInertia,
                                         iterations: current.iterations, converged: current.converged).json.text(style: .pretty) + "\n"
            } else {
                guard let summary else { throw CLIFailure.usage("k-means statistics need --summary, the data's summary (for the tolerance)") }
                let whole = try Stats.readSummary(summary, maxBytes: limits.maxBytes)
                let threshold = KMeansPassStatistics.movementThreshold(tolerance: tol ?? 1e-4, for: whole)
                let (centres, movement) = try reporting("the k-means update") { try pass.update() }
                let iterations = (first ? 0 : current.iterations) + 1
                text = KMeansCentersFile(centers: centres, clusterSizes: pass.counts, inertia: pass.totalInertia,
                                         iterations: iterations, converged: movement <= threshold).json.text(style: .pretty) + "\n"
            }
        default:
            throw CLIFailure.data("\(files[0].path): \"format\" is \"\(files[0].format)\"; expected \(DataSummary.fileFormat), "
                                  + "\(GaussianMixturePassStatistics.fileFormat) or \(KMeansPassStatistics.fileFormat)")
        }
        if let output { try write(text, to: output, what: "result") } else { print(text, terminator: "") }
    }
}
