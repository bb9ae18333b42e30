import ArgumentParser
import Mixtape

struct KMeansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmeans",
        abstract: "k-means clustering (Lloyd): the hard-assignment case of EM.",
        discussion: """
            Prints the centres, cluster sizes, inertia and iterations; with --format json the keys \
            centers, labels (the number of rows in each cluster), inertia and n_iter.

            Example:
              mixtape kmeans faithful.csv -k 2 --n-init 10 --labels clusters.csv
            """)

    enum Init: String, ExpressibleByArgument, CaseIterable {
        case kMeansPlusPlus = "k-means++"
        case random
    }

    @OptionGroup var input: DataOptions

    @Option(name: .customShort("k"), help: "Number of clusters (at most the number of rows).")
    var k: Int

    @Option(help: "How the first centres are chosen.")
    var `init`: Init = .kMeansPlusPlus

    @Option(name: .customLong("n-init"), help: "Runs (at most 1000000); the smallest inertia is kept.")
    var nInit = 1

    @Option(name: .customLong("max-iter"), help: "Most Lloyd iterations per run.")
    var maxIter = 300

    @Option(help: "Stop when the squared centre movement is below tol × the mean feature variance.")
    var tol = 1e-4

    @Option(help: "Threads to run on (0: one per core); the result is the same for any count.")
    var threads = 0

    @Option(help: "Seed, for reproducible runs.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Write each row's cluster to this CSV.", valueName: "csv"))
    var labels: String?

    @Option(name: .customLong("centers-init"),
            help: ArgumentHelp("Start from these centres (a --format json file, e.g. from --output); one run.", valueName: "json"))
    var centersInit: String?

    @Option(help: ArgumentHelp("Write the result (the --format json object) to this file.", valueName: "json"))
    var output: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func settings() -> KMeans {
        var settings = KMeans(clusters: k, initialization: `init` == .random ? .random : .kMeansPlusPlus, restarts: nInit,
                              maxIterations: maxIter, tolerance: tol)
        settings.threads = threads
        return settings
    }

    func validate() throws {
        let settings = settings()
        try checkSettings(options: ["n_clusters": "-k", "n_init": "--n-init", "max_iter": "--max-iter", "tol": "--tol", "threads": "--threads"]) {
            () throws(MixtureError) in try settings.validateSettings()
        }
        // The library checks the ranges; the cap on starts is the command's own (nothing in the
        // data bounds them).
        try SizeChecks.checkStarts(nInit)
    }

    func run() throws {
        _ = try CommandFiles(inputs: [(input.data, "the data file"), (centersInit, "--centers-init")],
                             outputs: [(labels, "--labels"), (output, "--output")])
        let data = try input.load()
        try SizeChecks.checkComponents(k, setting: "-k \(k)", data: data, what: "cluster")
        var settings = settings()
        if let centersInit {
            let file = try readCentres(centersInit, maxBytes: input.limits.maxBytes)
            let start = file.centers
            guard start.rows == k, start.columns == data.matrix.columns else {
                throw CLIFailure.usage("--centers-init \(centersInit) has \(start.rows)×\(start.columns) centres; -k \(k) on \(data.source) needs \(k)×\(data.matrix.columns)")
            }
            // Equal centres are accepted, as scikit-learn's KMeans(init=array) does: all but one
            // start empty and are moved to the farthest rows (tested against scikit-learn).
            settings.initialization = .given(start)
        }
        var rng = SeededGenerator(seed: seed)
        let result = try reporting(data.source) { try settings.fit(data.matrix, using: &rng) }
        switch format {
        case .text: print(result.summary(columnNames: data.columnNames), terminator: "")
        case .json: print(result.json.text(style: .pretty))
        }
        if let output {
            try write(result.json.text(style: .pretty) + "\n", to: output, what: "centres")
            Terminal.note("wrote the centres to \(output)")
        }
        if let labels {
            try write(csvText(columns: ["label"], rows: result.labels.count, values: result.labels.map(Double.init), integerColumns: [0]),
                      to: labels, what: "labels")
            Terminal.note("wrote \(result.labels.count) labels to \(labels)")
        }
    }
}
