/// One point of a line search φ(α) = f(x + α·d): the step, φ(α), φ′(α) = ∇f(x + α·d)ᵀd, and what
/// the caller kept about it (the point and its gradient).
struct LineSearchPoint<Payload> {
    var step: Double
    var value: Double
    var slope: Double
    var payload: Payload
}

/// How a line search ended.
enum LineSearchStatus: Equatable {
    /// The strong Wolfe conditions (or, for backtracking, the Armijo condition) hold.
    case satisfied
    /// A point with sufficient decrease was found but not the curvature condition (the search ran
    /// out of trials, or its interval shrank to rounding level): usable, but skip quasi-Newton
    /// updates whose curvature sᵀy ≤ 0.
    case decreaseOnly
    /// No point decreased f.
    case failed
    /// The evaluation budget ran out before any point decreased f.
    case budgetExhausted
}

/// The line search of Moré & Thuente (1994), "Line search algorithms with guaranteed sufficient
/// decrease", ACM TOMS 20(3), 286–307: it finds a step satisfying the strong Wolfe conditions
///
///     φ(α) ≤ φ(0) + c₁·α·φ′(0)   and   |φ′(α)| ≤ c₂·|φ′(0)|
///
/// by safeguarded cubic and quadratic interpolation inside an interval of uncertainty that it
/// first extrapolates to bracket such a step and then shrinks. Until a point with ψ(α) ≤ 0 and
/// ψ′(α) ≥ 0 is found it works on the auxiliary ψ(α) = φ(α) − φ(0) − c₁·α·φ′(0) (the paper's
/// stage 1), then on φ itself.
///
/// Written from the paper (its Sections 2–4 and the update rules of its Section 4, "Trial value
/// selection"). A trial where f or its slope is not finite is not interpolated: the step is halved
/// towards the best point so far, and the extrapolation limit drops below the failed step.
struct MoreThuenteLineSearch {
    var sufficientDecrease = 1e-4
    var curvature = 0.9
    /// Relative width of the interval of uncertainty below which the search stops.
    var intervalTolerance = 1e-12
    var minStep = 0.0
    var maxStep = 1e20
    var maxTrials = 40

