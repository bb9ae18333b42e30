import Autodiff

/// The gradient-descent solver GradBench's `saddle` and `particle` evals prescribe, written once
/// for any `Real` scalar so that an outer derivative can be taken *through* it (nested AD).
///
/// From `start`: stop when `‖∇f‖ ≤ 10⁻⁵`; otherwise try `x′ = x − η∇f` (η starts at 10⁻⁵): stop
/// if `‖x′ − x‖ ≤ 10⁻⁵`, accept it if `f(x′) < f(x)` (and double η after ten accepted steps in
/// a row), else halve η. Comparisons look at values only.
enum GradientDescent {
    /// Most steps tried before giving up (the problem has no minimum the method can reach).
    static let maximumSteps = 1_000_000

    /// Why a descent stopped without an answer.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The minimiser reached from `start`.
    /// - Throws: ``Failure`` if a value or gradient is not finite, or after ``maximumSteps``
    ///   steps (and whatever the closures throw).
    static func argmin<T: Real>(from start: [T], objective: ([T]) throws(Failure) -> T,
                                gradient: ([T]) throws(Failure) -> [T]) throws(Failure) -> [T] {
        func finite(_ v: T) throws(Failure) -> T {
            guard v.isFinite else { throw Failure(description: "gradient descent met a non-finite value") }
            return v
        }
        func finite(_ v: [T]) throws(Failure) -> [T] {
            for x in v where !x.isFinite { throw Failure(description: "gradient descent met a non-finite gradient") }
            return v
        }
        var x = start
        var fx = try finite(objective(x))
        var gx = try finite(gradient(x))
        var accepted = 0
        var eta: T = lift(1e-5)
        let tolerance: T = lift(1e-5)
        for _ in 0..<maximumSteps {
            if norm(gx) <= tolerance { return x }
            if accepted == 10 {
                eta = eta * 2
                accepted = 0
                continue
            }
            let candidate = zip(x, gx).map { $0 - eta * $1 }
            if norm(zip(x, candidate).map { $0 - $1 }) <= tolerance { return x }
            let fc = try objective(candidate)
            if fc < fx {
                x = candidate
                fx = fc
                gx = try finite(gradient(x))
                accepted += 1
            } else {
                eta = eta / 2
                accepted = 0
            }
        }
        throw Failure(description: "gradient descent did not converge in \(maximumSteps) steps")
    }

    /// The maximiser: the minimiser of `−f`.
    /// - Throws: as ``argmin(from:objective:gradient:)``.
    static func argmax<T: Real>(from start: [T], objective: ([T]) throws(Failure) -> T,
                                gradient: ([T]) throws(Failure) -> [T]) throws(Failure) -> [T] {
        try argmin(from: start, objective: { (x) throws(Failure) -> T in try -objective(x) },
                   gradient: { (x) throws(Failure) -> [T] in try gradient(x).map { -$0 } })
    }

    static func norm<T: Real>(_ v: [T]) -> T {
        var s: T = 0
        for x in v { s += x * x }
        return T.sqrt(s)
    }
}

/// The differentiation mode of one level of a nested derivative.
public enum ADMode: Sendable {
    /// Forward mode: one dual-number evaluation per input direction.
    case forward
    /// Reverse mode: one recording on a tape and one sweep.
    case reverse

    /// The two-letter variant names of `saddle` and `particle` (outer mode first).
    static func variant(_ name: String) -> (outer: ADMode, inner: ADMode)? {
        switch name {
        case "ff": (.forward, .forward)
        case "fr": (.forward, .reverse)
        case "rf": (.reverse, .forward)
        case "rr": (.reverse, .reverse)
        default: nil
        }
    }
}

/// A scalar function of a vector, written once for every scalar type (so it can run on the
/// nested scalars of both levels).
protocol NestedObjective {
    /// `f(x)`, with `parameters` held constant.
    func callAsFunction<T: Real>(_ x: [T], _ parameters: [T]) -> T
}

/// `∇ₓ f(x; parameters)` at the scalar level `S` (the outer level's scalar, carrying the outer
/// derivative): forward mode runs `f` on `Dual<S>` once per coordinate; reverse mode records it
/// on a `ReverseTape<S>` and sweeps once. The parameters enter as constants of the inner level
/// (`Dual(constant:)`, `ReverseVariable(constant:)`), so their outer derivatives pass through.
func innerGradient<S: Real, F: NestedObjective>(_ f: F, at x: [S], parameters: [S], mode: ADMode) -> [S] {
    switch mode {
    case .forward:
        let p = parameters.map { Dual<S>(constant: $0) }
        return x.indices.map { e in
            let tag = makePerturbationTag()
            let seeded = x.indices.map { Dual<S>(x[$0], tangent: $0 == e ? 1 : 0, tag: tag) }
            return f(seeded, p).tangent
        }
    case .reverse:
        let tape = ReverseTape<S>(capacity: 256)
        let v = tape.variables(x)
        let y = f(v, parameters.map { ReverseVariable<S>(constant: $0) })
        return withExtendedLifetime(tape) { tape.gradient(of: y, withRespectTo: v) }
    }
}

/// `∇g(x)` of an outer function `g` written once for any scalar, at `Double` inputs: forward
/// mode runs `g` on `Dual<Double>` once per coordinate; reverse mode records it on a ``Tape``
/// and sweeps once.
func outerGradient(at x: [Double], mode: ADMode, _ g: OuterFunction) throws(GradientDescent.Failure) -> [Double] {
    switch mode {
    case .forward:
        var out = [Double]()
        for e in x.indices {
            let tag = makePerturbationTag()
            let seeded = x.indices.map { Dual<Double>(x[$0], tangent: $0 == e ? 1 : 0, tag: tag) }
            out.append(try g.forward(seeded).tangent)
        }
        return out
    case .reverse:
        let tape = Tape(capacity: 1 << 12)
        let v = tape.variables(x)
        let y = try g.reverse(v)
        return withExtendedLifetime(tape) { tape.gradient(of: y, withRespectTo: v) }
    }
}

/// An outer function at the two outer scalar types (Swift has no rank-2 closures, so the
/// generic function is passed as this pair).
struct OuterFunction {
    let forward: ([Dual<Double>]) throws(GradientDescent.Failure) -> Dual<Double>
    let reverse: ([Variable]) throws(GradientDescent.Failure) -> Variable
}
