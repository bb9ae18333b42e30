import RealModule

/// Divided-difference approximations of a derivative, for checks and accuracy experiments.
///
/// **Default step.** A fixed rule cannot know the scale on which `f` varies: the classical
/// `h = c·max(1, |x|)` (`c = ε^(1/2)` forward, `ε^(1/3)` central, ε = `T.ulpOfOne`) assumes it
/// is `|x|`, which is wrong for `sin` at x = 10⁶ (h ≈ 6, and the central difference returns
/// −0.035 instead of cos 10⁶ ≈ 0.94). With `step: nil` the schemes therefore start from that
/// step (``step(at:central:)``) and shrink it by 4 while the estimates still change by more than
/// their rounding noise (`~ 8ε·|f|/h`): the difference of successive estimates measures the
/// truncation error (O(h²) central, O(h) forward), the noise estimate the rounding error, and the
/// estimate with the smallest sum is returned (shrinking stops once the noise alone exceeds it). For a well-scaled `f` that is the first step (two extra evaluations); for
/// `sin` at 10⁶ it is h ≈ 2·10⁻⁵ after ten shrinks. At most 30 shrinks (2 evaluations each).
/// `x ± h` is rounded so that the step taken, `(x + h) − x`, is exactly representable; a NaN
/// estimate (a step that leaves the domain, like `log` at 10⁻¹⁰ with h = 6·10⁻⁶) is shrunk past.
///
/// **Limits.** The result has an absolute error of about `ε^(2/3)·|f|` (central) or `ε^(1/2)·|f|`
/// (forward) in units of the local scale of `f`, at best: a derivative much smaller than `|f|/scale`
/// (cancellation, `f` nearly flat) loses relative accuracy; `f` that is not smooth within the first
/// steps (a kink or jump closer than ~1e−5·max(1,|x|)), or noisy beyond a few ulps (long sums inside `f`),
/// can stop the shrinking early or late — pass an explicit `step:` there.
public enum FiniteDifference {
    /// The initial step for a scheme at `x`: `c·max(1, |x|)` with `c = ε^(1/3)` (central) or
    /// `ε^(1/2)` (forward), rounded so that `(x + h) − x == h`.
    ///
    /// ```swift
    /// FiniteDifference.step(at: 1.0, central: true)   // ≈ 6.06e-6
    /// ```
    @inlinable
    public static func step<T: Real>(at x: T, central: Bool) -> T {
        let c = central ? T.root(T.ulpOfOne, 3) : T.sqrt(T.ulpOfOne)
        let h = c * Swift.max(1, x.magnitude)
        return (x + h) - x
    }

    /// `(f(x + h) − f(x)) / h`: first-order accurate, error O(h). With `step: nil` the step is
    /// chosen adaptively (see the type's documentation).
    /// - Complexity: two evaluations of `f` with a given step; 4 to 62 with the default.
    ///
    /// ```swift
    /// FiniteDifference.forward(of: { Double.sin($0) }, at: 1)   // ≈ cos 1 (8 digits)
    /// ```
    @inlinable
    public static func forward<T: Real>(of f: (T) -> T, at x: T, step h: T? = nil) -> T {
        if let h { return (f(x + h) - f(x)) / h }
        let fx = f(x)
        return adaptive(at: x, initial: step(at: x, central: false), order: 1) { h in
            let fp = f(x + h)
            return ((fp - fx) / h, Swift.max(fp.magnitude, fx.magnitude) / h)
        }
    }

    /// `(f(x + h) − f(x − h)) / 2h`: second-order accurate, error O(h²). With `step: nil` the
    /// step is chosen adaptively (see the type's documentation).
    /// - Complexity: two evaluations of `f` with a given step; 4 to 62 with the default.
    ///
    /// ```swift
    /// FiniteDifference.central(of: { Double.sin($0) }, at: 1)         // ≈ cos 1 (10–11 digits)
    /// FiniteDifference.central(of: { Double.sin($0) }, at: 1_000_000)  // ≈ cos 10⁶ (10 digits)
    /// ```
    @inlinable
    public static func central<T: Real>(of f: (T) -> T, at x: T, step h: T? = nil) -> T {
        if let h { return (f(x + h) - f(x - h)) / (2 * h) }
        return adaptive(at: x, initial: step(at: x, central: true), order: 2) { h in
            let fp = f(x + h), fm = f(x - h)
            return ((fp - fm) / (2 * h), Swift.max(fp.magnitude, fm.magnitude) / (2 * h))
        }
    }

    /// The step-shrinking loop: `estimate(h)` returns the difference quotient and `|f|/h` (the
    /// scale of its rounding noise). Shrinks `h` by 4 until two successive estimates differ by
    /// no more than their noise, and returns the estimate with the smallest estimated error.
    @inlinable
    static func adaptive<T: Real>(
        at x: T, initial h0: T, order: Int, _ estimate: (T) -> (T, T)
    ) -> T {
        let noise = 8 * T.ulpOfOne
        // Truncation error of the larger-step estimate from the difference of two estimates
        // whose steps differ by 4: 1/(1 − 4^−order).
        let gain: T = order == 2 ? T(16) / 15 : T(4) / 3
        var h = h0
        var (d, scale) = estimate(h)
        var best = d, bestError = T.infinity
        for _ in 0..<30 {
            let next = (x + h / 4) - x
            if next.isZero || !(next < h) { break }
            let (d2, scale2) = estimate(next)
            if d.isFinite {
                let truncation = gain * (d - d2).magnitude
                let rounding = noise * scale
                // Past the best step the rounding noise alone exceeds the best error: stop.
                if rounding > bestError { break }
                if truncation + rounding < bestError {
                    best = d; bestError = truncation + rounding
                }
                // The estimates agree to within their rounding noise: shrinking further only
                // adds noise.
                if d2.isFinite && (d - d2).magnitude <= noise * (scale + scale2) { return best }
            }
            h = next; d = d2; scale = scale2
        }
        return bestError.isFinite ? best : d
    }

    /// The gradient of `f: ℝⁿ → ℝ` by central differences, one coordinate at a time (each with
    /// the adaptive default step).
    /// - Complexity: 4 to 62 evaluations of `f` per coordinate (2 for well-scaled ones plus 2).
    ///
    /// ```swift
    /// FiniteDifference.gradient(of: { $0[0] * $0[1] }, at: [3.0, 4])   // ≈ [4, 3]
    /// ```
    @inlinable
    public static func gradient<T: Real>(of f: ([T]) -> T, at x: [T], central: Bool = true) -> [T] {
        (0..<x.count).map { i in
            let g: (T) -> T = { t in var y = x; y[i] = t; return f(y) }
            return central ? Self.central(of: g, at: x[i]) : Self.forward(of: g, at: x[i])
        }
    }
}
