import Plotting

extension MultilayerPerceptron {
    /// The decision regions of a network on 2-D inputs: the predicted class at the centre of each
    /// cell of a `resolution` × `resolution` grid over the data's bounding box (padded by 10 %),
    /// with `data`'s points over it, as a ``/Plotting/DecisionRegionPlot`` ready for `svg()`.
    /// - Precondition: none; a network whose input is not 2-D gives a plot with no regions.
    /// - Complexity: O(resolution² · Σ nₗ·nₗ₊₁ + n).
    ///
    /// ```swift
    /// try mlp.decisionRegions(for: test, resolution: 150).svg().write(toFile: "mlp.svg", …)
    /// ```
    public func decisionRegions(for data: ClassificationData, resolution: Int = 150) -> DecisionRegionPlot {
        let r = Swift.min(Swift.max(resolution, 2), 1000)
        let xs = (0..<data.count).map { data.points[$0, 0] }
        let ys = (0..<data.count).map { data.points.columns > 1 ? data.points[$0, 1] : 0 }
        func padded(_ v: [Double]) -> ClosedRange<Double> {
            let lo = v.min() ?? 0, hi = v.max() ?? 1
            let w = hi > lo ? hi - lo : 1
            return (lo - 0.1 * w)...(hi + 0.1 * w)
        }
        let xDomain = padded(xs), yDomain = padded(ys)
        var regions: [Int] = []
        if layerSizes[0] == 2 {
            regions.reserveCapacity(r * r)
            let dx = (xDomain.upperBound - xDomain.lowerBound) / Double(r)
            let dy = (yDomain.upperBound - yDomain.lowerBound) / Double(r)
            for row in 0..<r {
                let y = yDomain.lowerBound + (Double(row) + 0.5) * dy
                for column in 0..<r {
                    regions.append(predict([xDomain.lowerBound + (Double(column) + 0.5) * dx, y]))
                }
            }
        }
        var plot = DecisionRegionPlot(regions: regions, rows: r, columns: r, xDomain: xDomain, yDomain: yDomain,
                                      x: xs, y: ys, labels: data.labels)
        plot.title = "Decision regions of an MLP \(layerSizes.map(String.init).joined(separator: "–"))"
        plot.subtitle = "accuracy \((accuracy(on: data) * 1000).rounded() / 10)% on the points shown"
        return plot
    }
}
