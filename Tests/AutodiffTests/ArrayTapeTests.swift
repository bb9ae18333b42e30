import Testing
import Autodiff

/// Every `ArrayTape` operation: the adjoints of one sweep seeded with a random cotangent `w`
/// (so a backward step that ignored its incoming adjoint would fail) against central
/// differences of `wᵀ·output(x)` recorded again at shifted inputs.
@Suite struct ArrayTapeTests {
    /// An input: values and shape.
    struct Input { var values: [Double]; var rows: Int; var columns: Int }

    /// Numbers in (−1, 1) from a fixed linear congruential sequence.
    static func numbers(_ n: Int, seed: UInt64) -> [Double] {
        var s = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<n).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Double(s >> 11) / Double(1 << 53) * 2 - 1
        }
    }

    static func input(_ rows: Int, _ columns: Int, seed: UInt64, shift: Double = 0) -> Input {
        Input(values: numbers(rows * columns, seed: seed).map { $0 + shift }, rows: rows, columns: columns)
    }

    /// Checks the sweep of `build` against central differences (step 1e-6; the functions are
    /// smooth and of order 1, so agreement to 1e-7 is expected).
    func check(_ name: String, _ inputs: [Input], _ build: (ArrayTape, [ArrayVariable]) -> ArrayVariable,
               sourceLocation: SourceLocation = #_sourceLocation) {
        let tape = ArrayTape(capacity: 64)
        func record(_ values: [[Double]]) -> (ArrayVariable, [ArrayVariable]) {
            tape.reset()
            let vs = zip(values, inputs).map { tape.variable($0, rows: $1.rows, columns: $1.columns) }
            return (build(tape, vs), vs)
        }
        let base = inputs.map(\.values)
        let (out, vs) = record(base)
        let w = Self.numbers(out.count, seed: 99)
        tape.gradient(of: out, seed: w)
        let adjoints = vs.map { tape.adjoint(of: $0) }
        func objective(_ values: [[Double]]) -> Double {
            let (o, _) = record(values)
            return zip(tape.value(of: o), w).map(*).reduce(0, +)
        }
        let h = 1e-6
        var compared = 0
        for (k, input) in inputs.enumerated() {
            for i in input.values.indices {
                var plus = base, minus = base
                plus[k][i] += h
                minus[k][i] -= h
                let fd = (objective(plus) - objective(minus)) / (2 * h)
                #expect(abs(adjoints[k][i] - fd) <= 1e-7 * max(1, abs(fd)),
                        "\(name): input \(k) element \(i): sweep \(adjoints[k][i]) vs difference \(fd)",
                        sourceLocation: sourceLocation)
                compared += 1
            }
        }
        #expect(compared == inputs.map(\.values.count).reduce(0, +))
    }

    struct Sine: ArrayUnaryFunction { func callAsFunction<T: Real>(_ x: T) -> T { T.sin(x) * x } }
    struct Mixed: ArrayBinaryFunction { func callAsFunction<T: Real>(_ x: T, _ y: T) -> T { T.exp(x * y) + x / (2 + y) } }

    @Test func maps() {
        check("map", [Self.input(3, 4, seed: 1)]) { t, v in t.map(Sine(), v[0]) }
        check("mapSum", [Self.input(5, 1, seed: 2)]) { t, v in t.mapSum(Sine(), v[0]) }
        // Binary maps with each broadcast layout of the second operand.
        for (name, r, c) in [("full", 3, 4), ("scalar", 1, 1), ("row", 1, 4), ("column", 3, 1)] {
            check("map \(name)", [Self.input(3, 4, seed: 3), Self.input(r, c, seed: 4)]) { t, v in t.map(Mixed(), v[0], v[1]) }
            check("mapSum \(name)", [Self.input(3, 4, seed: 5), Self.input(r, c, seed: 6)]) { t, v in t.mapSum(Mixed(), v[0], v[1]) }
            check("add \(name)", [Self.input(3, 4, seed: 7), Self.input(r, c, seed: 8)]) { t, v in t.add(v[0], v[1]) }
            check("subtract \(name)", [Self.input(r, c, seed: 9), Self.input(3, 4, seed: 10)]) { t, v in t.subtract(v[0], v[1]) }
        }
        // A constant operand: only the variable's partial is kept.
        check("map constant", [Self.input(2, 3, seed: 11)]) { t, v in t.map(Mixed(), t.constant([0.5, -1, 2], rows: 1, columns: 3), v[0]) }
        check("mapSum constant", [Self.input(2, 3, seed: 12)]) { t, v in t.mapSum(Mixed(), v[0], t.constant(0.25)) }
    }

    struct ShiftedExp: ArrayBinaryFunction { func callAsFunction<T: Real>(_ x: T, _ m: T) -> T { T.exp(x - m) } }
    struct LogPlus: ArrayBinaryFunction { func callAsFunction<T: Real>(_ s: T, _ m: T) -> T { T.log(s) + m } }

    /// `sumExp` (vectorised exp, exp′ = exp as the stored partials) against central differences,
    /// with the shift live, constant and behind a stop-gradient; and against the scalar map–sum.
    @Test func sumExp() {
        check("sumExp live shift", [Self.input(3, 4, seed: 13), Self.input(1, 1, seed: 14)]) { t, v in t.sumExp(v[0], shift: v[1]) }
        check("sumExp constant shift", [Self.input(7, 1, seed: 15)]) { t, v in t.sumExp(v[0], shift: t.constant(0.5)) }
        check("sumExp stopped max", [Self.input(9, 1, seed: 16)]) { t, v in
            let m = t.stopGradient(t.max(v[0]))
            return t.map(LogPlus(), t.sumExp(v[0], shift: m), m)   // log-sum-exp: exact for any m
        }
        let x = Self.numbers(1000, seed: 17).map { 30 * $0 }
        let fused = ArrayTape(), scalar = ArrayTape()
        let xf = fused.variable(x), xs = scalar.variable(x)
        let mf = fused.variable([0.25]), ms = scalar.variable([0.25])
        let yf = fused.sumExp(xf, shift: mf), ys = scalar.mapSum(ShiftedExp(), xs, ms)
        fused.gradient(of: yf)
        scalar.gradient(of: ys)
        let vf = fused.scalarValue(of: yf), vs = scalar.scalarValue(of: ys)
        #expect(abs(vf - vs) <= 1e-14 * abs(vs))
        for (a, b) in zip(fused.adjoint(of: xf), scalar.adjoint(of: xs)) { #expect(abs(a - b) <= 1e-15 * abs(b)) }
        #expect(abs(fused.adjoint(of: mf)[0] - scalar.adjoint(of: ms)[0]) <= 1e-14 * abs(vs))
    }

    @Test func reductionsAndLayout() {
        let x = Self.input(4, 3, seed: 20)
        check("scale", [x]) { t, v in t.scale(v[0], by: -2.5) }
        check("sum", [x]) { t, v in t.sum(v[0]) }
        check("sum rows", [x]) { t, v in t.sum(v[0], over: .rows) }
        check("sum columns", [x]) { t, v in t.sum(v[0], over: .columns) }
        check("max", [x]) { t, v in t.max(v[0]) }
        check("max rows", [x]) { t, v in t.max(v[0], over: .rows) }
        check("sum of squares", [x]) { t, v in t.sumOfSquares(v[0], over: .rows) }
        check("sum of squared differences", [x, Self.input(4, 1, seed: 23)]) { t, v in
            t.sumOfSquaredDifferences(v[0], v[1], over: .rows)
        }
        check("slice", [x]) { t, v in t.slice(v[0], from: 2, rows: 3, columns: 2) }
        check("stack", [x, Self.input(2, 3, seed: 21)]) { t, v in t.stack([v[1], v[0], v[1]]) }
        check("shift", [Self.input(6, 1, seed: 22)]) { t, v in t.map(Mixed(), v[0], t.shift(v[0], by: 2, fill: 1)) }
        check("gather", [x]) { t, v in t.map(Sine(), t.gather(rows: [3, 0, 3, 1, 3], of: v[0])) }
    }

    @Test func linearAlgebra() {
        check("triangular product", [Self.input(5, 5, seed: 30), Self.input(5, 7, seed: 31)]) { t, v in
            t.triangularProduct(v[0], v[1])
        }
        check("lower triangular", [Self.input(4, 1, seed: 32), Self.input(6, 1, seed: 33)]) { t, v in
            t.triangularProduct(t.lowerTriangular(diagonal: v[0], strictlyLower: v[1]), t.constant(Self.numbers(8, seed: 34), rows: 4, columns: 2))
        }
        check("polynomial", [Self.input(6, 1, seed: 35)]) { t, v in
            t.polynomial(coefficients: v[0], at: t.constant(Self.numbers(9, seed: 36)))
        }
    }

    /// Values of the layout operations, by hand.
    @Test func layoutValues() {
        let t = ArrayTape()
        let x = t.variable([1, 2, 3, 4, 5, 6], rows: 3, columns: 2)
        #expect(t.value(of: t.gather(rows: [2, 0], of: x)) == [5, 6, 1, 2])
        #expect(t.value(of: t.shift(t.slice(x, from: 0, rows: 4), by: 1, fill: 9)) == [9, 1, 2, 3])
        #expect(t.value(of: t.lowerTriangular(diagonal: t.constant([1, 2, 3]), strictlyLower: t.constant([4, 5, 6])))
                == [1, 0, 0, 4, 2, 0, 5, 6, 3])
        #expect(t.value(of: t.max(x, over: .rows)) == [5, 6])
        #expect(t.value(of: t.sum(x, over: .columns)) == [3, 7, 11])
        #expect(t.value(of: t.polynomial(coefficients: t.constant([1, 2, 3]), at: t.constant([0, 1, -2]))) == [1, 6, 9])
    }

    /// Constants and stop-gradients get no adjoint; an input the output does not reach reads 0.
    @Test func constantsAndUnreachedInputs() {
        let t = ArrayTape()
        let x = t.variable([1, 2, 3]), unused = t.variable([4, 5])
        let c = t.constant([7, 8, 9])
        let y = t.sum(t.add(t.add(x, c), t.stopGradient(t.scale(x, by: 10))))
        t.gradient(of: y)
        #expect(t.adjoint(of: x) == [1, 1, 1])
        #expect(t.adjoint(of: c) == [0, 0, 0])
        #expect(t.adjoint(of: unused) == [0, 0])
        #expect(t.withAdjoint(of: unused) { $0 == nil })
    }

    /// A borrowed input is read in place, and a reset tape records the same results again
    /// without growing (its memory is reused).
    @Test func borrowedInputsAndReuse() {
        let values = Self.numbers(1000, seed: 40)
        let t = ArrayTape(capacity: 16)
        var first: [Double] = []
        var used = 0
        for round in 0..<3 {
            values.withUnsafeBufferPointer { b in
                t.reset()
                let x = t.variable(unsafeBorrowing: b, rows: 1000)
                let y = t.mapSum(Sine(), x)
                t.gradient(of: y)
                let g = t.adjoint(of: x)
                if round == 0 { first = g; used = t.doublesInUse } else {
                    #expect(g == first)
                    #expect(t.doublesInUse == used)
                }
                #expect(t.value(of: x) == values)
            }
        }
        #expect(first.count == 1000)
    }
}
