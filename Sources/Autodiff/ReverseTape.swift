/// A reverse-mode tape over the scalar `T`: the record of every operation on the
/// ``ReverseVariable``s made from it, swept backwards to give adjoints (gradients, Jacobian rows,
/// vector-Jacobian products). ``Tape`` is the `Double` tape.
///
/// Storage is struct-of-arrays in preallocated buffers (parent indices and local partials of
/// type `T`), grown by doubling; recording an operation writes one record through unsafe pointers
/// (24 bytes for `T = Double`) — no heap allocation, no closure. With `T = Dual<Double>` the
/// partials and adjoints are dual numbers and one sweep gives a gradient together with its
/// directional derivative, `H·v` (forward over reverse). Vector operations (``sum(_:)``,
/// ``dot(_:_:)``, ``logSumExp(_:)``, ``matrixVector(_:rows:columns:_:)``) are single
/// entries whose backward step is a vectorised loop.
///
/// Variables hold an unowned pointer to their tape's storage and their node index: they must not
/// outlive the tape (the drivers keep the tape alive for the duration of the closure they call),
/// and ``reset()`` invalidates every variable recorded before it. Such misuse is a clear trap in
/// builds with `AUTODIFF_INTERNAL_CHECKS` (debug builds of this package, so every test run): each
/// tape carries a generation stamp, renewed by `reset()` and cleared when the tape is freed, that
/// every use of a variable compares with its own. Release builds skip the per-operation check
/// and keep a bounds check where a variable's index meets an adjoint array (``adjoints(seeds:)``,
/// ``gradient(of:withRespectTo:seed:)``), so a stale variable there traps instead of writing past
/// the buffer.
///
/// `T` must be a trivial type (`Double`, `Float`, `Dual<Double>`, `MultiDual<N, Double>`, …):
/// records are stored in raw memory that is never deinitialised.
///
/// - Complexity: recording is O(1) per scalar operation; ``adjoints(seeds:)`` is one O(size) sweep.
///
/// ```swift
/// let tape = Tape()
/// let x = tape.variable(3), y = tape.variable(4)
/// let z = x * y + Variable.sin(x)
/// tape.gradient(of: z, withRespectTo: [x, y])   // [4 + cos 3, 3]
/// ```
public final class ReverseTape<T: Real> {
    @usableFromInline let storage: UnsafeMutablePointer<TapeStorage<T>>

    /// A tape with room for `capacity` scalar records before it first grows.
    ///
    /// - Precondition: `T` is a trivial type (see the type's documentation).
    public init(capacity: Int = 1 << 14) {
        precondition(_isPOD(T.self),
                     "ReverseTape<\(T.self)>: the tape scalar must be a trivial type (no references)")
        storage = .allocate(capacity: 1)
        storage.initialize(to: TapeStorage(capacity: capacity, extCapacity: 1 << 10))
    }

    deinit {
        storage.pointee.deallocate()
        #if AUTODIFF_INTERNAL_CHECKS
        // Keep the small header (generation 0, buffers freed) so that a variable that outlived
        // this tape is detected by its generation instead of reading freed memory. Checked
        // builds only: a few dozen bytes per tape.
        #else
        storage.deinitialize(count: 1)
        storage.deallocate()
        #endif
    }

    /// Whether this build checks the tape's invariants and every variable's generation
    /// (`AUTODIFF_INTERNAL_CHECKS`, defined in debug builds of this package).
    public static var isInternalCheckingEnabled: Bool {
        #if AUTODIFF_INTERNAL_CHECKS
        return true
        #else
        return false
        #endif
    }

    /// A new independent variable (an input) with value `value`.
    /// - Complexity: O(1).
    @inlinable
    public func variable(_ value: T) -> ReverseVariable<T> {
        ReverseVariable(value, index: storage.pointee.pushLeaf(), tape: storage)
    }

    /// New independent variables for `values`, with consecutive node indices.
    @inlinable
    public func variables(_ values: [T]) -> [ReverseVariable<T>] {
        let s = storage
        let n = values.count
        let start = s.pointee.reserveLeaves(n)
        let result = [ReverseVariable<T>](unsafeUninitializedCapacity: n) { buf, initialized in
            values.withUnsafeBufferPointer { v in
                for k in 0..<n {
                    (buf.baseAddress! + k).initialize(
                        to: ReverseVariable(v[k], index: start &+ Int32(truncatingIfNeeded: k), tape: s))
                }
            }
            initialized = n
        }
        if n > 0 { s.pointee.contiguousRuns.append(result) }
        return result
    }

    /// Empties the tape, keeping its buffers for the next recording. Variables made before are
    /// invalidated.
    @inlinable public func reset() { storage.pointee.resetRecords() }

    /// Number of nodes recorded (inputs, scalar operations and vector-node outputs).
    @inlinable public var count: Int { storage.pointee.count }

    /// Number of vector nodes recorded.
    public var vectorNodeCount: Int { storage.pointee.vectorNodes.count }

    /// Bytes of record storage per scalar node: for `T = Double` 24 (8 for the two parent
    /// indices, 16 for the two partials). The reverse sweep adds one adjoint of `T` per node
    /// (8 bytes for `Double`, 32 in all).
    public static var bytesPerRecord: Int {
        MemoryLayout<TapeLinks>.stride + MemoryLayout<TapePartials<T>>.stride
    }

    /// Bytes of one adjoint (the sweep's per-node scratch): 8 for `T = Double`.
    public static var bytesPerAdjoint: Int { MemoryLayout<T>.stride }

