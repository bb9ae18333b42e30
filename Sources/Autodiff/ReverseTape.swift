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
/// Variables hold an unowned pointer to their tape's storage: they must not outlive the tape
/// (the drivers keep the tape alive for the duration of the closure they call).
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
    public init(capacity: Int = 1 << 14) {
        storage = .allocate(capacity: 1)
        storage.initialize(to: TapeStorage(capacity: capacity, extCapacity: 1 << 10))
    }

    deinit {
        storage.pointee.deallocate()
        storage.deinitialize(count: 1)
        storage.deallocate()
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
    @inlinable
    public func adjoints(seeds: [(ReverseVariable<T>, T)]) -> [T] {
        let n = count
        return [T](unsafeUninitializedCapacity: n) { buf, initialized in
            let adj = buf.baseAddress!
            adj.initialize(repeating: 0, count: n)
            for (v, s) in seeds where v.tape == storage { adj[Int(v.index)] += s }
            storage.pointee.backward(adj)
            initialized = n
        }
    }

    /// The gradient of `output` with respect to `inputs` (a reverse sweep seeded with `seed`).
    /// - Complexity: O(size of tape + inputs.count).
    @inlinable
    public func gradient(of output: ReverseVariable<T>, withRespectTo inputs: [ReverseVariable<T>],
                         seed: T = 1) -> [T] {
        let adj = adjoints(seeds: [(output, seed)])
        return inputs.map { $0.tape == storage ? adj[Int($0.index)] : 0 }
    }

    /// Checks the tape's invariants (every parent precedes its child or is the node itself with partial 0; vector nodes in order).
    /// Cheap enough for tests; not called on hot paths.
    public func isWellFormed() -> Bool {
        let s = storage.pointee
        var nextVector = 0
        var i = s.leafPrefixEnd   // the leading leaves have no parents (and no written records)
        while i < s.count {
            if nextVector < s.vectorNodes.count, Int(s.vectorNodes[nextVector].output) == i {
                let node = s.vectorNodes[nextVector]
                if node.kind == .linearContiguous || node.kind == .matrixVectorContiguous {
                    if Int(node.input) + Int(node.inputCount) > i { return false }
                } else {
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
