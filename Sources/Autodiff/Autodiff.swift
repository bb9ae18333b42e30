// The `Autodiff` module: forward mode (`Dual`, `MultiDual`, `Taylor`), reverse mode (`Tape`,
// `Variable`, vector nodes, `TapedFunction`) and the drivers (`derivative`, `gradient`, `jvp`,
// `vjp`, `jacobian`, `hessian`, `hessianVectorProduct`, `FiniteDifference`).
//
// `RealModule` is re-exported so that user code written `func f<T: Real>(…)` needs only
// `import Autodiff`.
@_exported import RealModule
