import Mixtape

/// Pictures built from library results (the charts themselves are `Plotting`'s).
enum Figures {
    /// The scatter of two columns coloured by label, with each component's mean and 1σ/2σ ellipses.
    static func scatter(_ data: LoadedData, parameters: MixtureParameters?, labels: [Int]?,
                        columns: (x: Int, y: Int), title: String, subtitle: String? = nil) -> ScatterPlot {
        var plot = ScatterPlot(x: data.matrix.column(columns.x), y: data.matrix.column(columns.y), labels: labels)
        plot.title = title
        plot.subtitle = subtitle
        plot.xTitle = data.columnNames[columns.x]
        plot.yTitle = data.columnNames[columns.y]
        if let p = parameters {
            plot.components = ScatterPlot.components(means: p.means.rowArrays, covariances: covariances(p),
                                                     weights: p.weights, x: columns.x, y: columns.y)
        }
        return plot
    }

    /// A model's covariances in the nested shapes `Plotting` takes (scikit-learn's).
    static func covariances(_ p: MixtureParameters) -> ScatterPlot.MixtureCovariances {
        let k = p.components, d = p.features, c = p.covariances
        func square(_ offset: Int) -> [[Double]] { (0..<d).map { i in Array(c[(offset + i * d)..<(offset + (i + 1) * d)]) } }
        switch p.covarianceType {
        case .full: return .full((0..<k).map { square($0 * d * d) })
        case .tied: return .tied(square(0))
        case .diag: return .diagonal((0..<k).map { Array(c[($0 * d)..<(($0 + 1) * d)]) })
        case .spherical: return .spherical(c)
        }
    }

    /// The lower bound (mean log-likelihood per row) after every EM iteration.
    static func bound(_ model: GaussianMixtureModel, title: String) -> LineChart {
        var chart = LineChart(series: [LineChart.Series(name: "lower bound", y: model.lowerBounds)])
        chart.title = title
        chart.subtitle = model.converged ? "converged after \(model.iterations) iterations"
                                         : "not converged after \(model.iterations) iterations"
        chart.xTitle = "EM iteration"
        chart.yTitle = "mean log-likelihood per row"
        chart.integerXTicks = true
        return chart
    }

    /// BIC (or AIC) against k, one line per covariance type, the best model ringed.
    static func selection(_ table: ModelSelection.Table, title: String) -> LineChart {
        let types = table.entries.map(\.covarianceType).reduce(into: [CovarianceType]()) { if !$0.contains($1) { $0.append($1) } }
        let series = types.map { type in
            let entries = table.entries.filter { $0.covarianceType == type }
            return LineChart.Series(name: type.rawValue, x: entries.map { Double($0.components) },
                                    y: entries.map { $0.model == nil ? nil : $0.value(table.criterion) })
        }
        var chart = LineChart(series: series)
        chart.title = title
        chart.xTitle = "number of components k"
        chart.yTitle = "\(table.criterion.rawValue.uppercased()) (lower is better)"
        chart.integerXTicks = true
        if let best = table.best {
            chart.highlight = LineChart.Highlight(x: Double(best.components), y: best.value(table.criterion),
                                                  label: "best: k = \(best.components), \(best.covarianceType)")
        }
        return chart
    }
}
