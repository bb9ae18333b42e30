import _Differentiation

// Peer: Swift's built-in reverse mode (`_Differentiation`) on the same Rosenbrock, written as
// the compiler requires (a `@differentiable` function over [Double] with a differentiable loop).

@differentiable(reverse)
func rosenbrockSwiftAD(_ x: [Double]) -> Double {
    var s = 0.0
    for i in withoutDerivative(at: 0..<(x.count - 1)) {
        let a = x[i + 1] - x[i] * x[i]
        let b = 1 - x[i]
        s += 100 * a * a + b * b
    }
    return s
}

func swiftADGradient(_ x: [Double]) -> [Double] {
    _Differentiation.gradient(at: x, of: rosenbrockSwiftAD).base
}
