import Testing
@testable import Plotting

@Suite struct MixtureComponentsTests {
    static let means: [[Double]] = [[1, 2, 3], [4, 5, 6]]

    @Test func fullCovariancesAreProjectedOntoThePlottedColumns() {
        let full: [[[Double]]] = [
            [[1, 0.1, 0.2], [0.1, 2, 0.3], [0.2, 0.3, 3]],
            [[4, 0.4, 0.5], [0.4, 5, 0.6], [0.5, 0.6, 6]],
        ]
        let c = ScatterPlot.components(means: Self.means, covariances: .full(full), weights: [0.3, 0.7], x: 0, y: 2)
        #expect(c.count == 2)
        #expect(c[1].meanX == 4 && c[1].meanY == 6 && c[1].weight == 0.7)
        #expect(c[1].covariance == SymmetricMatrix2x2(xx: 4, xy: 0.5, yy: 6))
    }

    @Test func tiedDiagonalAndSphericalShapes() {
        let tied = ScatterPlot.components(means: Self.means, covariances: .tied([[1, 0.5, 0], [0.5, 2, 0], [0, 0, 3]]))
        #expect(tied.map(\.covariance) == [.init(xx: 1, xy: 0.5, yy: 2), .init(xx: 1, xy: 0.5, yy: 2)])
        let diag = ScatterPlot.components(means: Self.means, covariances: .diagonal([[1, 2, 3], [4, 5, 6]]), y: 2)
        #expect(diag.map(\.covariance) == [.init(diagonal: 1, 3), .init(diagonal: 4, 6)])
        let sph = ScatterPlot.components(means: Self.means, covariances: .spherical([0.5, 2]))
        #expect(sph.map(\.covariance) == [.init(spherical: 0.5), .init(spherical: 2)])
    }

    @Test func outOfRangeColumnsOrShortArraysDegradeGracefully() {
        #expect(ScatterPlot.components(means: Self.means, covariances: .spherical([1, 1]), x: 0, y: 3).isEmpty)
        let short = ScatterPlot.components(means: Self.means, covariances: .spherical([1]))
        #expect(short.count == 2 && short[1].covariance == nil)
    }
}
