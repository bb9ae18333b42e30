import ArgumentParser
import Dispatch
import Foundation
import Mixtape

/// Options that describe the EM fit (shared by `fit` and `select`). Unset options take the
/// command's defaults: scikit-learn's for `fit`, `ModelSelection.defaultSettings` for `select`.
struct EMOptions: ParsableArguments {
    @Option(help: "How the starting responsibilities are drawn.")
    var `init`: GaussianMixture.Initialization = .kmeans

    @Option(name: .customLong("n-init"), help: "Starts to run (at most 1000000); the best final bound is kept (default: fit 1, select 3).")
    var nInit: Int?

    @Option(name: .customLong("max-iter"),
            help: "Most EM iterations per start, 0 returns the start (default: fit 100, select 1000); every iteration's bound is kept, so at most what memory holds.")
    var maxIter: Int?

    @Option(help: "Stop when the mean log-likelihood bound changes by less than this (default: fit 1e-3, select 1e-6).")
    var tol: Double?

    @Option(name: .customLong("reg-covar"), help: "Added to the covariances' diagonal (default 1e-6).")
    var regCovar: Double?

    @Option(help: "Seed of the random starts, for reproducible runs.")
    var seed: UInt64 = 0

    /// The library's names of the settings these options set, for its error messages.
    static let optionNames = ["n_init": "--n-init", "max_iter": "--max-iter", "tol": "--tol", "reg_covar": "--reg-covar",
                              "n_components": "-k"]

    /// `defaults` with the options given on the command line, and `k` and `covariance`.
    func settings(components k: Int, covariance: CovarianceType, defaults: GaussianMixture = GaussianMixture(components: 1)) -> GaussianMixture {
        var s = defaults
        s.components = k
        s.covarianceType = covariance
        s.initialization = `init`
        if let nInit { s.restarts = nInit }
        if let maxIter { s.maxIterations = maxIter }
        if let tol { s.tolerance = tol }
        if let regCovar { s.regularization = regCovar }
        return s
    }

    /// The command's own size checks of the effective `settings` (the options after the command's
    /// defaults), made after the library's `validateSettings`: at most `SizeChecks.maxStarts`
    /// starts, and no more iterations than memory holds their bounds.
    static func checkSizes(_ settings: GaussianMixture) throws {
        try SizeChecks.checkStarts(settings.restarts)
        try SizeChecks.checkIterations(settings.maxIterations)
    }
}

