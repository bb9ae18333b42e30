import RealModule
/// The implicit Radau IIA method of order 5 with error control, after Hairer & Wanner's `RADAU5`
/// (Solving Ordinary Differential Equations II, IV.8): for stiff problems and
/// differential-algebraic-like stiffness, L-stable, order 5 at step ends.
///
/// **One step.** The stage increments `Zᵢ = Yᵢ − y₀` at the nodes `cᵢ` solve
/// `Z = h (A ⊗ I) F(Z)`. With `T⁻¹A⁻¹T = Λ` (one real eigenvalue γ, a complex pair α ± iβ) and
/// `W = (T⁻¹ ⊗ I) Z`, the simplified Newton iteration splits into one real and one complex
/// `n × n` system,
///
///     (γ/h·I − J) ΔW₁ = r₁,     ((α + iβ)/h·I − J)(ΔW₂ + iΔW₃) = r₂ + i r₃,
///
/// with `J = ∂f/∂y` from forward-mode AD of `f` itself and `r = (T⁻¹ ⊗ I) F(Z) − (Λ/h ⊗ I) W`.
/// The iteration stops when the contraction estimate `θ` predicts the remaining error below
/// `κ = max(10ε/rtol, min(0.03, √rtol))` (in the tolerance-weighted norm); a Newton iteration that
/// diverges or is predicted to converge too slowly rejects the step (with a fresh Jacobian
/// first, if the old one was stale). Starting values come from the previous step's collocation
/// polynomial.
///
/// **Error and step size.** `err = (γ/h·I − J)⁻¹ (f(y₀) + Σ dᵢ Zᵢ/h)` (an embedded order-3
/// estimate, filtered so that it stays bounded for stiff components), recomputed once with
/// `f(y₀ + err)` after a rejection. The new step is `h·fac·err^{-1/4}` (safety `fac` shrinking
/// with the Newton iterations used), combined with Gustafsson's predictive controller, within
/// `[0.2h, 8h]`. The Jacobian is kept while Newton converges fast (`θ ≤ 10⁻³`), and the LU
/// factors too when the step would change by less than 20%.
///
/// **Dense output.** The collocation polynomial through `(0, 0), (c₁, Z₁), (c₂, Z₂), (1, Z₃)`:
/// order 3 between step ends.
///
/// - Complexity: per Newton iteration three evaluations of `f` and O(n²) for the solves; per
///   Jacobian ⌈n/8⌉ evaluations of `f` on duals; per LU O(n³) (a real and a complex factor).
///
/// ```swift
/// var radau = try Radau5(ODEProblems.Robertson(), from: 0, initialValue: [1.0, 0, 0],
///                        parameters: [0.04, 1e4, 3e7], toward: 40,
///                        options: ODEOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-12))
/// while radau.time < 40 { try radau.step(toward: 40) }
/// ```
public struct Radau5<F: ODEFunction, S: ODEScalar>: ODEIntegrator {
    /// The scalar of the state.
    public typealias Scalar = S
    @usableFromInline typealias C = Radau5Coefficients

    @usableFromInline var rhs: ODEEvaluator<F, S>
    @usableFromInline var t: Double
    @usableFromInline var y: [S]
    /// `f(t, y)`.
    @usableFromInline var f0: [S]
    /// `∂f/∂y`, row-major, at the point recorded by `jacobianIsCurrent`.
    @usableFromInline var jac: [S]
    /// `true` when `jac` was computed at the current `(t, y)`.
    @usableFromInline var jacobianIsCurrent: Bool
    @usableFromInline var realLU: ODELinearSolve.RealLU<S>?
    @usableFromInline var complexLU: ODELinearSolve.ComplexLU<S>?
    /// The signed step the LU factors were built for.
    @usableFromInline var luStep = 0.0
    @usableFromInline var hAbs: Double
    @usableFromInline let direction: Double
    @usableFromInline let maximumStep: Double
    @usableFromInline let maximumSteps: Int
    @usableFromInline let fixedStep: Double?
    @usableFromInline let newtonTolerance: Double
    /// `10ε/rtol`: a Newton increment this small (in the tolerance norm) is rounding noise.
    @usableFromInline let roundoffLevel: Double
    /// Newton iterations per attempt: 7 (RADAU5's), 20 with a fixed step (which cannot shrink).
    @usableFromInline let newtonIterationLimit: Int
    /// Hairer's `FACCON`: the last contraction factor θ/(1 − θ), carried to the next step.
    @usableFromInline var contraction = 1.0
    /// Step size and error of the last accepted step (Gustafsson's predictive controller).
    @usableFromInline var hAccepted = 0.0
    @usableFromInline var errorAccepted = 0.0
    @usableFromInline var isFirstStep = true
    /// The last accepted step: start, signed size, start state and the Newton divided
    /// differences of its collocation polynomial (3·n).
    @usableFromInline var tOld: Double
    @usableFromInline var hLast = 0.0
    @usableFromInline var yOld: [S]
    @usableFromInline var polynomial: [S] = []

