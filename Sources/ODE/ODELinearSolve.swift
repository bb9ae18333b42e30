import RealModule
/// Dense LU factorisations with partial pivoting for the integrators' iteration matrices —
/// internal to `ODE` for now (the `Optimization` work adds a public LU to `LinearAlgebra`; the two
/// are to be unified then).
///
/// Generic over ``ODEScalar`` so that a solve on dual numbers carries derivatives: pivots are
/// chosen by the magnitude of the values only, and a zero or non-finite pivot means "singular"
/// (a `nil` factorisation, never a trap).
@usableFromInline
enum ODELinearSolve {
    /// `P·A = L·U` of a real `n × n` matrix, both factors stored in one array (unit-diagonal `L`
    /// below, `U` on and above the diagonal), row-major.
    @usableFromInline
    struct RealLU<S: ODEScalar> {
        @usableFromInline let n: Int
        @usableFromInline var lu: [S]
        @usableFromInline var pivots: [Int]

        /// Factors `a` (row-major `n × n`); `nil` when a pivot is zero or not finite.
        /// - Complexity: O(n³).
        @inlinable
        init?(_ a: [S], dimension n: Int) {
            self.n = n
            lu = a
            pivots = Array(0..<n)
            for k in 0..<n {
                var p = k
                var best = Swift.abs(lu[k * n + k].odeValue)
                for i in (k + 1)..<Swift.max(k + 1, n) {
                    let v = Swift.abs(lu[i * n + k].odeValue)
                    if v > best { best = v; p = i }
                }
                guard best > 0, best.isFinite else { return nil }
                if p != k {
                    for j in 0..<n { lu.swapAt(k * n + j, p * n + j) }
                    pivots.swapAt(k, p)
                }
                let pivot = lu[k * n + k]
                for i in (k + 1)..<Swift.max(k + 1, n) {
                    let m = lu[i * n + k] / pivot
                    lu[i * n + k] = m
                    if m == 0 { continue }
                    for j in (k + 1)..<n { lu[i * n + j] -= m * lu[k * n + j] }
                }
            }
        }

        /// Solves `A·x = b`.
        /// - Complexity: O(n²).
        @inlinable
        func solve(_ b: [S]) -> [S] {
            var x = [S](repeating: 0, count: n)
            for i in 0..<n { x[i] = b[pivots[i]] }
            for i in 0..<n {
                var s = x[i]
                for j in 0..<i { s -= lu[i * n + j] * x[j] }
                x[i] = s
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = x[i]
                for j in (i + 1)..<n { s -= lu[i * n + j] * x[j] }
                x[i] = s / lu[i * n + i]
            }
            return x
        }
    }

    /// `P·A = L·U` of a complex `n × n` matrix held as separate real and imaginary parts
    /// (row-major), for Radau's complex-eigenvalue block `(α + iβ)/h·I − J`.
    @usableFromInline
    struct ComplexLU<S: ODEScalar> {
        @usableFromInline let n: Int
        @usableFromInline var re: [S]
        @usableFromInline var im: [S]
        @usableFromInline var pivots: [Int]

        /// Factors `re + i·im`; `nil` when a pivot is zero or not finite.
        /// - Complexity: O(n³) complex operations.
        @inlinable
        init?(re: [S], im: [S], dimension n: Int) {
            self.n = n
            self.re = re
            self.im = im
            pivots = Array(0..<n)
            for k in 0..<n {
                var p = k
                var best = Swift.abs(self.re[k * n + k].odeValue) + Swift.abs(self.im[k * n + k].odeValue)
                for i in (k + 1)..<Swift.max(k + 1, n) {
                    let v = Swift.abs(self.re[i * n + k].odeValue) + Swift.abs(self.im[i * n + k].odeValue)
                    if v > best { best = v; p = i }
                }
                guard best > 0, best.isFinite else { return nil }
                if p != k {
                    for j in 0..<n {
                        self.re.swapAt(k * n + j, p * n + j)
                        self.im.swapAt(k * n + j, p * n + j)
                    }
                    pivots.swapAt(k, p)
                }
                let pr = self.re[k * n + k], pi = self.im[k * n + k]
                for i in (k + 1)..<Swift.max(k + 1, n) {
                    let (mr, mi) = complexDivide(self.re[i * n + k], self.im[i * n + k], pr, pi)
                    self.re[i * n + k] = mr
                    self.im[i * n + k] = mi
                    if mr == 0 && mi == 0 { continue }
                    for j in (k + 1)..<n {
                        let ar = self.re[k * n + j], ai = self.im[k * n + j]
                        self.re[i * n + j] -= mr * ar - mi * ai
                        self.im[i * n + j] -= mr * ai + mi * ar
                    }
                }
            }
        }

        /// Solves `A·(xr + i·xi) = br + i·bi`.
        /// - Complexity: O(n²) complex operations.
        @inlinable
        func solve(_ br: [S], _ bi: [S]) -> (re: [S], im: [S]) {
            var xr = [S](repeating: 0, count: n), xi = [S](repeating: 0, count: n)
            for i in 0..<n { xr[i] = br[pivots[i]]; xi[i] = bi[pivots[i]] }
            for i in 0..<n {
                var sr = xr[i], si = xi[i]
                for j in 0..<i {
                    let lr = re[i * n + j], li = im[i * n + j]
                    sr -= lr * xr[j] - li * xi[j]
                    si -= lr * xi[j] + li * xr[j]
                }
                xr[i] = sr; xi[i] = si
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var sr = xr[i], si = xi[i]
                for j in (i + 1)..<n {
                    let ur = re[i * n + j], ui = im[i * n + j]
                    sr -= ur * xr[j] - ui * xi[j]
                    si -= ur * xi[j] + ui * xr[j]
                }
                (xr[i], xi[i]) = complexDivide(sr, si, re[i * n + i], im[i * n + i])
            }
            return (xr, xi)
        }
    }
}

/// `(a + ib)/(c + id)` by Smith's algorithm (no overflow of `c² + d²` for large entries); the
/// branch looks at the values only.
@inlinable
func complexDivide<S: ODEScalar>(_ a: S, _ b: S, _ c: S, _ d: S) -> (S, S) {
    if Swift.abs(c.odeValue) >= Swift.abs(d.odeValue) {
        let r = d / c
        let den = c + d * r
        return ((a + b * r) / den, (b - a * r) / den)
    } else {
        let r = c / d
        let den = c * r + d
        return ((a * r + b) / den, (b * r - a) / den)
    }
}
