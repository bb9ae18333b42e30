import LinearAlgebra
import NeuralNetwork
import TestSupport
import Testing

struct ClassificationDataTests {
    /// Two moons: alternating labels; without noise every point lies on its half circle
    /// (class 0 on the unit circle's upper half, class 1 on the circle of radius 1 about (1, ½),
    /// lower half).
    @Test func twoMoonsLieOnTheirHalfCircles() {
        var rng = SplitMix64(seed: 3)
        let data = ClassificationData.twoMoons(count: 200, noise: 0, using: &rng)
        #expect(data.count == 200 && data.classes == 2)
        #expect(data.labels.filter { $0 == 0 }.count == 100)
        for i in 0..<data.count {
            let x = data.points[i, 0], y = data.points[i, 1]
            if data.labels[i] == 0 {
                #expect(abs(x * x + y * y - 1) < 1e-12 && y >= -1e-12)
            } else {
                #expect(abs((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5) - 1) < 1e-12 && y <= 0.5 + 1e-12)
            }
        }
    }

    @Test func spiralsAndSplit() {
        var rng = SplitMix64(seed: 4)
        let data = ClassificationData.spirals(count: 90, classes: 3, noise: 0, using: &rng)
        #expect(Set(data.labels) == [0, 1, 2])
        for i in 0..<data.count {
            let r = (data.points[i, 0] * data.points[i, 0] + data.points[i, 1] * data.points[i, 1]).squareRoot()
            #expect(r >= 0.05 - 1e-12 && r <= 1 + 1e-12)
        }
        let (train, test) = data.split(trainingFraction: 0.7, using: &rng)
        #expect(train.count == 63 && test.count == 27)
        let rows = Set((0..<train.count).map { train.points.row($0) } + (0..<test.count).map { test.points.row($0) })
        #expect(rows.count == 90)
    }

    @Test func invalidDataIsNamed() {
        let points = Matrix<Double>(rows: 2, columns: 2, elements: [0, 1, 2, 3])
        #expect(throws: NeuralNetworkError.invalidData("1 labels for 2 points")) {
            try ClassificationData(points: points, labels: [0], classes: 2)
        }
        #expect(throws: NeuralNetworkError.invalidData("label 2 of point 1 is outside 0..<2")) {
            try ClassificationData(points: points, labels: [0, 2], classes: 2)
        }
        #expect(throws: NeuralNetworkError.invalidData("point 1 has a non-finite coordinate")) {
            try ClassificationData(points: Matrix(rows: 2, columns: 2, elements: [0, 1, .nan, 3]), labels: [0, 1], classes: 2)
        }
    }

    @Test func invalidNetworksAndSettingsAreNamed() throws {
        var rng = SplitMix64(seed: 5)
        #expect(throws: NeuralNetworkError.self) { try MultilayerPerceptron(layerSizes: [2], using: &rng) }
        #expect(throws: NeuralNetworkError.self) { try MultilayerPerceptron(layerSizes: [2, 0, 2], using: &rng) }
        #expect(throws: NeuralNetworkError.self) { try MultilayerPerceptron(layerSizes: [2, 4, 1], using: &rng) }
        #expect(throws: NeuralNetworkError.self) { try MultilayerPerceptron(layerSizes: [2, 2], parameters: [1, 2]) }
        var mlp = try MultilayerPerceptron(layerSizes: [2, 3, 2], using: &rng)
        #expect(mlp.parameters.count == 3 * 3 + 2 * 4)
        let data = ClassificationData.twoMoons(count: 10, noise: 0.1, using: &rng)
        var training = MLPTraining()
        training.learningRate = .nan
        #expect(throws: NeuralNetworkError.self) { try training.train(&mlp, on: data, using: &rng) }
        training = MLPTraining()
        training.batchSize = 0
        #expect(throws: NeuralNetworkError.self) { try training.train(&mlp, on: data, using: &rng) }
        var three = try MultilayerPerceptron(layerSizes: [3, 2], using: &rng)
        #expect(throws: NeuralNetworkError.self) { try MLPTraining().train(&three, on: data, using: &rng) }
    }
}
