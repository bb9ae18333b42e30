import LinearAlgebra
@testable import Mixture
import RealModule
import Testing

/// Data that is finite but huge (or tiny): any finite input gives a fit or a named error, never a
/// trap. Multiplying data by a power of two is exact, so the fit of `2ᵉ·x` must be the fit of `x`
/// with its means times 2ᵉ, covariances times 2²ᵉ and log-likelihood shifted by −d·e·ln 2.
/// Before, data whose squared distances overflow (Old Faithful × 2⁵⁰⁵: values ~3e153, sums of
/// squares ~1e309) made k-means++ pick no candidate and trap.
struct HugeDataTests {
    static let faithful = OldFaithful.matrix

    static func scaled(_ x: Matrix<Double>, _ e: Int) -> Matrix<Double> {
        Matrix(rows: x.rows, columns: x.columns, elements: x.elements.map { Double(sign: $0.sign, exponent: e, significand: $0.magnitude) })
    }

    /// Exponents whose covariances still fit a `Double`: the waiting time's variance (≈184) × 2²ᵉ
    /// stays below 2¹⁰²³ for e ≤ 505, and the eruption variance (≈0.07) × 2²ᵉ above 2⁻¹⁰²² for
    /// e ≥ −505. Both ends lie beyond where squares of the data overflow or underflow.
    static let exponents = [-505, -300, 300, 505]

    /// reg_covar 0 (it is an absolute variance, so it does not scale with the data) and a fixed
    /// start, so both fits take the same path; tolerance 0 and 30 iterations.
    static func settings(_ e: Int) -> GaussianMixture {
        GaussianMixture(components: 2, covarianceType: .full, tolerance: 0, regularization: 0, maxIterations: 30,
                        initialWeights: [0.4, 0.6],
                        initialMeans: scaled(Matrix([[2.0, 55.0], [4.3, 80.0]]), e),
                        initialPrecisions: [4, 0, 0, 0.03, 6, 0, 0, 0.03].map { Double(sign: .plus, exponent: -2 * e, significand: $0) })
    }

