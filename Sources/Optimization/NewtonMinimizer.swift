import LinearAlgebra

extension MinimizationRun {
    /// Newton's method with the exact (automatic-differentiation) Hessian made positive definite
    /// by the smallest tried shift τ·I (Nocedal & Wright, Algorithm 3.3, "Cholesky with added
    /// multiple of the identity"), and a strong Wolfe line search from the full step α = 1.
    mutating func runNewton() -> MinimizationResult {
        while true {
            let h = hessian(x)
            guard allFinite(h.elements) else { return result(.nonFiniteValue) }
            guard let factor = shiftedCholesky(h) else { return result(.nonFiniteValue) }
            var d = factor.solve(gradient.map { -$0 })
            var slope = dotProduct(gradient, d)
            if !(slope < 0) || !allFinite(d) {
                d = gradient.map { -$0 }; slope = -dotProduct(gradient, gradient)
            }
            let search = wolfeSearch(direction: d, slope: slope, initialStep: 1)
            if let stop = lineSearchStop(search.status) { return result(stop) }
            let previousValue = value, previousX = x
            guard accept(x: search.x, value: search.value, gradient: search.gradient) else {
                return result(.nonFiniteValue)
            }
            if let stop = stopReason(previousValue: previousValue, previousX: previousX) { return result(stop) }
        }
    }
}

/// The Cholesky factor of `H + τI` for the smallest τ ≥ 0 tried: τ = 0 when H's diagonal is
/// positive and the factorisation succeeds, otherwise starting from −min Hᵢᵢ + β and doubling
/// (β = 10⁻³ of H's largest entry, so the shift is scale-aware). `nil` if even a huge shift fails
/// (only when H is not finite).
func shiftedCholesky(_ h: Matrix<Double>) -> Cholesky<Double>? {
    let n = h.rows
    var largest = 0.0
    for v in h.elements { largest = Swift.max(largest, Swift.abs(v)) }
    let beta = Swift.max(1e-3 * largest, 1e-10)
    let minDiagonal = (0..<n).map { h[$0, $0] }.min() ?? 0
    var tau = minDiagonal > 0 ? 0 : -minDiagonal + beta
    for _ in 0..<200 {
        var shifted = h
        if tau > 0 { for i in 0..<n { shifted[i, i] += tau } }
        if case .success(let factor) = shifted.cholesky() { return factor }
        tau = Swift.max(2 * tau, beta)
        if !tau.isFinite { return nil }
    }
    return nil
}
