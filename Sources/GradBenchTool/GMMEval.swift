import Autodiff
import DataIO

/// GradBench's `gmm` eval: the log posterior of a Gaussian mixture with a Wishart prior on the
/// precisions, in GradBench's parametrisation (`alpha`, `mu`, `q`, `l`), and its gradient.
///
/// The objective is written once on an ``ArrayTape`` and the gradient is one reverse sweep of
/// it (reverse mode, array nodes). For component `k`, with `Qₖ` the lower-triangular matrix of
/// `exp(qₖ)` and `lₖ`:
///
///     βᵢₖ = αₖ + Σⱼ qₖⱼ − ½‖Qₖxᵢ − Qₖμₖ‖²
///     F = −n·d/2·log 2π + Σᵢ logsumexpₖ βᵢₖ − n·logsumexp(α) + log p(Q)
///
/// `Qₖxᵢ` for all rows is one triangular product with the data held transposed (`d × n`, a
/// layout change of the constant input, made before the timing), so every loop runs along the
/// `n` rows and vectorises; the log-sum-exp over components is composed of the tape's maximum,
/// map and sum nodes. Writing `Qₖ(xᵢ − μₖ)` as `Qₖxᵢ − Qₖμₖ` keeps the data constant, so the
/// sweep needs one `d²n/2` product per component (`Q̄ₖ += Ȳₖ·Xᵀ`) besides the forward one.
public struct GMMEval: GradBenchEval {
    /// `"gmm"`.
    public let module = "gmm"
    /// `objective` and `jacobian`.
    public let functions = ["objective", "jacobian"]

    /// The largest `k·n·d` accepted: the recording holds about `2·k·n·d` numbers.
    public static let maximumWork = 100_000_000

    /// An instance.
    public init() {}

    /// A GMM input: the data (held transposed), the parameters and the prior.
    public struct Problem: Sendable {
        /// Dimension, components, points.
        public let d: Int, k: Int, n: Int
        /// The data transposed: `d × n` row-major (`xt[j·n + i]` is coordinate `j` of point `i`).
        public let xt: [Double]
        /// `k` weights' logits, `k × d` means, `k × d` log-diagonals, `k × d(d−1)/2` lower parts.
        public let alpha: [Double], mu: [Double], q: [Double], l: [Double]
        /// Wishart prior: extra degrees of freedom and precision.
        public let m: Int, gamma: Double

        /// A problem from row-major data `x` (`n × d`) and flattened parameters.
        /// - Precondition: the counts match `d`, `k`, `n`.
        public init(d: Int, k: Int, n: Int, x: [Double], alpha: [Double], mu: [Double], q: [Double],
                    l: [Double], m: Int, gamma: Double) {
            precondition(x.count == n * d && alpha.count == k && mu.count == k * d && q.count == k * d
                         && l.count == k * d * (d - 1) / 2, "GMMEval.Problem: shapes do not match")
            self.d = d; self.k = k; self.n = n
            var t = [Double](repeating: 0, count: n * d)
            for i in 0..<n { for j in 0..<d { t[j * n + i] = x[i * d + j] } }
            xt = t
            self.alpha = alpha; self.mu = mu; self.q = q; self.l = l; self.m = m; self.gamma = gamma
        }

        /// The terms of `F` that depend on no parameter: `−n·d/2·log 2π` and the Wishart
        /// normaliser `k·(ν·d·log(γ/√2) − log Γ_d(ν/2))` with `ν = d + m + 1`.
        public var constantTerm: Double {
            let nu = Double(d + m + 1)
            var logMultiGamma = Double(d * (d - 1)) / 4 * Double.log(.pi)
            for j in 1...Swift.max(d, 1) { logMultiGamma += Double.logGamma(nu / 2 + Double(1 - j) / 2) }
            let prior = Double(k) * (nu * Double(d) * (Double.log(gamma) - 0.5 * Double.log(2)) - logMultiGamma)
            return -Double(n * d) * 0.5 * Double.log(2 * .pi) + prior
        }
    }

    /// The recorded variables of one evaluation.
    public struct Recording {
        /// The inputs.
        public let alpha: ArrayVariable, mu: ArrayVariable, q: ArrayVariable, l: ArrayVariable
        /// The log posterior (`1 × 1`).
        public let objective: ArrayVariable
    }

    /// Element functions of the objective.
    struct Exp: ArrayUnaryFunction {
        @inlinable func callAsFunction<T: Real>(_ x: T) -> T { T.exp(x) }
    }
    /// `c − r/2`: a component's log weight, log determinant and Mahalanobis term.
    struct HalfSubtracted: ArrayBinaryFunction {
        @inlinable func callAsFunction<T: Real>(_ r: T, _ c: T) -> T { c - r / 2 }
    }
    /// The prior's term in `q`: `½γ²·exp(q)² − m·q`.
    struct PriorDiagonal: ArrayUnaryFunction {
        let halfGammaSquared: Double, m: Double
        @inlinable func callAsFunction<T: Real>(_ q: T) -> T {
            let e = T.exp(q)
            return lift(halfGammaSquared) * e * e - lift(m) * q
        }
    }
    /// The prior's term in `l`: `½γ²·l²`.
    struct PriorLower: ArrayUnaryFunction {
        let halfGammaSquared: Double
        @inlinable func callAsFunction<T: Real>(_ l: T) -> T { lift(halfGammaSquared) * l * l }
    }

