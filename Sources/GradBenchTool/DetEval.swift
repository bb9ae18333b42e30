import Autodiff
import DataIO

/// GradBench's `det` eval: the determinant of an `ℓ × ℓ` matrix by expansion in minors along the
/// first row (`O(ℓ!)` operations), and its gradient.
///
/// **Route.** Reverse mode on the scalar ``Tape`` with **local preaccumulation**: a whole
/// recording of the recursion has about `2e·ℓ!` entries (5 GB at `ℓ = 11`), so above a small size
/// each first-row minor `det Mⱼ` is differentiated on its own (recursively, by the same method),
/// and recorded on the parent's tape as a single linear node — value `det Mⱼ`, partials its
/// gradient — that the parent's sweep propagates like any other node. The gradient of each minor
/// comes from a tape sweep; nothing is derived by hand. The cost stays a small multiple of the
/// primal's, and each tape stays small.
public struct DetEval: GradBenchEval {
    /// `"det"`.
    public let module = "det"
    /// `primal` and `gradient`.
    public let functions = ["primal", "gradient"]
    /// The largest `ℓ` accepted (the work grows as `ℓ!`).
    public static let maximumSize = 12

    /// Minors up to this size are recorded whole on one tape.
    static let directSize = 6

    /// An instance.
    public init() {}

    /// The determinant of the row-major `n × n` matrix `a` by expansion in minors along the
    /// first row, written once for any `Real` scalar.
    /// - Complexity: O(n!) operations, no allocation beyond one `n²` index buffer.
    @inlinable
    public static func determinant<T: Real>(_ a: [T], n: Int) -> T {
        precondition(a.count == n * n && n >= 1, "DetEval.determinant: \(a.count) entries for n = \(n)")
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: n * n) { buffer in
            let columns = buffer.baseAddress!
            for c in 0..<n { columns[c] = c }
            return a.withUnsafeBufferPointer { minor($0.baseAddress!, n, row: 0, columns, count: n) }
        }
    }

    /// The minor on rows `row ..< n` and the `count` columns listed at `columns` (increasing),
    /// expanded along its first row; the list for the next level is written `n` places further.
    @inlinable
    static func minor<T: Real>(_ a: UnsafePointer<T>, _ n: Int, row: Int,
                               _ columns: UnsafeMutablePointer<Int>, count m: Int) -> T {
        if m == 1 { return a[row * n + columns[0]] }
        let rest = columns + n
        // Columns without the first: the list for k = 0; each later k swaps one entry back in.
        for t in 1..<m { rest[t - 1] = columns[t] }
        var s: T = 0
        for k in 0..<m {
            if k > 0 { rest[k - 1] = columns[k - 1] }
            let term = a[row * n + columns[k]] * minor(a, n, row: row + 1, rest, count: m - 1)
            if k % 2 == 0 { s += term } else { s -= term }
        }
        return s
    }

    /// `(det A, ∇det A)` of the row-major `n × n` matrix `a` by reverse mode with local
    /// preaccumulation of the first-row minors (see the type's documentation); `tapes[m]` is
    /// the tape of size-`m` levels (one per recursion depth, reused).
    public static func valueAndGradient(_ a: [Double], n: Int, tapes: TapePool) -> (value: Double, gradient: [Double]) {
        let tape = tapes.tape(n)
        tape.reset()
        let x = tape.variables(a)
        let y: Variable
        if n <= directSize {
            y = determinant(x, n: n)
        } else {
            var s = Variable(constant: 0)
            var minorValues = [Double](repeating: 0, count: (n - 1) * (n - 1))
            var minorVariables = [Variable](repeating: Variable(constant: 0), count: (n - 1) * (n - 1))
            for j in 0..<n {
                var k = 0
                for r in 1..<n {
                    for c in 0..<n where c != j {
                        minorValues[k] = a[r * n + c]
                        minorVariables[k] = x[r * n + c]
                        k += 1
                    }
                }
                let (v, g) = valueAndGradient(minorValues, n: n - 1, tapes: tapes)
                // One node: value det Mⱼ, partials ∇det Mⱼ (the dot product gives the partials;
                // the constant corrects its value to det Mⱼ).
                let dot = Variable.dot(minorVariables, g)
                let minorNode = dot + Variable(constant: v - dot.value)
                let term = x[j] * minorNode
                if j % 2 == 0 { s += term } else { s -= term }
            }
            y = s
        }
        let g = tape.gradient(of: y, withRespectTo: x)
        return withExtendedLifetime(tape) { (y.value, g) }
    }

    /// One reverse-mode ``Tape`` per matrix size, kept across calls.
    public final class TapePool {
        var tapes: [Int: Tape] = [:]
        /// An empty pool.
        public init() {}
        /// The tape for size `n`.
        public func tape(_ n: Int) -> Tape {
            if let t = tapes[n] { return t }
            let t = Tape()
            tapes[n] = t
            return t
        }
    }

    struct Run: PreparedEvaluation {
        let a: [Double]
        let n: Int
        let differentiate: Bool
        let tapes = TapePool()
        var value = 0.0
        var gradient: [Double] = []
        mutating func run() {
            if differentiate { gradient = DetEval.valueAndGradient(a, n: n, tapes: tapes).gradient }
            else { value = DetEval.determinant(a, n: n) }
        }
        func output() -> JSONValue { differentiate ? .numbers(gradient) : .number(value) }
    }

    /// Reads `ell` (1 … ``maximumSize``) and `A` (`ell²` numbers, row-major).
    public func prepare(function: String, input: EvalInput) throws(EvalInputError) -> any PreparedEvaluation {
        let n = try input.integer("ell", in: 1...Self.maximumSize)
        let a = try input.numbers("A", count: n * n)
        return Run(a: a, n: n, differentiate: function == "gradient")
    }
}
