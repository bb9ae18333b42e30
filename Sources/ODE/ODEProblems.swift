import RealModule

/// Standard test problems, written as ``ODEFunction``s, with their usual parameters, initial
/// values and intervals. Tests, benchmarks and examples share them.
///
/// ```swift
/// let p = ODEProblems.Robertson.self
/// let sol = try solveODE(p.init(), from: 0, initialValue: p.initialValue,
///                        parameters: p.parameters, at: [40])
/// ```
public enum ODEProblems {
    /// Robertson's autocatalytic chemical reaction (Robertson 1966; Hairer & Wanner, Solving
    /// ODE II, IV.1), the classic stiff test:
    ///
    ///     y₁′ = −k₁y₁ + k₂y₂y₃,   y₂′ = k₁y₁ − k₂y₂y₃ − k₃y₂²,   y₃′ = k₃y₂²,
    ///
    /// with `(k₁, k₂, k₃) = (0.04, 10⁴, 3·10⁷)` and `y(0) = (1, 0, 0)`. The rates span nine
    /// orders of magnitude; `y₁ + y₂ + y₃ = 1` for all `t` (the right-hand side sums to zero).
    public struct Robertson: ODEFunction, Sendable {
        /// The problem (parameters are passed to the solver, see ``parameters``).
        public init() {}
        /// `(k₁, k₂, k₃) = (0.04, 1e4, 3e7)`.
        public static let parameters: [Double] = [0.04, 1e4, 3e7]
        /// `y(0) = (1, 0, 0)`.
        public static let initialValue: [Double] = [1, 0, 0]
        /// `y(40)` from Hairer & Wanner's stiff test set (as quoted in issue 9):
        /// `(0.7158270687, 9.185534765e-6, 0.2841637457)`; `scripts/ode_references.py`
        /// reproduces it with SciPy's Radau at `rtol = 1e-12`.
        public static let referenceAt40: [Double] = [0.7158270687, 9.185534765e-6, 0.2841637457]
        /// The right-hand side.
        @inlinable
        public func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] {
            let a = p[0] * y[0], b = p[1] * y[1] * y[2], c = p[2] * y[1] * y[1]
            return [-a + b, a - b - c, c]
        }
    }

    /// The van der Pol oscillator `y″ − μ(1 − y²)y′ + y = 0` as a first-order system
    ///
    ///     y₁′ = y₂,   y₂′ = μ(1 − y₁²)y₂ − y₁,
    ///
    /// with `p = (μ)` and `y(0) = (2, 0)` (MATLAB's `vdp1000` for μ = 1000 on `[0, 3000]`).
    /// For large μ the solution creeps along the slow manifold `y₂ ≈ y₁/(μ(1 − y₁²))` for about
    /// (3 − 2 ln 2)μ/2 ≈ 807 time units, then jumps between the branches in O(1/μ): stiff, with
    /// period ≈ 1614 for μ = 1000.
    public struct VanDerPol: ODEFunction, Sendable {
        /// The problem (μ is passed to the solver as `parameters[0]`).
        public init() {}
        /// `y(0) = (2, 0)`.
        public static let initialValue: [Double] = [2, 0]
        /// The right-hand side.
        @inlinable
        public func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] {
            [y[1], p[0] * (1 - y[0] * y[0]) * y[1] - y[0]]
        }
    }

    /// The Lotka–Volterra predator–prey model
    ///
    ///     x′ = αx − βxy,   y′ = δxy − γy,
    ///
    /// with rates `p = (α, β, γ, δ)`. Non-stiff and periodic; the classic inverse problem
    /// recovers the four rates from observations of `(x, y)`.
    public struct LotkaVolterra: ODEFunction, Sendable {
        /// The problem (the rates are passed to the solver).
        public init() {}
        /// `(α, β, γ, δ) = (1.5, 1, 3, 1)`.
        public static let parameters: [Double] = [1.5, 1, 3, 1]
        /// `(x, y)(0) = (1, 1)`.
        public static let initialValue: [Double] = [1, 1]
        /// The right-hand side.
        @inlinable
        public func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] {
            let xy = y[0] * y[1]
            return [p[0] * y[0] - p[1] * xy, p[3] * xy - p[2] * y[1]]
        }
    }
}
