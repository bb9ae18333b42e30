import RealModule
/// Why an integration stopped before the last output time — a value, never a trap.
///
/// Carries where it stopped (``time``), what it cost so far (``statistics``) and how many of the
/// requested outputs were computed before (``completedOutputs``).
///
/// ```swift
/// do { _ = try solveODE(f, from: 0, initialValue: y0, at: [1e6], method: .dormandPrince) }
/// catch { print(error) }   // "ODE integration stopped at t = 3.1: maximum of 100000 steps reached …"
/// ```
public struct ODEFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Reason: Sendable, Equatable {
        /// The step size fell below 10 units in the last place of `t`: the problem is too stiff
        /// for the method, has a singularity, or the tolerance is unreachable.
        case stepSizeTooSmall(stepSize: Double)
        /// Newton's iteration did not converge, even with a fresh Jacobian and after repeated
        /// step reductions (or with a fixed step, which cannot shrink).
        case newtonFailure
        /// The iteration matrix (`γ/h·I − J` or `I − h/α·J`) was singular for several
        /// successive step sizes.
        case singularMatrix
        /// The right-hand side returned NaN or ±∞ (at the initial point, or repeatedly until the
        /// step could shrink no further).
        case nonFiniteValue
        /// ``ODEOptions/maximumSteps`` attempted steps were taken.
        case maximumStepsReached(Int)
        /// The problem or the options are unusable (the message names what).
        case invalidInput(String)
    }

    /// Why it stopped.
    public var reason: Reason
    /// The time reached (the last accepted step's end; the start time for invalid input).
    public var time: Double
    /// Counts up to the failure.
    public var statistics: ODEStatistics
    /// How many of the requested output times were reached and stored before the failure.
    public var completedOutputs: Int

    /// A failure at `time`.
    public init(_ reason: Reason, time: Double, statistics: ODEStatistics = ODEStatistics(),
                completedOutputs: Int = 0) {
        self.reason = reason
        self.time = time
        self.statistics = statistics
        self.completedOutputs = completedOutputs
    }

    /// One line naming the reason, the time and the cost.
    public var description: String {
        let what: String
        switch reason {
        case .stepSizeTooSmall(let h): what = "step size \(h) too small"
        case .newtonFailure: what = "Newton iteration failed to converge"
        case .singularMatrix: what = "iteration matrix repeatedly singular"
        case .nonFiniteValue: what = "right-hand side returned a non-finite value"
        case .maximumStepsReached(let n): what = "maximum of \(n) steps reached"
        case .invalidInput(let message): what = "invalid input: \(message)"
        }
        return "ODE integration stopped at t = \(time): \(what) (\(statistics))"
    }
}
