import RealModule
/// The explicit Dormand–Prince 5(4) Runge–Kutta method with error control and a dense output of
/// order 4 — SciPy's `RK45`, Hairer's `DOPRI5`.
///
/// Seven stages per step, the last reused as the first of the next (FSAL), so six evaluations of
/// `f` per step. The local error is estimated by the embedded order-4 solution, and the step is
/// chosen by Hairer's PI controller: `h_new = h · min(10, max(0.2, 0.9·err^{-0.17}·err_old^{0.04}))`.
/// Between step ends, the solution is the quartic continuous extension of Hairer–Nørsett–Wanner
/// (Solving ODE I, II.6).
///
/// Explicit, so on a stiff problem the step stays inside the stability region (`|hλ| ≲ 3.3`)
/// however smooth the solution: on Robertson's problem it needs ~10⁵ steps where ``Radau5`` needs
/// ~10². ``ODEOptions/maximumSteps`` stops it with a typed failure.
///
/// - Complexity: six evaluations of `f` and O(n) arithmetic per attempted step.
///
/// ```swift
/// var dp = try DormandPrince(ODEProblems.LotkaVolterra(), from: 0, initialValue: [1.0, 1],
///                            parameters: [1.5, 1, 3, 1], toward: 10,
///                            options: ODEOptions(relativeTolerance: 1e-8))
/// try dp.step(toward: 10)
/// let mid = dp.interpolate(at: (dp.previousTime + dp.time) / 2)
/// ```
public struct DormandPrince<F: ODEFunction, S: ODEScalar>: ODEIntegrator {
    /// The scalar of the state.
    public typealias Scalar = S

    @usableFromInline var rhs: ODEEvaluator<F, S>
    @usableFromInline var t: Double
    @usableFromInline var y: [S]
    /// `f(t, y)`, the first stage of the next step (FSAL).
    @usableFromInline var k1: [S]
    @usableFromInline var hAbs: Double
    @usableFromInline let direction: Double
    @usableFromInline let maximumStep: Double
    @usableFromInline let maximumSteps: Int
    @usableFromInline let fixedStep: Double?
    /// The previous accepted error norm (PI controller), at least 1e-4.
    @usableFromInline var errorOld = 1e-4
    @usableFromInline var tOld: Double
    @usableFromInline var hLast = 0.0
    /// The five coefficient vectors of the continuous extension, flat (5·n).
    @usableFromInline var dense: [S]

    /// The time reached.
    @inlinable public var time: Double { t }
    /// The state at ``time``.
    @inlinable public var state: [S] { y }
    /// The start of the last accepted step.
    @inlinable public var previousTime: Double { tOld }
    /// What the integration has cost so far.
    @inlinable public var statistics: ODEStatistics { rhs.statistics }

    /// Starts at `(t0, y0)`, ready to integrate toward `tEnd` (which sets the direction and
    /// bounds the first step). Evaluates `f` twice (at `t0`, and once more to choose the first
    /// step unless ``ODEOptions/initialStep`` is given).
    /// - Throws: ``ODEFailure`` with `.invalidInput` for unusable input, `.nonFiniteValue` when
    ///   `f(t0, y0)` is not finite.
    @inlinable
    public init(_ f: F, from t0: Double, initialValue y0: [S], parameters: [S] = [],
                toward tEnd: Double, options: ODEOptions) throws(ODEFailure) {
        if let message = odeProblemMessage(t0: t0, y0: y0, parameters: parameters, tEnd: tEnd,
                                           options: options) {
            throw ODEFailure(.invalidInput(message), time: t0)
        }
        let n = y0.count
        rhs = ODEEvaluator(f, parameters: parameters, dimension: n, options: options)
        t = t0
        tOld = t0
        y = y0
        direction = tEnd >= t0 ? 1 : -1
        maximumStep = options.maximumStep
        maximumSteps = options.maximumSteps
        fixedStep = options.fixedStepSize
        dense = []
        k1 = []
        hAbs = 0
        k1 = try rhs(t0, y0)
        guard odeAllFinite(k1) else {
            throw ODEFailure(.nonFiniteValue, time: t0, statistics: rhs.statistics)
        }
        let interval = Swift.abs(tEnd - t0)
        if let h = options.fixedStepSize ?? options.initialStep {
            hAbs = Swift.min(h, maximumStep)
        } else if interval > 0 {
            hAbs = try odeInitialStep(&rhs, t0: t0, y0: y0, f0: k1, direction: direction,
                                      interval: interval, errorOrder: 4, maximumStep: maximumStep)
        } else {
            hAbs = Swift.min(1e-6, maximumStep)
        }
        dense = Self.constantDense(y0)
    }

