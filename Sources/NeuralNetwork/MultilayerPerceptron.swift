import Autodiff
import LinearAlgebra

/// The nonlinearity between layers.
public enum Activation: String, Sendable, CaseIterable {
    /// tanh(z).
    case tanh
    /// max(z, 0).
    case relu

    /// The activation on any `Real` scalar.
    @inlinable
    public func callAsFunction<T: Real>(_ z: T) -> T {
        switch self {
        case .tanh: T.tanh(z)
        case .relu: z > 0 ? z : T.zero
        }
    }
}

/// A fully connected feed-forward network for classification: layers of sizes
/// d = n₀ → n₁ → … → n_L = k (the classes), each `z = W·a + b` followed by the activation except
/// the last, whose outputs are the logits of a softmax. The loss is the mean cross-entropy,
/// written once over `Real`, so reverse-mode `Autodiff` gives its gradient with respect to all
/// weights in one sweep (backpropagation is exactly that sweep).
///
/// Parameters are one flat array, layer by layer: W (nₗ₊₁ × nₗ, row-major) then b (nₗ₊₁).
///
/// - Complexity: one forward pass O(Σ nₗ·nₗ₊₁); its gradient the same, about 3×.
///
/// ```swift
/// var rng = SomeSeededGenerator(seed: 3)
/// var mlp = try MultilayerPerceptron(layerSizes: [2, 16, 16, 2], using: &rng)
/// let report = try MLPTraining().train(&mlp, on: data, using: &rng)
/// mlp.accuracy(on: test)
/// ```
public struct MultilayerPerceptron: Sendable {
    /// n₀ (inputs), the hidden widths, and the number of classes.
    public let layerSizes: [Int]
    /// The nonlinearity of the hidden layers.
    public let activation: Activation
    /// All weights and biases, layer by layer (W row-major, then b).
    public var parameters: [Double]

    /// A network with Glorot-uniform weights (U(±√(6/(nₗ + nₗ₊₁)))) and zero biases.
    /// - Throws: ``NeuralNetworkError/invalidArchitecture(_:)`` for fewer than two layers, a size
    ///   below 1, fewer than 2 outputs, or more than 10⁷ parameters.
    public init(layerSizes: [Int], activation: Activation = .tanh,
                using generator: inout some RandomNumberGenerator) throws(NeuralNetworkError) {
        try Self.validate(layerSizes)
        self.layerSizes = layerSizes
        self.activation = activation
        var p = [Double]()
        p.reserveCapacity(Self.parameterCount(layerSizes: layerSizes))
        for l in 0..<(layerSizes.count - 1) {
            let fanIn = layerSizes[l], fanOut = layerSizes[l + 1]
            let limit = (6 / Double(fanIn + fanOut)).squareRoot()
            for _ in 0..<(fanIn * fanOut) { p.append(Double.random(in: -limit...limit, using: &generator)) }
            p.append(contentsOf: [Double](repeating: 0, count: fanOut))
        }
        parameters = p
    }

    /// A network with the given parameters.
    /// - Throws: ``NeuralNetworkError/invalidArchitecture(_:)`` for bad sizes or a parameter count
    ///   that does not match them.
    public init(layerSizes: [Int], activation: Activation = .tanh, parameters: [Double]) throws(NeuralNetworkError) {
        try Self.validate(layerSizes)
        let expected = Self.parameterCount(layerSizes: layerSizes)
        guard parameters.count == expected else {
            throw .invalidArchitecture("\(parameters.count) parameters for layers \(layerSizes), expected \(expected)")
        }
        self.layerSizes = layerSizes
        self.activation = activation
        self.parameters = parameters
    }

