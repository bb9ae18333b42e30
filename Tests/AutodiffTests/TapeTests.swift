import Autodiff
import RealModule
import Testing
import TestSupport

@Suite("Tape")
struct TapeTests {
    /// A record is 24 bytes (≤ 32 with the sweep's 8-byte adjoint), and each scalar operation
    /// records exactly one.
    @Test func oneRecordPerScalarOperation() {
        #expect(Tape.bytesPerRecord == 24)
        let tape = Tape()
        let x = tape.variable(2), y = tape.variable(3)
        let before = tape.count
        let z = Variable.sin(x * y + x) / y
        #expect(tape.count - before == 4)
        #expect(tape.bytesInUse <= 32 * tape.count)
        #expect(tape.isWellFormed())
        _ = z
    }

    /// Constants record nothing; an output not depending on the inputs has zero gradient.
    @Test func constantsAreNotRecorded() {
        let tape = Tape()
        let c = Variable(3) * Variable(4) + 1
        #expect(tape.count == 0 && c.value == 13 && !c.isRecorded && c.nodeIndex == -1)
        #expect(gradient(of: { _ in Variable(5) }, at: [1, 2]) == [0, 0])
    }

    /// A tape grows past its initial capacity without changing results.
    @Test func growthPreservesGradient() {
        let tape = Tape(capacity: 16)
        var g = SplitMix64(seed: 1)
        let x = randomVector(300, -1...1, &g)
        let (v, grad) = tape.valueWithGradient(of: { rosenbrock($0) }, at: x)
        let (v2, grad2) = valueWithGradient(of: { rosenbrock($0) }, at: x)
        #expect(v == v2 && grad == grad2)
        #expect(tape.count > 16 * 100 && tape.isWellFormed())
    }

    /// One recording swept repeatedly with different seeds gives every Jacobian row, and sweeps
    /// are linear in the seed (scaling the cotangent scales the adjoints).
    @Test func resweepWithOtherSeeds() {
        var g = SplitMix64(seed: 5)
        let x = randomVector(3, 0.2...1.5, &g)
        let tape = Tape()
        let xs = tape.variables(x)
        let y = TestMap()(xs)
        let forward = jacobian(of: TestMap(), at: x, mode: .forward)
        for i in 0..<y.count {
            let u = randomSeed(&g)
            let adj = tape.adjoints(seeds: [(y[i], u)])
            #expect(allClose(xs.map { adj[$0.nodeIndex] / u }, forward[i], relative: 1e-13))
        }
        let both = tape.adjoints(seeds: [(y[0], 2), (y[1], -3)])
        for k in 0..<3 {
            #expect(isClose(both[xs[k].nodeIndex], 2 * forward[0][k] - 3 * forward[1][k],
                            relative: 1e-13))
        }
    }

    /// Reusing a tape (reset between recordings) gives the same gradient as a fresh one.
    @Test func reuseAfterReset() {
        let tape = Tape()
        let a = tape.valueWithGradient(of: { ackley($0) }, at: [0.1, 0.2])
        let b = tape.valueWithGradient(of: { ackley($0) }, at: [0.3, -0.2])
        let c = valueWithGradient(of: { ackley($0) }, at: [0.3, -0.2])
        #expect(a.gradient != b.gradient && b.gradient == c.gradient)
    }
}

@Suite("Vector nodes")
struct VectorNodeTests {
    /// sum / dot / logSumExp / matrixVector as single nodes equal the scalar loops (values and
    /// random-cotangent adjoints), on contiguous and on gathered (shuffled) inputs.
    @Test(arguments: [false, true])
    func vectorNodesEqualScalarLoops(shuffled: Bool) {
        var g = SplitMix64(seed: shuffled ? 2 : 3)
        let n = 12
        let x = randomVector(2 * n, -2...2, &g)
        let m = randomVector(3 * n, -1...1, &g)
        let u = randomSeed(&g)
        func run(vector: Bool) -> (Double, [Double], Int) {
            let tape = Tape()
            var xs = tape.variables(x)
            if shuffled { xs.reverse() }
            let a = Array(xs[0..<n]), b = Array(xs[n...])
            let out: Variable
            if vector {
                let mv = Variable.matrixVector(m, rows: 3, columns: n, a)
                out = sum(a) * dot(a, b) + logSumExp(b) + Variable.dot(mv, [1, -2, 0.5])
                    + Variable.dot(b, Array(m[0..<n]))
            } else {
                var s: Variable = 0, d: Variable = 0, c: Variable = 0
                for k in 0..<n { s += a[k]; d += a[k] * b[k]; c += b[k] * Variable(m[k]) }
                var mvs: Variable = 0
                for r in 0..<3 {
                    var row: Variable = 0
                    for k in 0..<n { row += Variable(m[r * n + k]) * a[k] }
                    mvs += row * Variable([1, -2, 0.5][r])
                }
                out = s * d + logSumExpLoop(b) + mvs + c
            }
            let adj = tape.adjoints(seeds: [(out, u)])
            #expect(tape.isWellFormed())
            return (out.value, xs.map { adj[$0.nodeIndex] }, tape.vectorNodeCount)
        }
        let (v1, g1, count1) = run(vector: true)
        let (v2, g2, count2) = run(vector: false)
        #expect(isClose(v1, v2, relative: 1e-13))
        #expect(allClose(g1, g2, relative: 1e-11))
        #expect(count1 == 6 && count2 == 0)
    }