    /// The time reached.
    @inlinable public var time: Double { t }
    /// The state at ``time``.
    @inlinable public var state: [S] { y }
    /// The start of the last accepted step.
    @inlinable public var previousTime: Double { tOld }
    /// What the integration has cost so far.
    @inlinable public var statistics: ODEStatistics { rhs.statistics }

    /// Starts at `(t0, y0)`, ready to integrate toward `tEnd`: evaluates `f(t0, y0)`, its
    /// Jacobian by AD, and (unless ``ODEOptions/initialStep`` is given) one more `f` to choose
    /// the first step.
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
        yOld = y0
        direction = tEnd >= t0 ? 1 : -1
        maximumStep = options.maximumStep
        maximumSteps = options.maximumSteps
        fixedStep = options.fixedStepSize
        let rtol = options.relativeTolerance
        newtonTolerance = Swift.max(10 * Double.ulpOfOne / rtol, Swift.min(0.03, rtol.squareRoot()))
        roundoffLevel = 10 * Double.ulpOfOne / rtol
        newtonIterationLimit = options.fixedStepSize == nil ? C.maximumNewtonIterations : 20
        f0 = []
        jac = []
        jacobianIsCurrent = true
        hAbs = 0
        f0 = try rhs(t0, y0)
        guard odeAllFinite(f0) else {
            throw ODEFailure(.nonFiniteValue, time: t0, statistics: rhs.statistics)
        }
        jac = try rhs.jacobian(t0, y0)
        let interval = Swift.abs(tEnd - t0)
        if let h = options.fixedStepSize ?? options.initialStep {
            hAbs = Swift.min(h, maximumStep)
        } else if interval > 0 {
            hAbs = try odeInitialStep(&rhs, t0: t0, y0: y0, f0: f0, direction: direction,
                                      interval: interval, errorOrder: 3, maximumStep: maximumStep)
        } else {
            hAbs = Swift.min(1e-6, maximumStep)
        }
    }

    /// Factors `γ/h·I − J` and `(α + iβ)/h·I − J`; `false` when either is singular.
    @inlinable
    mutating func factor(step h: Double) -> Bool {
        let n = y.count
        rhs.statistics.luDecompositions += 1
        var real = [S](repeating: 0, count: n * n)
        var re = [S](repeating: 0, count: n * n)
        var im = [S](repeating: 0, count: n * n)
        for i in 0..<(n * n) {
            real[i] = -jac[i]
            re[i] = -jac[i]
        }
        let g = S(odeConstant: C.gamma / h), a = S(odeConstant: C.alpha / h)
        let b = S(odeConstant: C.beta / h)
        for i in 0..<n {
            real[i * n + i] += g
            re[i * n + i] += a
            im[i * n + i] = b
        }
        realLU = ODELinearSolve.RealLU(real, dimension: n)
        complexLU = ODELinearSolve.ComplexLU(re: re, im: im, dimension: n)
        luStep = h
        return realLU != nil && complexLU != nil
    }

    /// The collocation polynomial of the last step at θ (relative to `yOld`):
    /// `a₁θ + a₂θ(θ − c₁) + a₃θ(θ − c₁)(θ − c₂)`.
    @inlinable
    func polynomialIncrement(at theta: Double) -> [S] {
        let n = y.count
        let w1 = theta, w2 = theta * (theta - C.c1), w3 = w2 * (theta - C.c2)
        var out = [S](repeating: 0, count: n)
        for i in 0..<n {
            out[i] = polynomial[i].odeScaled(by: w1) + polynomial[n + i].odeScaled(by: w2)
                + polynomial[2 * n + i].odeScaled(by: w3)
        }
        return out
    }

    /// Takes one accepted step toward `limit` (see ``ODEIntegrator/step(toward:)``).
    @inlinable
    public mutating func step(toward limit: Double) throws(ODEFailure) {
        guard limit.isFinite, direction * (limit - t) >= 0 else {
            throw ODEFailure(.invalidInput("step limit \(limit) lies behind t = \(t)"), time: t,
                             statistics: rhs.statistics)
        }
        if limit == t { return }
        let n = y.count
        let nit = newtonIterationLimit
        var rejectedBefore = false
        var nonFiniteBefore = false
        var singularCount = 0
        var newtonFailureCount = 0
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

            if realLU == nil || complexLU == nil || luStep != h {
                if !factor(step: h) {
                    realLU = nil
                    rhs.statistics.rejectedSteps += 1
                    singularCount += 1
                    if singularCount >= 5 || fixedStep != nil {
                        throw ODEFailure(.singularMatrix, time: t, statistics: rhs.statistics)
                    }
                    hAbs = Swift.abs(h) * 0.5
                    rejectedBefore = true
                    continue
                }
            }
            guard let lu1 = realLU, let lu2 = complexLU else { continue }

            // Simplified Newton iteration on the transformed stage increments W = (T⁻¹ ⊗ I) Z.
            let scN = rhs.scale(y)
            var z = [[S]](repeating: [S](repeating: 0, count: n), count: 3)
            if hLast != 0 {
                let yEnd = polynomialIncrement(at: 1)   // Z₃ of the last step
                for (s, ci) in [C.c1, C.c2, 1].enumerated() {
                    let p = polynomialIncrement(at: 1 + ci * h / hLast)
                    for i in 0..<n { z[s][i] = p[i] - yEnd[i] }
                }
            }
            var w = transform(z, C.tInverse)
            contraction = Double.pow(Swift.max(contraction, Double.ulpOfOne), 0.8)
            var converged = false
            var nonFinite = false
            var iterations = 0
            var theta = 1.0
            var thetaQuotientOld = 1.0
            var normOld = 0.0
            var failureFactor = 0.5
            let gh = C.gamma / h, ah = C.alpha / h, bh = C.beta / h
            newton: while iterations < nit {
                var fz = [[S]]()
                fz.reserveCapacity(3)
                for (s, ci) in [C.c1, C.c2, 1].enumerated() {
                    var ys = y
                    for i in 0..<n { ys[i] += z[s][i] }
                    let fs = try rhs(t + ci * h, ys)
                    guard odeAllFinite(fs) else { nonFinite = true; break newton }
                    fz.append(fs)
                }
                iterations += 1
                rhs.statistics.newtonIterations += 1
                var r = transform(fz, C.tInverse)
                for i in 0..<n {
                    r[0][i] -= w[0][i].odeScaled(by: gh)
                    let w2 = w[1][i], w3 = w[2][i]
                    r[1][i] -= w2.odeScaled(by: ah) - w3.odeScaled(by: bh)
                    r[2][i] -= w2.odeScaled(by: bh) + w3.odeScaled(by: ah)
                }
                let dw0 = lu1.solve(r[0])
                let (dw1, dw2) = lu2.solve(r[1], r[2])
                var total = 0.0
                for i in 0..<n {
                    total += dw0[i].odeSquaredNorm(dividedBy: scN[i])
                        + dw1[i].odeSquaredNorm(dividedBy: scN[i])
                        + dw2[i].odeSquaredNorm(dividedBy: scN[i])
                }
                let norm = (total / Double(3 * n)).squareRoot()
                guard odeAllFinite(dw0) && odeAllFinite(dw1) && odeAllFinite(dw2) else {
                    nonFinite = true
                    break newton
                }
                guard norm.isFinite else { failureFactor = 0.5; break newton }
                if iterations > 1 && norm > roundoffLevel {
                    let quotient = norm / normOld
                    theta = iterations == 2 ? quotient : (quotient * thetaQuotientOld).squareRoot()
                    thetaQuotientOld = quotient
                    if theta < 0.99 {
                        contraction = theta / (1 - theta)
                        let predicted = contraction * norm
                            * Double.pow(theta, Double(nit - iterations)) / newtonTolerance
                        if predicted >= 1 {
                            // Converging, but too slowly to finish within nit iterations.
                            let q = Swift.max(1e-4, Swift.min(20, predicted))
                            failureFactor = 0.8 * Double.pow(q, -1 / (4 + Double(nit - iterations)))
                            break newton
                        }
                    } else {
                        failureFactor = 0.5
                        break newton
                    }
                }
                normOld = Swift.max(norm, Double.ulpOfOne)
                for i in 0..<n {
                    w[0][i] += dw0[i]
                    w[1][i] += dw1[i]
                    w[2][i] += dw2[i]
                }
                z = transform(w, C.t)
                if contraction * norm <= newtonTolerance || norm <= roundoffLevel {
                    converged = true
                    break newton
                }
            }
            if !converged {
                rhs.statistics.newtonFailures += 1
                rhs.statistics.rejectedSteps += 1
                newtonFailureCount += 1
                if fixedStep != nil || newtonFailureCount > 20 {
                    throw ODEFailure(nonFinite ? .nonFiniteValue : .newtonFailure, time: t,
                                     statistics: rhs.statistics)
                }
                nonFiniteBefore = nonFinite
                rejectedBefore = true
                hAbs = Swift.abs(h) * (nonFinite ? 0.5 : failureFactor)
                if !jacobianIsCurrent {
                    jac = try rhs.jacobian(t, y)
                    jacobianIsCurrent = true
                }
                realLU = nil
                continue
            }

            // Error estimate.
            var yNew = y
            for i in 0..<n { yNew[i] += z[2][i] }
            let sc = rhs.scale(y, yNew)
            var ze = [S](repeating: 0, count: n)
            for i in 0..<n {
                for s in 0..<3 { ze[i] += z[s][i].odeScaled(by: C.errorWeights[s] / h) }
            }
            var b = f0
            for i in 0..<n { b[i] += ze[i] }
            var e = lu1.solve(b)
            var err = odeNorm(e, sc)
            var errorFinite = odeAllFinite(e)
            if !(err < 1) && errorFinite && (isFirstStep || rejectedBefore) && fixedStep == nil {
                var ye = y
                for i in 0..<n { ye[i] += e[i] }
                var fe = try rhs(t, ye)
                if odeAllFinite(fe) {
                    for i in 0..<n { fe[i] += ze[i] }
                    e = lu1.solve(fe)
                    err = odeNorm(e, sc)
                    errorFinite = odeAllFinite(e)
                } else {
                    err = .nan
                    errorFinite = false
                }
            }
            let safety = Swift.min(0.9, 0.9 * Double(1 + 2 * nit) / Double(iterations + 2 * nit))
            if fixedStep == nil && !(err < 1) {
                rhs.statistics.rejectedSteps += 1
                nonFiniteBefore = !errorFinite
                let factor = err.isFinite
                    ? Swift.max(0.2, safety * Double.pow(err, -0.25)) : 0.2
                hAbs = Swift.abs(h) * (isFirstStep && err.isFinite ? 0.1 : factor)
                rejectedBefore = true
                // As RADAU5: a rejected step gets a fresh Jacobian if the old one was stale.
                if !jacobianIsCurrent {
                    jac = try rhs.jacobian(t, y)
                    jacobianIsCurrent = true
                }
                realLU = nil
                continue
            }

            // Accepted.
            let fNew = try rhs(tNew, yNew)
            guard odeAllFinite(fNew) else {
                throw ODEFailure(.nonFiniteValue, time: tNew, statistics: rhs.statistics)
            }
            rhs.statistics.acceptedSteps += 1
            storePolynomial(z)
            yOld = y
            tOld = t
            hLast = h
            t = tNew
            y = yNew
            f0 = fNew
            if fixedStep == nil {
                let e = Swift.max(err, 1e-10)
                var quotient = Swift.min(5, Swift.max(1.0 / 8, Double.pow(e, 0.25) / safety))
                if !isFirstStep && hAccepted > 0 {
                    var gustafsson = (hAccepted / Swift.abs(h)) * Double.pow(e * e / errorAccepted, 0.25) / safety
                    gustafsson = Swift.min(5, Swift.max(1.0 / 8, gustafsson))
                    quotient = Swift.max(quotient, gustafsson)
                }
                hAccepted = Swift.abs(h)
                errorAccepted = Swift.max(1e-2, e)
                var hNew = Swift.abs(h) / quotient
                if rejectedBefore { hNew = Swift.min(hNew, Swift.abs(h)) }
                hNew = Swift.min(hNew, maximumStep)
                let keepJacobian = iterations == 1 || theta <= 1e-3
                if keepJacobian {
                    jacobianIsCurrent = false
                    // Keep the step (and so the LU factors) when it would grow by less than 20%.
                    let ratio = hNew / Swift.abs(h)
                    if ratio >= 1 && ratio <= 1.2 { hNew = Swift.abs(h) }
                } else {
                    jac = try rhs.jacobian(t, y)
                    jacobianIsCurrent = true
                    realLU = nil
                }
                // A step shortened to land on `limit` does not shrink the next one.
                hAbs = (tNew == limit && Swift.abs(h) < hAbs) ? Swift.max(hNew, Swift.min(hAbs, maximumStep)) : hNew
                if hAbs != Swift.abs(h) { realLU = nil }
            } else {
                jac = try rhs.jacobian(t, y)
                jacobianIsCurrent = true
                realLU = nil
            }
            isFirstStep = false
            return
        }
    }

    /// `out[j] = Σₘ M[j][m] · v[m]` for a 3×3 matrix `M` (row-major) acting on three vectors.
    @inlinable
    func transform(_ v: [[S]], _ m: [Double]) -> [[S]] {
        let n = y.count
        var out = [[S]](repeating: [S](repeating: 0, count: n), count: 3)
        for j in 0..<3 {
            for k in 0..<3 where m[3 * j + k] != 0 {
                let c = m[3 * j + k]
                for i in 0..<n { out[j][i] += v[k][i].odeScaled(by: c) }
            }
        }
        return out
    }

    /// Newton divided differences of the polynomial through (0, 0), (c₁, Z₁), (c₂, Z₂), (1, Z₃).
    @inlinable
    mutating func storePolynomial(_ z: [[S]]) {
        let n = y.count
        var p = [S](repeating: 0, count: 3 * n)
        for i in 0..<n {
            let d01 = z[0][i].odeScaled(by: 1 / C.c1)
            let d12 = (z[1][i] - z[0][i]).odeScaled(by: 1 / (C.c2 - C.c1))
            let d23 = (z[2][i] - z[1][i]).odeScaled(by: 1 / (1 - C.c2))
            let d012 = (d12 - d01).odeScaled(by: 1 / C.c2)
            let d123 = (d23 - d12).odeScaled(by: 1 / (1 - C.c1))
            p[i] = d01
            p[n + i] = d012
            p[2 * n + i] = d123 - d012
        }
        polynomial = p
    }

    /// The collocation polynomial of the last accepted step at `t` (order 3 between step ends).
    /// - Complexity: O(n).
    @inlinable
    public func interpolate(at time: Double) -> [S] {
        if hLast == 0 { return y }
        let inc = polynomialIncrement(at: (time - tOld) / hLast)
        var out = yOld
        for i in 0..<out.count { out[i] += inc[i] }
        return out
    }
}
