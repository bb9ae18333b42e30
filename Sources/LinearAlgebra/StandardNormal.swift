import RealModule

/// A standard normal draw by the Box–Muller transform: two uniforms from `generator`
/// (u in (0, 1), v in [0, 1)), returning √(−2 log u)·cos(2πv).
///
/// Package-internal: the one copy of the noise that `NeuralNetwork`'s toy data sets and
/// `InverseProblems`' noisy observations draw (both build on `LinearAlgebra`), so their seeded
/// figures stay the same bits. Not public API.
package func standardNormal(using generator: inout some RandomNumberGenerator) -> Double {
    let u = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &generator)
    let v = Double.random(in: 0..<1, using: &generator)
    return (-2 * Double.log(u)).squareRoot() * Double.cos(2 * Double.pi * v)
}