/// How `fit` maximises the likelihood.
enum FitMethod: String, ExpressibleByArgument, CaseIterable {
    /// Expectation–maximisation (the default).
    case em
    /// L-BFGS on the unconstrained parameters, the gradient by reverse-mode Autodiff (`MixtureGradient`).
    case gradient
}

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a Gaussian mixture to a data file by EM (or by L-BFGS with --method gradient).",
        discussion: """
            Prints the fitted weights, means and covariances with the log-likelihood, BIC and AIC \
            (or, with --format json, one JSON object with scikit-learn's attribute names).

            All arithmetic is in float64: a float32 .npy (<f4) is widened exactly on reading, and \
            the model is float64. Data of any finite magnitude fits (very large or small values \
            are fitted at a power-of-two scale, exactly) or gives a one-line error. --warm-start \
            continues from a model file's parameters and its lower_bound, so repeated \
            '--max-iter 1 --warm-start m.json --output m.json' converges as one fit does. \
            --weights-init takes a 1-D array: one weight per line, or a .npy of shape (k,).

            --method gradient maximises the log-likelihood directly with L-BFGS on unconstrained \
            parameters (softmax weights, means, log-Cholesky precision factors), the gradient by \
            reverse-mode automatic differentiation, from the same start EM would use (--init, \
            --seed, --n-init, --means-init, --weights-init, --warm-start): the model, its file \
            and the report are as for EM, with n_iter the L-BFGS iterations and lower_bound the \
            mean log-likelihood. Then --max-iter is the most L-BFGS iterations (default 10000) \
            and --tol the gradient tolerance on the mean log-likelihood (default 1e-6); there is \
            no --reg-covar (the likelihood itself is maximised) and no --snapshots. --verbose \
            prints the iterations and evaluations of the likelihood and its gradient.

            Examples:
              mixtape fit faithful.csv -k 2 --plot fit.svg
              mixtape fit data.csv -k 4 --covariance diag --n-init 5 --output model.json
              mixtape fit data.npy -k 3 --columns 1,2 --snapshots em-steps --verbose
              mixtape fit faithful.csv -k 2 --method gradient
              mixtape fit big.csv -k 8 --stream --output model.json

            --stream fits a CSV or .npy file larger than memory: a first pass summarises the data \
            and draws a uniform sample (--sample-size rows) for the start, then every EM iteration \
            is one sequential pass over the file in blocks of --block-rows rows, and one more pass \
            scores the final model. The model equals the in-memory fit's from the same start (to \
            rounding), so --warm-start, --tol and --max-iter mean what they mean without it. It \
            needs a regular file (not stdin) that stays unchanged during the fit; --max-input-size \
            does not apply. Outputs that need every row in memory (--labels, --plot, --snapshots) \
            and --method gradient are refused with it; 'mixtape predict' labels rows afterwards.
            """)

    @OptionGroup var input: DataOptions

    @Option(name: [.customShort("k"), .customLong("components")], help: "Number of components (default 2, or the warm-start model's).")
    var components: Int?

    @Option(help: "Covariance type (default: full, or the warm-start model's).")
    var covariance: CovarianceType?

    @OptionGroup var em: EMOptions

    @Option(help: "em, or gradient (L-BFGS with reverse-mode gradients from the same start).")
    var method: FitMethod = .em

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

    @Flag(help: "Read the data file once per EM iteration, in blocks, in memory independent of its size (for files larger than memory).")
    var stream = false

    @Option(name: .customLong("block-rows"), help: "With --stream: rows read per block (default 65536).")
    var blockRows: Int?

    @Option(name: .customLong("sample-size"), help: "With --stream: rows sampled (uniformly, seeded) for the k-means start (default 10000).")
    var sampleSize: Int?

    @Flag(help: "One line per EM iteration on stderr (iteration, bound, change, elapsed).")
    var verbose = false

    func validate() throws {
        let settings = em.settings(components: components ?? 1, covariance: covariance ?? .full)
        try checkSettings(options: EMOptions.optionNames) { () throws(MixtureError) in try settings.validateSettings() }
        try EMOptions.checkSizes(settings)
        if method == .gradient {
            if em.regCovar != nil {
                throw ValidationError("--reg-covar applies to --method em; --method gradient maximises the likelihood itself")
            }
            if snapshots != nil { throw ValidationError("--snapshots draws EM's iterations; it needs --method em") }
        }
        try validateStreaming()
    }

    func run() throws {
        if stream { return try runStreaming() }
        let files = try CommandFiles(
            inputs: [(input.data, "the data file"), (meansInit, "--means-init"), (weightsInit, "--weights-init"),
                     (warmStart, "--warm-start")],
            outputs: [(output, "--output"), (labels, "--labels"), (plot, "--plot"), (plotBound, "--plot-bound")])
        let maxBytes = input.limits.maxBytes
        let data = try input.load()
        let warm = try warmStart.map { try loadModel($0, maxBytes: maxBytes) }
        let k = components ?? warm?.components ?? 2
        let type = covariance ?? warm?.covarianceType ?? .full
        try SizeChecks.checkComponents(k, setting: components == nil && warm != nil ? "--warm-start \(warmStart!) (k = \(k))" : "-k \(k)",
                                       data: data)
        var settings = em.settings(components: k, covariance: type)
        if snapshots != nil {
            // Every iteration's parameters and picture are kept for the snapshot page (the
            // effective --max-iter: the option or fit's default).
            let perIteration = SizeChecks.parameterBytes(k: k, d: data.matrix.columns, type: type) + 200 * Double(data.matrix.rows)
            try SizeChecks.checkIterations(settings.maxIterations, bytesPerIteration: 2 * perIteration)
        }
        if let warm, warm.components != k || warm.covarianceType != type {
            throw CLIFailure.usage("--warm-start \(warmStart!) has k=\(warm.components), \(warm.covarianceType); it cannot start a fit with k=\(k), \(type)")
        }
        if let meansInit { settings.initialMeans = try LoadedData.read(meansInit, columns: nil, maxBytes: maxBytes).matrix }
        if let weightsInit { settings.initialWeights = try readWeights(weightsInit, maxBytes: maxBytes) }
        let plotPair = try plotColumnPair(data, needed: plot != nil || snapshots != nil)
        if let snapshots { try makeDirectory(snapshots) }

        var options: [String: String] = [:]
        if let meansInit { options["means_init"] = "--means-init \(meansInit)" }
        if let weightsInit { options["weights_init"] = "--weights-init \(weightsInit)" }
        if let warmStart { options["warm start"] = "--warm-start \(warmStart)" }
        let result: FitRun.Result
        switch method {
        case .em:
            result = try FitRun(data: data, settings: settings, warmStart: warm, seed: em.seed,
                                verbose: verbose, recordSnapshots: snapshots != nil, parameterOptions: options).perform()
        case .gradient:
            result = try gradientFit(data: data, settings: settings, warmStart: warm, parameterOptions: options)
        }
        let model = result.model

        switch format {
        case .text:
            print(try reporting(data.source) { try model.summary(data: data.matrix, featureNames: data.columnNames) }, terminator: "")
        case .json:
            print(try reporting(data.source) { try model.jsonText(data: data.matrix) }, terminator: "")
        }
        if let output {
            try write(try reporting(data.source) { try model.jsonText(data: data.matrix) }, to: output, what: "model")
            Terminal.note("wrote the model to \(output)")
        }
        let predicted = try reporting(data.source) { try model.predict(data.matrix) }
        if let labels {
            try write(csvText(columns: ["label"], rows: predicted.count, values: predicted.map(Double.init), integerColumns: [0]),
                      to: labels, what: "labels")
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
            let title = method == .em ? "EM lower bound, k = \(k), \(type)" : "mean log-likelihood by L-BFGS, k = \(k), \(type)"
            try write(Figures.bound(model, title: title).svg(), to: plotBound, what: "bound plot")
            Terminal.note("wrote the bound per iteration to \(plotBound)")
        }
        if let snapshots, let pair = plotPair {
            try writeSnapshots(result.trajectory, data: data, columns: pair, directory: snapshots, k: k, type: type,
                               files: files)
        }
    }

    /// The fit by L-BFGS (`GradientMixtureFit`) from the starts EM would make with `settings`.
    func gradientFit(data: LoadedData, settings: GaussianMixture, warmStart: GaussianMixtureModel?,
                     parameterOptions: [String: String]) throws -> FitRun.Result {
        var fit = GradientMixtureFit(components: settings.components, covarianceType: settings.covarianceType)
        if let maxIter = em.maxIter { fit.options.maxIterations = maxIter }
        if let tol = em.tol { fit.options.gradientTolerance = tol }
        let result = try reporting(data.source, parameterOptions: parameterOptions) {
            try fit.fit(data.matrix, startsOf: settings, seed: em.seed, warmStart: warmStart)
        }
        let m = result.minimization
        if verbose {
            for record in m.history where record.iteration > 0 {
                Terminal.note(String(format: "iteration %4d  mean log-likelihood %.10f  gradient norm %.3e  evaluations %d  elapsed %.3fs",
                                     record.iteration, -record.value, record.gradientNorm, record.functionEvaluations, record.seconds))
            }
            Terminal.note("gradient fit (\(m.method)): \(m.iterations) iterations, \(m.functionEvaluations) evaluations of the likelihood, "
                          + "\(m.gradientEvaluations) of its gradient, \(m.converged ? "converged" : "not converged"): \(m.reason) "
                          + String(format: "(%.3fs)", result.seconds))
        }
        return FitRun.Result(model: result.model, trajectory: [])
    }

    /// The initial weights: a 1-D array of k numbers — a CSV with one number per line, or a `.npy`
    /// of shape (k,), of at most `maxBytes`. A (k, 1) or any 2-D array is refused, as
    /// scikit-learn's `weights_init` is.
    func readWeights(_ path: String, maxBytes: Int) throws -> [Double] {
        let bytes: [UInt8]
        do { bytes = try DataFile.readBytes(path, maxBytes: maxBytes) } catch { throw readFailure(error) }
        let source = DataFile.sourceName(path)
        do {
            if DataFile.format(path: path, bytes: bytes) == .npy {
                let shape = try NPY.shape(of: bytes, source: source)
                guard shape.count == 1 else {
                    throw CLIFailure.data("--weights-init \(path): the weights must be a 1-D array of shape (k,), but the file's shape is ("
                                          + shape.map(String.init).joined(separator: ", ") + ")")
                }
                return try NPY.decode(bytes, source: source).values
            }
            let table = try CSVReader().read(bytes, source: source)
            guard table.columnCount == 1 else {
                throw CLIFailure.data("--weights-init \(path): give one weight per line (a 1-D array), but the file has \(table.columnCount) columns")
            }
            return table.values
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure.data("\(error)")
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
    let warmStart: GaussianMixtureModel?
    let seed: UInt64
    let verbose: Bool
    let recordSnapshots: Bool
    /// The command-line option (with its value) behind each of the library's parameter names
    /// (`means_init`, `weights_init`, `warm start`), so its errors name what the user typed.
    var parameterOptions: [String: String] = [:]

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
        let model = try reporting(data.source, parameterOptions: parameterOptions) {
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
