import Autodiff
import DataIO

/// GradBench's `kmeans` eval: the cost `f(C) = Σᵢ minⱼ ‖pᵢ − cⱼ‖²` and the Newton direction
/// `∇f ⊘ diag(H)` (the Hessian is diagonal).
///
/// **Route.** The minimum's derivative is the derivative of the selected term, so `f` is
/// evaluated as `Σᵢ ‖pᵢ − c_{a(i)}‖²` where the assignment `a(i) = argminⱼ ‖pᵢ − cⱼ‖²` is an
/// integer computed on the values (the `n·k·d` search, the bulk of the work, in plain `Double`
/// loops that vectorise across centroids) — as `jnp.take(C, argmin)` would be. That function is
/// recorded on an ``ArrayTape`` (a row gather and a fused map–sum), together with its
/// forward-mode directional derivative along the all-ones direction (the same map–sum of the
/// element function's dual-number derivative); one reverse sweep of each gives `∇f` and
/// `H·1` (reverse over forward), which is `diag(H)` since `H` is diagonal. No derivative is
/// written by hand.
public struct KMeansEval: GradBenchEval {
    /// `"kmeans"`.
    public let module = "kmeans"
    /// `cost` and `dir`.
    public let functions = ["cost", "dir"]

    /// The largest `n·k·d` accepted (the search takes that many steps).
    public static let maximumWork = 4_000_000_000

    /// An instance.
    public init() {}

    /// Points and centroids, row-major, plus the centroids transposed for the search.
    public struct Problem: Sendable {
        /// Points, centroids, dimension.
        public let n: Int, k: Int, d: Int
        /// `n × d` points and `k × d` centroids, row-major.
        public let points: [Double], centroids: [Double]
        /// The centroids transposed, `d × k` (so the search runs across centroids).
        let centroidsT: [Double]
        /// The points transposed, `d × n` (so the search for few centroids runs across points).
        let pointsT: [Double]

        /// A problem.
        /// - Precondition: `points.count == n·d`, `centroids.count == k·d`, `k ≥ 1`.
        public init(points: [Double], centroids: [Double], n: Int, k: Int, d: Int) {
            precondition(points.count == n * d && centroids.count == k * d && k >= 1,
                         "KMeansEval.Problem: shapes do not match")
            self.n = n; self.k = k; self.d = d
            self.points = points; self.centroids = centroids
            var t = [Double](repeating: 0, count: k * d)
            for j in 0..<k { for l in 0..<d { t[l * k + j] = centroids[j * d + l] } }
            centroidsT = t
            var u = [Double](repeating: 0, count: n * d)
            for i in 0..<n { for l in 0..<d { u[l * n + i] = points[i * d + l] } }
            pointsT = u
        }
    }

    /// For each point the index of its nearest centroid (the first at a tie) and the squared
    /// distance to it, each distance accumulated over the coordinates in order. The loops run
    /// across centroids (many centroids) or across a block of points (few), so they vectorise.
    /// - Complexity: O(n·k·d).
    public static func nearest(_ p: Problem) -> (assignment: [Int32], distance: [Double]) {
        var assignment = [Int32](repeating: 0, count: p.n)
        var distance = [Double](repeating: 0, count: p.n)
        assignment.withUnsafeMutableBufferPointer { a in
            distance.withUnsafeMutableBufferPointer { dist in
                if p.k >= 32 { nearestAcrossCentroids(p, a.baseAddress!, dist.baseAddress!) }
                else { nearestAcrossPoints(p, a.baseAddress!, dist.baseAddress!) }
            }
        }
        return (assignment, distance)
    }

    static func nearestAcrossCentroids(_ p: Problem, _ assignment: UnsafeMutablePointer<Int32>,
                                       _ distance: UnsafeMutablePointer<Double>) {
        let n = p.n, k = p.k, d = p.d
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { dist in
            let dp = dist.baseAddress!
            p.points.withUnsafeBufferPointer { pts in
                p.centroidsT.withUnsafeBufferPointer { ct in
                    for i in 0..<n {
                        let x = pts.baseAddress! + i * d
                        let x0 = x[0]
                        for j in 0..<k { let t = x0 - ct[j]; dp[j] = t * t }
                        for l in 1..<Swift.max(d, 1) {
                            let xl = x[l], row = ct.baseAddress! + l * k
                            for j in 0..<k { let t = xl - row[j]; dp[j] += t * t }
                        }
                        var best = dp[0], at = 0
                        for j in 1..<k where dp[j] < best { best = dp[j]; at = j }
                        assignment[i] = Int32(at)
                        distance[i] = best
                    }
                }
            }
        }
    }

