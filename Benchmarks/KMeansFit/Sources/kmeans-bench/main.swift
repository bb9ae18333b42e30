// Times Mixtape's k-means on a problem written by kmeans_peer.py: raw float64 data and a JSON start.
// Usage: kmeans-bench DATA.bin PROBLEM.json
// Prints one line: `mixtape_s=<s> inertia=<i> n_iter=<n>` (the best time of `repeats` fits).
import Foundation
import LinearAlgebra
import Mixture

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("kmeans-bench: \(message)\n".utf8))
    exit(1)
}

let args = CommandLine.arguments
guard args.count == 3 else { fail("usage: kmeans-bench DATA.bin PROBLEM.json") }
guard let raw = FileManager.default.contents(atPath: args[1]),
      let problemData = FileManager.default.contents(atPath: args[2]),
      let problem = try? JSONSerialization.jsonObject(with: problemData) as? [String: Any] else {
    fail("cannot read \(args[1]) or \(args[2])")
}
let n = problem["n"] as! Int, d = problem["d"] as! Int, k = problem["k"] as! Int
let maxIterations = problem["max_iter"] as! Int
let tolerance = (problem["tol"] as! NSNumber).doubleValue
let repeats = problem["repeats"] as! Int
let values = raw.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
guard values.count == n * d else { fail("expected \(n * d) doubles, got \(values.count)") }
let data = Matrix(rows: n, columns: d, elements: values)
let start = Matrix(rows: k, columns: d, elements: (problem["init"] as! [[Double]]).flatMap { $0 })

let settings = KMeans(clusters: k, initialization: .given(start), maxIterations: maxIterations, tolerance: tolerance)
var best = Double.infinity
var result: KMeansResult?
for _ in 0..<repeats {
    var rng = SeededGenerator(seed: 0)
    let begin = DispatchTime.now().uptimeNanoseconds
    let fitted = try settings.fit(data, using: &rng)
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9)
    result = fitted
}
print("mixtape_s=\(best) inertia=\(result!.inertia) n_iter=\(result!.iterations)")
