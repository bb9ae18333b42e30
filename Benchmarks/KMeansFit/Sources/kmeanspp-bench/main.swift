// Times k-means++ seeding: `KMeans.kMeansPlusPlusSeeds` (vectorised, parallel) against the plain
// row-by-row greedy seeding Mixtape used before (`KMeans.kMeansPlusPlusRowByRow`, kept in the
// library as the baseline), on seeded blobs, in the same run; checks they pick the same rows.
// Usage: kmeanspp-bench N D K REPEATS [reference|mixtape|mixtape1]
//   (a single mode runs only that one, once: for instruction counts under callgrind)
// Prints: case kmeanspp_n<N>_d<D>_k<K>: reference_s=… mixtape_1t_s=… mixtape_s=… speedup_1t=… speedup=… same_seeds=…
import Foundation
import LinearAlgebra
@_spi(Reference) import Mixture

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("kmeanspp-bench: \(message)\n".utf8))
    exit(1)
}

let args = CommandLine.arguments
guard args.count == 5 || args.count == 6, let n = Int(args[1]), let d = Int(args[2]), let k = Int(args[3]),
      let repeats = Int(args[4]), n >= k, k >= 1, repeats >= 1 else {
    fail("usage: kmeanspp-bench N D K REPEATS [reference|mixtape|mixtape1]")
}

/// The seeding as Mixtape ran it before: one candidate and one row at a time, sums by `reduce`.
func referenceSeeds(_ data: Matrix<Double>, count k: Int, using generator: inout SeededGenerator) -> [Int] {
    KMeans.kMeansPlusPlusRowByRow(data, count: k, using: &generator)
}

// Seeded blobs: k centres of scale 4, unit noise.
func normal(_ rng: inout SeededGenerator) -> Double {
    var u = 0.0
    while u == 0 { u = Double(rng.next() >> 11) * 0x1.0p-53 }
    let v = Double(rng.next() >> 11) * 0x1.0p-53
    return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
}
func blobs() -> [Double] {
    var rng = SeededGenerator(seed: 2024)
    let centres = (0..<(k * d)).map { _ in 4 * normal(&rng) }
    var values = [Double](repeating: 0, count: n * d)
    for i in 0..<n {
        let c = Int.random(in: 0..<k, using: &rng)
        for j in 0..<d { values[i * d + j] = centres[c * d + j] + normal(&rng) }
    }
    return values
}
let values = blobs()
let data = Matrix(rows: n, columns: d, elements: values)

func time(_ body: () throws -> [Int]) rethrows -> (seconds: Double, seeds: [Int]) {
    var best = Double.infinity, seeds: [Int] = []
    for _ in 0..<repeats {
        let begin = DispatchTime.now().uptimeNanoseconds
        seeds = try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9)
    }
    return (best, seeds)
}
let seed: UInt64 = 7
func mixtape(threads: Int) throws -> [Int] {
    var g = SeededGenerator(seed: seed)
    return try KMeans.kMeansPlusPlusSeeds(data, count: k, threads: threads, using: &g)
}
if args.count == 6 {
    var g = SeededGenerator(seed: seed)
    let seeds = switch args[5] {
    case "reference": referenceSeeds(data, count: k, using: &g)
    case "mixtape": try mixtape(threads: 0)
    case "mixtape1": try mixtape(threads: 1)
    default: fail("unknown mode \(args[5])")
    }
    print("seeds=\(seeds.map(String.init).joined(separator: ","))")
    exit(0)
}
let reference = time { var g = SeededGenerator(seed: seed); return referenceSeeds(data, count: k, using: &g) }
let single = try time { try mixtape(threads: 1) }
let all = try time { try mixtape(threads: 0) }
let same = reference.seeds == single.seeds && reference.seeds == all.seeds
func f(_ x: Double) -> String { String(format: "%.4g", x) }
print("case kmeanspp_n\(n)_d\(d)_k\(k): reference_s=\(f(reference.seconds)) mixtape_1t_s=\(f(single.seconds)) "
      + "mixtape_s=\(f(all.seconds)) speedup_1t=\(String(format: "%.1f", reference.seconds / single.seconds)) "
      + "speedup=\(String(format: "%.1f", reference.seconds / all.seconds)) same_seeds=\(same)")
if !same { exit(1) }
