import ArgumentParser
import Dispatch
import Foundation
import Mixtape

/// Options that describe the EM fit (shared by `fit` and `select`).
struct EMOptions: ParsableArguments {
    @Option(help: "How the starting responsibilities are drawn.")
    var `init`: GaussianMixture.Initialization = .kmeans

    @Option(name: .customLong("n-init"), help: "Starts to run (at most 1000000); the best final bound is kept.")
    var nInit = 1

    @Option(name: .customLong("max-iter"), help: "Most EM iterations per start (0 returns the start); every iteration's bound is kept, so at most what memory holds.")
    var maxIter = 100

    @Option(help: "Stop when the mean log-likelihood bound changes by less than this.")
    var tol = 1e-3

    @Option(name: .customLong("reg-covar"), help: "Added to the covariances' diagonal.")
    var regCovar = 1e-6

    @Option(help: "Seed of the random starts, for reproducible runs.")
    var seed: UInt64 = 0

    func validate() throws {
        try Self.check(nInit: nInit, maxIter: maxIter, tol: tol, regCovar: regCovar)
    }

    static func check(nInit: Int, maxIter: Int, tol: Double, regCovar: Double) throws {
        try SizeChecks.checkStarts(nInit)
        guard maxIter >= 0 else { throw ValidationError("--max-iter must be 0 or more (got \(maxIter))") }
        try SizeChecks.checkIterations(maxIter)
        guard tol >= 0, tol.isFinite else { throw ValidationError("--tol must be a finite number ≥ 0 (got \(tol))") }
        guard regCovar >= 0, regCovar.isFinite else {
            throw ValidationError("--reg-covar must be a finite number ≥ 0 (got \(regCovar))")
        }
    }

