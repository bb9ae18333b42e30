import Autodiff
import LinearAlgebra
import RealModule

/// The solution at the output times together with its Jacobian with respect to the parameters
/// (and optionally the initial value), from
/// ``solveODEWithSensitivities(_:from:initialValue:parameters:at:method:options:withRespectToInitialValue:)``.
public struct ODESensitivitySolution: Sendable {
    /// The requested output times.
    public var times: [Double]
    /// `values[k]` is `y(times[k])`.
    public var values: [[Double]]
    /// `jacobians[k]` is the `n × m` matrix `∂yᵢ(times[k])/∂θⱼ`, with `θ` the parameters followed,
    /// when requested, by the initial value.
    public var jacobians: [Matrix<Double>]
    /// The cost, summed over the forward sweeps (one per chunk of up to 8 directions).
    public var statistics: ODEStatistics

    /// A solution from its parts.
    @inlinable
    public init(times: [Double], values: [[Double]], jacobians: [Matrix<Double>],
                statistics: ODEStatistics) {
        self.times = times
        self.values = values
        self.jacobians = jacobians
        self.statistics = statistics
    }
}

/// Solves `y′ = f(t, y, p)`, `y(t0) = y0` and differentiates the solution at each output time
/// with respect to `p` (and `y0` when `withRespectToInitialValue`), by forward-mode AD *through
/// the integrator*.
///
/// The integrator runs on `MultiDual<N, Double>` states with the parameters seeded as the
/// independent directions (`N` ∈ {1, 2, 4, 8}, the smallest that holds all `m` directions, in
/// ⌈m/8⌉ runs when `m > 8`). Every operation of the method — stages, Newton iterations, LU
/// solves, the dense output — then carries the derivative, so the result is the exact
/// derivative of the computed discrete solution along its step sequence (step sizes are held
/// constant in the differentiation: they depend on the values only). This equals the solution of
/// the forward variational equations `S′ = (∂f/∂y) S + ∂f/∂p` by the same method and steps.
/// Error control and Newton convergence include the derivative parts (see ``ODEScalar``), so
/// they are as accurate as the solution itself.
///
/// - Complexity: about `1 + m` times the cost of the plain solve per run (more steps when the
///   derivatives need them).
/// - Throws: ``ODEFailure`` as ``solveODE(_:from:initialValue:parameters:at:method:options:)``.
///
/// ```swift
/// let s = try solveODEWithSensitivities(ODEProblems.LotkaVolterra(), from: 0,
///     initialValue: [1.0, 1], parameters: [1.5, 1, 3, 1], at: [1, 2, 5], method: .dormandPrince,
///     options: ODEOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10))
/// s.jacobians[2][0, 1]   // ∂x(5)/∂β
/// ```
@inlinable
public func solveODEWithSensitivities<F: ODEFunction>(
    _ f: F, from t0: Double, initialValue y0: [Double], parameters: [Double], at times: [Double],
    method: ODEMethod = .radau5, options: ODEOptions = ODEOptions(),
    withRespectToInitialValue: Bool = false
) throws(ODEFailure) -> ODESensitivitySolution {
    let n = y0.count, np = parameters.count
    let m = np + (withRespectToInitialValue ? n : 0)
    if m == 0 {
        let plain = try solveODE(f, from: t0, initialValue: y0, parameters: parameters, at: times,
                                 method: method, options: options)
        return ODESensitivitySolution(
            times: times, values: plain.values,
            jacobians: Array(repeating: Matrix(rows: n, columns: 0, elements: []), count: times.count),
            statistics: plain.statistics)
    }
    var jacobians = Array(repeating: Matrix<Double>(rows: n, columns: m, repeating: 0), count: times.count)
    var values: [[Double]] = []
    var statistics = ODEStatistics()
    var start = 0
    while start < m {
        let width: Int
        switch m - start {
        case ...1: width = try sensitivityChunk(f, t0, y0, parameters, times, method, options,
                                                 withRespectToInitialValue, start, MultiDual<1, Double>.self,
                                                 &values, &jacobians, &statistics)
        case 2: width = try sensitivityChunk(f, t0, y0, parameters, times, method, options,
                                             withRespectToInitialValue, start, MultiDual<2, Double>.self,
                                             &values, &jacobians, &statistics)
        case 3...4: width = try sensitivityChunk(f, t0, y0, parameters, times, method, options,
                                                 withRespectToInitialValue, start, MultiDual<4, Double>.self,
                                                 &values, &jacobians, &statistics)
        default: width = try sensitivityChunk(f, t0, y0, parameters, times, method, options,
                                              withRespectToInitialValue, start, MultiDual<8, Double>.self,
                                              &values, &jacobians, &statistics)
        }
        start += width
    }
    return ODESensitivitySolution(times: times, values: values, jacobians: jacobians,
                                  statistics: statistics)
}

/// One forward sweep through the solver with directions `start ..< start + N` seeded; fills
/// those Jacobian columns (and the values, from the first sweep). Returns `N`.
@inlinable
func sensitivityChunk<F: ODEFunction, let N: Int>(
    _ f: F, _ t0: Double, _ y0: [Double], _ parameters: [Double], _ times: [Double],
    _ method: ODEMethod, _ options: ODEOptions, _ withInitialValue: Bool, _ start: Int,
    _ width: MultiDual<N, Double>.Type, _ values: inout [[Double]],
    _ jacobians: inout [Matrix<Double>], _ statistics: inout ODEStatistics
) throws(ODEFailure) -> Int {
    let np = parameters.count, n = y0.count
    let m = np + (withInitialValue ? n : 0)
    let tag = makePerturbationTag()
    func seeded(_ v: Double, direction j: Int) -> MultiDual<N, Double> {
        var partials = InlineArray<N, Double>(repeating: 0)
        if j >= start && j < start + N { partials[j - start] = 1 }
        return MultiDual(v, partials: partials, tag: tag)
    }
    let p = parameters.indices.map { seeded(parameters[$0], direction: $0) }
    let y = y0.indices.map { withInitialValue ? seeded(y0[$0], direction: np + $0)
                                              : MultiDual<N, Double>(constant: y0[$0]) }
    let solution = try solveODE(f, from: t0, initialValue: y, parameters: p, at: times,
                                method: method, options: options)
    if values.isEmpty { values = solution.values.map { $0.map(\.value) } }
    let s = solution.statistics
    statistics.steps += s.steps
    statistics.acceptedSteps += s.acceptedSteps
    statistics.rejectedSteps += s.rejectedSteps
    statistics.functionEvaluations += s.functionEvaluations
    statistics.jacobianEvaluations += s.jacobianEvaluations
    statistics.jacobianFunctionEvaluations += s.jacobianFunctionEvaluations
    statistics.luDecompositions += s.luDecompositions
    statistics.newtonIterations += s.newtonIterations
    statistics.newtonFailures += s.newtonFailures
    for k in times.indices {
        for i in 0..<n {
            for j in start..<Swift.min(start + N, m) {
                jacobians[k][i, j] = solution.values[k][i].partials[j - start]
            }
        }
    }
    return N
}
