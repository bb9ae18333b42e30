extension MinimizationRun {
    /// BFGS (Nocedal & Wright, Algorithm 6.1) on a dense inverse-Hessian approximation H, with a
    /// strong Wolfe line search. H starts as the identity, is rescaled to (sᵀy/yᵀy)·I before the
    /// first update (their (6.20)), and is updated only when the curvature sᵀy is safely positive.
    /// When a quasi-Newton direction fails (not a descent direction, or the line search finds no
    /// decrease), H is reset to the identity and steepest descent is tried once before stopping.
    mutating func runBFGS() -> MinimizationResult {
        let n = x.count
        var h = identityElements(n)
        var fresh = true   // H is (a multiple of) the identity, never updated
        while true {
            var d = negatedProduct(h, gradient, n)
            var slope = dotProduct(gradient, d)
            if !(slope < 0) {
                h = identityElements(n); fresh = true
                d = gradient.map { -$0 }; slope = -dotProduct(gradient, gradient)
            }
            var search = wolfeSearch(direction: d, slope: slope,
                                     initialStep: fresh ? Swift.min(1, 1 / euclideanNorm(gradient)) : 1)
            if search.status == .failed && !fresh {
                h = identityElements(n); fresh = true
                d = gradient.map { -$0 }; slope = -dotProduct(gradient, gradient)
                search = wolfeSearch(direction: d, slope: slope, initialStep: Swift.min(1, 1 / euclideanNorm(gradient)))
            }
            if let stop = lineSearchStop(search.status) { return result(stop) }
            let s = difference(search.x, x), y = difference(search.gradient, gradient)
            let previousValue = value, previousX = x
            guard accept(x: search.x, value: search.value, gradient: search.gradient) else {
                return result(.nonFiniteValue)
            }
            let sy = dotProduct(s, y)
            if sy > 1e-12 * euclideanNorm(s) * euclideanNorm(y), sy.isFinite {
                if fresh {
                    let scale = sy / dotProduct(y, y)
                    for i in 0..<n { h[i * n + i] = scale }
                    fresh = false
                }
                bfgsUpdate(&h, s: s, y: y, sy: sy, n: n)
            }
            if let stop = stopReason(previousValue: previousValue, previousX: previousX) { return result(stop) }
        }
    }
}

func identityElements(_ n: Int) -> [Double] {
    var h = [Double](repeating: 0, count: n * n)
    for i in 0..<n { h[i * n + i] = 1 }
    return h
}

/// −H·g for a dense row-major n×n H.
func negatedProduct(_ h: [Double], _ g: [Double], _ n: Int) -> [Double] {
    [Double](unsafeUninitializedCapacity: n) { out, initialized in
        h.withUnsafeBufferPointer { ph in
            g.withUnsafeBufferPointer { pg in
                for i in 0..<n {
                    let row = ph.baseAddress! + i * n
                    var s = 0.0
                    for j in 0..<n { s += row[j] * pg[j] }
                    out[i] = -s
                }
            }
        }
        initialized = n
    }
}

/// The BFGS update of the inverse Hessian, H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ with ρ = 1/sᵀy,
/// expanded for symmetric H as H − ρ(Hy·sᵀ + s·(Hy)ᵀ) + (ρ + ρ²·yᵀHy)·ssᵀ. O(n²).
func bfgsUpdate(_ h: inout [Double], s: [Double], y: [Double], sy: Double, n: Int) {
    let hy = negatedProduct(h, y, n).map { -$0 }
    let rho = 1 / sy
    let c = rho + rho * rho * dotProduct(y, hy)
    h.withUnsafeMutableBufferPointer { ph in
        s.withUnsafeBufferPointer { ps in
            hy.withUnsafeBufferPointer { phy in
                for i in 0..<n {
                    let row = ph.baseAddress! + i * n
                    let si = ps[i], hyi = phy[i]
                    let a = c * si - rho * hyi
                    let b = -rho * si
                    for j in 0..<n { row[j] += a * ps[j] + b * phy[j] }
                }
            }
        }
    }
}
