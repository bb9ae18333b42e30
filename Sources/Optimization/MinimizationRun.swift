import LinearAlgebra

/// The state every minimiser shares: the current iterate with its value and gradient, the
/// evaluation counters and budget, the history, and the stopping tests.
struct MinimizationRun {
    let objective: DifferentiableObjective
    let options: MinimizationOptions
    let method: MinimizationMethod
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant

    var x: [Double]
    var value: Double
    var gradient: [Double]
    var gradientNorm: Double
    var iteration = 0
    var functionEvaluations = 0
    var gradientEvaluations = 0
    var hessianEvaluations = 0
    var hessianVectorProducts = 0
    var history: [IterationRecord] = []
    /// Consecutive iterations whose decrease of f was at rounding level.
    var stalledIterations = 0
    /// Set when a custom objective broke its contract mid-run (a gradient of the wrong length).
    var violation: String? = nil

    /// Validates the input and evaluates f and ∇f at `x0`. Returns the run, or the result to
    /// return at once (invalid input, non-finite start, already converged, no iterations allowed).
    static func start(_ objective: DifferentiableObjective, at x0: [Double], method: MinimizationMethod,
                      options: MinimizationOptions) -> Result<MinimizationRun, Stop> {
        var run = MinimizationRun(objective: objective, options: options, method: method, x0: x0)
        if let message = options.validationMessage { return .failure(Stop(run, .invalidInput(message))) }
        if case .lbfgs(let m) = method, m < 1 {
            return .failure(Stop(run, .invalidInput("L-BFGS memory must be ≥ 1, got \(m)")))
        }
        if x0.isEmpty { return .failure(Stop(run, .invalidInput("the starting point is empty"))) }
        if let i = x0.firstIndex(where: { !$0.isFinite }) {
            return .failure(Stop(run, .invalidInput("the starting point's entry \(i) is \(x0[i])")))
        }
        let dense = method == .bfgs || method == .newton
            || (method == .trustRegionNewton && objective.hessianVectorProduct == nil)
        if dense && x0.count > MinimizationRun.denseLimit {
            return .failure(Stop(run, .invalidInput(
                "\(method) keeps a dense \(x0.count)×\(x0.count) matrix; above n = \(MinimizationRun.denseLimit) use L-BFGS or trust-region Newton")))
        }
        if method == .newton && objective.hessian == nil {
            return .failure(Stop(run, .invalidInput("Newton's method needs the objective's Hessian")))
        }
        if method == .trustRegionNewton && objective.hessianVectorProduct == nil && objective.hessian == nil {
            return .failure(Stop(run, .invalidInput("the trust-region Newton method needs Hessian–vector products")))
        }
        guard let (f, g) = run.valueAndGradient(x0) else { return .failure(Stop(run, run.exhausted)) }
        guard g.count == x0.count else {
            return .failure(Stop(run, .invalidInput("the gradient has \(g.count) entries, the start \(x0.count)")))
        }
        run.value = f
        run.gradient = g
        run.gradientNorm = maxNorm(g)
        run.record()
        guard f.isFinite, allFinite(g) else { return .failure(Stop(run, .nonFiniteValue)) }
        if run.gradientNorm <= options.gradientTolerance { return .failure(Stop(run, .gradientTolerance)) }
        if options.maxIterations == 0 { return .failure(Stop(run, .iterationLimit)) }
        return .success(run)
    }

    /// The largest n for which the dense methods (BFGS, Newton) run: an n×n matrix is then at most
    /// 2·10⁸ bytes (Newton holds three: the Hessian, its shifted copy and the Cholesky factor).
    static let denseLimit = 5000

    private init(objective: DifferentiableObjective, options: MinimizationOptions, method: MinimizationMethod,
                 x0: [Double]) {
        self.objective = objective
        self.options = options
        self.method = method
        self.started = clock.now
        x = x0
        value = .nan
        gradient = []
        gradientNorm = .nan
    }

    /// A stop before the iteration began, carried as the failure of ``start``.
    struct Stop: Error {
        let result: MinimizationResult
        init(_ run: MinimizationRun, _ reason: StopReason) { result = run.result(reason) }
    }

    // MARK: Counted evaluations

    var budgetLeft: Bool { functionEvaluations < options.maxEvaluations }

