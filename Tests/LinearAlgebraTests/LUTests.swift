import LinearAlgebra
import TestSupport
import Testing

struct LUTests {
    /// A random n×n matrix with entries in [−1, 1].
    static func random(_ n: Int, seed: UInt64) -> Matrix<Double> {
        var rng = SplitMix64(seed: seed)
        return Matrix(rows: n, columns: n, elements: (0..<(n * n)).map { _ in Double.random(in: -1...1, using: &rng) })
    }

    /// P·A = L·U to a few ulps of ‖A‖ (partial pivoting is backward stable for these sizes), and
    /// every multiplier |lᵢⱼ| ≤ 1 (the pivot is the column's largest entry).
    @Test(arguments: [1, 2, 3, 7, 16, 40])
    func factorReproducesThePermutedMatrix(_ n: Int) throws {
        let a = Self.random(n, seed: UInt64(n) &* 31)
        let lu = try a.lu().get()
        let product = lu.lower * lu.upper
        for i in 0..<n {
            for j in 0..<n {
                #expect(abs(product[i, j] - a[lu.permutation[i], j]) < 1e-14 * Double(n))
            }
        }
        for i in 0..<n { for j in 0..<i { #expect(abs(lu.lower[i, j]) <= 1) } }
        #expect(lu.permutation.sorted() == Array(0..<n))
    }

    /// Solves against a known solution: b = A·x*, then ‖x − x*‖ small relative to cond·eps.
    @Test(arguments: [1, 2, 5, 12, 30])
    func solvesAndTransposedSolves(_ n: Int) throws {
        let a = Self.random(n, seed: 900 + UInt64(n))
        let truth = (0..<n).map { Double($0) * 0.25 - 1.3 }
        let lu = try a.lu().get()
        let x = lu.solve(a * truth)
        for (u, v) in zip(x, truth) { #expect(abs(u - v) < 1e-10) }
        let xt = lu.solveTransposed(a.transposed * truth)
        for (u, v) in zip(xt, truth) { #expect(abs(u - v) < 1e-10) }
        let product = a * lu.inverse
        for i in 0..<n { for j in 0..<n { #expect(abs(product[i, j] - (i == j ? 1 : 0)) < 1e-10) } }
    }

    /// A zero leading entry needs the pivot swap; hand-computed factors and determinant.
    @Test func zeroLeadingPivotAndKnownDeterminant() throws {
        let a = Matrix<Double>([[0, 2, 1], [3, 1, 0], [1, 1, 1]])
        let lu = try a.lu().get()
        #expect(lu.permutation[0] == 1)
        // det by cofactors along the first row: 0·(1) − 2·(3 − 0) + 1·(3 − 1) = −4.
        #expect(abs(lu.determinant - -4) < 1e-14)
        #expect(abs(lu.logAbsDeterminant - Double.log(4)) < 1e-14)
        #expect(lu.solve([3, 4, 3]).enumerated().allSatisfy { abs($1 - 1) < 1e-14 })
    }

    /// Singular, NaN, infinite and nearly singular matrices are failures naming the column.
    @Test func singularInputIsAValue() {
        #expect(throws: SingularMatrix(column: 1)) { try Matrix<Double>([[1, 2], [2, 4]]).lu().get() }
        #expect(throws: SingularMatrix(column: 0)) { try Matrix<Double>([[0, 1], [0, 1]]).lu().get() }
        #expect(throws: SingularMatrix(column: 1)) { try Matrix<Double>([[1, .nan], [0, 1]]).lu().get() }
        #expect(throws: SingularMatrix(column: 0)) { try Matrix<Double>([[.infinity, 0], [0, 1]]).lu().get() }
        let nearly = Matrix<Double>([[1, 1], [1, 1 + 1e-15]])   // pivot 5·eps after elimination
        #expect((try? nearly.lu().get()) != nil)   // exact arithmetic: nonsingular
        #expect(throws: SingularMatrix(column: 1)) { try nearly.lu(relativeTolerance: 16 * .ulpOfOne).get() }
    }

    @Test func emptyAndFloat() throws {
        let empty = try Matrix<Double>(rows: 0, columns: 0, elements: []).lu().get()
        #expect(empty.solve([]) == [])
        #expect(empty.determinant == 1)
        let f = try Matrix<Float>([[4, 3], [6, 3]]).lu().get()
        let x = f.solve([10, 12])
        #expect(abs(x[0] - 1) < 1e-5 && abs(x[1] - 2) < 1e-5)
    }
}
