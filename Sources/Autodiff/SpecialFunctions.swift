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
    // ψ(y) ≈ ln y − 1/(2y) − Σ B₂ₖ/(2k y²ᵏ)
    var series = T(-1) / 132                    // −B₁₂/12 … evaluated by Horner in 1/y²
    series = T(1) / 240 + inv2 * series         // B₈/8
    series = T(-1) / 252 + inv2 * series        // B₆/6
    series = T(1) / 120 + inv2 * series         // B₄/4
    series = T(-1) / 12 + inv2 * series         // B₂/2
    // The chain above, written from the highest power, is: −1/12 y⁻² + 1/120 y⁻⁴ − 1/252 y⁻⁶
    // + 1/240 y⁻⁸ − 1/132 y⁻¹⁰.
    return acc + T.log(y) - inv / 2 + inv2 * series
}
