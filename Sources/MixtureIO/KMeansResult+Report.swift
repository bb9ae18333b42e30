import DataIO
import LinearAlgebra
import Mixture

extension KMeansResult {
    /// The clustering as a JSON object: `n_clusters`, `centers` (k × d), `labels` — the number of
    /// rows in each cluster, as `mixtape kmeans --format json` has always written it — `inertia`
    /// (`null` when it is beyond the range of a `Double`), `n_iter` and `converged`.
    public var json: JSONValue { KMeansCentersFile(self).json }

    /// A human-readable report: one line per cluster (its size and centre), then the inertia,
    /// iterations and convergence. Numbers are written exactly (shortest round-trip form).
    ///
    /// ```
    /// k-means: 2 clusters, 272 rows
    /// cluster  size  centre (eruptions, waiting)
    /// 0        100   2.09433, 54.75
    /// ```
    public func summary(columnNames: [String]) -> String {
        let sizes = clusterSizes
        var lines = ["k-means: \(centers.rows) clusters, \(labels.count) rows",
                     "cluster  size  centre (" + columnNames.joined(separator: ", ") + ")"]
        for c in 0..<centers.rows {
            lines.append("\(c)".padding(toLength: 9, withPad: " ", startingAt: 0)
                         + "\(sizes[c])".padding(toLength: 6, withPad: " ", startingAt: 0)
                         + centers.row(c).map(JSONValue.numberText).joined(separator: ", "))
        }
        lines.append("inertia \(inertia.isFinite ? JSONValue.numberText(inertia) : "\(inertia)"), iterations \(iterations), "
                     + (converged ? "converged" : "not converged"))
        return lines.joined(separator: "\n") + "\n"
    }
}
