// The `Optimization` module: minimisers (gradient descent, BFGS, L-BFGS, Newton, trust-region
// Newton–CG) with their line searches, Newton's method for systems, Levenberg–Marquardt and Adam —
// every derivative from `Autodiff`.
//
// `Autodiff` (and with it `RealModule`) and `LinearAlgebra` are re-exported: objectives are
// written `<T: Real>`, systems conform to `VectorFunction`, Hessians are `Matrix<Double>`.
@_exported import Autodiff
@_exported import LinearAlgebra