    /// Agreement to 1e-12 relative: the scaled fit does the same + − × ÷ √ on scaled numbers (exact),
    /// but its log-densities carry the shift d·e·ln 2, which rounds differently, so responsibilities
    /// differ in the last bits and 30 iterations carry that along.
    @Test(arguments: exponents)
    func fitOfScaledDataIsTheScaledFit(_ e: Int) throws {
        let reference = try Self.settings(0).fit(Self.faithful)
        let model = try Self.settings(e).fit(Self.scaled(Self.faithful, e))
        #expect(model.iterations == reference.iterations)
        for (a, b) in zip(model.means.elements, reference.means.elements) {
            #expect(Double(sign: a.sign, exponent: -e, significand: a.magnitude).isApproximatelyEqual(to: b, relativeTolerance: 1e-12))
        }
        for (a, b) in zip(model.covariances, reference.covariances) {
            #expect(Double(sign: a.sign, exponent: -2 * e, significand: a.magnitude).isApproximatelyEqual(to: b, absoluteTolerance: 1e-12 * 184))
        }
        for (a, b) in zip(model.weights, reference.weights) { #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-12)) }
        let shift = -2 * Double(e) * Double.log(2)
        #expect(model.lowerBound.isApproximatelyEqual(to: reference.lowerBound + shift, relativeTolerance: 1e-12))
        let ll = try model.logLikelihood(Self.scaled(Self.faithful, e))
        #expect(ll.isApproximatelyEqual(to: try reference.logLikelihood(Self.faithful) + 272 * shift, relativeTolerance: 1e-12))
        #expect(try model.predict(Self.scaled(Self.faithful, e)) == reference.predict(Self.faithful))
    }

    /// The supervised fit and the progress reports are in the data's units too.
    @Test(arguments: [-505, 505])
    func supervisedFitAndProgressOfScaledData(_ e: Int) throws {
        let labels = try GaussianMixture(components: 2).fit(Self.faithful, seed: 0).predict(Self.faithful)
        let settings = GaussianMixture(components: 2, regularization: 0)
        let reference = try settings.fitSupervised(Self.faithful, labels: labels)
        let scaled = try settings.fitSupervised(Self.scaled(Self.faithful, e), labels: labels)
        #expect(scaled.means == Self.scaled(reference.means, e))
        for (a, b) in zip(scaled.covariances, reference.covariances) {
            #expect(a == Double(sign: b.sign, exponent: 2 * e, significand: b.magnitude))
        }
        var reported: [MixtureParameters] = []
        let model = try Self.settings(e).fit(Self.scaled(Self.faithful, e)) { reported.append($0.parameters) }
        #expect(reported.count == 31 && reported.last == model.parameters)
        #expect(reported[0].means == Self.scaled(Matrix([[2.0, 55.0], [4.3, 80.0]]), e))
    }

    /// k-means does only + − × ÷ and comparisons, so at a power-of-two scale it is exact: the same
    /// labels, and centres equal to the bit after scaling back — for any finite data, including
    /// scales where the squared distances of the raw data overflow (2⁶⁰⁰) or underflow (2⁻⁶⁰⁰).
    @Test(arguments: [-1000, -600, -300, 300, 600, 900])
    func kMeansOfScaledDataIsTheScaledClustering(_ e: Int) throws {
        var rng1 = SeededGenerator(seed: 5), rng2 = SeededGenerator(seed: 5)
        let reference = try KMeans(clusters: 3, restarts: 3).fit(Self.faithful, using: &rng1)
        let result = try KMeans(clusters: 3, restarts: 3).fit(Self.scaled(Self.faithful, e), using: &rng2)
        #expect(result.labels == reference.labels)
        #expect(result.centers == Self.scaled(reference.centers, e))
        #expect(result.iterations == reference.iterations)
        // The inertia scales by 2²ᵉ, and is +∞ or 0 where that leaves the range of a Double.
        let expected = Double(sign: .plus, exponent: 2 * e, significand: reference.inertia)
        #expect(result.inertia == expected || result.inertia.isApproximatelyEqual(to: expected, relativeTolerance: 1e-15))
    }

    /// One value of 1e200 among ordinary rows (or 1e300): k-means puts it in its own cluster, and a
    /// mixture gives a fit or a named error — never a trap.
    @Test(arguments: [1e200, 1e300, -1e300, Double.greatestFiniteMagnitude])
    func oneOutlierAmongManyRows(_ outlier: Double) throws {
        var rng = SeededGenerator(seed: 1)
        var values: [Double] = []
        for _ in 0..<2000 { values += [rng.standardNormal(), 5 + rng.standardNormal()] }
        values += [outlier, 3]
        let x = Matrix(rows: 2001, columns: 2, elements: values)
        var rng2 = SeededGenerator(seed: 2)
        let clusters = try KMeans(clusters: 2).fit(x, using: &rng2)
        #expect(clusters.clusterSizes.sorted() == [1, 2000])
        #expect(clusters.labels[2000] != clusters.labels[0])
        #expect(clusters.centers.elements.allSatisfy { $0.isFinite })
        // k = 2: the outlier's own component has a variance that is only rounding noise of 1e200
        // (scikit-learn's Nₖ + 10·eps puts the mean 1e200·2e-15 off the row), beyond a Double:
        // a named error that says which component and what to do.
        do {
            let model = try GaussianMixture(components: 2).fit(x, seed: 0)
            #expect(model.covariances.allSatisfy { $0.isFinite } && model.lowerBound.isFinite)
        } catch {
            guard case let .collapsedComponent(component, _, regularization) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(component != nil && regularization == 1e-6)
            #expect("\(error)".contains("remove the outlying rows"))
        }
        // k = 1: the variance of the column holding the outlier is beyond a Double.
        #expect(throws: MixtureError.covarianceOutOfRange(component: 0, tooLarge: true)) {
            try GaussianMixture(components: 1).fit(x, seed: 0)
        }
    }

    /// An outlier at 1e150 is representable with its rounding-noise variance (~1e270), so the fit
    /// succeeds, as scikit-learn's would: the outlier gets its own component.
    @Test func outlierWhoseComponentFits() throws {
        var rng = SeededGenerator(seed: 3)
        var values: [Double] = []
        for _ in 0..<500 { values += [rng.standardNormal(), rng.standardNormal()] }
        values += [1e150, 0]
        let x = Matrix(rows: 501, columns: 2, elements: values)
        let model = try GaussianMixture(components: 2).fit(x, seed: 0)
        let outlier = model.means[0, 0] > 1e149 ? 0 : 1
        #expect(model.means[outlier, 0].isApproximatelyEqual(to: 1e150, relativeTolerance: 1e-14))
        #expect(model.weights[outlier].isApproximatelyEqual(to: 1.0 / 501, relativeTolerance: 1e-12))
        #expect(try model.predict(x)[500] == outlier)
        #expect(try model.scoreSamples(x).allSatisfy { $0.isFinite })
    }

