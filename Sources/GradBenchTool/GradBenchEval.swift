#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DataIO

/// One function call prepared from an `evaluate` message: the input already converted (outside
/// the timing), ready to be run any number of times.
public protocol PreparedEvaluation {
    /// Computes the function once (the timed part). Keeps the result for ``output()``.
    mutating func run()
    /// The result of the last ``run()`` as the protocol's `"output"`.
    func output() -> JSONValue
    /// Why the last ``run()`` produced no answer (a solver that did not converge), or `nil`.
    var failure: String? { get }
}

extension PreparedEvaluation {
    /// No failure: most functions always produce an answer.
    public var failure: String? { nil }
}

/// A GradBench eval implemented by this tool: a module name and the functions it answers.
public protocol GradBenchEval: Sendable {
    /// The module name (`"gmm"`).
    var module: String { get }
    /// The function names the module answers (`["objective", "jacobian"]`).
    var functions: [String] { get }
    /// Converts `input` for `function` (already checked to be one of ``functions``).
    /// - Throws: ``EvalInputError`` naming the field that is missing or malformed.
    func prepare(function: String, input: EvalInput) throws(EvalInputError) -> any PreparedEvaluation
}

/// The evals this tool implements, by module name.
public let gradBenchEvals: [String: any GradBenchEval] = {
    let all: [any GradBenchEval] = [
        HelloEval(), LSEEval(), GMMEval(), KMeansEval(), DetEval(), LLSQEval(), ODEEval(),
        SaddleEval(), ParticleEval(),
    ]
    return Dictionary(uniqueKeysWithValues: all.map { ($0.module, $0) })
}()

/// Runs `evaluation` at least `settings.minRuns` times and until the runs add up to
/// `settings.minSeconds`, timing each run alone (monotonic clock, nanoseconds).
/// - Returns: every run's time in nanoseconds.
/// - Complexity: the runs requested.
public func timedRuns(_ evaluation: inout some PreparedEvaluation, _ settings: RunSettings) -> [Int] {
    var times: [Int] = []
    var total = 0
    let budget = Int(settings.minSeconds * 1e9)
    while times.count < settings.minRuns || total < budget {
        let start = monotonicNanoseconds()
        evaluation.run()
        let t = monotonicNanoseconds() - start
        times.append(t)
        total += t
    }
    return times
}

/// Nanoseconds on the monotonic clock.
@inline(__always)
func monotonicNanoseconds() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int(ts.tv_sec) * 1_000_000_000 + Int(ts.tv_nsec)
}

/// Reads the functions of an eval: a shared check that `function` is one of them.
func unknownFunction(_ function: String, of eval: some GradBenchEval) -> EvalInputError {
    EvalInputError("module \"\(eval.module)\" has no function \"\(function)\" (it has \(eval.functions.map { "\"\($0)\"" }.joined(separator: ", ")))")
}
