import LinearAlgebra
@testable import Mixture
import Testing

/// Scratch memory is sized by what the covariance type needs, and a fit that cannot fit in memory
/// is refused with the amount it would need — before anything large is allocated. Before, a diag fit
/// of 100,000 columns tried to build a 100,000 × 100,000 matrix (80 GB) and aborted.
struct MemoryEstimateTests {
    static let wide = 100_000

    /// diag and spherical need O(k·d) per chunk (tens of MB at d = 100,000, most of it one block of
    /// 64 rows transposed per thread); tied one d×d matrix, full one per component.
    @Test func estimateFollowsTheCovarianceType() {
        let bytes = CovarianceType.allCases.map { GaussianMixture(components: 2, covarianceType: $0).memoryRequired(rows: 10, features: Self.wide) }
        #expect(bytes[2] < 1_000_000_000 && bytes[3] < 1_000_000_000, "\(bytes)")                 // diag, spherical
        #expect(bytes[1] > 80_000_000_000 && bytes[1] < bytes[0], "\(bytes)")                    // tied: d² = 1e10 doubles
        #expect(bytes[0] > 2 * 80_000_000_000, "\(bytes)")                                         // full: k·d²
        // Absurd sizes saturate instead of trapping.
        #expect(GaussianMixture(components: Int.max, covarianceType: .full).memoryRequired(rows: Int.max, features: Int.max) == Int.max)
        #expect(GaussianMixture(components: 2, covarianceType: .diag).memoryRequired(rows: Int.max, features: Int.max) > 1 << 50)
    }

    /// A fit on 12 rows × 100,000 columns with a diagonal covariance runs (in well under a GB).
    @Test func diagonalFitOfAHundredThousandColumns() throws {
        var rng = SeededGenerator(seed: 1)
        var values = [Double](repeating: 0, count: 12 * Self.wide)
        for i in values.indices {
            let offset: Double = (i / Self.wide) % 2 == 0 ? 0 : 3
            values[i] = offset + rng.standardNormal()
        }
        let x = Matrix(rows: 12, columns: Self.wide, elements: values)
        let model = try GaussianMixture(components: 2, covarianceType: .diag, maxIterations: 5).fit(x, seed: 0)
        #expect(model.covariances.count == 2 * Self.wide)
        #expect(Set(try model.predict(x)).count == 2)
    }

    /// Beyond the limit: a named error with the memory needed, whatever the sizes.
    @Test(arguments: [CovarianceType.full, .tied])
    func fitBeyondTheLimitIsRefused(_ type: CovarianceType) throws {
        let values: [Double] = (0..<(3 * Self.wide)).map { Double($0 % 7) }
        let x = Matrix(rows: 3, columns: Self.wide, elements: values)
        let settings = GaussianMixture(components: 2, covarianceType: type, memoryLimit: 1 << 30)
        do {
            _ = try settings.fit(x, seed: 0)
            Issue.record("accepted")
        } catch {
            guard case let .insufficientMemory(bytes, limit) = error else { Issue.record("\(error)"); return }
            #expect(bytes == settings.memoryRequired(rows: 3, features: Self.wide) && limit == 1 << 30)
            #expect("\(error)".contains("GB") && "\(error)".contains("1.1 GB is available"), "\(error)")
        }
    }

    @Test func hugeSampleIsRefused() throws {
        let model = try GaussianMixture(components: 2).fit(OldFaithful.matrix, seed: 0)
        var rng = SeededGenerator(seed: 0)
        #expect(throws: MixtureError.insufficientMemory(bytes: Int.max, limit: 1 << 20)) {
            try model.sample(Int.max, memoryLimit: 1 << 20, using: &rng)
        }
        #expect(MemorySize.text(80_000_000_000) == "80.0 GB" && MemorySize.text(512) == "512 B")
    }
}