    /// A dense output that returns `y` everywhere (before the first step).
    @inlinable
    static func constantDense(_ y: [S]) -> [S] {
        var d = [S](repeating: 0, count: 5 * y.count)
        for i in 0..<y.count { d[i] = y[i] }
        return d
    }

    /// Takes one accepted step toward `limit` (see ``ODEIntegrator/step(toward:)``).
    @inlinable
    public mutating func step(toward limit: Double) throws(ODEFailure) {
        guard limit.isFinite, direction * (limit - t) >= 0 else {
            throw ODEFailure(.invalidInput("step limit \(limit) lies behind t = \(t)"), time: t,
                             statistics: rhs.statistics)
        }
        if limit == t { return }
        typealias C = DormandPrinceCoefficients
        let n = y.count
        var rejectedBefore = false
        var nonFiniteBefore = false
        while true {
            if rhs.statistics.steps >= maximumSteps {
                throw ODEFailure(.maximumStepsReached(maximumSteps), time: t, statistics: rhs.statistics)
            }
            if let fixed = fixedStep { hAbs = fixed }
            if hAbs < odeMinimumStep(at: t, direction: direction) {
                throw ODEFailure(nonFiniteBefore ? .nonFiniteValue : .stepSizeTooSmall(stepSize: hAbs),
                                 time: t, statistics: rhs.statistics)
            }
            // Within 1% of `limit`, stretch the step to land on it (as Hairer's codes).
            var tNew = t + direction * hAbs
            if direction * (t + 1.01 * direction * hAbs - limit) > 0 { tNew = limit }
            let h = tNew - t
            rhs.statistics.steps += 1

            // Stages 2…6 and the new solution (stage 7 is f at the new solution).
            let y0 = y
            func combine(_ ks: [[S]], _ a: [Double]) -> [S] {
                var out = y0
                for j in 0..<ks.count where a[j] != 0 {
                    let c = h * a[j]
                    let k = ks[j]
                    for i in 0..<n { out[i] += k[i].odeScaled(by: c) }
                }
                return out
            }
            var ks = [k1]
            ks.reserveCapacity(7)
            for s in 1..<6 {
                let stage = combine(ks, C.a[s])
                ks.append(try rhs(t + C.c[s] * h, stage))
            }
            let yNew = combine(ks, C.b)
            ks.append(try rhs(tNew, yNew))

            var err = Double.nan
            let valuesFinite = odeAllFinite(yNew) && odeAllFinite(ks[6])
            if valuesFinite {
                var e = [S](repeating: 0, count: n)
                for j in 0..<7 where C.e[j] != 0 {
                    let c = h * C.e[j]
                    for i in 0..<n { e[i] += ks[j][i].odeScaled(by: c) }
                }
                err = odeNorm(e, rhs.scale(y, yNew))
            }
            if fixedStep != nil && !valuesFinite {
                throw ODEFailure(.nonFiniteValue, time: t, statistics: rhs.statistics)
            }
            if fixedStep == nil && !(err <= 1) {
                rhs.statistics.rejectedSteps += 1
                rejectedBefore = true
                nonFiniteBefore = !valuesFinite
                if err.isFinite {
                    hAbs = Swift.abs(h) / Swift.min(C.maximumDecrease, Double.pow(err, C.exponent) / C.safety)
                } else {
                    hAbs = Swift.abs(h) / C.maximumDecrease
                }
                continue
            }

            // Accepted: continuous extension, then the next step size.
            var d = [S](repeating: 0, count: 5 * n)
            for i in 0..<n {
                let ydiff = yNew[i] - y[i]
                let bspl = ks[0][i].odeScaled(by: h) - ydiff
                d[i] = y[i]
                d[n + i] = ydiff
                d[2 * n + i] = bspl
                d[3 * n + i] = ydiff - ks[6][i].odeScaled(by: h) - bspl
                var s = S.zero
                for j in 0..<7 where C.d[j] != 0 { s += ks[j][i].odeScaled(by: h * C.d[j]) }
                d[4 * n + i] = s
            }
            dense = d
            tOld = t
            hLast = h
            t = tNew
            y = yNew
            k1 = ks[6]
            rhs.statistics.acceptedSteps += 1
            if fixedStep == nil {
                let e = Swift.max(err, 0)
                let fac11 = Double.pow(e, C.exponent)
                var fac = fac11 / Double.pow(errorOld, C.beta)
                fac = Swift.max(1 / C.maximumIncrease, Swift.min(C.maximumDecrease, fac / C.safety))
                var hNew = Swift.abs(h) / fac
                if rejectedBefore { hNew = Swift.min(hNew, Swift.abs(h)) }
                errorOld = Swift.max(e, 1e-4)
                hAbs = Swift.min(hNew, maximumStep)
            }
            return
        }
    }

