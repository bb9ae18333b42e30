import LinearAlgebra
import TestSupport
import Testing

struct QRTests {
    static func random(_ m: Int, _ n: Int, seed: UInt64) -> Matrix<Double> {
        var rng = SplitMix64(seed: seed)
        return Matrix(rows: m, columns: n, elements: (0..<(m * n)).map { _ in Double.random(in: -1...1, using: &rng) })
    }

    /// The least-squares solution satisfies the normal equations Aᵀ(Ax − b) = 0 (independent check),
    /// and for a consistent system recovers the exact x; ‖R‖ columns match ‖A‖ columns (Q orthogonal).
    @Test(arguments: [(1, 1), (3, 2), (10, 3), (40, 7), (6, 6)])
    func leastSquaresMeetsTheNormalEquations(_ shape: (Int, Int)) throws {
        let (m, n) = shape
        let a = Self.random(m, n, seed: UInt64(m * 100 + n))
        var rng = SplitMix64(seed: 77)
        let b = (0..<m).map { _ in Double.random(in: -2...2, using: &rng) }
        let qr = QR.factor(a)
        let x = try qr.solveLeastSquares(b).get()
        let residual = zip(a * x, b).map { $0 - $1 }
        let normal = a.transposed * residual
        for v in normal { #expect(abs(v) < 1e-12) }
        let truth = (0..<n).map { 0.5 * Double($0) - 1 }
        let exact = try qr.solveLeastSquares(a * truth).get()
        for (u, v) in zip(exact, truth) { #expect(abs(u - v) < 1e-11) }
        let r = qr.upper
        for j in 0..<n {
            let colA = (0..<m).reduce(0.0) { $0 + a[$1, j] * a[$1, j] }
            let colR = (0..<n).reduce(0.0) { $0 + r[$1, j] * r[$1, j] }
            #expect(abs(colA - colR) < 1e-12 * max(1, colA))
        }
    }

    /// A hand-solvable fit: the line through (0, 1), (1, 3), (2, 5) plus noise-free — exact.
    @Test func fitsALine() throws {
        let a = Matrix<Double>([[1, 0], [1, 1], [1, 2], [1, 3]])
        let x = try QR.factor(a).solveLeastSquares([1, 3, 5, 7]).get()
        #expect(abs(x[0] - 1) < 1e-14 && abs(x[1] - 2) < 1e-14)
    }

    @Test func rankDeficiencyIsAValue() {
        let a = Matrix<Double>([[1, 2], [2, 4], [3, 6]])
        #expect(throws: SingularMatrix(column: 1)) { try QR.factor(a).solveLeastSquares([1, 2, 3], relativeTolerance: 1e-12).get() }
        let nan = Matrix<Double>([[1, .nan], [0, 1]])
        #expect(throws: SingularMatrix.self) { try QR.factor(nan).solveLeastSquares([1, 1]).get() }
    }
}
