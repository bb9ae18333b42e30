import RealModule
/// Tolerances and limits for the integrators.
///
/// The local error estimate `e` of each step is accepted when its weighted RMS norm is at most 1:
///
///     ‖e‖ = √( (1/n) Σᵢ Σ_c (e_{i,c} / scᵢ)² ),   scᵢ = atolᵢ + rtol · max(|yᵢ|, |ŷᵢ|),
///
/// where `c` runs over the value and, for dual-number states, every derivative part (see
/// ``ODEScalar``), and `|yᵢ|` is the value of the old and new state. The defaults are SciPy's
/// `solve_ivp` defaults (`rtol = 1e-3`, `atol = 1e-6`).
///
/// ```swift
/// var options = ODEOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-12)
/// options.absoluteTolerances = [1e-12, 1e-16, 1e-12]   // per component
/// ```
public struct ODEOptions: Sendable, Equatable {
    /// `rtol`; at least `100·ε ≈ 2.2e-14`.
    public var relativeTolerance: Double
    /// `atol` for every component (≥ 0), unless ``absoluteTolerances`` is set. With `atol = 0`
    /// (pure relative control), a component that is exactly zero demands a zero error there; the
    /// implicit methods then stop with a typed failure (`.newtonFailure` or `.stepSizeTooSmall`)
    /// — give such components a positive tolerance.
    public var absoluteTolerance: Double
    /// `atolᵢ` per component (each ≥ 0, one per equation); overrides ``absoluteTolerance``.
    public var absoluteTolerances: [Double]?
    /// The size of the first step; `nil` chooses it (Hairer–Nørsett–Wanner's starting-step
    /// algorithm, as SciPy).
    public var initialStep: Double?
    /// The largest step allowed (> 0).
    public var maximumStep: Double
    /// Attempted steps (accepted and rejected) before the solver gives up with
    /// ``ODEFailure/Reason/maximumStepsReached(_:)``.
    public var maximumSteps: Int
    /// The highest order ``BDF`` may use, 1–5.
    public var maximumOrder: Int
    /// Fixed step size: when set, no error control — every step has this size (the last one
    /// shortened to land on the final time), and a Newton failure is
    /// ``ODEFailure/Reason/newtonFailure`` since the step cannot shrink. ``BDF`` then raises its
    /// order by one per step up to ``maximumOrder``. For convergence studies.
    public var fixedStepSize: Double?
    /// When `true`, every requested output time is also a step end (the step is shortened to
    /// reach it) instead of being interpolated by the dense output. Costs steps; gives outputs
    /// with the full accuracy of the method rather than of its interpolant.
    public var stopAtOutputTimes: Bool

    /// Options with the given tolerances and defaults elsewhere.
    public init(
        relativeTolerance: Double = 1e-3, absoluteTolerance: Double = 1e-6,
        absoluteTolerances: [Double]? = nil, initialStep: Double? = nil,
        maximumStep: Double = .infinity, maximumSteps: Int = 100_000, maximumOrder: Int = 5,
        fixedStepSize: Double? = nil, stopAtOutputTimes: Bool = false
    ) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.absoluteTolerances = absoluteTolerances
        self.initialStep = initialStep
        self.maximumStep = maximumStep
        self.maximumSteps = maximumSteps
        self.maximumOrder = maximumOrder
        self.fixedStepSize = fixedStepSize
        self.stopAtOutputTimes = stopAtOutputTimes
    }

    /// `nil` when the options are usable for `n` equations, else a one-line message naming the
    /// option at fault.
    public func problem(forDimension n: Int) -> String? {
        if !(relativeTolerance >= 100 * Double.ulpOfOne) || !relativeTolerance.isFinite {
            return "relativeTolerance must be a finite number ≥ 2.2e-14, got \(relativeTolerance)"
        }
        if let tolerances = absoluteTolerances {
            if tolerances.count != n {
                return "absoluteTolerances has \(tolerances.count) entries for \(n) equations"
            }
            if let i = tolerances.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
                return "absoluteTolerances[\(i)] must be finite and ≥ 0, got \(tolerances[i])"
            }
        } else if !(absoluteTolerance >= 0) || !absoluteTolerance.isFinite {
            return "absoluteTolerance must be finite and ≥ 0, got \(absoluteTolerance)"
        }
        if let h = initialStep, !(h > 0) || !h.isFinite {
            return "initialStep must be finite and > 0, got \(h)"
        }
        if !(maximumStep > 0) { return "maximumStep must be > 0, got \(maximumStep)" }
        if maximumSteps < 1 { return "maximumSteps must be ≥ 1, got \(maximumSteps)" }
        if !(1...5).contains(maximumOrder) { return "maximumOrder must be 1…5, got \(maximumOrder)" }
        if let h = fixedStepSize, !(h > 0) || !h.isFinite {
            return "fixedStepSize must be finite and > 0, got \(h)"
        }
        return nil
    }

    /// `atolᵢ` for each of `n` components.
    @inlinable
    func absoluteTolerances(count n: Int) -> [Double] {
        absoluteTolerances ?? Array(repeating: absoluteTolerance, count: n)
    }
}
