import Autodiff
import RealModule
import Testing
import TestSupport

/// Escapes a variable from a tape that is then freed (the tape lives only inside this function).
@inline(never)
func variableOutlivingItsTape() -> Variable {
    let tape = Tape()
    let x = tape.variable(3)
    return x * x
}

@Suite("Tape memory safety and invariant checks")
struct TapeSafetyTests {
    /// The test build checks the tape (debug builds define AUTODIFF_INTERNAL_CHECKS): the exit
    /// tests below rely on it, so a build without the checks fails here instead of skipping them.
    @Test func internalChecksAreOnInTests() throws {
        try #require(Tape.isInternalCheckingEnabled)
    }

    /// The case: a variable recorded before `reset()` used in an operation after it. The
    /// tape has fewer records than the stale index, so the sweep would write past its adjoint
    /// buffer; the generation stamp makes it a trap with a message instead.
    @Test func variableUsedAfterResetTraps() async {
        await #expect(processExitsWith: .failure) {
            let tape = Tape()
            let xs = tape.variables([1, 2, 3, 4, 5, 6])
            var y = xs[0]
            for x in xs { y = y * x + Variable.sin(x) }
            tape.reset()
            let z = tape.variable(2)
            _ = tape.adjoints(seeds: [(z * y, 1)])
        }
    }

    /// A stale variable with an index still inside the new recording (which would silently read
    /// another node's adjoint) traps as well.
    @Test func staleVariableInsideTheNewRecordingTraps() async {
        await #expect(processExitsWith: .failure) {
            let tape = Tape()
            let a = tape.variable(1)
            tape.reset()
            let b = tape.variable(2), c = tape.variable(3)
            _ = b * c + a
        }
    }

    /// A stale variable as a sweep seed or as a gradient input traps (in every build: these are
    /// bounds-checked against the adjoint array even where the per-operation check is compiled out).
    @Test func staleSeedOrInputTraps() async {
        await #expect(processExitsWith: .failure) {
            let tape = Tape()
            let xs = tape.variables([1, 2, 3])
            let y = xs[0] * xs[1] * xs[2]
            tape.reset()
            _ = tape.adjoints(seeds: [(y, 1)])
        }
        await #expect(processExitsWith: .failure) {
            let tape = Tape()
            let xs = tape.variables([1, 2, 3])
            tape.reset()
            let z = tape.variable(4)
            _ = tape.gradient(of: z * z, withRespectTo: xs)
        }
    }

    /// A variable that outlived its tape traps when used (checked builds keep the freed tape's
    /// small header, generation 0, so the check reads valid memory).
    @Test func variableOutlivingItsTapeTraps() async {
        await #expect(processExitsWith: .failure) {
            let y = variableOutlivingItsTape()
            _ = Variable.sin(y)
        }
        await #expect(processExitsWith: .failure) {
            let y = variableOutlivingItsTape()
            _ = sum([y, y])
        }
    }

    /// Vector nodes and the map–sum check their inputs' generations too.
    @Test func staleInputsOfVectorNodesTrap() async {
        await #expect(processExitsWith: .failure) {
            let tape = Tape()
            let xs = tape.variables([1, 2, 3])
            tape.reset()
            _ = tape.variables([4, 5, 6])
            _ = dot(xs, xs)
        }
        await #expect(processExitsWith: .failure) {
            let tape = Tape()
            let xs = tape.variables([1, 2, 3])
            tape.reset()
            _ = tape.variables([4, 5, 6])
            _ = sumOfTerms(Product(), xs[0..<2], xs[1...])
        }
    }

    /// Correct use is unaffected: a tape reused across recordings (each variable of its own
    /// recording) gives the same results as fresh tapes, stays well formed, and constants (no
    /// tape) are never stale.
    @Test func correctReuseIsUnaffected() {
        let tape = Tape()
        var g = SplitMix64(seed: 11)
        for _ in 0..<5 {
            let x = randomVector(7, -1...1, &g)
            let (v, grad) = tape.valueWithGradient(of: { rosenbrock($0) + sum($0) }, at: x)
            let fresh = valueWithGradient(of: { rosenbrock($0) + sum($0) }, at: x)
            #expect(v == fresh.value && grad == fresh.gradient)
            #expect(tape.isWellFormed())
        }
        let c = Variable(2)
        tape.reset()
        let x = tape.variable(3)
        #expect(tape.gradient(of: c * x, withRespectTo: [x]) == [2])
    }

    /// The invariant check itself: well formed after scalar operations, vector nodes and a
    /// matrix–vector node, and the record layout unchanged by the generation stamp (it lives in
    /// `Variable`'s padding: 24 bytes, as in release builds).
    @Test func invariantsHoldAndLayoutIsUnchanged() {
        let tape = Tape()
        let xs = tape.variables([0.5, -1, 2])
        let m = matrixVector([1, 2, 3, 4, 5, 6], rows: 2, columns: 3, xs)
        let y = logSumExp(m) * dot(xs, xs) + Variable.atan2(y: xs[0], x: xs[2])
        _ = tape.adjoints(seeds: [(y, 1.5)])
        #expect(tape.isWellFormed())
        #expect(MemoryLayout<Variable>.stride == 24)
    }
}
