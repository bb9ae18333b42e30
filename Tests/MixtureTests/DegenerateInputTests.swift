import LinearAlgebra
import Mixture
import Testing

/// Degenerate input gives a clear, named error — never a crash, a trap or NaN in a result.
struct DegenerateInputTests {
    static func fit(_ x: Matrix<Double>, k: Int = 2, type: CovarianceType = .full, reg: Double = 1e-6) throws -> GaussianMixtureModel {
        try GaussianMixture(components: k, covarianceType: type, regularization: reg).fit(x, seed: 1)
    }

    /// With reg_covar > 0, scikit-learn fits more components than distinct rows: for 50 equal rows
    /// and k = 2 (scikit-learn 1.9.1, `GaussianMixture(2, random_state=0)`) weights [1, 4.44e-17],
    /// means [[3, 3], [0, 0]] (the empty component's mean is 0/Nₖ), covariances reg_covar·I.
    /// With reg_covar 0 a component would collapse, so that is a named error before any fit, as is
    /// k-means with fewer distinct rows than clusters.
    @Test func allRowsEqual() throws {
        let x = Matrix(rows: 50, columns: 2, elements: [Double](repeating: 3, count: 100))
        let model = try Self.fit(x)
        #expect(model.weights == [1.0, 4.4408920985006264e-17])
        #expect(model.means.elements == [3, 3, 0, 0])
        #expect(model.covariances == [1e-6, 0, 0, 1e-6, 1e-6, 0, 0, 1e-6])
        #expect(throws: MixtureError.tooFewDistinctSamples(distinct: 1, components: 2)) { try Self.fit(x, reg: 0) }
        #expect("\(MixtureError.tooFewDistinctSamples(distinct: 1, components: 2))".contains("reg_covar above 0"))
        #expect(throws: MixtureError.tooFewDistinctSamples(distinct: 1, components: 2)) {
            var rng = SeededGenerator(seed: 0)
            _ = try KMeans(clusters: 2).fit(x, using: &rng)
        }
    }

    @Test func allRowsEqualWithOneComponentFitsThePointWithRegularisation() throws {
        let x = Matrix(rows: 50, columns: 2, elements: [Double](repeating: 3, count: 100))
        let model = try Self.fit(x, k: 1)
        #expect(model.means.elements == [3, 3])
        #expect(model.covariances == [1e-6, 0, 0, 1e-6])
        #expect(try model.scoreSamples(x).allSatisfy(\.isFinite))
        #expect(throws: MixtureError.collapsedComponent(component: 0, feature: 0, regularization: 0)) { try Self.fit(x, k: 1, reg: 0) }
    }

    @Test func moreComponentsThanRows() {
        let x = Matrix([[1.0, 2], [3, 4]])
        #expect(throws: MixtureError.tooFewSamples(samples: 2, components: 3)) { try Self.fit(x, k: 3) }
    }

    /// Spherical is left out: one variance for all features is not degenerate when one is constant.
    @Test(arguments: [CovarianceType.full, .tied, .diag])
    func constantColumnWithoutRegularisation(_ type: CovarianceType) throws {
        let x = Matrix(rows: 40, columns: 2, elements: (0..<40).flatMap { (i: Int) -> [Double] in [Double(i % 7), 5.0] })
        #expect(throws: MixtureError.self) { try Self.fit(x, type: type, reg: 0) }
        do {
            _ = try Self.fit(x, type: type, reg: 0)
        } catch {
            // The message names the component, the feature and what to change.
            let text = "\(error)"
            #expect(text.contains("collapsed") && text.contains("feature 2") && text.contains("set reg_covar above 0"), "\(text)")
            #expect(type == .tied ? text.contains("the tied covariance") : text.contains("component "), "\(text)")
        }
        // With the default reg_covar the same data fits, and nothing is NaN.
        let model = try Self.fit(x, type: type)
        #expect(model.covariances.allSatisfy(\.isFinite) && model.lowerBound.isFinite)
    }

    @Test func nanInTheDataNamesRowAndColumn() {
        var x = OldFaithful.matrix
        x[10, 1] = .nan
        #expect(throws: MixtureError.nonFiniteValue(row: 10, column: 1)) { try Self.fit(x) }
        x[10, 1] = .infinity
        #expect(throws: MixtureError.nonFiniteValue(row: 10, column: 1)) { try Self.fit(x) }
        #expect("\(MixtureError.nonFiniteValue(row: 10, column: 1))".contains("row 11, column 2"))
    }

    @Test func zeroRowsAndZeroColumns() {
        #expect(throws: MixtureError.noSamples) { try Self.fit(Matrix(rows: 0, columns: 2, elements: [])) }
        #expect(throws: MixtureError.noFeatures) { try Self.fit(Matrix(rows: 3, columns: 0, elements: [])) }
    }

    @Test func invalidSettingsAreNamed() {
        let x = OldFaithful.matrix
        let cases: [(GaussianMixture, String)] = [
            (GaussianMixture(components: 0), "n_components"),
            (GaussianMixture(components: 2, tolerance: -1), "tol"),
            (GaussianMixture(components: 2, regularization: -1e-6), "reg_covar"),
            (GaussianMixture(components: 2, maxIterations: -1), "max_iter"),
            (GaussianMixture(components: 2, restarts: 0), "n_init"),
            (GaussianMixture(components: 2, initialMeans: Matrix([[1.0, 2, 3]])), "means_init"),
            (GaussianMixture(components: 2, initialWeights: [0.5, 0.6]), "weights_init"),
            (GaussianMixture(components: 2, initialPrecisions: [1, 0, 0, 1]), "precisions_init"),
            (GaussianMixture(components: 2, fixed: .means), "fixed means"),
        ]
        for (settings, name) in cases {
            do {
                _ = try settings.fit(x)
                Issue.record("\(name) was accepted")
            } catch {
                #expect("\(error)".contains(name), "\(error)")
            }
        }
    }

    @Test func collinearColumnsWithoutRegularisation() {
        let column: [Double] = (0..<60).map { Double($0 % 9) }
        let x = Matrix(rows: 60, columns: 2, elements: column.flatMap { (v: Double) -> [Double] in [v, 3 * v + 1] })
        #expect(throws: MixtureError.self) { try Self.fit(x, type: .full, reg: 0) }
        #expect(throws: MixtureError.illDefinedCovariance(component: nil)) { try Self.fit(x, type: .tied, reg: 0) }
    }

    @Test func scoringDataOfAnotherDimension() throws {
        let model = try Self.fit(OldFaithful.matrix)
        let x = Matrix([[1.0, 2, 3]])
        #expect(throws: MixtureError.dimensionMismatch(expected: 2, got: 3)) { try model.predict(x) }
        #expect(throws: MixtureError.dimensionMismatch(expected: 2, got: 3)) { try model.scoreSamples(x) }
        #expect(throws: MixtureError.nonFiniteValue(row: 0, column: 0)) { try model.predictProbabilities(Matrix([[Double.nan, 1]])) }
    }

    @Test func precisionsThatAreNotPositiveDefiniteAreRejected() {
        #expect(throws: MixtureError.self) {
            _ = try MixtureParameters(covarianceType: .full, weights: [1], means: Matrix([[0.0, 0]]), precisions: [1, 2, 2, 1])
        }
    }
}
