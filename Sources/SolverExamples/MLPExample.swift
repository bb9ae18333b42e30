import Foundation
import Mixture
import NeuralNetwork
import Plotting

/// A 2–8–8–2 tanh network trained by Adam on two moons, every gradient by one reverse sweep;
/// accuracy on held-out points and the decision regions.
enum MLPExample {
    static func run(seed: UInt64) throws(ExampleError) -> ExampleReport {
        var rng = SeededGenerator(seed: seed)
        let data = ClassificationData.twoMoons(count: 600, noise: 0.15, using: &rng)
        let (training, test) = data.split(trainingFraction: 1.0 / 3, using: &rng)
        var mlp: MultilayerPerceptron
        var settings = MLPTraining()
        settings.epochs = 100
        settings.batchSize = 20
        settings.learningRate = 0.05
        let report: MLPTraining.Report
        do {
            mlp = try MultilayerPerceptron(layerSizes: [2, 8, 8, 2], using: &rng)
            report = try settings.train(&mlp, on: training, using: &rng)
        } catch { throw ExampleError("mlp: \(error)") }
        let trainAccuracy = mlp.accuracy(on: training), testAccuracy = mlp.accuracy(on: test)
        let lines = [
            "two moons (noise 0.15, seed \(seed)): \(training.count) training points, \(test.count) held out",
            "MLP 2–8–8–2, tanh, \(MultilayerPerceptron.parameterCount(layerSizes: mlp.layerSizes)) weights; Adam (step 0.05), batches of 20, 100 epochs = \(report.steps) steps",
            "each step: one reverse sweep over a tape of \(report.tapeNodesPerStep) nodes gives the gradient of every weight",
            String(format: "cross-entropy %.4f → %.4f; training accuracy %.2f %%, test accuracy %.2f %%",
                   report.losses.first ?? .nan, report.losses.last ?? .nan, 100 * trainAccuracy, 100 * testAccuracy),
        ]
        var plot = mlp.decisionRegions(for: test)
        plot.subtitle = String(format: "test accuracy %.1f %% on the %d held-out points shown", 100 * testAccuracy, test.count)
        return ExampleReport(example: .mlp, lines: lines, figure: plot.svg())
    }
}
