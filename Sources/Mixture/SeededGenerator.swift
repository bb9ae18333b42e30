import RealModule

/// A small, fast, seedable random number generator (xoshiro256**, seeded through SplitMix64).
///
/// Every random API in Mixtape takes `using generator: inout some RandomNumberGenerator`; this is
/// the one the CLI's `--seed`, the tests and the benchmarks use, so runs are reproducible.
///
/// ```swift
/// var rng = SeededGenerator(seed: 42)
/// let model = try GaussianMixture(components: 2).fit(data, using: &rng)
/// ```
@frozen
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// A generator whose whole stream is determined by `seed`.
    @inlinable
    public init(seed: UInt64) {
        var sm = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&sm); s1 = splitMix(&sm); s2 = splitMix(&sm); s3 = splitMix(&sm)
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }
}

extension RandomNumberGenerator {
    /// A uniform double in [0, 1).
    @inlinable
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A standard normal deviate (Box–Muller; one of the pair is used).
    @inlinable
    mutating func standardNormal() -> Double {
        var u = uniform()
        while u == 0 { u = uniform() }
        let v = uniform()
        return (-2 * Double.log(u)).squareRoot() * Double.cos(2 * .pi * v)
    }

    /// An index drawn with probability proportional to `weights` (non-negative, positive sum).
    @inlinable
    mutating func categorical(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var u = uniform() * total
        for (i, w) in weights.enumerated() {
            u -= w
            if u < 0 { return i }
        }
        return weights.lastIndex(where: { $0 > 0 }) ?? 0
    }
}
