import Autodiff
@_exported import AutodiffExamples

// The benchmarked functions live in AutodiffExamples (shared with the tests); the inputs here.

/// A seeded uniform generator (SplitMix64) so every run uses the same inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomVector(_ n: Int, _ r: ClosedRange<Double>, seed: UInt64) -> [Double] {
    var g = SplitMix64(state: seed)
    return (0..<n).map { _ in Double.random(in: r, using: &g) }
}