    /// The quartic continuous extension at `t` (θ = (t − t_old)/h):
    /// `y(θ) = r₁ + θ(r₂ + (1−θ)(r₃ + θ(r₄ + (1−θ) r₅)))`.
    /// - Complexity: O(n).
    @inlinable
    public func interpolate(at time: Double) -> [S] {
        let n = y.count
        if hLast == 0 { return y }
        let theta = (time - tOld) / hLast, theta1 = 1 - theta
        var out = [S](repeating: 0, count: n)
        for i in 0..<n {
            let inner = dense[3 * n + i] + dense[4 * n + i].odeScaled(by: theta1)
            let mid = dense[2 * n + i] + inner.odeScaled(by: theta)
            out[i] = dense[i] + (dense[n + i] + mid.odeScaled(by: theta1)).odeScaled(by: theta)
        }
        return out
    }
}

/// The Dormand–Prince 5(4) tableau (Dormand & Prince 1980), its error weights `b − b̂`, and
/// the dense-output weights of Hairer–Nørsett–Wanner (Solving ODE I, II.6, as in `DOPRI5`).
@usableFromInline
enum DormandPrinceCoefficients {
    @usableFromInline static let c: [Double] = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1]
    /// Row `s` holds `a_{s,j}` for the stages before it.
    @usableFromInline static let a: [[Double]] = [
        [],
        [1.0 / 5],
        [3.0 / 40, 9.0 / 40],
        [44.0 / 45, -56.0 / 15, 32.0 / 9],
        [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
        [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
    ]
    /// The order-5 weights (also the last stage's row: FSAL).
    @usableFromInline static let b: [Double] = [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84]
    /// `b − b̂` over the seven stages.
    @usableFromInline static let e: [Double] = [
        71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40,
    ]
    /// Weights of the fifth dense-output coefficient `r₅ = h Σ dⱼ kⱼ`.
    @usableFromInline static let d: [Double] = [
        -12715105075.0 / 11282082432, 0, 87487479700.0 / 32700410799,
        -10690763975.0 / 1880347072, 701980252875.0 / 199316789632,
        -1453857185.0 / 822651844, 69997945.0 / 29380423,
    ]
    @usableFromInline static let safety = 0.9
    /// Exponent of the PI controller's error term: 1/5 − 0.75·β.
    @usableFromInline static let exponent = 0.2 - 0.04 * 0.75
    @usableFromInline static let beta = 0.04
    @usableFromInline static let maximumIncrease = 10.0
    @usableFromInline static let maximumDecrease = 5.0
}
