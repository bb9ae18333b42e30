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

    @Option(help: "Seed, for reproducible runs.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Write each row's cluster to this CSV.", valueName: "csv"))
    var labels: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func validate() throws {
        guard k >= 1 else { throw ValidationError("-k must be at least 1 (got \(k))") }
        try SizeChecks.checkStarts(nInit)
        guard maxIter >= 1 else { throw ValidationError("--max-iter must be at least 1 (got \(maxIter))") }
        guard tol >= 0, tol.isFinite else { throw ValidationError("--tol must be a finite number ≥ 0 (got \(tol))") }
    }

    func run() throws {
        _ = try CommandFiles(inputs: [(input.data, "the data file")], outputs: [(labels, "--labels")])
        let data = try input.load()
        try SizeChecks.checkComponents(k, setting: "-k \(k)", data: data, what: "cluster")
        var rng = SeededGenerator(seed: seed)
        let settings = KMeans(clusters: k, initialization: `init` == .random ? .random : .kMeansPlusPlus,
                              restarts: nInit, maxIterations: maxIter, tolerance: tol)
        let result = try reporting(data.source) { try settings.fit(data.matrix, using: &rng) }
        let sizes = result.clusterSizes
        switch format {
        case .text:
            print("k-means: \(k) clusters, \(data.matrix.rows) rows")
            print("cluster  size  centre (" + data.columnNames.joined(separator: ", ") + ")")
            for c in 0..<k {
                print("\(c)".padding(toLength: 9, withPad: " ", startingAt: 0) + "\(sizes[c])".padding(toLength: 6, withPad: " ", startingAt: 0)
                      + result.centers.row(c).map { exact($0) }.joined(separator: ", "))
            }
            print("inertia \(exact(result.inertia)), iterations \(result.iterations), \(result.converged ? "converged" : "not converged")")
        case .json:
            let centers = "[" + (0..<k).map { "[" + result.centers.row($0).map(exact).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
            print("{\n  \"n_clusters\": \(k),\n  \"centers\": \(centers),\n  \"labels\": [\(sizes.map(String.init).joined(separator: ", "))],\n"
                  + "  \"inertia\": \(exact(result.inertia)),\n  \"n_iter\": \(result.iterations),\n  \"converged\": \(result.converged)\n}")
        }
        if let labels {
            try write(csv(["label"], rows: result.labels.count) { i, _ in String(result.labels[i]) }, to: labels, what: "labels")
            Terminal.note("wrote \(result.labels.count) labels to \(labels)")
        }
    }
}
