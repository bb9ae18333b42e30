import CMixtureKernels
import CVectorMath
import LinearAlgebra
@testable import Mixture
import RealModule
import Testing
import TestSupport

/// The register-blocked E-step and statistics kernels against the textbook formulas: log-densities
/// from a Cholesky factorisation of each covariance (not of the precisions the kernels use), and
/// the statistics summed row by row.
struct EStepKernelTests {
    /// Random parameters of a type: means spread by `spread`, shifted by `offset`, covariances
    /// A·Aᵀ + I·scale² (full, tied), or random variances.
    static func parameters(_ type: CovarianceType, k: Int, d: Int, spread: Double = 3, offset: Double = 0,
                           scale: Double = 1, seed: UInt64) throws -> MixtureParameters {
        var g = SplitMix64(seed: seed)
        let weights = (0..<k).map { _ in Double.random(in: 0.5...2, using: &g) }
        let total = weights.reduce(0, +)
        let means = Matrix(rows: k, columns: d,
                           elements: (0..<(k * d)).map { _ in offset + spread * Double.random(in: -1...1, using: &g) })
        func spd() -> [Double] {
            let a = (0..<(d * d)).map { _ in 0.4 * scale * Double.random(in: -1...1, using: &g) }
            var s = [Double](repeating: 0, count: d * d)
            for i in 0..<d {
                for j in 0..<d {
                    for l in 0..<d { s[i * d + j] += a[i * d + l] * a[j * d + l] }
                }
                s[i * d + i] += scale * scale
            }
            return s
        }
        let covariances: [Double] = switch type {
        case .full: (0..<k).flatMap { _ in spd() }
        case .tied: spd()
        case .diag: (0..<(k * d)).map { _ in scale * scale * Double.random(in: 0.3...3, using: &g) }
        case .spherical: (0..<k).map { _ in scale * scale * Double.random(in: 0.3...3, using: &g) }
        }
        return try MixtureParameters(covarianceType: type, weights: weights.map { $0 / total }, means: means,
                                     covariances: covariances)
    }

    static func data(n: Int, d: Int, around p: MixtureParameters, seed: UInt64) -> Matrix<Double> {
        var g = SplitMix64(seed: seed)
        var values: [Double] = []
        for i in 0..<n {
            let c = i % p.components
            values += (0..<d).map { p.means[c, $0] + 2 * Double.random(in: -1...1, using: &g) }
        }
        return Matrix(rows: n, columns: d, elements: values)
    }

    /// log wₖ + log N(x | μₖ, Σₖ) from Σₖ's own Cholesky factor.
    static func referenceLogDensities(_ p: MixtureParameters, _ x: Matrix<Double>) throws -> [[Double]] {
        let d = p.features
        let factors = try (0..<p.components).map { try Cholesky.factor(p.covarianceMatrix(component: $0)).get() }
        return (0..<x.rows).map { i in
            (0..<p.components).map { c in
                let diff = (0..<d).map { x[i, $0] - p.means[c, $0] }
                let solved = factors[c].solve(diff)
                let m = zip(diff, solved).reduce(0) { $0 + $1.0 * $1.1 }
                return Double.log(p.weights[c]) - 0.5 * (Double(d) * Double.log(2 * .pi) + factors[c].logDeterminant + m)
            }
        }
    }

    static let shapes: [(k: Int, d: Int)] = [(1, 1), (3, 2), (4, 3), (5, 5), (8, 10), (2, 13), (6, 17)]

