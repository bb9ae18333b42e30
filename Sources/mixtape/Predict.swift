import ArgumentParser
import Mixtape

struct ModelAndData: ParsableArguments {
    @Argument(help: ArgumentHelp("A model file written by 'mixtape fit --output'.", valueName: "model"))
    var model: String

    @OptionGroup var input: DataOptions

    /// The model and data, checked to have the same number of features.
    func load() throws -> (GaussianMixtureModel, LoadedData) {
        let model = try loadModel(self.model, maxBytes: input.limits.maxBytes)
        let data = try input.load()
        guard data.matrix.columns == model.features else {
            throw CLIFailure.data("\(self.model) has \(model.features) features but \(data.source) has \(data.matrix.columns) columns; "
                                  + "pick the model's columns with --columns")
        }
        return (model, data)
    }
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Label rows with a fitted model: CSV on stdout.",
        discussion: """
            Prints one label (the most probable component, from 0) per row, or with --proba one \
            probability per component per row.

            Example:
              mixtape predict model.json data.csv --proba > proba.csv
            """)

    @OptionGroup var io: ModelAndData

    @Flag(help: "Print the probability of every component (responsibilities) instead of labels.")
    var proba = false

    func run() throws {
        let (model, data) = try io.load()
        if proba {
            let p = try reporting(data.source) { try model.predictProbabilities(data.matrix) }
            print(csvText(columns: (0..<model.components).map { "component\($0)" }, rows: p.rows, values: p.elements), terminator: "")
        } else {
            let labels = try reporting(data.source) { try model.predict(data.matrix) }
            print(csvText(columns: ["label"], rows: labels.count, values: labels.map(Double.init), integerColumns: [0]), terminator: "")
        }
    }
}

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mean log-likelihood of rows under a fitted model (or one per row).",
        discussion: """
            Example:
              mixtape score model.json held-out.csv
              mixtape score model.json data.csv --per-sample > loglik.csv
            """)

    @OptionGroup var io: ModelAndData

    @Flag(name: .customLong("per-sample"), help: "Print log p(x) for every row as CSV.")
    var perSample = false

    func run() throws {
        let (model, data) = try io.load()
        if perSample {
            let scores = try reporting(data.source) { try model.scoreSamples(data.matrix) }
            print(csvText(columns: ["log_likelihood"], rows: scores.count, values: scores), terminator: "")
        } else {
            print(numberText(try reporting(data.source) { try model.score(data.matrix) }))
        }
    }
}

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw rows from a fitted model: CSV of the features and the component.",
        discussion: """
            Example:
              mixtape sample model.json -n 1000 --seed 7 > synthetic.csv
            """)

    @Argument(help: ArgumentHelp("A model file written by 'mixtape fit --output'.", valueName: "model"))
    var model: String

    @Option(name: .short, help: "How many rows to draw (at least 1; at most what memory holds).")
    var n: Int

    @Option(help: "Seed, for reproducible draws.")
    var seed: UInt64 = 0

    @OptionGroup var limits: ReadOptions

    func run() throws {
        let model = try loadModel(self.model, maxBytes: limits.maxBytes)
        // The draws (features and component) and their CSV text (up to ~25 characters a number)
        // are held in memory at once.
        let perRow = Double(model.features + 1) * (8 + 25) + 8
        try SizeChecks.checkMemory(Double(n) * perRow, option: "-n", value: "\(n)",
                                   what: "drawing \(n) rows of \(model.features) feature\(model.features == 1 ? "" : "s")",
                                   most: Double(SystemMemory.bytes) / perRow)
        var rng = SeededGenerator(seed: seed)
        let drawn: (samples: Matrix<Double>, components: [Int])
        do {
            drawn = try model.sample(n, using: &rng)
        } catch {
            if case let .invalidSetting(_, value, rule) = error { throw CLIFailure.usage("-n \(value): \(rule)") }
            throw CLIFailure.data("\(self.model): \(error)")
        }
        let (x, components) = drawn
        let d = model.features
        var values: [Double] = []
        values.reserveCapacity(x.rows * (d + 1))
        for i in 0..<x.rows {
            values += x.elements[(i * d)..<((i + 1) * d)]
            values.append(Double(components[i]))
        }
        let header = (0..<d).map { "x\($0 + 1)" } + ["component"]
        print(csvText(columns: header, rows: x.rows, values: values, integerColumns: [d]), terminator: "")
    }
}
