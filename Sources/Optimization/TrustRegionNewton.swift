import LinearAlgebra

extension MinimizationRun {
    /// Trust-region Newton (Nocedal & Wright, Algorithm 4.1) whose subproblem
    /// min gᵀp + ½pᵀHp, ‖p‖ ≤ Δ is solved approximately by Steihaug–Toint conjugate gradients
    /// (their Algorithm 7.2) on Hessian–vector products from forward over reverse mode — the
    /// Hessian is never formed (if the objective has no products, its dense Hessian is used).
    /// CG stops at the forcing tolerance min(½, √‖g‖)·‖g‖ (superlinear convergence), at the
    /// boundary, or on negative curvature, which it follows to the boundary. A step is accepted
    /// when the actual reduction is more than 0.15 of the predicted one (SciPy's `trust-ncg` η);
    /// Δ shrinks to ‖p‖/4 when that ratio is below ¼ and doubles when it is above ¾ at the boundary.
    mutating func runTrustRegionNewton() -> MinimizationResult {
        var radius = options.initialTrustRadius
        let eta = 0.15
        var dense: Matrix<Double>? = nil
        var denseAt: [Double]? = nil
        while true {
            if objective.hessianVectorProduct == nil, denseAt != x {
                dense = hessian(x)
                denseAt = x
                guard allFinite(dense!.elements) else { return result(.nonFiniteValue) }
            }
            let step = steihaugStep(radius: radius, dense: dense)
            guard allFinite(step.p), step.predicted.isFinite else { return result(.nonFiniteValue) }
            let stepLength = euclideanNorm(step.p)
            if !(step.predicted > 0) || negligibleStep(step.p, x) {
                return result(.noProgress)
            }
            let trial = moved(x, by: 1, along: step.p)
            guard let (f, g) = valueAndGradient(trial) else { return result(exhausted) }
            let rho = f.isFinite && allFinite(g) ? (value - f) / step.predicted : -Double.infinity
            if rho < 0.25 {
                radius = 0.25 * stepLength
            } else if rho > 0.75 && step.onBoundary {
                radius = Swift.min(2 * radius, options.maxTrustRadius)
            }
            if rho > eta {
                let previousValue = value, previousX = x
                guard accept(x: trial, value: f, gradient: g) else { return result(.nonFiniteValue) }
                if let stop = stopReason(previousValue: previousValue, previousX: previousX) { return result(stop) }
            } else {
                if radius <= 1e-15 * Swift.max(euclideanNorm(x), 1) { return result(.noProgress) }
                if !budgetLeft { return result(.evaluationLimit) }
            }
        }
    }

    /// Steihaug–Toint CG for the trust-region subproblem at the current iterate. Returns the step,
    /// the model's predicted reduction −(gᵀp + ½pᵀHp), and whether the step is on the boundary.
    mutating func steihaugStep(radius: Double, dense: Matrix<Double>?)
        -> (p: [Double], predicted: Double, onBoundary: Bool)
    {
        let n = x.count
        let g = gradient
        let gNorm = euclideanNorm(g)
        let tolerance = Swift.min(0.5, gNorm.squareRoot()) * gNorm
        var z = [Double](repeating: 0, count: n)
        var hz = [Double](repeating: 0, count: n)   // H·z, tracked for the predicted reduction
        var r = g
        var d = g.map { -$0 }
        var rr = dotProduct(r, r)
        func predicted(_ p: [Double], _ hp: [Double]) -> Double {
            -(dotProduct(g, p) + 0.5 * dotProduct(p, hp))
        }
        for _ in 0..<(2 * n + 10) {
            let hd = dense.map { $0 * d } ?? hessianTimes(d)
            let dHd = dotProduct(d, hd)
            if !(dHd > 0) {
                // Negative (or zero) curvature: go to the boundary along d.
                let tau = boundaryStep(z, d, radius)
                var p = z, hp = hz
                addScaled(&p, tau, d); addScaled(&hp, tau, hd)
                return (p, predicted(p, hp), true)
            }
            let alpha = rr / dHd
            var zNext = z
            addScaled(&zNext, alpha, d)
            if euclideanNorm(zNext) >= radius {
                let tau = boundaryStep(z, d, radius)
                var p = z, hp = hz
                addScaled(&p, tau, d); addScaled(&hp, tau, hd)
                return (p, predicted(p, hp), true)
            }
            z = zNext
            addScaled(&hz, alpha, hd)
            addScaled(&r, alpha, hd)
            let rrNext = dotProduct(r, r)
            if rrNext.squareRoot() < tolerance { break }
            let beta = rrNext / rr
            rr = rrNext
            for i in 0..<n { d[i] = -r[i] + beta * d[i] }
        }
        return (z, predicted(z, hz), false)
    }
}

/// Whether `p` moves no coordinate of `x` by more than its rounding level (relative 10⁻¹⁶, or
/// absolute 10⁻³⁰⁰ for a zero coordinate).
func negligibleStep(_ p: [Double], _ x: [Double]) -> Bool {
    for i in p.indices where Swift.abs(p[i]) > 1e-16 * Swift.max(Swift.abs(x[i]), 1e-300) { return false }
    return true
}

/// The τ ≥ 0 with ‖z + τd‖ = Δ (‖z‖ < Δ): the positive root of ‖d‖²τ² + 2zᵀdτ + ‖z‖² − Δ² = 0,
/// in the cancellation-free form.
func boundaryStep(_ z: [Double], _ d: [Double], _ radius: Double) -> Double {
    let a = dotProduct(d, d), b = 2 * dotProduct(z, d), c = dotProduct(z, z) - radius * radius
    guard a > 0 else { return 0 }
    let disc = Swift.max(b * b - 4 * a * c, 0).squareRoot()
    // c ≤ 0, so the roots have opposite signs (or one is 0): take the non-negative one.
    return b >= 0 ? -2 * c / (b + disc) : (-b + disc) / (2 * a)
}
