import RealModule
/// The result of ``solveODE(_:from:initialValue:parameters:at:method:options:)``: the state at
/// each requested time, and what it cost.
///
/// ```swift
/// let sol = try solveODE(ODEProblems.Robertson(), from: 0, initialValue: [1.0, 0, 0],
///                        parameters: [0.04, 1e4, 3e7], at: [0.4, 4, 40])
/// sol.values[2]          // y(40)
/// sol.component(1)       // y₂ at 0.4, 4, 40
/// sol.statistics.steps
/// ```
public struct ODESolution<Scalar: ODEScalar>: Sendable {
    /// The requested output times, in the order given.
    public var times: [Double]
    /// `values[k]` is the state at `times[k]`.
    public var values: [[Scalar]]
    /// What the integration cost.
    public var statistics: ODEStatistics
    /// The method that produced it.
    public var method: ODEMethod

    /// A solution from its parts.
    @inlinable
    public init(times: [Double], values: [[Scalar]], statistics: ODEStatistics, method: ODEMethod) {
        self.times = times
        self.values = values
        self.statistics = statistics
        self.method = method
    }

    /// Component `i` at every output time (`[]` when `i` is out of range).
    /// - Complexity: O(number of output times).
    @inlinable
    public func component(_ i: Int) -> [Scalar] {
        values.compactMap { i >= 0 && i < $0.count ? $0[i] : nil }
    }
}
