import ArgumentParser
import Dispatch
import Mixtape

/// `mixtape fit --stream`: EM over a file read once per iteration in blocks (see `fitStreaming`).
extension Fit {
    /// The options that go with --stream, and those that cannot.
    func validateStreaming() throws {
        guard stream else {
            if blockRows != nil || sampleSize != nil {
                throw ValidationError("--block-rows and --sample-size apply to --stream; add --stream or leave them out")
            }
            return
        }
        if let blockRows, blockRows < 1 { throw ValidationError("--block-rows \(blockRows): must be at least 1") }
        if let sampleSize, sampleSize < 1 { throw ValidationError("--sample-size \(sampleSize): must be at least 1") }
        if input.data == "-" {
            throw ValidationError("--stream reads the data once per EM iteration, so it needs a file, not standard input; save it to a file first")
        }
        if method == .gradient { throw ValidationError("--stream fits by EM; it cannot be combined with --method gradient") }
        for (given, option) in [(labels, "--labels"), (plot, "--plot"), (snapshots, "--snapshots"), (plotColumns, "--plot-columns")]
        where given != nil {
            throw ValidationError("\(option) needs every row in memory; it cannot be combined with --stream "
                                  + "(label or plot the rows afterwards with 'mixtape predict --model')")
        }
    }

    func runStreaming() throws {
        _ = try CommandFiles(
            inputs: [(input.data, "the data file"), (meansInit, "--means-init"), (weightsInit, "--weights-init"),
                     (warmStart, "--warm-start")],
            outputs: [(output, "--output"), (plotBound, "--plot-bound")])
        let maxBytes = input.limits.maxBytes
        let reader: RowBlockReader
        do {
            let selection = try input.columns.map { spec throws(DataIOError) in try ColumnSelection(parsing: spec) }
            reader = try RowBlockReader(path: input.data, columns: selection)
        } catch {
            throw error.category == .option ? CLIFailure.usage("--columns: \(error)") : readFailure(error)
        }
        let warm = try warmStart.map { try loadModel($0, maxBytes: maxBytes) }
        let k = components ?? warm?.components ?? 2
        let type = covariance ?? warm?.covarianceType ?? .full
        var settings = em.settings(components: k, covariance: type)
        if let warm, warm.components != k || warm.covarianceType != type {
            throw CLIFailure.usage("--warm-start \(warmStart!) has k=\(warm.components), \(warm.covarianceType); it cannot start a fit with k=\(k), \(type)")
        }
        let samples = sampleSize ?? 10_000
        if samples < k {
            let given = sampleSize == nil ? "the default --sample-size" : "--sample-size"
            throw CLIFailure.usage("-k \(k): the start is drawn from \(given) \(samples) rows, fewer than the \(k) components; "
                                   + "give at most -k \(samples) or a larger --sample-size")
        }
        // The sample and a block are held in memory: refuse what the machine cannot hold, before any pass.
        let d = max(1, reader.columnNames.count)
        for (option, rows, what) in [("--sample-size", samples, "a sample"), ("--block-rows", blockRows ?? 65_536, "a block")] {
            try SizeChecks.checkMemory(Double(rows) * Double(d) * 8, option: option, value: "\(rows)",
                                       what: "\(what) of \(rows) rows of \(counted(d, "column"))", most: Double(SystemMemory.bytes) / Double(8 * d))
        }
        if let meansInit { settings.initialMeans = try LoadedData.read(meansInit, columns: nil, maxBytes: maxBytes).matrix }
        if let weightsInit { settings.initialWeights = try readWeights(weightsInit, maxBytes: maxBytes) }
        var options: [String: String] = [:]
        if let meansInit { options["means_init"] = "--means-init \(meansInit)" }
        if let weightsInit { options["weights_init"] = "--weights-init \(weightsInit)" }
        if let warmStart { options["warm start"] = "--warm-start \(warmStart)" }

        let began = DispatchTime.now().uptimeNanoseconds
        var last = began
        func seconds(since t: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9 }
        let result: StreamedFit
        do {
            result = try reporting(reader.source, parameterOptions: options) {
                try settings.fitStreaming(reader, blockRows: blockRows ?? 65_536, sampleSize: samples, seed: em.seed,
                                          warmStart: warm) { p in
                    guard verbose else { return }
                    if p.iteration == 0 {
                        Terminal.note(String(format: "start %d: summary pass and sample done, elapsed %.3fs", p.start + 1, seconds(since: began)))
                    } else {
                        Terminal.note(String(format: "start %d iteration %4d  bound %.10f  change %.3e  pass %.3fs  elapsed %.3fs",
                                             p.start + 1, p.iteration, p.lowerBound, p.change, seconds(since: last), seconds(since: began)))
                    }
                    last = DispatchTime.now().uptimeNanoseconds
                }
            }
        } catch let error as DataIOError {
            throw readFailure(error)
        }
        let model = result.model
        if verbose {
            Terminal.note(String(format: "%d passes over %@ (%d rows), %.3fs", result.passes, reader.source, result.summary.rows,
                                 seconds(since: began)))
        }
        let rows = result.summary.rows
        switch format {
        case .text:
            print(model.summary(samples: rows, logLikelihood: result.logLikelihood, featureNames: reader.columnNames), terminator: "")
        case .json:
            print(model.jsonText(samples: rows, logLikelihood: result.logLikelihood), terminator: "")
        }
        if let output {
            try write(model.jsonText(samples: rows, logLikelihood: result.logLikelihood), to: output, what: "model")
            Terminal.note("wrote the model to \(output)")
        }
        if let plotBound {
            try write(Figures.bound(model, title: "EM lower bound, k = \(k), \(type) (streamed)").svg(), to: plotBound, what: "bound plot")
            Terminal.note("wrote the bound per iteration to \(plotBound)")
        }
    }
}