    /// Records `F` on `tape` (emptied first).
    /// - Complexity: O(k·n·d²/2) for the triangular products, O(k·n) exponentials.
    public static func record(_ p: Problem, on tape: ArrayTape) -> Recording {
        tape.reset()
        let d = p.d, k = p.k, n = p.n, ld = d * (d - 1) / 2
        let alpha = tape.variable(p.alpha), mu = tape.variable(p.mu)
        let q = tape.variable(p.q), l = tape.variable(p.l)
        let xt = tape.constant(p.xt, rows: d, columns: n)
        var betas: [ArrayVariable] = []
        betas.reserveCapacity(k)
        for c in 0..<k {
            let qc = tape.slice(q, from: c * d, rows: d)
            let lower = tape.lowerTriangular(diagonal: tape.map(Exp(), qc),
                                             strictlyLower: tape.slice(l, from: c * ld, rows: ld))
            let qx = tape.triangularProduct(lower, xt)                                   // d × n
            let qmu = tape.triangularProduct(lower, tape.slice(mu, from: c * d, rows: d))  // d × 1
            let r = tape.sumOfSquaredDifferences(qx, qmu, over: .rows)                   // 1 × n
            let weight = tape.add(tape.slice(alpha, from: c, rows: 1), tape.sum(qc))      // 1 × 1
            betas.append(tape.map(HalfSubtracted(), r, weight))
        }
        let beta = tape.stack(betas)                                       // k × n
        let shift = tape.max(beta, over: .rows)                            // 1 × n
        let sums = tape.sum(tape.map(LSEEval.ShiftedExp(), beta, shift), over: .rows)
        let logLikelihood = tape.sum(tape.map(LSEEval.LogPlus(), sums, shift))
        let alphaShift = tape.max(alpha)
        let lseAlpha = tape.map(LSEEval.LogPlus(), tape.mapSum(LSEEval.ShiftedExp(), alpha, alphaShift), alphaShift)
        let halfGammaSquared = 0.5 * p.gamma * p.gamma
        let prior = tape.add(tape.mapSum(PriorDiagonal(halfGammaSquared: halfGammaSquared, m: Double(p.m)), q),
                             tape.mapSum(PriorLower(halfGammaSquared: halfGammaSquared), l))
        let f = tape.add(tape.subtract(tape.subtract(logLikelihood, tape.scale(lseAlpha, by: Double(n))), prior),
                         tape.constant(p.constantTerm))
        return Recording(alpha: alpha, mu: mu, q: q, l: l, objective: f)
    }

    /// The log posterior.
    public static func objective(_ p: Problem, tape: ArrayTape) -> Double {
        tape.scalarValue(of: record(p, on: tape).objective)
    }

    /// The gradient `(∂F/∂α, ∂F/∂μ, ∂F/∂q, ∂F/∂l)`, flattened like the inputs.
    public static func gradient(_ p: Problem, tape: ArrayTape)
        -> (alpha: [Double], mu: [Double], q: [Double], l: [Double])
    {
        let r = record(p, on: tape)
        tape.gradient(of: r.objective)
        return (tape.adjoint(of: r.alpha), tape.adjoint(of: r.mu), tape.adjoint(of: r.q), tape.adjoint(of: r.l))
    }

    struct Run: PreparedEvaluation {
        let problem: Problem
        let differentiate: Bool
        let tape = ArrayTape()
        var value = 0.0
        var gradient: (alpha: [Double], mu: [Double], q: [Double], l: [Double]) = ([], [], [], [])
        mutating func run() {
            if differentiate { gradient = GMMEval.gradient(problem, tape: tape) }
            else { value = GMMEval.objective(problem, tape: tape) }
        }
        func output() -> JSONValue {
            guard differentiate else { return .number(value) }
            let d = problem.d
            return .object([
                "alpha": .numbers(gradient.alpha),
                "mu": .rows(gradient.mu, columns: d),
                "q": .rows(gradient.q, columns: d),
                "l": d > 1 ? .rows(gradient.l, columns: d * (d - 1) / 2)
                           : .array(Array(repeating: .array([]), count: problem.k)),
            ])
        }
    }

    /// Reads `d`, `k`, `n`, `x`, `alpha`, `mu`, `q`, `l`, `m`, `gamma`, checking every shape.
    public func prepare(function: String, input: EvalInput) throws(EvalInputError) -> any PreparedEvaluation {
        try Run(problem: Self.problem(input), differentiate: function == "jacobian")
    }

    /// The problem in an input.
    /// - Throws: ``EvalInputError`` naming the field whose shape or value is wrong.
    public static func problem(_ input: EvalInput) throws(EvalInputError) -> Problem {
        let d = try input.integer("d", in: 1...4096)
        let k = try input.integer("k", in: 1...1_000_000)
        let n = try input.integer("n", in: 1...100_000_000)
        guard k * n * d <= maximumWork else {
            throw EvalInputError("gmm input: k·n·d = \(k * n * d) exceeds \(maximumWork) (the recording keeps a d × n array per component)")
        }
        let x = try input.matrix("x", rows: n, columns: d)
        let alpha = try input.numbers("alpha", count: k)
        let mu = try input.matrix("mu", rows: k, columns: d)
        let q = try input.matrix("q", rows: k, columns: d)
        let l = try input.matrix("l", rows: k, columns: d * (d - 1) / 2)
        let m = try input.integer("m", in: 0...1_000_000)
        let gamma = try input.number("gamma")
        guard gamma > 0 && gamma.isFinite else {
            throw EvalInputError("gmm input: field \"gamma\" must be a positive number, got \(gamma)")
        }
        return Problem(d: d, k: k, n: n, x: x.values, alpha: alpha, mu: mu.values, q: q.values,
                       l: l.values, m: m, gamma: gamma)
    }
}
