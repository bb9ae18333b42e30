import Foundation
import Plotting

/// A deliberately small EM for a 2-D, two-or-more-component full-covariance mixture, only to give
/// the snapshot tests a realistic sequence of pictures (the real EM lives in `Mixture`, which
/// `Plotting` must not depend on). Returns the components after each iteration and the hard labels.
func tinyEM(
    x: [Double], y: [Double], means: [(Double, Double)], iterations: Int
) -> [(components: [ScatterPlot.Component], labels: [Int])] {
    let n = x.count, k = means.count
    var mx = means.map(\.0), my = means.map(\.1)
    let vx = variance(x), vy = variance(y)
    var cov = Array(repeating: SymmetricMatrix2x2(diagonal: vx, vy), count: k)
    var w = Array(repeating: 1.0 / Double(k), count: k)
    var out: [(components: [ScatterPlot.Component], labels: [Int])] = []
    var r = Array(repeating: Array(repeating: 0.0, count: k), count: n)
    for _ in 0..<iterations {
        // E step.
        for i in 0..<n {
            var logp = (0..<k).map { j -> Double in
                let d2 = cov[j].mahalanobisSquared(x[i] - mx[j], y[i] - my[j]) ?? .infinity
                return log(w[j]) - 0.5 * log(cov[j].determinant) - 0.5 * d2
            }
            let m = logp.max()!
            logp = logp.map { exp($0 - m) }
            let s = logp.reduce(0, +)
            r[i] = logp.map { $0 / s }
        }
        // M step.
        for j in 0..<k {
            let nk = (0..<n).reduce(0.0) { $0 + r[$1][j] }
            let ax = (0..<n).reduce(0.0) { $0 + r[$1][j] * x[$1] } / nk
            let ay = (0..<n).reduce(0.0) { $0 + r[$1][j] * y[$1] } / nk
            var sxx = 0.0, sxy = 0.0, syy = 0.0
            for i in 0..<n {
                let dx = x[i] - ax, dy = y[i] - ay
                sxx += r[i][j] * dx * dx
                sxy += r[i][j] * dx * dy
                syy += r[i][j] * dy * dy
            }
            mx[j] = ax
            my[j] = ay
            cov[j] = SymmetricMatrix2x2(xx: sxx / nk + 1e-6, xy: sxy / nk, yy: syy / nk + 1e-6)
            w[j] = nk / Double(n)
        }
        let labels = r.map { row in row.indices.max(by: { row[$0] < row[$1] })! }
        out.append(
            ((0..<k).map { ScatterPlot.Component(meanX: mx[$0], meanY: my[$0], covariance: cov[$0], weight: w[$0]) },
             labels))
    }
    return out
}

private func variance(_ v: [Double]) -> Double {
    let m = v.reduce(0, +) / Double(v.count)
    return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)
}
