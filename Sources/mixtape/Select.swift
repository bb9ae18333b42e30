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
        guard range.lowerBound >= 1 else { throw ValidationError("--components must start at 1 or more (got \(components))") }
        _ = try parsedTypes()
    }

    func run() throws {
        _ = try CommandFiles(inputs: [(input.data, "the data file")], outputs: [(plot, "--plot")])
        let data = try input.load()
        try SizeChecks.checkComponents(try parsedRange().upperBound, setting: "--components \(components)", data: data)
        let selection = ModelSelection(components: try parsedRange(), covarianceTypes: try parsedTypes(),
                                       criterion: criterion, settings: em.settings())
        let table = try reporting(data.source) { try selection.run(data.matrix, seed: em.seed) }
        guard let best = table.best, let model = best.model else {
            throw CLIFailure.data("\(data.source): no candidate could be fitted: \(table.entries.first?.failure.map { "\($0)" } ?? "no candidates")")
        }
        switch format {
        case .text:
            print("covariance   k   log-likelihood          BIC          AIC  params")
            for e in table.entries {
                let mark = (e.covarianceType == best.covarianceType && e.components == best.components) ? "  <- best" : ""
                let name = e.covarianceType.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                if e.model != nil {
                    print(name + String(format: " %3d %16.4f %12.4f %12.4f %7d", e.components,
                                        e.logLikelihood, e.bic, e.aic, e.parameterCount) + mark)
                } else {
                    print(name + String(format: " %3d   failed: ", e.components) + (e.failure.map { "\($0)" } ?? ""))
                }
            }
            print("best by \(criterion.rawValue.uppercased()): k = \(best.components), \(best.covarianceType)")
            print(try reporting(data.source) { try model.summary(data: data.matrix, featureNames: data.columnNames) }, terminator: "")
        case .json:
            let rows = table.entries.map { e in
                "    {\"covariance_type\": \"\(e.covarianceType)\", \"n_components\": \(e.components), "
                    + "\"log_likelihood\": \(jsonNumber(e.logLikelihood)), \"bic\": \(jsonNumber(e.bic)), "
                    + "\"aic\": \(jsonNumber(e.aic)), \"n_parameters\": \(e.parameterCount)"
                    + (e.failure.map { ", \"error\": \(jsonString("\($0)"))" } ?? "") + "}"
            }
            let bestJSON = try reporting(data.source) { try model.json(data: data.matrix) }
                .trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: "\n  ")
            print("{\n  \"criterion\": \"\(criterion.rawValue)\",\n  \"candidates\": [\n" + rows.joined(separator: ",\n")
                  + "\n  ],\n  \"best\": " + bestJSON + "\n}")
        }
        if let plot {
            try write(Figures.selection(table, title: "Model selection on \(data.source)").svg(), to: plot, what: "plot")
            Terminal.note("wrote the \(criterion.rawValue.uppercased()) chart to \(plot)")
        }
    }
}

func jsonNumber(_ x: Double) -> String { x.isFinite ? exact(x) : "null" }

func jsonString(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
