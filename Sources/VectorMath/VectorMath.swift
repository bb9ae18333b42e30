// The C kernels are an implementation detail: clients of VectorMath never need CVectorMath's
// module map (so nothing below is `@inlinable`; each call does a whole buffer).
internal import CVectorMath

/// The SIMD width the buffer functions of this module run with on this machine, chosen once at
/// run time from what the processor supports.
///
/// Every variant computes the same functions to within 1 ulp of the correctly rounded result;
/// they may differ from one another in the last bit (a fused multiply–add rounds once where two
/// operations round twice).
@frozen
public enum VectorMathVariant: Int, Sendable, CaseIterable {
    /// Two lanes: SSE2 on x86-64, NEON on arm64 — runs on every supported machine.
    case portable = 0
    /// Four lanes with fused multiply–add (x86-64 with AVX2 and FMA).
    case avx2 = 1
    /// Eight lanes (x86-64 with AVX-512F).
    case avx512 = 2

    /// The widest variant this machine runs, which the buffer functions use.
    public static var best: VectorMathVariant { VectorMathVariant(rawValue: Int(cvm_best_variant())) ?? .portable }

    /// Whether this machine can run the variant.
    public var isAvailable: Bool { cvm_variant_available(Int32(rawValue)) != 0 }
}

/// Writes eˣ of every element of `x` into `out`, within 1 ulp of the correctly rounded value.
///
/// Subnormal results round once (gradual underflow), `x > 709.78…` gives +∞, `x < −745.13…`
/// gives 0, `exp(−∞) = 0`, `exp(+∞) = +∞` and NaN stays NaN. `out` may be the same memory as `x`.
///
///     var y = [Double](repeating: 0, count: 3)
///     [0, 1, -1].withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { exp(x, into: $0) } }
///
/// - Parameters:
///   - x: the arguments.
///   - out: at least `x.count` elements; the first `x.count` are overwritten.
///   - variant: the SIMD width to compute with (tests compare them); it must be available.
/// - Complexity: O(n), about a dozen fused multiply–adds per element.
public func exp(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>,
                variant: VectorMathVariant = .best) {
    precondition(out.count >= x.count, "exp(_:into:): the output is shorter than the input")
    guard let source = x.baseAddress, let target = out.baseAddress else { return }
    cvm_exp_variant(source, target, x.count, Int32(variant.rawValue))
}

/// Writes the natural logarithm of every element of `x` into `out`, within 1 ulp of the
/// correctly rounded value.
///
/// Subnormal arguments are exact inputs like any other, `log(0) = −∞`, `log(+∞) = +∞`, and a
/// negative argument or NaN gives NaN. `out` may be the same memory as `x`.
///
///     var y = [Double](repeating: 0, count: 2)
///     [1, 2].withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { log(x, into: $0) } }
///
/// - Parameters:
///   - x: the arguments.
///   - out: at least `x.count` elements; the first `x.count` are overwritten.
///   - variant: the SIMD width to compute with (tests compare them); it must be available.
/// - Complexity: O(n): one division and about a dozen fused multiply–adds per element.
public func log(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>,
                variant: VectorMathVariant = .best) {
    precondition(out.count >= x.count, "log(_:into:): the output is shorter than the input")
    guard let source = x.baseAddress, let target = out.baseAddress else { return }
    cvm_log_variant(source, target, x.count, Int32(variant.rawValue))
}

/// log Σᵢ exp(xᵢ), without overflow or underflow: m + log Σᵢ exp(xᵢ − m) with m = maxᵢ xᵢ.
///
/// An empty input or one whose elements are all −∞ gives −∞; +∞ anywhere gives +∞ (unless a NaN
/// is present), and NaN anywhere gives NaN.
///
///     [0.0, 0.0].withUnsafeBufferPointer { logSumExp($0) }   // log 2
///
/// - Complexity: O(n), one vector exponential per element.
public func logSumExp(_ x: UnsafeBufferPointer<Double>, variant: VectorMathVariant = .best) -> Double {
    var largest = -Double.infinity
    for v in x {
        if v.isNaN { return v }
        largest = Swift.max(largest, v)
    }
    guard largest.isFinite else { return largest }
    let block = 256
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: block) { scratch in
        var sum = 0.0
        var start = 0
        while start < x.count {
            let count = Swift.min(block, x.count - start)
            for i in 0..<count { scratch[i] = x[start + i] - largest }
            cvm_exp_variant(scratch.baseAddress!, scratch.baseAddress!, count, Int32(variant.rawValue))
            for i in 0..<count { sum += scratch[i] }
            start += count
        }
        scratch[0] = sum
        cvm_log_variant(scratch.baseAddress!, scratch.baseAddress!, 1, Int32(variant.rawValue))
        return largest + scratch[0]
    }
}
