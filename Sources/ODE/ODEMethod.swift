import RealModule
/// Which integrator ``solveODE(_:from:initialValue:parameters:at:method:options:)`` runs.
public enum ODEMethod: String, Sendable, Equatable, CaseIterable {
    /// Explicit Dormand–Prince 5(4) with Hairer's order-4 dense output: cheap per step, for
    /// non-stiff problems. On a stiff problem its step is bounded by stability, not accuracy
    /// (see ``DormandPrince``).
    case dormandPrince
    /// Implicit Radau IIA of order 5 (three stages), simplified Newton with the AD Jacobian,
    /// real and complex decomposition as in Hairer–Wanner's RADAU5 (see ``Radau5``).
    case radau5
    /// Implicit variable-order (1–5), variable-step backward differentiation formulas in the
    /// quasi-constant-step NDF form of Shampine–Reichelt / SciPy's `BDF` (see ``BDF``).
    case bdf
}