    /// A huge column and a tiny one together (eruptions × 2⁵⁰⁵, waiting × 2⁻⁵⁰⁵): one power of two
    /// brings the huge column into range and keeps the tiny one's variances normal; the fit is the
    /// Old Faithful fit with means and covariances scaled per column (EM is equivariant under
    /// diagonal scaling when reg_covar is 0).
    @Test func hugeAndTinyColumnsTogether() throws {
        let factors = [505, -505]
        let x = Matrix(rows: 272, columns: 2, elements: Self.faithful.elements.enumerated().map { i, v in
            Double(sign: v.sign, exponent: factors[i % 2], significand: v.magnitude)
        })
        var settings = Self.settings(0)
        settings.initialMeans = Matrix([[2.0 * 0x1p505, 55.0 * 0x1p-505], [4.3 * 0x1p505, 80.0 * 0x1p-505]])
        settings.initialPrecisions = [4 * 0x1p-1010, 0, 0, 0.03 * 0x1p1010, 6 * 0x1p-1010, 0, 0, 0.03 * 0x1p1010]
        let model = try settings.fit(x)
        let reference = try Self.settings(0).fit(Self.faithful)
        for c in 0..<2 {
            for j in 0..<2 {
                let back = Double(sign: model.means[c, j].sign, exponent: -factors[j], significand: model.means[c, j].magnitude)
                #expect(back.isApproximatelyEqual(to: reference.means[c, j], relativeTolerance: 1e-11))
                for l in 0..<2 {
                    let v = model.covarianceMatrix(component: c)[j, l]
                    let back = Double(sign: v.sign, exponent: -factors[j] - factors[l], significand: v.magnitude)
                    #expect(back.isApproximatelyEqual(to: reference.covarianceMatrix(component: c)[j, l], absoluteTolerance: 1e-11 * 184))
                }
            }
        }
    }

    /// Tiny data (1e-200) with the default reg_covar: every covariance is reg_covar·I (the data's
    /// variance, ~1e-400, is far below it), as exact arithmetic gives; with reg_covar 0 the true
    /// covariance is below the smallest Double, which is a named error.
    @Test func tinyDataWithAndWithoutRegularisation() throws {
        let x = Matrix(rows: 272, columns: 2, elements: Self.faithful.elements.map { $0 * 1e-200 })
        let model = try GaussianMixture(components: 2).fit(x, seed: 0)
        #expect(model.covariances == [1e-6, 0, 0, 1e-6, 1e-6, 0, 0, 1e-6])
        for c in 0..<2 { #expect(model.means[c, 1] > 4e-199 && model.means[c, 1] < 1e-198) }
        #expect(throws: MixtureError.covarianceOutOfRange(component: 0, tooLarge: false)) {
            try GaussianMixture(components: 2, regularization: 0).fit(x, seed: 0)
        }
    }

    /// k-means `predict` for rows far from every centre: the nearest centre, found from differences
    /// that keep the centres (at x = 1e20, x − 0 and x − 1 are the same double).
    @Test func kMeansPredictsFarRows() throws {
        let result = KMeansResult(centers: Matrix([[0.0, 0.0], [1.0, 0.0], [0.0, 3.0]]), labels: [], inertia: 0,
                                  iterations: 0, converged: true)
        let far = Matrix([[1e20, 0.0], [-1e20, 0.0], [0.25, 1e200], [0.75, -1e300], [1e300, 1e300]])
        let labels = try result.predict(far)
        #expect(labels == [1, 0, 2, 1, 2], "\(labels)")
    }

    /// Direct use of the seeding with an outlier whose squared distance overflows (the trap of the
    /// issue): a candidate is always chosen, and the outlier is among the seeds.
    @Test func kMeansPlusPlusSeedsPastAnOverflow() {
        var rng = SeededGenerator(seed: 9)
        let x = Matrix(rows: 6, columns: 1, elements: [0, 1, 2, 3, 4, 1.7e308])
        let seeds = KMeans.kMeansPlusPlus(x, count: 3, using: &rng)
        #expect(seeds.count == 3 && seeds.allSatisfy { (0..<6).contains($0) })
        #expect(seeds.contains(5))
    }
}