    /// Searches from φ(0) = `start.value`, φ′(0) = `start.slope` < 0 with first trial step
    /// `initialStep`. `evaluate(α)` returns φ(α), φ′(α) and a payload, or `nil` when the
    /// evaluation budget is exhausted.
    func search<P>(start: LineSearchPoint<P>, initialStep: Double,
                   evaluate: (Double) -> (value: Double, slope: Double, payload: P)?)
        -> (point: LineSearchPoint<P>, status: LineSearchStatus)
    {
        let finit = start.value, ginit = start.slope
        // Not a descent direction (e.g. a slope that underflowed to 0): nothing to search.
        guard ginit < 0, finit.isFinite else { return (start, .failed) }
        let gtest = sufficientDecrease * ginit
        var stpmax = maxStep
        var stp = Swift.min(Swift.max(initialStep, minStep), stpmax)
        var brackt = false
        var stage1 = true
        var width = stpmax - minStep
        var width1 = 2 * width
        // stx: the best step so far (lowest ψ/φ); sty: the other end of the interval.
        var stx = 0.0, fx = finit, gx = ginit, px = start.payload
        var sty = 0.0, fy = finit, gy = ginit
        var stmin = 0.0, stmax = stp + 4 * stp
        // The best point with sufficient decrease seen (returned when the search gives up).
        var bestDecrease: LineSearchPoint<P>? = nil

        func giveUp(_ current: LineSearchPoint<P>?) -> (point: LineSearchPoint<P>, status: LineSearchStatus) {
            var best = bestDecrease
            if let c = current, c.value < finit, c.value < (best?.value ?? .infinity) { best = c }
            if stx > 0, fx < finit, fx < (best?.value ?? .infinity) {
                best = LineSearchPoint(step: stx, value: fx, slope: gx, payload: px)
            }
            if let best { return (best, .decreaseOnly) }
            return (start, .failed)
        }

        var trials = 0
        while trials < maxTrials {
            trials += 1
            guard let (f, g, payload) = evaluate(stp) else {
                let r = giveUp(nil)
                return (r.point, r.status == .failed ? .budgetExhausted : r.status)
            }
            if !f.isFinite || !g.isFinite {
                // Too far: never extrapolate to here again; move halfway back to the best point.
                if !brackt {
                    stpmax = stp
                    stmax = Swift.min(stmax, stp)
                }
                stp = stx + 0.5 * (stp - stx)
                if !(stp > minStep) || stp == stx { return giveUp(nil) }
                continue
            }
            let current = LineSearchPoint(step: stp, value: f, slope: g, payload: payload)
            let ftest = finit + stp * gtest
            if f <= ftest, f < (bestDecrease?.value ?? .infinity) { bestDecrease = current }
            if stage1 && f <= ftest && g >= Swift.min(sufficientDecrease, curvature) * ginit { stage1 = false }
            // Convergence: both strong Wolfe conditions.
            if f <= ftest && Swift.abs(g) <= curvature * (-ginit) { return (current, .satisfied) }
            // No further progress possible.
            if brackt && (stp <= stmin || stp >= stmax) { return giveUp(current) }
            if brackt && stmax - stmin <= intervalTolerance * stmax { return giveUp(current) }
            if stp == stpmax && f <= ftest && g <= gtest && f < finit { return (current, .decreaseOnly) }
            if stp == minStep && (f > ftest || g >= gtest) { return giveUp(current) }

            var step = TrialStep(stx: stx, fx: fx, dx: gx, sty: sty, fy: fy, dy: gy, brackt: brackt)
            if stage1 && f <= fx && f > ftest {
                // Stage 1 on the modified function ψ (values and slopes shifted by the line c₁αφ′(0)).
                step.fx -= stx * gtest; step.fy -= sty * gtest
                step.dx -= gtest; step.dy -= gtest
                stp = step.update(stp: stp, fp: f - stp * gtest, dp: g - gtest, stpmin: stmin, stpmax: stmax)
                step.fx += step.stx * gtest; step.fy += step.sty * gtest
                step.dx += gtest; step.dy += gtest
            } else {
                stp = step.update(stp: current.step, fp: f, dp: g, stpmin: stmin, stpmax: stmax)
            }
            stx = step.stx; fx = step.fx; gx = step.dx
            sty = step.sty; fy = step.fy; gy = step.dy
            brackt = step.brackt
            if stx == current.step { px = payload }

            // Force sufficient shrinkage of the interval (bisection when it did not shrink by 1/3).
            if brackt {
                if Swift.abs(sty - stx) >= 0.66 * width1 { stp = stx + 0.5 * (sty - stx) }
                width1 = width
                width = Swift.abs(sty - stx)
            }
            if brackt {
                stmin = Swift.min(stx, sty)
                stmax = Swift.max(stx, sty)
            } else {
                stmin = stp + 1.1 * (stp - stx)
                stmax = stp + 4 * (stp - stx)
            }
            stp = Swift.min(Swift.max(stp, minStep), stpmax)
            if brackt && (stp <= stmin || stp >= stmax || stmax - stmin <= intervalTolerance * stmax) {
                stp = stx
            }
            if stp == current.step && !brackt && stp == stpmax {
                // Extrapolation is pinned at the cap and the cap was already tried.
                return giveUp(current)
            }
        }
        return giveUp(nil)
    }
}

/// The safeguarded step of Moré & Thuente (their Section 4): given the interval end points
/// (`stx`, `fx`, `dx`) — the best so far — and (`sty`, `fy`, `dy`), and the trial (`stp`, `fp`,
/// `dp`), it updates the interval and returns the next trial step, chosen among the minimiser of
/// the cubic interpolating both ends (`stpc`), of the quadratic (`stpq`), or the secant step,
/// by the four cases of the paper.
struct TrialStep {
    var stx: Double, fx: Double, dx: Double
    var sty: Double, fy: Double, dy: Double
    var brackt: Bool

