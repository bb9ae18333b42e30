import Autodiff
import RealModule
import Testing
import TestSupport

/// Rosenbrock's Hessian in closed form (tridiagonal).
func rosenbrockHessian(_ x: [Double]) -> [[Double]] {
    let n = x.count
    var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<(n - 1) {
        h[i][i] += 2 - 400 * (x[i + 1] - x[i] * x[i]) + 800 * x[i] * x[i]
        h[i + 1][i + 1] += 200
        h[i][i + 1] = -400 * x[i]
        h[i + 1][i] = -400 * x[i]
    }
    return h
}

@Suite("Forward over reverse and tapes over other scalars")
struct ForwardOverReverseTests {
    /// The default Hessian (forward over reverse, 8 columns per recording) and the
    /// reverse-over-forward one both equal the analytic Rosenbrock Hessian and each other, at
    /// sizes that need 1, 2 and 3 chunks. Tolerance 1e-12 relative: both are exact up to a few
    /// roundings of O(100·x²) terms.
    @Test(arguments: [3, 8, 9, 19])
    func rosenbrockHessianBothWays(_ n: Int) {
        var g = SplitMix64(seed: 0xF0 &+ UInt64(n))
        let x = randomVector(n, -1.5...1.5, &g)
        let exact = rosenbrockHessian(x)
        let forwardOverReverse = hessian(of: { rosenbrock($0) }, at: x)
        let reverseOverForward = reverseOverForwardHessian(of: { rosenbrock($0) }, at: x)
        for i in 0..<n {
            #expect(allClose(forwardOverReverse[i], exact[i], relative: 1e-12), "row \(i)")
            #expect(allClose(reverseOverForward[i], exact[i], relative: 1e-12), "row \(i)")
            #expect(allClose(forwardOverReverse[i], reverseOverForward[i], relative: 1e-12))
        }
    }

