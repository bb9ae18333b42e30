import Autodiff
import Foundation
import LinearAlgebra
import NeuralNetwork
import Optimization
import TestSupport
import Testing

struct MultilayerPerceptronTests {
    /// The loss gradient by reverse mode (one sweep over all weights: backpropagation) against
    /// forward mode along a random direction and against central differences, at a random
    /// network on a small batch.
    @Test(arguments: [Activation.tanh, .relu])
    func lossGradientAgreesWithForwardModeAndDifferences(_ activation: Activation) throws {
        var rng = SplitMix64(seed: 21)
        let data = ClassificationData.spirals(count: 30, classes: 3, noise: 0.05, using: &rng)
        let mlp = try MultilayerPerceptron(layerSizes: [2, 5, 4, 3], activation: activation, using: &rng)
        let batch = Array(0..<12)[...]
        let sizes = mlp.layerSizes
        let g = gradient(of: { p in
            MultilayerPerceptron.loss(parameters: p, layerSizes: sizes, activation: activation, data: data, batch: batch)
        }, at: mlp.parameters)
        #expect(g.count == MultilayerPerceptron.parameterCount(layerSizes: sizes))
        let v = mlp.parameters.map { _ in Double.random(in: -1...1, using: &rng) }
        let (_, directional) = jvp(of: { (p: [Dual<Double>]) in
            MultilayerPerceptron.loss(parameters: p, layerSizes: sizes, activation: activation, data: data, batch: batch)
        }, at: mlp.parameters, direction: v)
        let projected = zip(g, v).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(directional - projected) <= 1e-12 * max(1, abs(projected)))
        let fd = FiniteDifference.gradient(of: { (p: [Double]) in
            MultilayerPerceptron.loss(parameters: p, layerSizes: sizes, activation: activation, data: data, batch: batch)
        }, at: mlp.parameters)
        for (a, b) in zip(g, fd) { #expect(abs(a - b) <= 1e-7 * max(1, abs(b))) }
    }

    /// The stated accuracy: a 2–8–8–2 tanh network trained by Adam (mini-batches of 20, step 0.05,
    /// 100 epochs) on 200 two-moons points (noise 0.15) classifies ≥ 97 % of 400 held-out points
    /// correctly. For scale: a linear classifier (logistic regression) gets ~87 % on this set, an
    /// RBF support-vector machine trained on the same 200 points ~98.6 % (scikit-learn, same noise);
    /// this seed's split is the hardest of seeds 7, 8, 9 (97.75, 99.0, 99.0 %). The training loss
    /// falls by more than 5×. The decision-region SVG of the test set is well formed and shades
    /// both classes.
    @Test func learnsTwoMoons() throws {
        var rng = SplitMix64(seed: 7)
        let data = ClassificationData.twoMoons(count: 600, noise: 0.15, using: &rng)
        let (train, test) = data.split(trainingFraction: 1.0 / 3, using: &rng)
        #expect(train.count == 200 && test.count == 400)
        var mlp = try MultilayerPerceptron(layerSizes: [2, 8, 8, 2], using: &rng)
        var training = MLPTraining()
        training.epochs = 100
        training.batchSize = 20
        training.learningRate = 0.05
        let report = try training.train(&mlp, on: train, using: &rng)
        let accuracy = mlp.accuracy(on: test)
        #expect(accuracy >= 0.97, "test accuracy \(accuracy)")
        #expect(report.losses.last! < report.losses.first! / 5)
        #expect(report.steps == 100 * 10 && report.losses.count == 100)
        let plot = mlp.decisionRegions(for: test, resolution: 60)
        #expect(plot.hasValidGrid && plot.regions.count == 3600)
        #expect(Set(plot.regions) == [0, 1])
        let svg = plot.svg()
        #expect(svg.contains("class=\"region\"") && !svg.contains("nan"))
        if let dir = ProcessInfo.processInfo.environment["MIXTAPE_SAMPLES_DIR"] {
            try svg.write(toFile: dir + "/mlp-two-moons.svg", atomically: true, encoding: .utf8)
        }
    }
}