    /// `(f, ∇f)` at `x`, or `nil` once the evaluation budget is spent.
    /// `(f, ∇f)` at `x`, or `nil` once the evaluation budget is spent — or when a custom
    /// objective returns a gradient of the wrong length, which is recorded in ``violation`` (the
    /// run then stops with ``StopReason/invalidInput(_:)``; see ``exhausted``).
    mutating func valueAndGradient(_ x: [Double]) -> (Double, [Double])? {
        guard budgetLeft, violation == nil else { return nil }
        functionEvaluations += 1
        gradientEvaluations += 1
        let (f, g) = objective.valueAndGradient(x)
        guard g.count == x.count || functionEvaluations == 1 else {
            violation = "the gradient has \(g.count) entries at an iterate, the start \(x.count)"
            return nil
        }
        return (f, g)
    }

    /// Why an evaluation returned `nil`: the budget, or a contract violation of the objective.
    var exhausted: StopReason { violation.map { .invalidInput($0) } ?? .evaluationLimit }

    /// `f` at `x`, or `nil` once the evaluation budget is spent.
    mutating func value(_ x: [Double]) -> Double? {
        guard budgetLeft else { return nil }
        functionEvaluations += 1
        return objective.value(x)
    }

    /// ∇²f(x); a matrix of the wrong shape comes back as NaN (the methods then stop with
    /// ``StopReason/nonFiniteValue``).
    mutating func hessian(_ x: [Double]) -> Matrix<Double> {
        hessianEvaluations += 1
        let h = objective.hessian!(x)
        let n = x.count
        guard h.rows == n, h.columns == n else { return Matrix(rows: n, columns: n, repeating: .nan) }
        return h
    }

    /// H(x)·v; a product of the wrong length comes back as NaN.
    mutating func hessianTimes(_ v: [Double]) -> [Double] {
        hessianVectorProducts += 1
        let hv = objective.hessianVectorProduct!(x, v)
        guard hv.count == v.count else { return [Double](repeating: .nan, count: v.count) }
        return hv
    }

    // MARK: Iterations

    /// Moves to a new iterate (whose f and ∇f are known), counts the iteration and records it.
    /// Returns `false` (leaving the iterate unchanged) if the gradient is not finite.
    mutating func accept(x newX: [Double], value f: Double, gradient g: [Double]) -> Bool {
        guard f.isFinite, allFinite(g) else { return false }
        x = newX
        value = f
        gradient = g
        gradientNorm = maxNorm(g)
        iteration += 1
        record()
        return true
    }

    mutating func record() {
        guard options.recordHistory else { return }
        history.append(IterationRecord(
            iteration: iteration, value: value, gradientNorm: gradientNorm,
            functionEvaluations: functionEvaluations, gradientEvaluations: gradientEvaluations,
            seconds: seconds(since: started)))
    }

    func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = clock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// The stopping tests after an iteration that moved from (`previousX`, `previousValue`).
    ///
    /// Besides the tolerances of ``MinimizationOptions``, three consecutive iterations that
    /// decrease f by no more than its rounding level (4ε·|f|) stop the run as
    /// ``StopReason/noProgress``: f can no longer be decreased in floating point along the
    /// directions the method finds (e.g. MGH's Meyer problem, whose gradient cannot be brought
    /// below ~0.1 in double precision).
    mutating func stopReason(previousValue: Double, previousX: [Double]) -> StopReason? {
        if gradientNorm <= options.gradientTolerance { return .gradientTolerance }
        if options.functionTolerance > 0,
           Swift.abs(previousValue - value) <= options.functionTolerance * Swift.max(Swift.abs(previousValue), Swift.abs(value), 1) {
            return .functionTolerance
        }
        if options.stepTolerance > 0,
           maxNorm(difference(x, previousX)) <= options.stepTolerance * Swift.max(maxNorm(x), 1) {
            return .stepTolerance
        }
        if previousValue - value <= 4 * Double.ulpOfOne * Swift.abs(previousValue) {
            stalledIterations += 1
            if stalledIterations >= 3 { return .noProgress }
        } else {
            stalledIterations = 0
        }
        if iteration >= options.maxIterations { return .iterationLimit }
        if !budgetLeft { return .evaluationLimit }
        return nil
    }

    /// The result for a stop with `reason` at the current iterate.
    func result(_ reason: StopReason) -> MinimizationResult {
        MinimizationResult(
            method: method, minimizer: x, value: value, gradient: gradient, gradientNorm: gradientNorm,
            iterations: iteration, functionEvaluations: functionEvaluations,
            gradientEvaluations: gradientEvaluations, hessianEvaluations: hessianEvaluations,
            hessianVectorProducts: hessianVectorProducts, reason: reason, history: history)
    }

    /// What a line search that ended with `status` means for the run: `nil` to go on.
    func lineSearchStop(_ status: LineSearchStatus) -> StopReason? {
        switch status {
        case .satisfied, .decreaseOnly: nil
        case .failed: .noProgress
        case .budgetExhausted: exhausted
        }
    }
}
