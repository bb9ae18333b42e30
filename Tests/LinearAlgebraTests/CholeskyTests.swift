import LinearAlgebra
import TestSupport
import RealModule
import Testing

struct CholeskyTests {
    /// A random symmetric positive-definite matrix AᵀA + n·I.
    static func spd(_ n: Int, seed: UInt64) -> Matrix<Double> {
        var rng = SplitMix64(seed: seed)
        let a = Matrix(rows: n, columns: n, elements: (0..<(n * n)).map { _ in Double.random(in: -1...1, using: &rng) })
        return a.transposed * a + Double(n) * Matrix<Double>.identity(n)
    }

    @Test(arguments: [1, 2, 3, 5, 8])
    func factorReproducesTheMatrix(_ n: Int) throws {
        let a = Self.spd(n, seed: UInt64(n))
        let l = try a.cholesky().get().lower
        let back = l * l.transposed
        // Backward-stable: error a few ulps of ‖A‖.
        for (x, y) in zip(back.elements, a.elements) { #expect(x.isApproximatelyEqual(to: y, absoluteTolerance: 1e-12 * Double(n))) }
        for i in 0..<n { for j in (i + 1)..<n { #expect(l[i, j] == 0) } }
    }

    @Test func knownFactor() throws {
        let a = Matrix<Double>([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
        #expect(try a.cholesky().get().lower == Matrix([[2, 0, 0], [6, 1, 0], [-8, 5, 3]]))
        #expect((try a.cholesky().get().logDeterminant).isApproximatelyEqual(to: 2 * Double.log(2 * 1 * 3), absoluteTolerance: 1e-14))
    }

    @Test(arguments: [2, 4, 7])
    func solvesAndInverts(_ n: Int) throws {
        let a = Self.spd(n, seed: 100 + UInt64(n))
        let chol = try a.cholesky().get()
        let b = (0..<n).map { Double($0) - 1.5 }
        let x = chol.solve(b)
        for (u, v) in zip(a * x, b) { #expect(u.isApproximatelyEqual(to: v, absoluteTolerance: 1e-12)) }
        let product = a * chol.inverse
        for i in 0..<n { for j in 0..<n { #expect(product[i, j].isApproximatelyEqual(to: (i == j ? 1 : 0), absoluteTolerance: 1e-12)) } }
        let linv = chol.lowerInverse * chol.lower
        for i in 0..<n { for j in 0..<n { #expect(linv[i, j].isApproximatelyEqual(to: (i == j ? 1 : 0), absoluteTolerance: 1e-12)) } }
        let u = chol.lower.transposed
        for (p, q) in zip(u * solveUpperTriangular(u, b), b) { #expect(p.isApproximatelyEqual(to: q, absoluteTolerance: 1e-12)) }
    }

    @Test func failureIsAValueNamingThePivot() {
        let indefinite = Matrix<Double>([[1, 2], [2, 1]])
        #expect(throws: NotPositiveDefinite(pivot: 1)) { try indefinite.cholesky().get() }
        let singular = Matrix<Double>([[1, 1], [1, 1]])
        #expect(throws: NotPositiveDefinite(pivot: 1)) { try singular.cholesky().get() }
        let nan = Matrix<Double>([[.nan, 0], [0, 1]])
        #expect(throws: NotPositiveDefinite(pivot: 0)) { try nan.cholesky().get() }
    }

    @Test func worksOnFloat() throws {
        let a = Matrix<Float>([[4, 2], [2, 3]])
        let l = try a.cholesky().get().lower
        #expect(l[1, 1].isApproximatelyEqual(to: Float(2).squareRoot(), absoluteTolerance: 1e-6))
    }
}
