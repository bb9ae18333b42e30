import ArgumentParser
import Foundation
import Mixtape

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit 2 Gaussians to Old Faithful (embedded), print the model, write mixtape-demo.svg.",
        discussion: """
            The lecture's running example: 272 eruptions of the Old Faithful geyser, eruption \
            length against waiting time, fitted by EM with full covariances.

            Example:
              mixtape demo --plot faithful.svg
            """)

    @Option(help: ArgumentHelp("Where to write the picture.", valueName: "svg"))
    var plot = "mixtape-demo.svg"

    func run() throws {
        _ = try CommandFiles(inputs: [], outputs: [(plot, "--plot")])
        let data = LoadedData(path: "Old Faithful", columnNames: OldFaithful.columnNames, matrix: OldFaithful.matrix)
        let result = try FitRun(data: data, settings: GaussianMixture(components: 2, covarianceType: .full),
                                warmStart: nil, seed: 0, verbose: false, recordSnapshots: false).perform()
        let model = result.model
        print("Old Faithful: \(data.matrix.rows) eruptions (eruptions = minutes, waiting = minutes to the next)")
        print(try reporting(data.source) { try model.summary(data: data.matrix, featureNames: data.columnNames) }, terminator: "")
        let labels = try reporting(data.source) { try model.predict(data.matrix) }
        var figure = Figures.scatter(data, parameters: model.parameters, labels: labels, columns: (0, 1),
                                     title: "Old Faithful: Gaussian mixture, k = 2",
                                     subtitle: "full covariance · 272 eruptions · EM, \(model.iterations) iterations")
        figure.xTitle = "eruptions (minutes)"
        figure.yTitle = "waiting (minutes)"
        try write(figure.svg(), to: plot, what: "demo picture")
        let full = plot.hasPrefix("/") ? plot : FileManager.default.currentDirectoryPath + "/" + plot
        print("wrote the picture to \(full)")
    }
}