    @Test("responsibilities and log p(x) match the Cholesky-of-covariance formula",
          arguments: CovarianceType.allCases)
    func logDensities(type: CovarianceType) throws {
        for (index, shape) in Self.shapes.enumerated() {
            let p = try Self.parameters(type, k: shape.k, d: shape.d, seed: UInt64(31 + index))
            // 203 rows: three full blocks of 64 and a partial one.
            let x = Self.data(n: 203, d: shape.d, around: p, seed: UInt64(7 + index))
            let reference = try Self.referenceLogDensities(p, x)
            let model = GaussianMixtureModel(parameters: p)
            let logNorm = try model.scoreSamples(x)
            let resp = try model.predictProbabilities(x)
            for i in 0..<x.rows {
                let row = reference[i]
                let m = row.max()!
                let lse = m + Double.log(row.reduce(0) { $0 + Double.exp($1 - m) })
                // Both sides are O(d) sums of O(1..100) terms: 1e-12 relative leaves room for their rounding.
                #expect(logNorm[i].isApproximatelyEqual(to: lse, relativeTolerance: 1e-12),
                        "\(type) k=\(shape.k) d=\(shape.d) row \(i): \(logNorm[i]) vs \(lse)")
                for c in 0..<shape.k {
                    #expect(resp[i, c].isApproximatelyEqual(to: Double.exp(row[c] - lse), absoluteTolerance: 1e-12))
                }
            }
        }
    }

    @Test("the statistics of one pass match sums over the rows", arguments: CovarianceType.allCases)
    func statistics(type: CovarianceType) throws {
        for (index, shape) in Self.shapes.enumerated() {
            // Shape 3 spreads the means by 300: their constant terms exceed `cancellationLimit`, so
            // diag and spherical take the direct sums there.
            let p = try Self.parameters(type, k: shape.k, d: shape.d, spread: index == 3 ? 300 : 3, seed: UInt64(90 + index))
            if index == 3 && (type == .diag || type == .spherical) {
                #expect(!EStepKernel(p).quadratic.direct.isEmpty)
            }
            let x = Self.data(n: 2_100, d: shape.d, around: p, seed: UInt64(3 + index))  // two chunks
            let kernel = EStepKernel(p, parallel: false)
            let stats = kernel.statistics(x)
            let shift = kernel.statisticsShift
            let reference = try Self.referenceLogDensities(p, x)
            let (k, d) = (shape.k, shape.d)
            var resp = [Double](repeating: 0, count: k), first = [Double](repeating: 0, count: k * d)
            var second = [Double](repeating: 0, count: k * d * d), pooled = [Double](repeating: 0, count: d * d)
            var ll = 0.0
            for i in 0..<x.rows {
                let m = reference[i].max()!
                let lse = m + Double.log(reference[i].reduce(0) { $0 + Double.exp($1 - m) })
                ll += lse
                for c in 0..<k {
                    let r = Double.exp(reference[i][c] - lse)
                    resp[c] += r
                    for l in 0..<d {
                        let a = x[i, l] - shift[c * d + l]
                        first[c * d + l] += r * a
                        for j in 0..<d {
                            second[(c * d + l) * d + j] += r * a * (x[i, j] - shift[c * d + j])
                            if c == 0 { pooled[l * d + j] += a * (x[i, j] - shift[j]) }
                        }
                    }
                }
            }
            // Sums of ~2,000 terms of either sign: 1e-9 of the largest term's scale.
            let tolerance = 1e-9 * Double(x.rows)
            #expect(stats.logLikelihood.isApproximatelyEqual(to: ll, relativeTolerance: 1e-12))
            for c in 0..<k { #expect(stats.resp[c].isApproximatelyEqual(to: resp[c], absoluteTolerance: tolerance)) }
            for e in 0..<(k * d) { #expect(stats.first[e].isApproximatelyEqual(to: first[e], absoluteTolerance: tolerance)) }
            switch type {
            case .tied:
                let got = try #require(stats.pooled)
                for e in 0..<(d * d) { #expect(got[e].isApproximatelyEqual(to: pooled[e], absoluteTolerance: tolerance)) }
            case .full:
                for c in 0..<k {
                    for l in 0..<d {
                        for j in l..<d {
                            let e = (c * d + l) * d + j
                            #expect(stats.second[e].isApproximatelyEqual(to: second[e], absoluteTolerance: tolerance))
                        }
                    }
                }
            case .diag, .spherical:
                for c in 0..<k {
                    for j in 0..<d {
                        #expect(stats.second[c * d + j].isApproximatelyEqual(to: second[(c * d + j) * d + j],
                                                                               absoluteTolerance: tolerance))
                    }
                }
            }
        }
    }

    /// Data a million from the origin with variances of 1e-4: the expanded ‖(x − μ)∘p‖² would lose
    /// everything to cancellation around the origin; around the common centre, with the direct
    /// formula for components whose constant term is large, it keeps the direct formula's accuracy.
    @Test("diag and spherical distances survive cancellation", arguments: [CovarianceType.diag, .spherical, .tied])
    func cancellation(type: CovarianceType) throws {
        for spread in [0.05, 30.0] {
            let p = try Self.parameters(type, k: 5, d: 6, spread: spread, offset: 1e6, scale: 0.01, seed: 5)
            let x = Self.data(n: 130, d: 6, around: p, seed: 9)
            let reference = try Self.referenceLogDensities(p, x)
            let logNorm = try GaussianMixtureModel(parameters: p).scoreSamples(x)
            for i in 0..<x.rows {
                let m = reference[i].max()!
                let lse = m + Double.log(reference[i].reduce(0) { $0 + Double.exp($1 - m) })
                // The Mahalanobis terms are up to ~1e9 here; their inputs are rounded to 1e-10 of 1e6
                // before either side sees them, so 1e-9 relative is what both can promise.
                #expect(logNorm[i].isApproximatelyEqual(to: lse, relativeTolerance: 1e-9), "spread \(spread) row \(i)")
            }
        }
    }

    @Test("the expanded form falls back to the direct one exactly when the constant is large")
    func quadraticFallback() {
        let near = QuadraticForm(means: [1, 2, 3, 4], scales: [1, 1, 1, 1], shift: [0, 0], components: 2, features: 2)
        #expect(near.direct.isEmpty)
        let far = QuadraticForm(means: [1, 2, 300, 4], scales: [1, 1, 1, 1], shift: [0, 0], components: 2, features: 2)
        #expect(far.direct == [1])
        let infinite = QuadraticForm(means: [1, 2, 3, 4], scales: [1, .infinity, 1, 1], shift: [0, 0], components: 2,
                                     features: 2)
        #expect(infinite.direct == [0])
    }

    @Test("every instruction-set variant gives the same kernels' results to 1e-12")
    func variantsAgree() throws {
        let variants = (0...2).filter { cvm_variant_available(Int32($0)) != 0 }.map { Int32($0) }
        #expect(variants.contains(0))
        var g = SplitMix64(seed: 21)
        for d in [1, 3, 10, 17] {
            let b = EStepKernel.blockRows, rows = 50, k = 6
            let xt = (0..<(d * b)).map { _ in Double.random(in: -3...3, using: &g) }
            let shift = (0..<d).map { _ in Double.random(in: -1...1, using: &g) }
            let u = (0..<(d * d)).map { e in e / d <= e % d ? Double.random(in: -2...2, using: &g) : 0 }
            var packed = [Double](repeating: 0, count: cmk_packed_upper_count(d))
            cmk_pack_upper(u, d, &packed)
            let r = (0..<b).map { _ in Double.random(in: 0...1, using: &g) }
            let a = (0..<(k * d)).map { _ in Double.random(in: 0...2, using: &g) }
            let w = (0..<(k * d)).map { _ in Double.random(in: -2...2, using: &g) }
            let q = (0..<k).map { _ in Double.random(in: 0...5, using: &g) }
            func run(_ v: Int32) -> [Double] {
                var dt = [Double](repeating: 0, count: d * b), y = dt, m = [Double](repeating: 0, count: b)
                var mq = [Double](repeating: 0, count: k * b), md = [Double](repeating: 0, count: b)
                var acc = [Double](repeating: 0, count: 1 + d + d * d), accDiag = [Double](repeating: 0, count: 1 + 2 * d)
                var scratch = [Double](repeating: 0, count: 2 * (d + 4) * b)
                var rt = [Double](repeating: 0, count: k * b)
                for e in 0..<(k * rows) { rt[(e / rows) * b + e % rows] = r[e % rows] * Double(1 + e / rows) }
                var t1 = [Double](repeating: 0, count: k * d), t2 = t1
                cmk_triangular(xt, shift, packed, d, rows, b, &dt, &y, &m, v)
                cmk_quadratic(xt, shift, a, w, q, d, k, rows, b, &mq, v)
                cmk_weighted_distance(xt, shift, a, d, rows, b, &md, v)
                cmk_scatter(xt, shift, r, d, rows, b, &acc, 1, &scratch, v)
                cmk_scatter(xt, shift, r, d, rows, b, &accDiag, 0, &scratch, v)
                cmk_moments(xt, shift, rt, d, k, rows, b, &t1, &t2, v)
                return Array(m[..<rows]) + (0..<k).flatMap { mq[($0 * b)..<($0 * b + rows)] } + Array(md[..<rows])
                    + acc + accDiag + t1 + t2
            }
            // The triangular product against its definition, on the portable variant.
            let portable = run(0)
            for i in 0..<rows {
                var m = 0.0
                for j in 0..<d {
                    var yj = 0.0
                    for l in 0...j { yj += (xt[l * b + i] - shift[l]) * u[l * d + j] }
                    m += yj * yj
                }
                #expect(portable[i].isApproximatelyEqual(to: m, relativeTolerance: 1e-12))
            }
            // The moments against their definition (component c's weights are (c + 1)·r).
            let moments = portable.suffix(2 * k * d)
            for c in 0..<k {
                for j in 0..<d {
                    var f = 0.0, g = 0.0
                    for i in 0..<rows {
                        let x = xt[j * b + i] - shift[j], w = r[i] * Double(c + 1)
                        f += w * x
                        g += w * x * x
                    }
                    let first = moments[moments.startIndex + c * d + j], second = moments[moments.startIndex + k * d + c * d + j]
                    #expect(Swift.abs(first - f) <= 1e-12 * Double(rows) * Double(c + 1) * 3)
                    #expect(Swift.abs(second - g) <= 1e-12 * Double(rows) * Double(c + 1) * 9)
                }
            }
            for v in variants.dropFirst() {
                // Sums of a few dozen O(1) terms; a fused multiply–add rounds once where two round twice.
                for (x, y) in zip(run(v), portable) {
                    #expect(Swift.abs(x - y) <= 1e-12 * Swift.max(1, Swift.abs(y)))
                }
            }
        }
    }
}