    static func nearestAcrossPoints(_ p: Problem, _ assignment: UnsafeMutablePointer<Int32>,
                                    _ distance: UnsafeMutablePointer<Double>) {
        let n = p.n, k = p.k, d = p.d
        let block = 256
        withUnsafeTemporaryAllocation(of: Double.self, capacity: block) { tmp in
            let t = tmp.baseAddress!
            p.pointsT.withUnsafeBufferPointer { pt in
                p.centroids.withUnsafeBufferPointer { cs in
                    var start = 0
                    while start < n {
                        let m = Swift.min(block, n - start)
                        let best = distance + start, at = assignment + start
                        for j in 0..<k {
                            let c = cs.baseAddress! + j * d
                            let c0 = c[0], p0 = pt.baseAddress! + start
                            for i in 0..<m { let u = p0[i] - c0; t[i] = u * u }
                            for l in 1..<Swift.max(d, 1) {
                                let cl = c[l], pl = pt.baseAddress! + l * n + start
                                for i in 0..<m { let u = pl[i] - cl; t[i] += u * u }
                            }
                            if j == 0 {
                                for i in 0..<m { best[i] = t[i]; at[i] = 0 }
                            } else {
                                let jj = Int32(j)
                                for i in 0..<m where t[i] < best[i] { best[i] = t[i]; at[i] = jj }
                            }
                        }
                        start += m
                    }
                }
            }
        }
    }

    /// `f(C) = Σᵢ minⱼ ‖pᵢ − cⱼ‖²`.
    public static func cost(_ p: Problem) -> Double {
        var s = 0.0
        for v in nearest(p).distance { s += v }
        return s
    }

    /// `(p − c)²`: one point coordinate against its centroid's.
    public struct SquaredDifference: ArrayBinaryFunction {
        /// An instance.
        public init() {}
        /// `(p − c)²`.
        @inlinable public func callAsFunction<T: Real>(_ c: T, _ p: T) -> T {
            let t = p - c
            return t * t
        }
    }

    /// `∂g/∂c · 1` of an element function `g(c, p)`: its derivative along a unit tangent of `c`,
    /// by forward mode (`g` runs on a dual number whose tangent is 1).
    public struct DirectionalDerivative<G: ArrayBinaryFunction>: ArrayBinaryFunction {
        /// The function differentiated.
        public let g: G
        /// The perturbation tag of the forward differentiation.
        public let tag: PerturbationTag
        /// `g`'s derivative in its first argument along 1.
        public init(_ g: G, tag: PerturbationTag) { self.g = g; self.tag = tag }
        /// `d/dε g(c + ε, p)` at 0.
        @inlinable public func callAsFunction<T: Real>(_ c: T, _ p: T) -> T {
            g(Dual<T>(c, tangent: 1, tag: tag), Dual<T>(constant: p)).tangent
        }
    }

    /// The Newton direction `∇f ⊘ (H·1)`, row-major `k × d`, on `tape` (emptied first).
    ///
    /// After the search, with `G = C[a]` (the gathered rows: one array node) and `P` the points:
    /// `f = Σ (P − G)²` is one map–sum node, and `φ = ∇f·1 = Σ ∂g/∂c(G, P)` — the forward-mode
    /// directional derivative of `f` along the all-ones tangent, which `gather` passes through
    /// unchanged — another. One reverse sweep of each gives `∇f` and `∇φ = H·1` (reverse over
    /// forward); `H` is diagonal, so `H·1` is its diagonal.
    /// - Complexity: O(n·k·d) search plus O(n·d) recording and sweeps.
    public static func direction(_ p: Problem, tape: ArrayTape) -> [Double] {
        let assignment = nearest(p).assignment
        tape.reset()
        let c = tape.variable(p.centroids, rows: p.k, columns: p.d)
        let g = tape.gather(rows: assignment, of: c)
        let x = tape.constant(p.points, rows: p.n, columns: p.d)
        let f = tape.mapSum(SquaredDifference(), g, x)
        let phi = tape.mapSum(DirectionalDerivative(SquaredDifference(), tag: makePerturbationTag()), g, x)
        tape.gradient(of: f)
        let gradient = tape.adjoint(of: c)
        tape.gradient(of: phi)
        return tape.withAdjoint(of: c) { h in
            guard let h else { return gradient.map { $0 / 0 } }
            return (0..<gradient.count).map { gradient[$0] / h[$0] }
        }
    }

    struct Run: PreparedEvaluation {
        let problem: Problem
        let differentiate: Bool
        let tape = ArrayTape()
        var value = 0.0
        var dir: [Double] = []
        mutating func run() {
            if differentiate { dir = KMeansEval.direction(problem, tape: tape) }
            else { value = KMeansEval.cost(problem) }
        }
        func output() -> JSONValue { differentiate ? .rows(dir, columns: problem.d) : .number(value) }
    }

    /// Reads `points` (`n × d`) and `centroids` (`k × d`), `n, k ≥ 1`.
    public func prepare(function: String, input: EvalInput) throws(EvalInputError) -> any PreparedEvaluation {
        let points = try input.matrix("points")
        guard points.rows > 0, points.columns > 0 else {
            throw EvalInputError("kmeans input: field \"points\" must hold at least one point with at least one coordinate")
        }
        let centroids = try input.matrix("centroids", columns: points.columns)
        guard centroids.rows > 0 else {
            throw EvalInputError("kmeans input: field \"centroids\" must hold at least one centroid")
        }
        guard points.rows * centroids.rows * points.columns <= Self.maximumWork else {
            throw EvalInputError("kmeans input: n·k·d = \(points.rows * centroids.rows * points.columns) exceeds \(Self.maximumWork)")
        }
        return Run(problem: Problem(points: points.values, centroids: centroids.values,
                                    n: points.rows, k: centroids.rows, d: points.columns),
                   differentiate: function == "dir")
    }
}