    func settings(components k: Int = 1, covariance: CovarianceType = .full) -> GaussianMixture {
        GaussianMixture(components: k, covarianceType: covariance, tolerance: tol, regularization: regCovar,
                        maxIterations: maxIter, restarts: nInit, initialization: `init`)
    }
}

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a Gaussian mixture to a data file by EM.",
        discussion: """
            Prints the fitted weights, means and covariances with the log-likelihood, BIC and AIC \
            (or, with --format json, one JSON object with scikit-learn's attribute names).

            Examples:
              mixtape fit faithful.csv -k 2 --plot fit.svg
              mixtape fit data.csv -k 4 --covariance diag --n-init 5 --output model.json
              mixtape fit data.npy -k 3 --columns 1,2 --snapshots em-steps --verbose
            """)

    @OptionGroup var input: DataOptions

    @Option(name: [.customShort("k"), .customLong("components")], help: "Number of components (default 2, or the warm-start model's).")
    var components: Int?

    @Option(help: "Covariance type (default: full, or the warm-start model's).")
    var covariance: CovarianceType?

    @OptionGroup var em: EMOptions

    @Option(name: .customLong("means-init"), help: ArgumentHelp("CSV of k rows × d columns: the initial means.", valueName: "csv"))
    var meansInit: String?

    @Option(name: .customLong("weights-init"), help: ArgumentHelp("CSV of k numbers: the initial weights.", valueName: "csv"))
    var weightsInit: String?

    @Option(name: .customLong("warm-start"), help: ArgumentHelp("Start EM from this model file's parameters.", valueName: "model"))
    var warmStart: String?

    @Option(help: ArgumentHelp("Write the model (JSON, scikit-learn's names) to this file.", valueName: "model.json"))
    var output: String?

    @Option(help: ArgumentHelp("Write each row's label (most probable component) to this CSV.", valueName: "csv"))
    var labels: String?

    @Option(help: ArgumentHelp("Write the data, coloured by label, with each component's 1σ and 2σ ellipses.", valueName: "svg"))
    var plot: String?

    @Option(name: .customLong("plot-columns"), help: ArgumentHelp("The two columns to plot, by name or 1-based index (default the first two).", valueName: "i,j"))
    var plotColumns: String?

    @Option(name: .customLong("plot-bound"), help: ArgumentHelp("Write the lower bound after every EM iteration.", valueName: "svg"))
    var plotBound: String?

    @Option(help: ArgumentHelp("Write the picture after every EM iteration into this folder, and index.html to step through them.", valueName: "dir"))
    var snapshots: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Flag(help: "One line per EM iteration on stderr (iteration, bound, change, elapsed).")
    var verbose = false

    func validate() throws {
        if let components, components < 1 { throw ValidationError("-k must be at least 1 (got \(components))") }
    }

    func run() throws {
        let files = try CommandFiles(
            inputs: [(input.data, "the data file"), (meansInit, "--means-init"), (weightsInit, "--weights-init"),
                     (warmStart, "--warm-start")],
            outputs: [(output, "--output"), (labels, "--labels"), (plot, "--plot"), (plotBound, "--plot-bound")])
        let maxBytes = input.limits.maxBytes
        let data = try input.load()
        let warm = try warmStart.map { try loadModel($0, maxBytes: maxBytes) }
        if let warm, warm.features != data.matrix.columns {
            throw CLIFailure.data("--warm-start \(warmStart!): the model has \(warm.features) features but \(data.source) has \(data.matrix.columns) columns")
        }
        let k = components ?? warm?.components ?? 2
        let type = covariance ?? warm?.covarianceType ?? .full
        try SizeChecks.checkComponents(k, setting: components == nil && warm != nil ? "--warm-start \(warmStart!) (k = \(k))" : "-k \(k)",
                                       data: data)
        if snapshots != nil {
            // Every iteration's parameters and picture are kept for the snapshot page.
            let perIteration = SizeChecks.parameterBytes(k: k, d: data.matrix.columns, type: type) + 200 * Double(data.matrix.rows)
            try SizeChecks.checkIterations(em.maxIter, bytesPerIteration: 2 * perIteration)
        }
        if let warm, warm.components != k || warm.covarianceType != type {
            throw CLIFailure.usage("--warm-start \(warmStart!) has k=\(warm.components), \(warm.covarianceType); it cannot start a fit with k=\(k), \(type)")
        }
        var settings = em.settings(components: k, covariance: type)
        if let meansInit {
            let means = try LoadedData.read(meansInit, columns: nil, maxBytes: maxBytes)
            guard means.matrix.rows == k, means.matrix.columns == data.matrix.columns else {
                throw CLIFailure.data("--means-init \(meansInit): expected \(k) rows × \(data.matrix.columns) columns, got \(means.matrix.rows) × \(means.matrix.columns)")
            }
            settings.initialMeans = means.matrix
        }
        if let weightsInit {
            let weights = try LoadedData.read(weightsInit, columns: nil, maxBytes: maxBytes).matrix.elements
            guard weights.count == k else {
                throw CLIFailure.data("--weights-init \(weightsInit): expected \(k) weights, got \(weights.count)")
            }
            let total = weights.reduce(0, +)
            guard weights.allSatisfy({ $0 >= 0 }), abs(total - 1) < 1e-6 else {
                throw CLIFailure.data("--weights-init \(weightsInit): the weights must be non-negative and sum to 1 (they sum to \(total))")
            }
            settings.initialWeights = weights
        }
        let plotPair = try plotColumnPair(data, needed: plot != nil || snapshots != nil)
        if let snapshots { try makeDirectory(snapshots) }

        let result = try FitRun(data: data, settings: settings, warmStart: warm?.parameters, seed: em.seed,
                                verbose: verbose, recordSnapshots: snapshots != nil).perform()
        let model = result.model

        switch format {
        case .text:
            print(try reporting(data.source) { try model.summary(data: data.matrix, featureNames: data.columnNames) }, terminator: "")
        case .json:
            print(try reporting(data.source) { try model.json(data: data.matrix) }, terminator: "")
        }
        if let output {
            try write(try reporting(data.source) { try model.json(data: data.matrix) }, to: output, what: "model")
            Terminal.note("wrote the model to \(output)")
        }
        let predicted = try reporting(data.source) { try model.predict(data.matrix) }
        if let labels {
            try write(csv(["label"], rows: predicted.count) { i, _ in String(predicted[i]) }, to: labels, what: "labels")
            Terminal.note("wrote \(predicted.count) labels to \(labels)")
        }
        if let plot, let pair = plotPair {
            let figure = Figures.scatter(data, parameters: model.parameters, labels: predicted, columns: pair,
                                         title: "Gaussian mixture, k = \(k)",
                                         subtitle: "\(type) covariance · \(data.matrix.rows) rows · \(data.source)")
            try write(figure.svg(), to: plot, what: "plot")
            Terminal.note("wrote the picture to \(plot)")
        }
        if let plotBound {
            try write(Figures.bound(model, title: "EM lower bound, k = \(k), \(type)").svg(), to: plotBound, what: "bound plot")
            Terminal.note("wrote the bound per iteration to \(plotBound)")
        }
        if let snapshots, let pair = plotPair {
            try writeSnapshots(result.trajectory, data: data, columns: pair, directory: snapshots, k: k, type: type,
                               files: files)
        }
    }

    func plotColumnPair(_ data: LoadedData, needed: Bool) throws -> (x: Int, y: Int)? {
        guard needed else { return nil }
        if let plotColumns {
            let indices: [Int]
            do { indices = try ColumnSelection(parsing: plotColumns).resolve(in: data.columnNames, source: data.source) } catch {
                throw CLIFailure.usage("--plot-columns: \(error)")
            }
            guard indices.count == 2 else { throw CLIFailure.usage("--plot-columns takes two columns, e.g. 1,2 (got \(plotColumns))") }
            return (indices[0], indices[1])
        }
        guard data.matrix.columns >= 2 else {
            throw CLIFailure.usage("--plot and --snapshots need data with at least two columns; \(data.source) has one")
        }
        return (0, 1)
    }

    func makeDirectory(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw CLIFailure.data("--snapshots \(path): cannot create the folder (\(error.localizedDescription))")
        }
    }

    func writeSnapshots(_ trajectory: [MixtureParameters], data: LoadedData, columns: (x: Int, y: Int),
                        directory: String, k: Int, type: CovarianceType, files: CommandFiles) throws {
        var plots: [ScatterPlot] = []
        var captions: [String] = []
        for (iteration, parameters) in trajectory.enumerated() {
            let labels = try reporting(data.source) { try GaussianMixtureModel(parameters: parameters).predict(data.matrix) }
            let caption = iteration == 0 ? "initial parameters" : "after iteration \(iteration)"
            let figure = Figures.scatter(data, parameters: parameters, labels: labels, columns: columns,
                                         title: "EM, k = \(k), \(type): \(caption)")
            plots.append(figure)
            captions.append(caption)
            let name = (directory as NSString).appendingPathComponent(String(format: "iteration-%03d.svg", iteration))
            try files.check(name, role: "--snapshots")
            try write(figure.svg(), to: name, what: "snapshot")
        }
        let page = SnapshotPage(title: "EM on \(data.source): k = \(k), \(type)", plots: plots, captions: captions)
        let index = (directory as NSString).appendingPathComponent("index.html")
        try files.check(index, role: "--snapshots")
        try write(page.html(), to: index, what: "snapshot page")
        Terminal.note("wrote \(trajectory.count) snapshots and \(index)")
    }
}

