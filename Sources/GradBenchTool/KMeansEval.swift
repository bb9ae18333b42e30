import Autodiff

/// GradBench's `kmeans` eval: the cost `f(C) = Σᵢ minⱼ ‖pᵢ − cⱼ‖²` and the Newton direction
/// `∇f ⊘ diag(H)` (the Hessian is diagonal).
///
/// **Route.** The minimum's derivative is the derivative of the selected term, so `f` is
/// evaluated as `Σᵢ ‖pᵢ − c_{a(i)}‖²` where the assignment `a(i) = argminⱼ ‖pᵢ − cⱼ‖²` is an
/// integer computed on the values (the `n·k·d` search, the bulk of the work, in plain `Double`
/// loops that vectorise across centroids). That function is then recorded once on a tape of
/// dual numbers (`ReverseTape<Dual<Double>>`, inputs `C + 1·ε`) as one fused map–sum node, and
/// one reverse sweep gives `∇f` and, in the tangents, `H·1` — forward over reverse, which is
/// `diag(H)` since `H` is diagonal. No derivative is written by hand.
public struct KMeansEval: GradBenchEval {
    /// `"kmeans"`.
    public let module = "kmeans"
    /// `cost` and `dir`.
    public let functions = ["cost", "dir"]

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
        }
    }

    /// For each point the index of its nearest centroid (the first at a tie) and the squared
    /// distance to it: distances accumulated over the coordinates in order, for all centroids
    /// at once (a loop across the transposed centroids that vectorises).
    /// - Complexity: O(n·k·d).
    public static func nearest(_ p: Problem) -> (assignment: [Int32], distance: [Double]) {
        let n = p.n, k = p.k, d = p.d
        var assignment = [Int32](repeating: 0, count: n)
        var distance = [Double](repeating: 0, count: n)
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
        return (assignment, distance)
    }

    /// `f(C) = Σᵢ minⱼ ‖pᵢ − cⱼ‖²`.
    public static func cost(_ p: Problem) -> Double {
        var s = 0.0
        for v in nearest(p).distance { s += v }
        return s
    }

    /// `(pᵢ − c)²` as a map–sum term.
    struct SquaredDifference: ElementwiseTerm {
        @inlinable func callAsFunction<T: Real>(_ i: Int, _ c: T, _ x: T) -> T {
            let t = x - c
            return t * t
        }
    }

    /// `Σᵢ ‖pᵢ − c_{a(i)}‖²` for a fixed assignment, written once for any `Real` scalar: the
    /// gathered centroid coordinates against the points, one fused map–sum.
    public static func assignedCost<T: Real>(_ c: [T], points: [Double], assignment: [Int32], d: Int) -> T {
        let n = assignment.count
        var gathered = [T]()
        gathered.reserveCapacity(n * d)
        for i in 0..<n {
            let base = Int(assignment[i]) * d
            for l in 0..<d { gathered.append(c[base + l]) }
        }
        let x: [T] = points.map { lift($0) }
        return sumOfTerms(SquaredDifference(), gathered[...], x[...])
    }

    /// The Newton direction `∇f ⊘ (H·1)`, row-major `k × d`: the assignment from the search,
    /// then one forward-over-reverse recording and sweep on `tape`.
    /// - Complexity: O(n·k·d) search plus O(n·d) recording and sweep.
    public static func direction(_ p: Problem, tape: ReverseTape<Dual<Double>>) -> [Double] {
        let assignment = nearest(p).assignment
        let ones = [Double](repeating: 1, count: p.k * p.d)
        let r = tape.valueGradientAndHessianVectorProduct(
            of: { assignedCost($0, points: p.points, assignment: assignment, d: p.d) },
            at: p.centroids, direction: ones)
        return zip(r.gradient, r.hessianVectorProduct).map { $0 / $1 }
    }

    struct Run: PreparedEvaluation {
        let problem: Problem
        let differentiate: Bool
        let tape = ReverseTape<Dual<Double>>()
        var value = 0.0
        var dir: [Double] = []
        mutating func run() {
            if differentiate { dir = KMeansEval.direction(problem, tape: tape) }
            else { value = KMeansEval.cost(problem) }
        }
        func output() -> GradBenchJSON { differentiate ? .rows(dir, columns: problem.d) : .number(value) }
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
        return Run(problem: Problem(points: points.values, centroids: centroids.values,
                                    n: points.rows, k: centroids.rows, d: points.columns),
                   differentiate: function == "dir")
    }
}
