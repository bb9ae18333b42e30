import Autodiff
import Optimization

/// Mini-batch training of a ``MultilayerPerceptron`` with ``/Optimization/Adam``: every epoch shuffles the
/// training rows, and every batch's mean cross-entropy is recorded on one reused ``/Autodiff/Tape`` and swept
/// once for the gradient of all weights (reverse mode), optionally plus an L2 penalty
/// `weightDecay·½‖θ‖²`.
///
/// ```swift
/// var training = MLPTraining()
/// training.epochs = 200
/// let report = try training.train(&mlp, on: data, using: &rng)
/// report.losses.last
/// ```
public struct MLPTraining: Sendable {
    /// Passes over the training data.
    public var epochs = 200
    /// Rows per gradient step.
    public var batchSize = 32
    /// Adam's step size.
    public var learningRate = 0.01
    /// The L2 penalty coefficient (0: none).
    public var weightDecay = 0.0

    /// The defaults: 200 epochs of batches of 32, Adam with step 0.01, no weight decay.
    public init() {}

    /// What training did.
    public struct Report: Sendable {
        /// Mean cross-entropy on the whole training set after each epoch.
        public var losses: [Double]
        /// Gradient steps taken.
        public var steps: Int
        /// Recorded tape nodes per step (the last one).
        public var tapeNodesPerStep: Int
    }

    /// Trains `model` on `data` in place.
    /// - Throws: ``NeuralNetworkError`` when a setting is out of range or the data's dimension or
    ///   classes do not match the network.
    /// - Complexity: O(epochs · n · Σ nₗ·nₗ₊₁).
    public func train(_ model: inout MultilayerPerceptron, on data: ClassificationData,
                      using generator: inout some RandomNumberGenerator) throws(NeuralNetworkError) -> Report {
        guard epochs >= 0 else { throw .invalidSetting("epochs must be ≥ 0, got \(epochs)") }
        guard batchSize >= 1 else { throw .invalidSetting("batchSize must be ≥ 1, got \(batchSize)") }
        guard learningRate > 0, learningRate.isFinite else {
            throw .invalidSetting("learningRate must be finite and > 0, got \(learningRate)")
        }
        guard weightDecay >= 0, weightDecay.isFinite else {
            throw .invalidSetting("weightDecay must be finite and ≥ 0, got \(weightDecay)")
        }
        guard data.points.columns == model.layerSizes[0] else {
            throw .invalidData("points have \(data.points.columns) coordinates, the network \(model.layerSizes[0]) inputs")
        }
        guard data.classes <= model.classes else {
            throw .invalidData("\(data.classes) classes, the network has \(model.classes) outputs")
        }
        guard data.count > 0 else { throw .invalidData("no training points") }
        var adam = Adam(learningRate: learningRate)
        let tape = Tape(capacity: 1 << 16)
        let sizes = model.layerSizes, activation = model.activation, decay = weightDecay
        var order = Array(0..<data.count)
        var losses: [Double] = []
        var steps = 0, nodes = 0
        for _ in 0..<epochs {
            order.shuffle(using: &generator)
            var start = 0
            while start < order.count {
                let batch = order[start..<Swift.min(start + batchSize, order.count)]
                let (_, g) = tape.valueWithGradient(of: { p in
                    var l = MultilayerPerceptron.loss(parameters: p, layerSizes: sizes, activation: activation,
                                                      data: data, batch: batch)
                    if decay > 0 { l = l + Variable(decay / 2) * dot(p, p) }
                    return l
                }, at: model.parameters)
                nodes = tape.count
                adam.update(&model.parameters, gradient: g)
                steps += 1
                start += batchSize
            }
            losses.append(model.loss(on: data))
        }
        return Report(losses: losses, steps: steps, tapeNodesPerStep: nodes)
    }
}
