/// The number of representable `Double`s between `a` and `b` (0 if equal, +∞ if either is NaN or
/// infinite and they differ). Subnormals count one ulp per `leastNonzeroMagnitude`, and −0 = +0.
///
/// ```swift
/// ulpDistance(1.0, 1.0.nextUp)   // 1
/// ```
public func ulpDistance(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    if !a.isFinite || !b.isFinite { return .infinity }
    // Map the bit patterns to integers ordered like the values (−x below +0 by its magnitude).
    func key(_ x: Double) -> Int64 {
        let bits = Int64(bitPattern: x.bitPattern)
        return bits < 0 ? -(bits & Int64.max) : bits
    }
    let (d, overflow) = key(a).subtractingReportingOverflow(key(b))
    return overflow ? .infinity : Double(d.magnitude)
}
