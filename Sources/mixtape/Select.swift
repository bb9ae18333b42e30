import ArgumentParser
import Foundation
import Mixtape

struct Select: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose k and the covariance type by BIC or AIC: a table and the best model.",
        discussion: """
            Fits every covariance type for every k and prints BIC/AIC per candidate; the best \
            (smallest) is marked. With --format json, one object with every candidate and the best \
            model (same keys as 'fit --format json').

            Each candidate keeps the best of several starts: --n-init fresh ones (default 3) and, \
            for each k after the first, the best fit with one component fewer with each of its \
            components split in two; so a larger model never reports a lower log-likelihood than \
            the nested smaller one. Defaults differ from fit's to make BIC comparisons sound: \
            --tol 1e-6, --max-iter 1000. On Old Faithful they find mclust's choice, tied (EEE) \
            with 3 components, BIC 2314.30.

            Example:
              mixtape select faithful.csv --components 1...6 --covariance full,tied --plot bic.svg
            """)

    @OptionGroup var input: DataOptions

    @Option(help: ArgumentHelp("The k values: a range such as 1...8 (or 1-8), or one number; at most the number of rows.", valueName: "range"))
    var components = "1...8"

    @Option(help: ArgumentHelp("Covariance types: all, or a list such as full,diag.", valueName: "list"))
    var covariance = "all"

    @Option(help: "The criterion that picks the best model (smaller is better).")
    var criterion: ModelSelection.Criterion = .bic

    @OptionGroup var em: EMOptions

    @Option(help: ArgumentHelp("Write the criterion against k, one line per covariance type.", valueName: "svg"))
    var plot: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    /// The k range: `a...b`, `a-b` or one number (its upper bound is checked against the data's
    /// rows by `SizeChecks`, naming the file, before `ModelSelection` runs).
    func parsedRange() throws -> ClosedRange<Int> {
        let parts = components.replacingOccurrences(of: "...", with: "-").split(separator: "-", omittingEmptySubsequences: false)
        let numbers = parts.map { Int($0.trimmingCharacters(in: .whitespaces)) }
        switch numbers.count {
        case 1 where numbers[0] != nil: return numbers[0]!...numbers[0]!
        case 2 where numbers[0] != nil && numbers[1] != nil && numbers[0]! <= numbers[1]!: return numbers[0]!...numbers[1]!
        default: throw ValidationError("--components must be a range such as 1...8 (got \(components))")
        }
    }

    func parsedTypes() throws -> [CovarianceType] {
        if covariance == "all" { return CovarianceType.allCases }
        return try covariance.split(separator: ",").map { name in
            guard let t = CovarianceType(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--covariance: unknown type '\(name)'; use all or a list of full, tied, diag, spherical")
            }
            return t
        }
    }

    func validate() throws {
        let range = try parsedRange()
        _ = try parsedTypes()
        let settings = em.settings(components: range.lowerBound, covariance: .full, defaults: ModelSelection.defaultSettings)
        try checkSettings(options: EMOptions.optionNames.merging(["n_components": "--components"]) { $1 }) { () throws(MixtureError) in
            try settings.validateSettings()
        }
        try EMOptions.checkSizes(settings)
    }

    func run() throws {
        _ = try CommandFiles(inputs: [(input.data, "the data file")], outputs: [(plot, "--plot")])
        let data = try input.load()
        try SizeChecks.checkComponents(try parsedRange().upperBound, setting: "--components \(components)", data: data)
        let selection = ModelSelection(components: try parsedRange(), covarianceTypes: try parsedTypes(), criterion: criterion,
                                       settings: em.settings(components: 1, covariance: .full, defaults: ModelSelection.defaultSettings))
        let table: ModelSelection.Table
        do {
            table = try selection.run(data.matrix, seed: em.seed)
        } catch {
            if case let .invalidSetting(name, value, rule) = error, name == "components" {
                throw CLIFailure.usage("--components \(value): \(rule)")
            }
            throw CLIFailure.data("\(data.source): \(error)")
        }
        guard let best = table.best, let model = best.model else {
            throw CLIFailure.data("\(data.source): no candidate could be fitted: \(table.entries.first?.failure.map { "\($0)" } ?? "no candidates")")
        }
        switch format {
        case .text:
            print(table.summary(), terminator: "")
            print(try reporting(data.source) { try model.summary(data: data.matrix, featureNames: data.columnNames) }, terminator: "")
        case .json:
            print(try reporting(data.source) { try table.json(data: data.matrix) }.text(style: .pretty))
        }
        if let plot {
            try write(Figures.selection(table, title: "Model selection on \(data.source)").svg(), to: plot, what: "plot")
            Terminal.note("wrote the \(criterion.rawValue.uppercased()) chart to \(plot)")
        }
    }
}