    /// Bytes in use: records, vector-node extension data and (during a sweep) adjoints.
    public var bytesInUse: Int {
        let s = storage.pointee
        return s.count * (Self.bytesPerRecord + Self.bytesPerAdjoint)
            + s.extCount * (MemoryLayout<Int32>.stride + MemoryLayout<T>.stride)
            + s.vectorNodes.reduce(0) { $0 + $1.matrix.count * 8 }
    }

    /// Bytes currently allocated for records and vector-node extension data (capacity, not use;
    /// the sweep's adjoint array, 8 bytes per node, is allocated per sweep and not included).
    public var bytesAllocated: Int {
        let s = storage.pointee
        return s.capacity * Self.bytesPerRecord
            + s.extCapacity * (MemoryLayout<Int32>.stride + MemoryLayout<T>.stride)
    }

    /// Outcomes of the comparisons between variables made while recording (the control flow).
    public var branchTrace: [Bool] { storage.pointee.branches }

    /// One reverse sweep: the adjoint of every node given `seeds` (output node, cotangent) pairs.
    ///
    /// Can be called any number of times on the same recording (e.g. one per Jacobian row).
    /// - Complexity: O(size of tape).
    ///
    /// - Precondition: every seed recorded on this tape is of the current recording (not from
    ///   before a ``reset()``); seeds of other tapes and constants are ignored.
    @inlinable
    public func adjoints(seeds: [(ReverseVariable<T>, T)]) -> [T] {
        let n = count
        checkInvariants()   // before the sweep writes through the recorded indices
        let result = [T](unsafeUninitializedCapacity: n) { buf, initialized in
            let adj = buf.baseAddress!
            func seed() {
                adj.initialize(repeating: 0, count: n)
                for (v, s) in seeds where v.tape == storage {
                    v.checkLive()
                    precondition(Int(v.index) < n,
                                 "Autodiff: a seed variable is not on this tape's current recording (used after reset()?)")
                    adj[Int(v.index)] += s
                }
            }
            seed()
            storage.pointee.backward(adj)
            // A NaN may come from 0·∞: sweep again with the exact-zero convention (exact; see
            // TapeStorage.backward).
            if storage.pointee.sweepLeftNaN(adj) {
                seed()
                storage.pointee.backward(adj, careful: true)
            }
            initialized = n
        }
        return result
    }

    /// The gradient of `output` with respect to `inputs` (a reverse sweep seeded with `seed`).
    /// - Complexity: O(size of tape + inputs.count).
    @inlinable
    public func gradient(of output: ReverseVariable<T>, withRespectTo inputs: [ReverseVariable<T>],
                         seed: T = 1) -> [T] {
        let adj = adjoints(seeds: [(output, seed)])
        return inputs.map { v in
            guard v.tape == storage else { return 0 }
            v.checkLive()
            precondition(Int(v.index) < adj.count,
                         "Autodiff: an input variable is not on this tape's current recording (used after reset()?)")
            return adj[Int(v.index)]
        }
    }

    /// Traps if the tape's invariants do not hold, in builds with `AUTODIFF_INTERNAL_CHECKS`
    /// (called before every sweep, so that a damaged record is reported before the sweep writes
    /// through it); nothing otherwise.
    @inlinable
    func checkInvariants() {
        #if AUTODIFF_INTERNAL_CHECKS
        precondition(isWellFormed(), "Autodiff internal check: the tape is not well formed")
        #endif
    }

    /// Checks the tape's invariants: every parent precedes its child or is the node itself with
    /// partial 0; vector nodes are in order and read only earlier nodes; counts within capacity.
    /// O(size of tape); tests call it, and checked builds call it before every sweep.
    public func isWellFormed() -> Bool {
        let s = storage.pointee
        guard s.count <= s.capacity, s.extCount <= s.extCapacity, s.leafPrefixEnd <= s.count,
              s.generation != 0 else { return false }
        var nextVector = 0
        var i = s.leafPrefixEnd   // the leading leaves have no parents (and no written records)
        while i < s.count {
            if nextVector < s.vectorNodes.count, Int(s.vectorNodes[nextVector].output) == i {
                let node = s.vectorNodes[nextVector]
                if Int(node.output) + Int(node.outputCount) > s.count || node.inputCount < 0 {
                    return false
                }
                if node.kind == .linearContiguous || node.kind == .matrixVectorContiguous {
                    if node.input < 0 || Int(node.input) + Int(node.inputCount) > i { return false }
                    if node.kind == .linearContiguous
                        && node.ext + Int(node.inputCount) > s.extCount { return false }
                } else {
                    if node.ext + Int(node.inputCount) > s.extCount { return false }
                    for k in 0..<Int(node.inputCount) where Int(s.extIndex[node.ext + k]) >= i {
                        return false
                    }
                }
                i += Int(node.outputCount)
                nextVector += 1
                continue
            }
            let l = s.links[i], d = s.partials[i]
            if l.p0 < 0 || l.p1 < 0 || Int(l.p0) > i || Int(l.p1) > i { return false }
            if (Int(l.p0) == i && d.d0 != 0) || (Int(l.p1) == i && d.d1 != 0) { return false }
            i += 1
        }
        return nextVector == s.vectorNodes.count
    }
}

/// The `Double` reverse-mode tape, recording ``Variable``s.
///
/// ```swift
/// let tape = Tape()
/// let x = tape.variable(3)
/// tape.gradient(of: x * x, withRespectTo: [x])   // [6]
/// ```
public typealias Tape = ReverseTape<Double>
