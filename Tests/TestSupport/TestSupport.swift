/// A small, seedable generator (SplitMix64) so every randomised test is reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `|a - b| <= tol * max(1, |a|, |b|)`: a relative tolerance that degrades to absolute near zero.
public func isClose(_ a: Double, _ b: Double, relative tol: Double) -> Bool {
    if a == b { return true }
    return abs(a - b) <= tol * max(1, abs(a), abs(b))
}
