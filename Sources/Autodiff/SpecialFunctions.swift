import RealModule

/// The digamma function ψ(x) = Γ′(x)/Γ(x), the derivative of `logGamma`.
///
/// Uses the reflection formula for x < 0.5, the recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, and the
/// asymptotic series there (absolute error below 1e-13 for `Double`). Written with `Real`
/// operations only, so it is itself differentiable by every mode (giving trigamma and beyond).
///
/// - Complexity: O(1) (at most ~10 recurrence steps plus a fixed series).
///
/// ```swift
/// digamma(1.0)  // −0.5772156649015329 (−γ)
/// ```
@inlinable
public func digamma<T: Real>(_ x: T) -> T {
    if x.isNaN { return x }
    if x < T(1) / 2 {
        // ψ(1 − x) − ψ(x) = π cot(πx)
        if x == x.rounded(.down) { return .nan }
        return digamma(1 - x) - T.pi / T.tan(T.pi * x)
    }
    var y = x
    var acc: T = 0
    while y < 10 {
        acc -= 1 / y
        y += 1
    }
    let inv = 1 / y
    let inv2 = inv * inv
    // ψ(y) ≈ ln y − 1/(2y) − Σₖ B₂ₖ/(2k·y²ᵏ)
    //      = ln y − 1/(2y) + y⁻²·(−1/12 + y⁻²·(1/120 + y⁻²·(−1/252 + y⁻²·(1/240 − y⁻²/132)))),
    // evaluated by Horner from the innermost term (the first omitted term, 691/32760·y⁻¹², is
    // below 3e-14 for y ≥ 10).
    var series = T(-1) / 132
    series = T(1) / 240 + inv2 * series
    series = T(-1) / 252 + inv2 * series
    series = T(1) / 120 + inv2 * series
    series = T(-1) / 12 + inv2 * series
    return acc + T.log(y) - inv / 2 + inv2 * series
}
