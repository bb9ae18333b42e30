import Foundation
import PropertyBased
import Testing
import TestSupport
import VectorMath

/// The vector exp and log against the C library's scalar ones (glibc's are correctly rounded in
/// all but rare cases, so "within 1 ulp of the scalar" is the ≤ 1 ulp contract up to those).
struct ExpLogTests {
    static let variants = VectorMathVariant.allCases.filter(\.isAvailable)

    static func vectorExp(_ x: [Double], _ variant: VectorMathVariant) -> [Double] {
        var y = [Double](repeating: .nan, count: x.count)
        x.withUnsafeBufferPointer { s in y.withUnsafeMutableBufferPointer { exp(s, into: $0, variant: variant) } }
        return y
    }

    static func vectorLog(_ x: [Double], _ variant: VectorMathVariant) -> [Double] {
        var y = [Double](repeating: .nan, count: x.count)
        x.withUnsafeBufferPointer { s in y.withUnsafeMutableBufferPointer { log(s, into: $0, variant: variant) } }
        return y
    }

    /// The largest ulp distance to the scalar function; NaN must match NaN exactly.
    static func worst(_ got: [Double], _ x: [Double], _ reference: (Double) -> Double) -> (Double, Double) {
        var worst = 0.0, at = 0.0
        for (g, v) in zip(got, x) {
            let r = reference(v)
            let distance = r.isNaN ? (g.isNaN ? 0 : .infinity) : ulpDistance(g, r)
            if distance > worst { worst = distance; at = v }
        }
        return (worst, at)
    }

    /// The edge points of the whole range: zeros, subnormals, the overflow and underflow
    /// thresholds and their neighbours, ±∞, NaN, 1e±300.
    static let edges: [Double] = {
        var e: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1, -1, 1e-300, 1e300, -1e300, 0.5, 2,
                           .leastNonzeroMagnitude, .leastNormalMagnitude, .leastNormalMagnitude.nextDown,
                           .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1e-310, 3e-320,
                           709.782712893384, 709.782712893384.nextUp, 709.7827128933841, 710,
                           -708.3964185322641, -708.4, -745.1332191019411, -745.1332191019412, -745.14, -746,
                           0x1p-30, -0x1p-30, 0x1p-60, 1.4142135623730951, 0.7071067811865476,
                           1.4142135623730951.nextUp, 0.7071067811865476.nextDown, 1.0.nextUp, 1.0.nextDown]
        // Every length 0…17 is reached through the tails, so pad with a few ordinary values.
        e += (1...5).map { Double($0) * 0.37 }
        return e
    }()

    @Test("exp matches the scalar exp at the edge points", arguments: variants)
    func expEdges(variant: VectorMathVariant) {
        let (w, at) = Self.worst(Self.vectorExp(Self.edges, variant), Self.edges, Foundation.exp)
        #expect(w <= 1, "exp(\(at)) is \(w) ulp from the scalar exp")
    }

    @Test("log matches the scalar log at the edge points", arguments: variants)
    func logEdges(variant: VectorMathVariant) {
        let (w, at) = Self.worst(Self.vectorLog(Self.edges, variant), Self.edges, Foundation.log)
        #expect(w <= 1, "log(\(at)) is \(w) ulp from the scalar log")
    }

    @Test("exp over its whole finite range, subnormal results included", arguments: variants)
    func expRange(variant: VectorMathVariant) {
        var g = SplitMix64(seed: 0x5eed_e1)
        // Uniform over [−746, 710] (every result from 0 through the subnormals to overflow) and
        // dense near 0 and in the subnormal-result range [−745.2, −708].
        var x = (0..<40_000).map { _ in Double.random(in: -746...710, using: &g) }
        x += (0..<20_000).map { _ in Double.random(in: -745.2 ... -708, using: &g) }
        x += (0..<20_000).map { _ in Double.random(in: -1...1, using: &g) * 0x1p-20 }
        let (w, at) = Self.worst(Self.vectorExp(x, variant), x, Foundation.exp)
        #expect(w <= 1, "exp(\(at)) is \(w) ulp from the scalar exp")
    }

    @Test("log over every binade, subnormal arguments included", arguments: variants)
    func logRange(variant: VectorMathVariant) {
        var g = SplitMix64(seed: 0x10_6a)
        // Random bit patterns of positive doubles: every exponent (subnormals too) equally often.
        var x = (0..<40_000).map { _ in Double(bitPattern: UInt64.random(in: 1..<0x7ff0_0000_0000_0000, using: &g)) }
        x += (0..<20_000).map { _ in Double.random(in: 0.5...2, using: &g) }
        x += (0..<5_000).map { _ in -Double.random(in: 0...1e10, using: &g) }
        let (w, at) = Self.worst(Self.vectorLog(x, variant), x, Foundation.log)
        #expect(w <= 1, "log(\(at)) is \(w) ulp from the scalar log")
    }

    @Test("random buffers: every length and offset, out-of-place and in place, variants agree")
    func property() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var g = SplitMix64(seed: seed)
            let n = Int.random(in: 0...40, using: &g)
            let scale = [1.0, 30, 700][Int.random(in: 0..<3, using: &g)]
            let x = (0..<n).map { _ in Double.random(in: -scale...scale, using: &g) }
            let positive = x.map { Swift.abs($0) * 0x1p-900 * Double(1 << Int.random(in: 0..<60, using: &g)) }
            var results: [[Double]] = []
            for variant in Self.variants {
                let e = Self.vectorExp(x, variant), l = Self.vectorLog(positive, variant)
                #expect(Self.worst(e, x, Foundation.exp).0 <= 1)
                #expect(Self.worst(l, positive, Foundation.log).0 <= 1)
                // In place gives the same as out of place.
                var inPlace = x
                inPlace.withUnsafeMutableBufferPointer { b in exp(UnsafeBufferPointer(b), into: b, variant: variant) }
                #expect(inPlace == e)
                results.append(e + l)
            }
            // Variants agree to 1e-12 relative (they may differ by an ulp where one fuses a multiply–add).
            for r in results.dropFirst() {
                for (a, b) in zip(r, results[0]) where a != b {
                    #expect(Swift.abs(a - b) <= 1e-12 * Swift.abs(b))
                }
            }
        }
    }

    @Test("logSumExp against the definition, with large and special values")
    func logSumExpValues() {
        func lse(_ x: [Double]) -> Double { x.withUnsafeBufferPointer { logSumExp($0) } }
        // Reference: the definition in higher precision is not needed where the terms are spread
        // out; m + log Σ exp(x − m) with scalar functions agrees to a few ulp.
        var g = SplitMix64(seed: 77)
        for n in [1, 2, 7, 300, 1000] {
            let x = (0..<n).map { _ in Double.random(in: -50...50, using: &g) + 1e3 }
            let m = x.max()!
            let reference = m + Foundation.log(x.reduce(0) { $0 + Foundation.exp($1 - m) })
            #expect(Swift.abs(lse(x) - reference) <= 1e-13 * Swift.abs(reference))
        }
        #expect(Swift.abs(lse([0, 0]) - Foundation.log(2)) <= 1e-16)
        #expect(lse([]) == -.infinity)
        #expect(lse([-.infinity, -.infinity]) == -.infinity)
        #expect(lse([1, .infinity]) == .infinity)
        #expect(lse([1, .nan, .infinity]).isNaN)
        #expect(lse([1e308, 1e308]) == 1e308 + Foundation.log(2))
        #expect(lse([-1e308, 0]) == 0)
    }
}
