import ArgumentParser
import Mixtape

/// The sizes a user can ask for — components, starts, iterations, rows to draw — checked against
/// the data and the machine's memory before any work, so that a huge value is a one-line usage
/// error (status 64, a `ValidationError` in `validate()` and in `run()` alike) naming the option,
/// never an allocation that fails or a loop that runs until it is killed.
enum SizeChecks {
    /// The most starts (`--n-init`) a command runs. Every start is a whole fit and nothing about the
    /// data bounds their number, so the bound is a fixed one, far above what finds the best optimum
    /// in practice (a value beyond it is almost always a typo).
    static let maxStarts = 1_000_000

    /// `--n-init` at most ``maxStarts`` (its lower bound, 1, is the library's settings check, made
    /// first).
    static func checkStarts(_ n: Int) throws {
        guard n <= maxStarts else {
            throw ValidationError("--n-init \(n): must be at most \(maxStarts); every start is a whole fit")
        }
    }

    /// A number of components (or clusters) `k`, given as `setting` (e.g. `-k 5`): at most one per
    /// row of the data.
    static func checkComponents(_ k: Int, setting: String, data: LoadedData, what: String = "component") throws {
        let n = data.matrix.rows
        guard k <= n else {
            throw ValidationError("\(setting): \(k) \(what)s need at least \(k) rows, but \(data.source) has \(n); "
                                   + "give at most \(n)")
        }
    }

    /// Fails when `needed` bytes (an estimate of what `option` asks for) exceed the machine's memory.
    static func checkMemory(_ needed: Double, option: String, value: String, what: String, most: Double) throws {
        let available = SystemMemory.bytes
        guard needed <= Double(available) else {
            let largest = most.rounded(.down)
            throw ValidationError("\(option) \(value): \(what) would need about \(ByteCount.describe(needed)) of memory, "
                                   + "more than the \(ByteCount(available)) available; give at most \(largest < 1e18 ? "\(Int64(largest))" : "\(largest)")")
        }
    }

    /// `--max-iter` for EM: every iteration's bound is kept in the model (8 bytes each), and with
    /// snapshots the parameters and a picture of every iteration (`bytesPerIteration` more).
    static func checkIterations(_ maxIter: Int, bytesPerIteration: Double = 0) throws {
        let perIteration = 8 + bytesPerIteration
        try checkMemory((Double(maxIter) + 1) * perIteration, option: "--max-iter", value: "\(maxIter)",
                        what: bytesPerIteration > 0 ? "keeping every iteration's bound, parameters and picture"
                                                    : "keeping every iteration's bound (8 bytes each)",
                        most: Double(SystemMemory.bytes) / perIteration - 1)
    }

    /// Bytes of one set of mixture parameters (weights, means, covariances and their precision
    /// factors) with `k` components of `d` features.
    static func parameterBytes(k: Int, d: Int, type: CovarianceType) -> Double {
        let k = Double(k), d = Double(d)
        let covariances: Double
        switch type {
        case .full: covariances = k * d * d
        case .tied: covariances = d * d
        case .diag: covariances = k * d
        case .spherical: covariances = k
        }
        return 8 * (k + k * d + 2 * covariances)
    }
}