/// One EM fit with the CLI's progress reporting: `--verbose` lines, a progress line on a terminal
/// for fits longer than ~2 s, and the best start's parameters after every iteration for snapshots.
struct FitRun {
    let data: LoadedData
    let settings: GaussianMixture
    let warmStart: MixtureParameters?
    let seed: UInt64
    let verbose: Bool
    let recordSnapshots: Bool

    struct Result {
        let model: GaussianMixtureModel
        /// The kept start's parameters: the start, then after each iteration (when recorded).
        let trajectory: [MixtureParameters]
    }

    func perform() throws -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        // Only the current start's parameters and the best finished start's are kept (the library's
        // rule: a higher final bound wins, the first start always counts), so memory does not grow
        // with --n-init.
        var current: [MixtureParameters] = [], currentBound = -Double.infinity
        var best: [MixtureParameters] = [], bestBound = -Double.infinity, finishedStarts = 0
        func finishStart() {
            if finishedStarts == 0 || currentBound > bestBound || bestBound == -.infinity {
                best = current
                bestBound = currentBound
            }
            finishedStarts += 1
        }
        var progressShown = false
        let terminal = Terminal.stderrIsTerminal && !verbose
        let model = try reporting(data.source) {
            try settings.fit(data.matrix, seed: seed, warmStart: warmStart) { p in
                if recordSnapshots {
                    if p.iteration == 0 {
                        if p.start > 0 { finishStart() }
                        current = []
                        currentBound = -.infinity
                    }
                    current.append(p.parameters)
                    currentBound = p.lowerBound
                }
                guard p.iteration > 0 else { return }
                if verbose {
                    Terminal.note(String(format: "start %d iteration %4d  bound %.10f  change %.3e  elapsed %.3fs",
                                         p.start + 1, p.iteration, p.lowerBound, p.change, elapsed()))
                } else if terminal, elapsed() > 2 {
                    Terminal.progress(String(format: "\rstart %d/%d  iteration %d/%d  bound %.6f  change %.2e  %.1fs   ",
                                             p.start + 1, settings.restarts, p.iteration, settings.maxIterations,
                                             p.lowerBound, p.change, elapsed()))
                    progressShown = true
                }
            }
        }
        if progressShown { Terminal.progress("\r\u{1B}[K") }
        if recordSnapshots { finishStart() }
        // The kept start is the one whose last recorded parameters are the model's.
        let trajectory = best.last == model.parameters ? best : []
        return Result(model: model, trajectory: trajectory)
    }
}
