// The `ODE` module: initial-value problems y′ = f(t, y, p) with the right-hand side written once,
// generically over `Real` (`ODEFunction`), integrated by
//   - `Radau5`        implicit Radau IIA, order 5 (Hairer–Wanner's RADAU5), for stiff problems;
//   - `BDF`           implicit variable-order 1–5 NDF/BDF (Shampine–Reichelt, as SciPy's BDF);
//   - `DormandPrince` explicit 5(4) with dense output (SciPy's RK45, DOPRI5), non-stiff;
// whose Newton iterations take ∂f/∂y from `Autodiff`'s forward mode. `solveODE` drives any of them
// to a list of output times; the integrators run on `Dual`/`MultiDual` states too, which is how
// `solveODEWithSensitivities` differentiates the solution with respect to parameters.
//
// `RealModule` is re-exported so that `func callAsFunction<T: Real>(…)` needs only `import ODE`
// (constants inside a right-hand side use `Autodiff`'s `lift`).
@_exported import RealModule
