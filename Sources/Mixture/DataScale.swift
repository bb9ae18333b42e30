import LinearAlgebra

/// A power of two, 2^`exponent`, that data is multiplied by before a fit so that no intermediate
/// quantity overflows or underflows, and that the fitted model is divided by afterwards.
///
/// Multiplying by a power of two is exact (no rounding) for every normal `Double`, and so are the
/// `+ − × ÷ √` of the fit on the scaled values: the scaled fit is the image of the fit in the
/// data's units, and unscaling the model (means ÷ s, covariances ÷ s², Cholesky factors of the
/// precisions × s) gives what the unscaled arithmetic would — where that arithmetic does not
/// overflow. The log-densities carry the shift d·log s, which rounds differently, so the two agree
/// to rounding rather than to the bit (k-means, which takes no logarithms, agrees to the bit).
///
/// Ordinary data (largest magnitude between 2⁻²⁵⁶ and about 2⁴⁷⁹) is not scaled at all, so results
/// on it are unchanged to the bit.
struct DataScale: Equatable {
    /// The data is multiplied by 2^exponent.
    let exponent: Int

    static let identity = DataScale(exponent: 0)

    var isIdentity: Bool { exponent == 0 }

    /// `x · 2^e`, computed as a scaling of `x` (exact while the result is normal).
    @inline(__always)
    static func scale(_ x: Double, by e: Int) -> Double {
        e == 0 ? x : Double(sign: x.sign, exponent: e, significand: x.magnitude)
    }

    /// The largest magnitude, as a binary exponent, that data of `count` values may have so that
    /// sums of `count` squared differences stay below 2¹⁰²⁰: (2·M)²·count ≤ 2¹⁰²⁰.
    static func largestExponent(count: Int) -> Int {
        let bits = Int.bitWidth - max(1, count).leadingZeroBitCount   // ⌈log₂ count⌉ + (0 or 1)
        return (1020 - bits) / 2 - 2
    }

    /// The smallest largest-magnitude exponent left alone; smaller data is scaled up.
    static let smallestExponent = -256

    /// The largest magnitude in `data`, as `Double.exponent` (nil when every value is 0).
    static func maximumExponent(_ data: Matrix<Double>) -> Int? {
        var largest = 0.0
        for x in data.elements { largest = max(largest, x.magnitude) }
        return largest > 0 ? Int(largest.exponent) : nil
    }

    /// The scale for a Gaussian-mixture fit of `data` with regularisation `reg` (added to the
    /// covariances' diagonal in the data's units, so `reg · s²` in scaled units).
    ///
    /// Scaled down when the largest magnitude M exceeds `largestExponent`; scaled up when it is below
    /// 2⁻²⁵⁶ — towards M ≈ 1, but never so far that `reg · s²` passes 2⁹⁰⁰.
    static func forMixture(_ data: Matrix<Double>, regularization reg: Double) -> DataScale {
        forMixture(maximumExponent: maximumExponent(data), count: data.rows * data.columns, regularization: reg)
    }

    /// `forMixture` from the largest magnitude's exponent (nil: all zero) of `count` values.
    static func forMixture(maximumExponent: Int?, count: Int, regularization reg: Double) -> DataScale {
        guard let e = maximumExponent else { return .identity }
        let top = largestExponent(count: count)
        if e > top { return DataScale(exponent: top - e) }
        if e < smallestExponent {
            var up = -e
            if reg > 0 { up = min(up, (900 - Int(reg.exponent)) / 2) }
            return DataScale(exponent: max(0, up))
        }
        return .identity
    }

    /// The scale for k-means on `data` (one factor for every column, which keeps Euclidean
    /// distances in the same order): down as for a mixture, up to M ≈ 1 when M < 2⁻²⁵⁶.
    static func forKMeans(_ data: Matrix<Double>) -> DataScale {
        forKMeans(maximumExponent: maximumExponent(data), count: data.rows * data.columns)
    }

    /// `forKMeans` from the largest magnitude's exponent (nil: all zero) of `count` values.
    static func forKMeans(maximumExponent: Int?, count: Int) -> DataScale {
        guard let e = maximumExponent else { return .identity }
        let top = largestExponent(count: count)
        if e > top { return DataScale(exponent: top - e) }
        if e < smallestExponent { return DataScale(exponent: -e) }
        return .identity
    }

    /// `m` with every element multiplied by 2^(power·exponent).
    func scaled(_ m: Matrix<Double>, power: Int = 1) -> Matrix<Double> {
        if exponent == 0 { return m }
        return Matrix(rows: m.rows, columns: m.columns, elements: scaled(m.elements, power: power))
    }

    /// `values` with every element multiplied by 2^(power·exponent).
    func scaled(_ values: [Double], power: Int = 1) -> [Double] {
        if exponent == 0 { return values }
        let e = power * exponent
        return values.map { Self.scale($0, by: e) }
    }
}
