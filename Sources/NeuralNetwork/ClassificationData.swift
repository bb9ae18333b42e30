import Autodiff
import LinearAlgebra

/// Points in the plane with class labels: the two-moons and spiral sets that 2-D classifiers
/// are shown on, generated from a seeded generator.
///
/// ```swift
/// var rng = SomeSeededGenerator(seed: 1)
/// let data = ClassificationData.twoMoons(count: 400, noise: 0.15, using: &rng)
/// let (train, test) = data.split(trainingFraction: 0.75, using: &rng)
/// ```
public struct ClassificationData: Sendable {
    /// The points, n×2 (or n×d), row-major.
    public var points: Matrix<Double>
    /// Each point's class, 0 ..< ``classes``.
    public var labels: [Int]
    /// The number of classes.
    public var classes: Int

    /// A data set; labels outside 0 ..< classes or a count mismatch throw.
    /// - Throws: ``NeuralNetworkError/invalidData(_:)``.
    public init(points: Matrix<Double>, labels: [Int], classes: Int) throws(NeuralNetworkError) {
        guard labels.count == points.rows else {
            throw .invalidData("\(labels.count) labels for \(points.rows) points")
        }
        guard classes >= 2 else { throw .invalidData("need at least 2 classes, got \(classes)") }
        if let i = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
            throw .invalidData("label \(labels[i]) of point \(i) is outside 0..<\(classes)")
        }
        if let i = points.elements.firstIndex(where: { !$0.isFinite }) {
            throw .invalidData("point \(i / max(points.columns, 1)) has a non-finite coordinate")
        }
        self.points = points
        self.labels = labels
        self.classes = classes
    }

    /// The number of points.
    public var count: Int { points.rows }

    /// scikit-learn's `make_moons`: two interleaved half circles, the upper one (cos t, sin t) of
    /// class 0 and the lower (1 − cos t, ½ − sin t) of class 1, t uniform on [0, π], plus Gaussian
    /// noise of standard deviation `noise` on both coordinates.
    /// - Complexity: O(count).
    public static func twoMoons(count: Int, noise: Double, using generator: inout some RandomNumberGenerator)
        -> ClassificationData {
        let n = max(count, 2)
        var elements = [Double](), labels = [Int]()
        elements.reserveCapacity(2 * n)
        for i in 0..<n {
            let label = i % 2
            let t = Double.random(in: 0...Double.pi, using: &generator)
            let (x, y) = label == 0 ? (Double.cos(t), Double.sin(t)) : (1 - Double.cos(t), 0.5 - Double.sin(t))
            elements.append(x + noise * standardNormal(using: &generator))
            elements.append(y + noise * standardNormal(using: &generator))
            labels.append(label)
        }
        return try! ClassificationData(points: Matrix(rows: n, columns: 2, elements: elements), labels: labels, classes: 2)
    }

    /// `classes` interleaved spiral arms: class k at radius r = t and angle 4t + 2πk/classes
    /// (t uniform on [0.05, 1]), plus Gaussian noise of standard deviation `noise`.
    /// - Complexity: O(count).
    public static func spirals(count: Int, classes: Int = 3, noise: Double,
                               using generator: inout some RandomNumberGenerator) -> ClassificationData {
        let k = max(classes, 2), n = max(count, k)
        var elements = [Double](), labels = [Int]()
        for i in 0..<n {
            let label = i % k
            let t = Double.random(in: 0.05...1, using: &generator)
            let angle = 4 * t + 2 * Double.pi * Double(label) / Double(k)
            elements.append(t * Double.cos(angle) + noise * standardNormal(using: &generator))
            elements.append(t * Double.sin(angle) + noise * standardNormal(using: &generator))
            labels.append(label)
        }
        return try! ClassificationData(points: Matrix(rows: n, columns: 2, elements: elements), labels: labels, classes: k)
    }

    /// A random split into a training part (`trainingFraction` of the points, at least one) and a
    /// test part (the rest).
    public func split(trainingFraction: Double, using generator: inout some RandomNumberGenerator)
        -> (training: ClassificationData, test: ClassificationData) {
        var order = Array(0..<count)
        order.shuffle(using: &generator)
        let fraction = trainingFraction.isFinite ? min(max(trainingFraction, 0), 1) : 0.5
        let cut = min(max(1, Int((Double(count) * fraction).rounded())), count)
        func subset(_ indices: ArraySlice<Int>) -> ClassificationData {
            var s = self
            s.points = points.selectingRows(indices)
            s.labels = indices.map { labels[$0] }
            return s
        }
        return (subset(order[0..<cut]), subset(order[cut...]))
    }
}

/// What the neural-network module reports for bad input.
public enum NeuralNetworkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The layer sizes cannot form a network; the message says why.
    case invalidArchitecture(String)
    /// The data set is unusable; the message names the point or label.
    case invalidData(String)
    /// A training setting is out of range; the message names it.
    case invalidSetting(String)

    /// One line.
    public var description: String {
        switch self {
        case .invalidArchitecture(let m): "invalid network: \(m)"
        case .invalidData(let m): "invalid data: \(m)"
        case .invalidSetting(let m): "invalid training setting: \(m)"
        }
    }
}
