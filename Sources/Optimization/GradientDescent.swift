extension MinimizationRun {
    /// Steepest descent, d = −∇f, with Armijo backtracking. The first trial step of each search
    /// assumes the same first-order decrease as the last accepted one,
    /// α₀ = αₖ₋₁·∇fₖ₋₁ᵀdₖ₋₁ / ∇fₖᵀdₖ (Nocedal & Wright, (3.60)); the very first is
    /// min(1, 1/‖∇f‖∞).
    mutating func runGradientDescent() -> MinimizationResult {
        var previousStep = 0.0, previousSlope = 0.0
        while true {
            let d = gradient.map { -$0 }
            let slope = -dotProduct(gradient, gradient)
            var alpha0 = Swift.min(1, 1 / gradientNorm)
            if iteration > 0 {
                let guess = previousStep * previousSlope / slope
                if guess.isFinite && guess > 0 { alpha0 = guess }
            }
            let search = armijoSearch(direction: d, slope: slope, initialStep: alpha0)
            if let stop = lineSearchStop(search.status) { return result(stop) }
            guard let (f, g) = valueAndGradient(search.x) else { return result(exhausted) }
            let previousValue = value, previousX = x
            guard accept(x: search.x, value: f, gradient: g) else { return result(.nonFiniteValue) }
            previousStep = search.step
            previousSlope = slope
            if let stop = stopReason(previousValue: previousValue, previousX: previousX) { return result(stop) }
        }
    }
}