    static func validate(_ sizes: [Int]) throws(NeuralNetworkError) {
        guard sizes.count >= 2 else { throw .invalidArchitecture("need an input and an output layer, got \(sizes)") }
        guard sizes.allSatisfy({ $0 >= 1 && $0 <= 1_000_000 }) else {
            throw .invalidArchitecture("layer sizes must be in 1...1000000, got \(sizes)")
        }
        guard sizes.last! >= 2 else { throw .invalidArchitecture("need at least 2 output classes, got \(sizes.last!)") }
        guard parameterCount(layerSizes: sizes) <= 10_000_000 else {
            throw .invalidArchitecture("more than 10⁷ parameters")
        }
    }

    /// Σₗ (nₗ + 1)·nₗ₊₁.
    public static func parameterCount(layerSizes: [Int]) -> Int {
        zip(layerSizes, layerSizes.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
    }

    /// The number of classes (the last layer's size).
    public var classes: Int { layerSizes.last! }

    /// The logits of one input row, on any `Real` scalar (the parameters on a tape, say).
    /// - Complexity: O(Σ nₗ·nₗ₊₁).
    @inlinable
    public static func logits<T: Real>(parameters p: [T], layerSizes: [Int], activation: Activation,
                                       input: UnsafeBufferPointer<Double>) -> [T] {
        var a: [T] = input.map { lift($0) }
        var offset = 0
        for l in 0..<(layerSizes.count - 1) {
            let fanIn = layerSizes[l], fanOut = layerSizes[l + 1]
            let biases = offset + fanIn * fanOut
            var z = [T]()
            z.reserveCapacity(fanOut)
            for j in 0..<fanOut {
                var s = p[biases + j]
                let row = offset + j * fanIn
                for k in 0..<fanIn { s = s + p[row + k] * a[k] }
                z.append(l == layerSizes.count - 2 ? s : activation(s))
            }
            a = z
            offset = biases + fanOut
        }
        return a
    }

    /// The mean cross-entropy −(1/|B|) Σᵢ∈B log softmax(logits(xᵢ))[yᵢ] over the rows `batch` of
    /// `data`, on any `Real` scalar: differentiate it on ``/Autodiff/Variable`` for the gradient.
    /// - Complexity: O(|B|·Σ nₗ·nₗ₊₁).
    @inlinable
    public static func loss<T: Real>(parameters p: [T], layerSizes: [Int], activation: Activation,
                                     data: ClassificationData, batch: ArraySlice<Int>) -> T {
        let d = data.points.columns
        var total = T.zero
        data.points.elements.withUnsafeBufferPointer { x in
            for i in batch {
                let z = logits(parameters: p, layerSizes: layerSizes, activation: activation,
                               input: UnsafeBufferPointer(rebasing: x[(i * d)..<((i + 1) * d)]))
                total = total + (logSumExp(z) - z[data.labels[i]])
            }
        }
        return total / T(Swift.max(batch.count, 1))
    }

    /// The class probabilities (softmax of the logits) at `x`.
    public func probabilities(_ x: [Double]) -> [Double] {
        let z: [Double] = x.withUnsafeBufferPointer {
            Self.logits(parameters: parameters, layerSizes: layerSizes, activation: activation, input: $0)
        }
        let m = z.max() ?? 0
        let e = z.map { Double.exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    /// The most probable class at `x` (the largest logit; ties to the lower class).
    public func predict(_ x: [Double]) -> Int {
        let z: [Double] = x.withUnsafeBufferPointer {
            Self.logits(parameters: parameters, layerSizes: layerSizes, activation: activation, input: $0)
        }
        var best = 0
        for k in z.indices where z[k] > z[best] { best = k }
        return best
    }

    /// The fraction of `data`'s points whose predicted class is their label (0 for no points).
    public func accuracy(on data: ClassificationData) -> Double {
        guard data.count > 0 else { return 0 }
        var right = 0
        for i in 0..<data.count where predict(data.points.row(i)) == data.labels[i] { right += 1 }
        return Double(right) / Double(data.count)
    }

    /// The mean cross-entropy over all of `data`.
    public func loss(on data: ClassificationData) -> Double {
        Self.loss(parameters: parameters, layerSizes: layerSizes, activation: activation, data: data,
                  batch: Array(0..<data.count)[...])
    }
}
