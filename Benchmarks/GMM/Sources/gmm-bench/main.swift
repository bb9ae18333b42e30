// Times Mixtape's EM on a problem written by gmm_peer.py: raw float64 data and a JSON start.
// Usage: gmm-bench DATA.bin PROBLEM.json
// Prints one line per covariance type: `mixtape_s_per_iter=<s> lower_bound=<b>`.
import Foundation
import LinearAlgebra
import Mixture

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("gmm-bench: \(message)\n".utf8))
    exit(1)
}

let args = CommandLine.arguments
guard args.count == 3 else { fail("usage: gmm-bench DATA.bin PROBLEM.json") }
guard let raw = FileManager.default.contents(atPath: args[1]),
      let problemData = FileManager.default.contents(atPath: args[2]),
      let problem = try? JSONSerialization.jsonObject(with: problemData) as? [String: Any] else {
    fail("cannot read \(args[1]) or \(args[2])")
}
let n = problem["n"] as! Int, d = problem["d"] as! Int, k = problem["k"] as! Int
let iterations = problem["iterations"] as! Int
let repeats = problem["repeats"] as! Int
let values = raw.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
guard values.count == n * d else { fail("expected \(n * d) doubles, got \(values.count)") }
let data = Matrix(rows: n, columns: d, elements: values)
let means = Matrix(rows: k, columns: d, elements: (problem["means"] as! [[Double]]).flatMap { $0 })
let weights = problem["weights"] as! [Double]

for case let run as [String: Any] in problem["runs"] as! [Any] {
    let type = CovarianceType(rawValue: run["covariance_type"] as! String)!
    let precisions = (run["precisions"] as! [Any]).flatMap { v -> [Double] in
        func flat(_ x: Any) -> [Double] { (x as? [Any]).map { $0.flatMap(flat) } ?? [(x as! NSNumber).doubleValue] }
        return flat(v)
    }
    let settings = GaussianMixture(components: k, covarianceType: type, tolerance: 0, maxIterations: iterations,
                                   initialWeights: weights, initialMeans: means, initialPrecisions: precisions)
    var best = Double.infinity
    var bound = 0.0
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        let model = try settings.fit(data)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = min(best, seconds / Double(iterations))
        bound = model.lowerBound
    }
    print("\(type.rawValue) mixtape_s_per_iter=\(best) lower_bound=\(bound)")
}
