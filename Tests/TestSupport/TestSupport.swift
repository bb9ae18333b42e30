import RealModule

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

/// `|a − b| ≤ tol · max(1, |a|, |b|)`: a relative tolerance that becomes absolute below 1 — swift-numerics'
/// `isApproximatelyEqual(to:absoluteTolerance:relativeTolerance:)` with both tolerances `tol`.
/// New tests call `isApproximatelyEqual` directly; this spelling stays for the suites that use it.
public func isClose(_ a: Double, _ b: Double, relative tol: Double) -> Bool {
    a.isApproximatelyEqual(to: b, absoluteTolerance: tol, relativeTolerance: tol)
}
