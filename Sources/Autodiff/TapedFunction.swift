/// A function `ℝⁿ → ℝᵐ` recorded on a tape once and replayed at new inputs, with a check that
/// the control flow is the one recorded.
///
/// **What replay does here.** Recording on ``Tape`` is already an interpreter-free loop (one
/// 24-byte store per operation, ~1 ns), so a CppAD-style opcode interpreter could not re-evaluate
/// a tape faster than re-running the generic code. A replay therefore re-executes `f` into the
/// *same* buffers (no allocation) and then compares the new tape's structure — every parent link,
/// every vector node's shape and the outcome of every comparison between variables — with the
/// reference recording. If anything differs, the control flow changed: ``replay(at:)`` returns
/// `false`, counts it in ``controlFlowChanges``, and the new recording becomes the reference.
/// Derivatives are always taken from the current recording, so they are never silently those of
/// another branch; the flag tells callers that any structure they derived from the old tape
/// (sparsity, output positions, a saved Jacobian pattern) must be rebuilt.
///
/// - Complexity: a replay is one evaluation of `f` plus an O(tape) comparison; each Jacobian
///   row or vector–Jacobian product is one O(tape) sweep.
///
/// ```swift
/// let taped = TapedFunction(at: [1, 2]) { x in [x[0] * x[1], Variable.sin(x[0])] }
/// taped.replay(at: [3, 4])        // true: same control flow
/// taped.jacobian()                // [[4, 3], [cos 3, 0]]
/// ```
public final class TapedFunction {
    /// The tape holding the current recording.
    public let tape: Tape
    @usableFromInline let function: ([Variable]) -> [Variable]
    /// The inputs and outputs of the current recording.
    public private(set) var inputs: [Variable] = []
    /// The outputs of the current recording.
    public private(set) var outputs: [Variable] = []
    /// How many replays found a different control flow than the reference recording.
    public private(set) var controlFlowChanges = 0

    var referenceLinks: [TapeLinks] = []
    var referenceLeaves = 0
    var referenceBranches: [Bool] = []
    var referenceVectorShapes: [Int32] = []

    /// Records `f` at `x`.
    public init(at x: [Double], _ f: @escaping ([Variable]) -> [Variable]) {
        tape = Tape(capacity: Swift.max(1 << 12, 16 * x.count))
        function = f
        record(at: x)
        saveReference()
    }

    /// The output values of the current recording.
    public var values: [Double] { outputs.map(\.value) }

    func record(at x: [Double]) {
        tape.reset()
        inputs = tape.variables(x)
        outputs = function(inputs)
    }

    func currentShapes() -> [Int32] {
        tape.storage.pointee.vectorNodes.flatMap {
            [Int32($0.kind.rawValue), $0.output, $0.outputCount, $0.input, $0.inputCount]
        }
    }

    func saveReference() {
        let s = tape.storage.pointee
        // Records before `leafPrefixEnd` are the leading inputs (unwritten, parentless).
        referenceLeaves = s.leafPrefixEnd
        referenceLinks = Array(UnsafeBufferPointer(start: s.links, count: s.count))
        referenceBranches = s.branches
        referenceVectorShapes = currentShapes()
    }

    func matchesReference() -> Bool {
        let s = tape.storage.pointee
        guard s.count == referenceLinks.count, s.leafPrefixEnd == referenceLeaves,
              s.branches == referenceBranches,
              currentShapes() == referenceVectorShapes else { return false }
        // Compare the scalar records; the output slots of vector nodes hold no record (their
        // shapes were compared above) and are skipped.
        return referenceLinks.withUnsafeBufferPointer { ref in
            var i = referenceLeaves
            var v = 0
            while i < s.count {
                if v < s.vectorNodes.count, Int(s.vectorNodes[v].output) == i {
                    i += Int(s.vectorNodes[v].outputCount)
                    v += 1
                    continue
                }
                if ref[i].p0 != s.links[i].p0 || ref[i].p1 != s.links[i].p1 { return false }
                i += 1
            }
            return true
        }
    }

    /// Re-evaluates at `x`. Returns `true` if the control flow matched the reference recording;
    /// `false` if it changed (the new recording then becomes the reference).
    /// - Complexity: one evaluation of `f` plus O(tape).
    @discardableResult
    public func replay(at x: [Double]) -> Bool {
        precondition(x.count == inputs.count, "replay: expected \(inputs.count) inputs")
        record(at: x)
        if matchesReference() { return true }
        controlFlowChanges += 1
        saveReference()
        return false
    }

    /// `uᵀJ` of the current recording (one sweep).
    public func vjp(cotangent u: [Double]) -> [Double] {
        precondition(u.count == outputs.count, "vjp: cotangent length differs from outputs")
        let adj = tape.adjoints(seeds: (0..<u.count).map { (outputs[$0], u[$0]) })
        return inputs.map { adj[$0.nodeIndex] }
    }

    /// The Jacobian of the current recording: one sweep per output row.
    public func jacobian() -> [[Double]] {
        (0..<outputs.count).map { i in
            let adj = tape.adjoints(seeds: [(outputs[i], 1)])
            return inputs.map { adj[$0.nodeIndex] }
        }
    }
}