    /// Hessian–vector products with random non-unit directions: forward over reverse equals
    /// reverse over forward, `H·v` from the analytic Hessian, and the gradient it returns equals
    /// the plain reverse gradient (1e-12 relative).
    @Test func hessianVectorProductsAgree() {
        var g = SplitMix64(seed: 808)
        for _ in 0..<5 {
            let n = 7
            let x = randomVector(n, -1.5...1.5, &g)
            let v = (0..<n).map { _ in randomSeed(&g) }
            let (value, grad, hv) = valueGradientAndHessianVectorProduct(
                of: { rosenbrock($0) }, at: x, direction: v)
            let rof = reverseOverForwardHessianVectorProduct(
                of: { rosenbrock($0) }, at: x, direction: v)
            let h = rosenbrockHessian(x)
            let exact = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + h[i][$1] * v[$1] } }
            #expect(allClose(hv, exact, relative: 1e-12))
            #expect(allClose(hv, rof, relative: 1e-12))
            #expect(hessianVectorProduct(of: { rosenbrock($0) }, at: x, direction: v) == hv)
            let (v2, g2) = valueWithGradient(of: { rosenbrock($0) }, at: x)
            #expect(isClose(value, v2, relative: 1e-15))
            #expect(allClose(grad, g2, relative: 1e-13))
        }
    }

    /// An intermediate whose adjoint has value 0 but a nonzero tangent must still be swept:
    /// f = sin(x₀)·x₁ at x₁ = 0 has ∂f/∂sin = x₁ = 0, yet H·v = (cos x₀·v₁, cos x₀·v₀). A sweep
    /// that skipped zero-valued adjoints would give 0 in the first entry.
    @Test func zeroValuedAdjointWithTangentIsSwept() {
        let x0 = 0.7, v = [1.3, -2.1]
        let hv = hessianVectorProduct(of: { x in ReverseVariable.sin(x[0]) * x[1] },
                                      at: [x0, 0], direction: v)
        #expect(isClose(hv[0], Double.cos(x0) * v[1], relative: 1e-15))
        #expect(isClose(hv[1], Double.cos(x0) * v[0], relative: 1e-15))
        let h = hessian(of: { x in ReverseVariable.sin(x[0]) * x[1] }, at: [x0, 0])
        #expect(h[0][1] == Double.cos(x0) && h[1][0] == Double.cos(x0) && h[1][1] == 0)
    }

    /// Vector nodes (`sumOfTerms`, `logSumExp`, `matrixVector`) on a `Dual<Double>` tape carry
    /// second derivatives too: H·v of a function built from them equals reverse over forward
    /// (which runs the same code as scalar loops) to 1e-11.
    @Test func vectorNodesOnDualTape() {
        var g = SplitMix64(seed: 99)
        let n = 6
        let x = randomVector(n, -1...1, &g)
        let v = (0..<n).map { _ in randomSeed(&g) }
        let a = randomVector(3 * n, -1...1, &g)
        func f<T: Real>(_ x: [T]) -> T {
            let r = sumOfTerms(Quartic(), x[..<(n - 1)], x[1...])
            let m = matrixVector(a, rows: 3, columns: n, x)
            return r + logSumExp(m) * dot(x, x) + sum(m)
        }
        let tape = ReverseTape<Dual<Double>>()
        let tag = makePerturbationTag()
        let xs = tape.variables((0..<n).map { Dual(x[$0], tangent: v[$0], tag: tag) })
        let y = ReverseVariable.sumOfTerms(Quartic(), xs[..<(n - 1)], xs[1...])
            + ReverseVariable.logSumExp(ReverseVariable.matrixVector(a, rows: 3, columns: n, xs))
            * ReverseVariable.dot(xs, xs)
            + ReverseVariable.sum(ReverseVariable.matrixVector(a, rows: 3, columns: n, xs))
        #expect(tape.vectorNodeCount == 7)
        let adj = tape.adjoints(seeds: [(y, 1)])
        let hv = xs.map { adj[$0.nodeIndex].tangent }
        let rof = reverseOverForwardHessianVectorProduct(of: { f($0) }, at: x, direction: v)
        #expect(allClose(hv, rof, relative: 1e-11))
        #expect(allClose(hessianVectorProduct(of: { f($0) }, at: x, direction: v), rof,
                         relative: 1e-11))
    }

    /// The generic vector functions record vector nodes on the forward-over-reverse tapes too
    /// (not one scalar record per operation), and the Hessian and H·v of a function written with
    /// them equal reverse over forward (which runs the same code as scalar loops inside duals) to
    /// 1e-11 relative, at random points and non-unit directions.
    @Test func genericVectorFunctionsRecordNodesOnHessianTapes() {
        var g = SplitMix64(seed: 4242)
        let n = 5
        let a = randomVector(3 * n, -1...1, &g)
        func f<T: Real>(_ x: [T]) -> T {
            let m = matrixVector(a, rows: 3, columns: n, x)
            return sumOfTerms(Quartic(), x[..<(n - 1)], x[1...]) + logSumExp(m) * dot(x, x)
                + sum(m)
        }
        for _ in 0..<3 {
            let x = randomVector(n, -1...1, &g)
            let v = (0..<n).map { _ in randomSeed(&g) }
            let dualTape = ReverseTape<Dual<Double>>()
            let hv = dualTape.valueGradientAndHessianVectorProduct(
                of: { f($0) }, at: x, direction: v).hessianVectorProduct
            #expect(dualTape.vectorNodeCount == 6)   // matrixVector, 2 × sumOfTerms, lse, dot, sum
            let rof = reverseOverForwardHessianVectorProduct(of: { f($0) }, at: x, direction: v)
            #expect(allClose(hv, rof, relative: 1e-11))
            let h = hessian(of: { f($0) }, at: x)
            let hRof = reverseOverForwardHessian(of: { f($0) }, at: x)
            for i in 0..<n { #expect(allClose(h[i], hRof[i], relative: 1e-11)) }
            let multiTape = ReverseTape<MultiDual<8, Double>>()
            _ = f(multiTape.variables(x.map { MultiDual(constant: $0) }))
            #expect(multiTape.vectorNodeCount == 6)
            let floatTape = ReverseTape<Float>()
            let (fv, fg) = floatTape.valueWithGradient(of: { f($0) }, at: x.map { Float($0) })
            #expect(floatTape.vectorNodeCount == 6)
            let (dv, dg) = valueWithGradient(of: { f($0) }, at: x)
            // Single precision: 1e-4 relative (a few dozen roundings of 6e-8).
            #expect(isClose(Double(fv), dv, relative: 1e-4))
            #expect(allClose(fg.map { Double($0) }, dg, relative: 1e-4))
        }
    }

    /// A `Float` tape: the gradient of Rosenbrock equals the `Double` tape's to single precision
    /// (1e-4 relative: ~20 roundings of 6e-8 on terms of similar size), and a record is 12 bytes.
    @Test func floatTape() {
        var g = SplitMix64(seed: 3)
        let x = randomVector(50, -1...1, &g)
        let tape = ReverseTape<Float>()
        let (value, grad) = tape.valueWithGradient(of: { rosenbrock($0) }, at: x.map { Float($0) })
        let (v2, g2) = valueWithGradient(of: { rosenbrock($0) }, at: x)
        #expect(isClose(Double(value), v2, relative: 1e-4))
        #expect(allClose(grad.map { Double($0) }, g2, relative: 1e-4))
        #expect(ReverseTape<Float>.bytesPerRecord == 16 && ReverseTape<Float>.bytesPerAdjoint == 4)
        #expect(tape.isWellFormed())
    }

    /// The `Double` tape keeps its layout: 24-byte records, 8-byte adjoints, 24-byte variables.
    @Test func doubleTapeLayoutIsUnchanged() {
        #expect(Tape.bytesPerRecord == 24 && Tape.bytesPerAdjoint == 8)
        #expect(Tape.bytesPerRecord + Tape.bytesPerAdjoint <= 32)
        #expect(MemoryLayout<Variable>.stride == 24)
    }
}

/// (b − a²)⁴ + a·b, a term with nonzero mixed third derivatives.
struct Quartic: ElementwiseTerm {
    func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T {
        let u = b - a * a
        return u * u * u * u + a * b
    }
}
