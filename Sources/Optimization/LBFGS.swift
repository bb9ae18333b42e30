extension MinimizationRun {
    /// L-BFGS (Nocedal & Wright, Algorithm 7.4): the direction from the two-loop recursion
    /// (their Algorithm 7.5) over the last `memory` pairs (s, y) with H₀ = (sᵀy/yᵀy)·I from the
    /// newest pair, and a strong Wolfe line search. Pairs with sᵀy not safely positive are skipped.
    /// On a failed direction the memory is cleared and steepest descent is tried once.
    mutating func runLBFGS(memory m: Int) -> MinimizationResult {
        var pairs = LBFGSMemory(capacity: m)
        while true {
            var d = pairs.direction(gradient)
            var slope = dotProduct(gradient, d)
            if !(slope < 0) {
                pairs.clear()
                d = gradient.map { -$0 }; slope = -dotProduct(gradient, gradient)
            }
            var search = wolfeSearch(direction: d, slope: slope,
                                     initialStep: pairs.isEmpty ? Swift.min(1, 1 / euclideanNorm(gradient)) : 1)
            if search.status == .failed && !pairs.isEmpty {
                pairs.clear()
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
            if sy > 1e-12 * euclideanNorm(s) * euclideanNorm(y), sy.isFinite { pairs.append(s: s, y: y, sy: sy) }
            if let stop = stopReason(previousValue: previousValue, previousX: previousX) { return result(stop) }
        }
    }
}

/// The last `capacity` correction pairs of L-BFGS in a ring.
struct LBFGSMemory {
    let capacity: Int
    var s: [[Double]] = []
    var y: [[Double]] = []
    var rho: [Double] = []
    var newest = -1

    init(capacity: Int) { self.capacity = capacity }

    var isEmpty: Bool { s.isEmpty }

    mutating func clear() { s = []; y = []; rho = []; newest = -1 }

    mutating func append(s newS: [Double], y newY: [Double], sy: Double) {
        if s.count < capacity {
            s.append(newS); y.append(newY); rho.append(1 / sy)
            newest = s.count - 1
        } else {
            newest = (newest + 1) % capacity
            s[newest] = newS; y[newest] = newY; rho[newest] = 1 / sy
        }
    }

    /// −H·g by the two-loop recursion; −g when empty.
    func direction(_ g: [Double]) -> [Double] {
        var q = g
        let k = s.count
        if k == 0 { return g.map { -$0 } }
        var alpha = [Double](repeating: 0, count: k)
        for t in 0..<k {
            let i = (newest - t + k) % k
            alpha[i] = rho[i] * dotProduct(s[i], q)
            addScaled(&q, -alpha[i], y[i])
        }
        let gamma = 1 / (rho[newest] * dotProduct(y[newest], y[newest]))
        for i in q.indices { q[i] *= gamma }
        for t in 0..<k {
            let i = (newest + 1 + t) % k
            let beta = rho[i] * dotProduct(y[i], q)
            addScaled(&q, alpha[i] - beta, s[i])
        }
        for i in q.indices { q[i] = -q[i] }
        return q
    }
}
