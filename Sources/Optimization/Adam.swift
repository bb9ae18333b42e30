import Autodiff

/// Adam, the stochastic gradient method of Kingma & Ba ("Adam: a method for stochastic
/// optimization", ICLR 2015, Algorithm 1): per-parameter steps from bias-corrected running means
/// of the gradient (m) and of its square (v),
///
///     m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²,
///     θ ← θ − α·m̂ / (√v̂ + ε),   m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ).
///
/// For mini-batch training, where each step sees a different noisy gradient (the gradient itself
/// comes from reverse-mode `Autodiff`); the deterministic minimisers are ``Minimizer``'s.
///
/// - Complexity: O(n) per step; 2n doubles of state.
///
/// ```swift
/// var adam = Adam(learningRate: 0.01)
/// for batch in batches { adam.update(&parameters, gradient: gradient(batch)) }
/// ```
public struct Adam: Sendable {
    /// The step size α.
    public var learningRate: Double
    /// Decay of the gradient's running mean.
    public var beta1: Double
    /// Decay of the squared gradient's running mean.
    public var beta2: Double
    /// Added to √v̂ against division by zero.
    public var epsilon: Double
    /// Steps taken.
    public private(set) var steps = 0
    var m: [Double] = []
    var v: [Double] = []

    /// Adam with the paper's defaults (α = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸) unless given.
    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// One step: updates `parameters` in place from `gradient`. Returns `false` (and changes
    /// nothing) if the gradient's length differs from the parameters' or from earlier steps', or
    /// if it is not finite.
    /// - Complexity: O(n).
    @discardableResult
    public mutating func update(_ parameters: inout [Double], gradient g: [Double]) -> Bool {
        let n = parameters.count
        guard g.count == n, m.isEmpty || m.count == n else { return false }
        for v in g where !v.isFinite { return false }
        if m.isEmpty {
            m = [Double](repeating: 0, count: n)
            v = [Double](repeating: 0, count: n)
        }
        steps += 1
        let c1 = 1 - Double.pow(beta1, Double(steps)), c2 = 1 - Double.pow(beta2, Double(steps))
        let a = learningRate / c1
        for i in 0..<n {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
            parameters[i] -= a * m[i] / ((v[i] / c2).squareRoot() + epsilon)
        }
        return true
    }
}