    /// Generic vector functions fall back to loops on other scalars.
    @Test func genericFallbacks() {
        #expect(sum([1.0, 2, 3]) == 6)
        #expect(dot([1.0, 2], [3.0, 4]) == 11)
        #expect(isClose(logSumExp([0.0, 0.0]), Double.log(2), relative: 1e-15))
        #expect(logSumExp([Double]()) == -.infinity)
        #expect(isClose(logSumExp([1000.0, 1000.0]), 1000 + Double.log(2), relative: 1e-15))
        let d = derivative(of: { (t: Dual<Double>) in logSumExp([t, 2 * t]) }, at: 0.5)
        let e1 = Double.exp(0.5), e2 = Double.exp(1.0)
        #expect(isClose(d, (e1 + 2 * e2) / (e1 + e2), relative: 1e-14))
    }

    /// The fused map-sum records two vector nodes whose gradient equals the scalar loop's, for
    /// overlapping contiguous slices, gathered (reversed) inputs and inputs mixed with constants.
    @Test(arguments: [0, 1, 2])
    func sumOfTermsEqualsScalarLoop(layout: Int) {
        var g = SplitMix64(seed: 40 &+ UInt64(layout))
        let x = randomVector(9, -1.5...1.5, &g)
        let u = randomSeed(&g)
        struct Term: ElementwiseTerm {
            func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T {
                let w = b - a * a
                return T(i + 1) * w * w + T.sin(a) * T.exp(b / 4)
            }
        }
        func run(fused: Bool) -> (Double, [Double], Int) {
            let tape = Tape()
            var xs = tape.variables(x)
            if layout == 1 { xs.reverse() }
            if layout == 2 { xs[3] = Variable(0.7) }
            let a = xs[..<(xs.count - 1)], b = xs[1...]
            let y: Variable
            if fused {
                y = sumOfTerms(Term(), a, b) * 2
            } else {
                var s: Variable = 0
                for i in 0..<(xs.count - 1) { s += Term()(i, xs[i], xs[i + 1]) }
                y = s * 2
            }
            let adj = tape.adjoints(seeds: [(y, u)])
            #expect(tape.isWellFormed())
            return (y.value, xs.map { $0.isRecorded ? adj[$0.nodeIndex] : 0 }, tape.vectorNodeCount)
        }
        let (v1, g1, n1) = run(fused: true)
        let (v2, g2, n2) = run(fused: false)
        #expect(isClose(v1, v2, relative: 1e-13))
        #expect(allClose(g1, g2, relative: 1e-12), "\(g1) vs \(g2)")
        #expect(n1 == 2 && n2 == 0)
        var xd = x
        if layout == 1 { xd.reverse() }
        if layout == 2 { xd[3] = 0.7 }
        #expect(isClose(sumOfTerms(Term(), xd[..<8], xd[1...]) * 2, v2, relative: 1e-13))
    }

    /// Inputs created after operations (not in the leading run) are ordinary leaves.
    @Test func inputsCreatedLate() {
        let tape = Tape()
        let x = tape.variable(2)
        let y = x * x
        let z = tape.variable(5)
        let w = y * z + Variable.sin(z)
        let adj = tape.adjoints(seeds: [(w, 3)])
        #expect(adj[x.nodeIndex] == 3 * 2 * 2 * 5)
        #expect(isClose(adj[z.nodeIndex], 3 * (4 + Double.cos(5)), relative: 1e-15))
        #expect(tape.isWellFormed())
    }

    /// matrixVector falls back to a loop on other scalars and differentiates in forward mode.
    @Test func matrixVectorFallback() {
        #expect(matrixVector([1, 2, 3, 4], rows: 2, columns: 2, [1.0, 1]) == [3, 7])
        let d = jvp(of: { (v: [Dual<Double>]) in
            matrixVector([1, 2, 3, 4, 5, 6], rows: 3, columns: 2, v) }, at: [1, 1], direction: [2, -1])
        #expect(d.tangent == [0, 2, 4])
    }

    /// Slices of the tape's own input array are recognised as contiguous in O(1); a mutated copy
    /// of that array (a permutation) is not mistaken for it, and its gradient is still right.
    @Test func knownContiguityIsNotFooledByMutation() {
        let x = [0.3, -0.7, 1.1, 0.4]
        struct Term: ElementwiseTerm {
            func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T { a * b * b + T(i) * a }
        }
        let tape = Tape()
        var xs = tape.variables(x)
        xs.swapAt(0, 3)                     // copy-on-write: no longer the tape's buffer
        let y = sumOfTerms(Term(), xs[..<3], xs[1...])
        let adj = tape.adjoints(seeds: [(y, 1.5)])
        let p = [x[3], x[1], x[2], x[0]]    // the permuted values, as plain Doubles
        var expected = [Double](repeating: 0, count: 4)   // in the permuted order
        for i in 0..<3 {
            expected[i] += p[i + 1] * p[i + 1] + Double(i)
            expected[i + 1] += 2 * p[i] * p[i + 1]
        }
        let got = xs.map { adj[$0.nodeIndex] / 1.5 }
        #expect(allClose(got, expected, relative: 1e-14))
        #expect(tape.isWellFormed())
    }
}