    mutating func update(stp: Double, fp: Double, dp: Double, stpmin: Double, stpmax: Double) -> Double {
        let sgnd = dp * (dx / Swift.abs(dx))
        var stpf: Double
        if fp > fx {
            // Case 1: higher value — the minimum is bracketed; take the cubic step if it is
            // closer to stx than the quadratic, else their average.
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = Swift.max(Swift.abs(theta), Swift.abs(dx), Swift.abs(dp))
            var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp < stx { gamma = -gamma }
            let p = (gamma - dx) + theta
            let q = ((gamma - dx) + gamma) + dp
            let stpc = stx + (p / q) * (stp - stx)
            let stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx)
            stpf = Swift.abs(stpc - stx) < Swift.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2
            brackt = true
        } else if sgnd < 0 {
            // Case 2: lower value, derivatives of opposite sign — bracketed; the step farther
            // from stp of the cubic and the secant.
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = Swift.max(Swift.abs(theta), Swift.abs(dx), Swift.abs(dp))
            var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta
            let q = ((gamma - dp) + gamma) + dx
            let stpc = stp + (p / q) * (stx - stp)
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            stpf = Swift.abs(stpc - stp) > Swift.abs(stpq - stp) ? stpc : stpq
            brackt = true
        } else if Swift.abs(dp) < Swift.abs(dx) {
            // Case 3: lower value, same-sign derivative decreasing in magnitude. The cubic step
            // is used only if it tends to infinity in the direction of the step or its minimum
            // lies beyond stp; otherwise the step goes to the bound.
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = Swift.max(Swift.abs(theta), Swift.abs(dx), Swift.abs(dp))
            var gamma = s * Swift.max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta
            let q = (gamma + (dx - dp)) + gamma
            let r = p / q
            let stpc: Double
            if r < 0 && gamma != 0 { stpc = stp + r * (stx - stp) }
            else if stp > stx { stpc = stpmax }
            else { stpc = stpmin }
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            if brackt {
                // Keep the step inside the interval, no closer than 66 % of the way to sty.
                stpf = Swift.abs(stpc - stp) < Swift.abs(stpq - stp) ? stpc : stpq
                if stp > stx { stpf = Swift.min(stp + 0.66 * (sty - stp), stpf) }
                else { stpf = Swift.max(stp + 0.66 * (sty - stp), stpf) }
            } else {
                stpf = Swift.abs(stpc - stp) > Swift.abs(stpq - stp) ? stpc : stpq
                stpf = Swift.min(stpmax, stpf)
                stpf = Swift.max(stpmin, stpf)
            }
        } else {
            // Case 4: lower value, derivative not decreasing in magnitude — the cubic through
            // stp and sty if bracketed, else the bound.
            if brackt {
                let theta = 3 * (fp - fy) / (sty - stp) + dy + dp
                let s = Swift.max(Swift.abs(theta), Swift.abs(dy), Swift.abs(dp))
                var gamma = s * ((theta / s) * (theta / s) - (dy / s) * (dp / s)).squareRoot()
                if stp > sty { gamma = -gamma }
                let p = (gamma - dp) + theta
                let q = ((gamma - dp) + gamma) + dy
                stpf = stp + (p / q) * (sty - stp)
            } else if stp > stx {
                stpf = stpmax
            } else {
                stpf = stpmin
            }
        }
        // Update the interval of uncertainty.
        if fp > fx {
            sty = stp; fy = fp; dy = dp
        } else {
            if sgnd < 0 { sty = stx; fy = fx; dy = dx }
            stx = stp; fx = fp; dx = dp
        }
        // A NaN from a degenerate interpolation falls back to bisection of the interval.
        if !stpf.isFinite { stpf = brackt ? stx + 0.5 * (sty - stx) : Swift.min(stpmax, 2 * stp) }
        return stpf
    }
}

/// Backtracking from an initial step until the Armijo (sufficient decrease) condition
/// φ(α) ≤ φ(0) + c₁·α·φ′(0) holds, each new step the minimiser of the quadratic through φ(0),
/// φ′(0) and φ(α), kept within [0.1α, 0.5α] (Nocedal & Wright, Section 3.5). Needs only values;
/// a non-finite value shrinks the step by 10.
struct ArmijoBacktracking {
    var sufficientDecrease = 1e-4
    var maxTrials = 60

    func search<P>(start: LineSearchPoint<P>, initialStep: Double,
                   evaluate: (Double) -> (value: Double, payload: P)?)
        -> (point: LineSearchPoint<P>, status: LineSearchStatus)
    {
        let f0 = start.value, slope = start.slope
        guard slope < 0, f0.isFinite, initialStep > 0, initialStep.isFinite else { return (start, .failed) }
        var step = initialStep
        for _ in 0..<maxTrials {
            guard let (f, payload) = evaluate(step) else { return (start, .budgetExhausted) }
            if f.isFinite && f <= f0 + sufficientDecrease * step * slope {
                return (LineSearchPoint(step: step, value: f, slope: .nan, payload: payload), .satisfied)
            }
            if !f.isFinite {
                step *= 0.1
            } else {
                let q = -slope * step * step / (2 * (f - f0 - slope * step))
                step = Swift.min(Swift.max(q.isFinite ? q : 0.5 * step, 0.1 * step), 0.5 * step)
            }
            if step == 0 || !step.isNormal { break }
        }
        return (start, .failed)
    }
}
