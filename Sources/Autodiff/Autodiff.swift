// The `Autodiff` module: forward mode (`Dual`, `MultiDual`, `Taylor`), reverse mode
// (`ReverseTape<T>`, `ReverseVariable<T>` — `Tape` and `Variable` for `T = Double` — vector nodes,
// `TapedFunction`) and the drivers (`derivative`, `gradient`, `jvp`, `vjp`, `jacobian`, `hessian`
// and `hessianVectorProduct` forward over reverse, their reverse-over-forward variants,
// `FiniteDifference`).
//
// `RealModule` is re-exported so that user code written `func f<T: Real>(…)` needs only
// `import Autodiff`.
@_exported import RealModule
