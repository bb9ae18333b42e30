import Autodiff

/// Newton's method for a root of a function of one variable, `x ← x − f(x)/f′(x)`, with `f′`
/// from one forward sweep of the graph at every iterate (the lecture's example of what
/// derivatives are for).
///
/// Stops when `f(x)` is exactly 0, when the step `|Δx|` falls to `tolerance·max(1, |x|)` (the
/// iterate after that step is the root), when `f′(x) = 0` or a value is not finite (no step is
/// possible), or after `maxIterations` steps.
///
/// - Complexity: one evaluation and forward sweep, O(N), per iterate.
///
/// ```swift
/// let newton = try NewtonIteration(ComputationGraph(parsing: "x^2 - 2"), from: 1)
/// newton.root   // 1.4142135623730951
/// ```
public struct NewtonIteration: Sendable {
    /// One iterate: `x`, `f(x)` and `f′(x)`.
    public struct Iterate: Sendable, Equatable {
        /// The iteration number (0 for the start).
        public let index: Int
        /// `x_k`.
        public let x: Double
        /// `f(x_k)`.
        public let value: Double
        /// `f′(x_k)` by forward mode.
        public let derivative: Double
    }

    /// Why the iteration stopped.
    public enum Reason: Sendable, Equatable {
        /// `f(x) = 0` exactly.
        case exactRoot
        /// The step fell below the tolerance.
        case smallStep(Double)
        /// `f′(x) = 0`: no Newton step.
        case zeroDerivative
        /// `f(x)` or `f′(x)` is not finite.
        case notFinite
        /// The iteration limit was reached.
        case iterationLimit

        /// Whether this is convergence to a root.
        public var converged: Bool {
            switch self {
            case .exactRoot, .smallStep: return true
            default: return false
            }
        }
    }

    /// The iterates, starting with `x₀`.
    public let iterates: [Iterate]
    /// Why it stopped.
    public let reason: Reason
    /// The relative step tolerance used.
    public let tolerance: Double
    /// The iteration limit used.
    public let maxIterations: Int

    /// The root (the last iterate) if the iteration converged.
    public var root: Double? { reason.converged ? iterates.last?.x : nil }

    /// Runs Newton's method on output `output` of `graph` (one variable) from `x0`.
    ///
    /// - Throws: ``ExpressionError`` (usage) if the graph does not have exactly one variable.
    public init(_ graph: ComputationGraph, from x0: Double, output: Int = 0, tolerance: Double = 1e-12,
                maxIterations: Int = 50) throws(ExpressionError) {
        guard graph.inputCount == 1 else {
            throw ExpressionError(.usage, "Newton's method here is for one variable; the expression has \(graph.inputCount) (\(graph.variables.joined(separator: ", ")))",
                                  source: "expression")
        }
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        func evaluate(_ k: Int, _ x: Double) -> Iterate {
            let lin = graph.linearize(at: [x])
            let t = lin.outputTangents(seed: [1])
            return Iterate(index: k, x: x, value: lin.outputValues[output], derivative: t[output])
        }
        var iterates = [evaluate(0, x0)]
        var reason = Reason.iterationLimit
        for k in 0..<maxIterations {
            let current = iterates[k]
            if current.value == 0 { reason = .exactRoot; break }
            guard current.value.isFinite && current.derivative.isFinite && current.x.isFinite else { reason = .notFinite; break }
            guard current.derivative != 0 else { reason = .zeroDerivative; break }
            let step = current.value / current.derivative
            let next = evaluate(k + 1, current.x - step)
            iterates.append(next)
            if Swift.abs(step) <= tolerance * Swift.max(1, Swift.abs(next.x)) && next.value.isFinite && next.x.isFinite {
                reason = next.value == 0 ? .exactRoot : .smallStep(Swift.abs(step))
                break
            }
            if k == maxIterations - 1 { reason = .iterationLimit }
        }
        if case .iterationLimit = reason, let last = iterates.last, last.value == 0 { reason = .exactRoot }
        self.iterates = iterates
        self.reason = reason
    }

    /// One sentence: why it stopped, and the root if there is one.
    public var summary: String {
        let last = iterates.last!
        let x = NumberText.format(last.x)
        switch reason {
        case .exactRoot: return "converged: f(x) = 0 exactly at x = \(x) after \(last.index) step\(last.index == 1 ? "" : "s")"
        case .smallStep(let s):
            return "converged: the step \(NumberText.scientific(s)) is below the tolerance \(NumberText.format(tolerance))·max(1, |x|); root x = \(x) after \(last.index) steps"
        case .zeroDerivative: return "stopped: f′(x) = 0 at x = \(x), so Newton's step is undefined"
        case .notFinite: return "stopped: f(x) = \(NumberText.format(last.value)), f′(x) = \(NumberText.format(last.derivative)) at x = \(x) is not finite"
        case .iterationLimit: return "stopped: no convergence after \(maxIterations) steps (last x = \(x))"
        }
    }

    /// Short reason code for JSON: `exact_root`, `small_step`, `zero_derivative`, `not_finite`,
    /// `iteration_limit`.
    public var reasonCode: String {
        switch reason {
        case .exactRoot: return "exact_root"
        case .smallStep: return "small_step"
        case .zeroDerivative: return "zero_derivative"
        case .notFinite: return "not_finite"
        case .iterationLimit: return "iteration_limit"
        }
    }
}
