import LinearAlgebra
import Mixture
import RealModule
import Testing

struct KMeansTests {
    /// A centre far from every point gets no rows in the first assignment; it is re-seeded with the
    /// row farthest from its centre, so no cluster ends empty.
    @Test func emptyClusterIsReseededWithTheFarthestPoint() throws {
        let x = Matrix<Double>([[0, 0], [0.1, 0], [0, 0.1], [10, 10], [10.1, 10], [10, 10.2], [30, 30]])
        var rng = SeededGenerator(seed: 0)
        let start = Matrix<Double>([[0, 0], [10, 10], [1000, 1000]])
        let result = try KMeans(clusters: 3, initialization: .given(start)).fit(x, using: &rng)
        #expect(result.clusterSizes.allSatisfy { $0 > 0 })
        #expect(result.labels[6] != result.labels[3])
        #expect(result.centers.row(result.labels[6]) == [30, 30])
        #expect(Set(result.labels).count == 3)
    }

    @Test func inertiaIsTheSumOfSquaredDistancesToTheAssignedCentres() throws {
        var rng = SeededGenerator(seed: 3)
        let result = try KMeans(clusters: 3, restarts: 4).fit(OldFaithful.matrix, using: &rng)
        var inertia = 0.0
        for i in 0..<272 {
            let c = result.labels[i]
            for j in 0..<2 { inertia += (OldFaithful.matrix[i, j] - result.centers[c, j]) * (OldFaithful.matrix[i, j] - result.centers[c, j]) }
        }
        #expect(inertia.isApproximatelyEqual(to: result.inertia, relativeTolerance: 1e-9))
        // Every row is at its nearest centre (Lloyd's fixed point).
        #expect(try result.predict(OldFaithful.matrix) == result.labels)
    }

    @Test func randomSeedingAndRestartsNeverIncreaseInertia() throws {
        var rng = SeededGenerator(seed: 9)
        let one = try KMeans(clusters: 4, initialization: .random).fit(OldFaithful.matrix, using: &rng)
        var rng2 = SeededGenerator(seed: 9)
        let many = try KMeans(clusters: 4, initialization: .random, restarts: 10).fit(OldFaithful.matrix, using: &rng2)
        #expect(many.inertia <= one.inertia)
    }

    @Test func badSettingsAreNamed() {
        var rng = SeededGenerator(seed: 0)
        #expect(throws: MixtureError.self) { try KMeans(clusters: 0).fit(OldFaithful.matrix, using: &rng) }
        #expect(throws: MixtureError.self) { try KMeans(clusters: 2, tolerance: -1).fit(OldFaithful.matrix, using: &rng) }
        #expect(throws: MixtureError.self) {
            try KMeans(clusters: 2, initialization: .given(Matrix([[1.0, 2, 3]]))).fit(OldFaithful.matrix, using: &rng)
        }
    }
}
