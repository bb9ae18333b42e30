import Synchronization

/// The two parents of a scalar tape record. A constant or absent parent (index −1) is stored as
/// the node itself with partial 0 (see `push`); vector nodes skip constant inputs.
@frozen @usableFromInline
struct TapeLinks {
    @usableFromInline var p0: Int32
    @usableFromInline var p1: Int32
    @inlinable init(_ p0: Int32, _ p1: Int32) { self.p0 = p0; self.p1 = p1 }
}

/// The two local partials of a scalar tape record (16 bytes for `T = Double`).
@frozen @usableFromInline
struct TapePartials<T> {
    @usableFromInline var d0: T
    @usableFromInline var d1: T
    @inlinable init(_ d0: T, _ d1: T) { self.d0 = d0; self.d1 = d1 }
}

/// A node recorded as one entry whose backward step is a loop over many elements.
@usableFromInline
struct VectorNode {
    @usableFromInline enum Kind: UInt8 {
        /// `out = Σ w[k]·x[k]` over inputs `input ..< input+inputCount` (contiguous).
        case linearContiguous
        /// `out = Σ w[k]·x[index[k]]` (gathered).
        case linearGather
        /// `out[0..<rows] = A·x`, `A` row-major `rows × inputCount`, x contiguous.
        case matrixVectorContiguous
        /// `out[0..<rows] = A·x`, x gathered.
        case matrixVectorGather
    }
    @usableFromInline var kind: Kind
    @usableFromInline var output: Int32
    @usableFromInline var outputCount: Int32
    @usableFromInline var input: Int32
    @usableFromInline var inputCount: Int32
    /// Offset of this node's weights / indices in the tape's extension buffers.
    @usableFromInline var ext: Int
    @usableFromInline var matrix: [Double]

    @inlinable
    init(kind: Kind, output: Int32, outputCount: Int32, input: Int32, inputCount: Int32,
         ext: Int, matrix: [Double] = []) {
        self.kind = kind; self.output = output; self.outputCount = outputCount
        self.input = input; self.inputCount = inputCount; self.ext = ext; self.matrix = matrix
    }
}

/// The source of tape generations: every tape takes a fresh one when it is made and whenever it
/// is reset, so a generation is not reused before 2³² resets in the process (0 is never drawn:
/// it marks a deallocated tape). 32 bits, so that the stamp fits in `Variable`'s padding and a
/// checked build keeps the 24-byte layout.
@usableFromInline
let tapeGenerationCounter = Atomic<UInt32>(0)

/// The raw, struct-of-arrays storage of a ``ReverseTape``: preallocated buffers written through
/// unsafe pointers (for `T = Double`, 24 bytes per scalar record: two `Int32` parents, two
/// `Double` partials).
///
/// **Contracts of this unsafe storage.**
/// - `T` must be a trivial type (no references, no non-trivial copy or destroy): records are
///   written by plain stores into uninitialised memory, moved bitwise when the buffers grow and
///   freed without being deinitialised. `Double`, `Float`, `Dual<Double>`, `MultiDual<N, Double>`
///   (and duals of those) are trivial; ``ReverseTape/init(capacity:)`` checks it.
/// - The ``ReverseTape`` that allocated it owns it and frees it in `deinit`. A
///   ``ReverseVariable`` holds an unowned pointer to it together with its node index.
/// - Records `0 ..< count` are initialised, except the leading leaves `0 ..< leafPrefixEnd`,
///   which are never read. Every parent index of record `i` is `< i`, or `i` itself with partial 0
///   (a constant or absent parent), so the sweep only writes adjoints below `count`.
/// - `generation` changes on every ``ReverseTape/reset()``; a variable recorded before carries
///   the old one. A stale variable's index may lie beyond `count` (writing past the buffers) or
///   name another node; in builds with `AUTODIFF_INTERNAL_CHECKS` (debug builds of this package,
///   so every test run) every use of a variable compares its generation with its tape's and traps
///   with a message, and a deallocated tape keeps this small header (generation 0, buffers freed)
///   so that a variable that outlived its tape traps too instead of reading freed memory.
@usableFromInline
struct TapeStorage<T: Real> {
    @usableFromInline var links: UnsafeMutablePointer<TapeLinks>
    @usableFromInline var partials: UnsafeMutablePointer<TapePartials<T>>
    @usableFromInline var count: Int
    @usableFromInline var capacity: Int

    @usableFromInline var extIndex: UnsafeMutablePointer<Int32>
    @usableFromInline var extWeight: UnsafeMutablePointer<T>
    @usableFromInline var extCount: Int
    @usableFromInline var extCapacity: Int

    @usableFromInline var vectorNodes: [VectorNode]
    /// Outcomes of every comparison between variables, in order (the control-flow trace).
    @usableFromInline var branches: [Bool]
    /// Arrays of variables with consecutive node indices made by the tape itself (inputs from
    /// `Tape.variables`, outputs of matrix–vector nodes), retained so that their storage cannot
    /// be mutated in place: any slice whose elements lie in one of these buffers is known to be
    /// contiguous without reading its elements (see `Variable.knownContiguousStart`).
    @usableFromInline var contiguousRuns: [[ReverseVariable<T>]]
    /// Number of independent variables created by `Tape.variable`.
    @usableFromInline var independentCount: Int
    /// End of the leading run of leaf nodes (inputs recorded before any operation): the reverse
    /// sweep stops there, since leaves have no parents.
    @usableFromInline var leafPrefixEnd: Int
    /// The current recording's generation (0 once the tape is deallocated).
    @usableFromInline var generation: UInt32
    /// Whether a node other than the leading leaves has no recorded parents (a leaf created after
    /// an operation, or a vector node over constants only). Without such nodes every node
    /// descends from the leading leaves, so a NaN adjoint anywhere reaches one of them and a NaN
    /// scan of the leading leaves covers the whole sweep (see `backward`).
    @usableFromInline var hasLateRoots: Bool

    init(capacity: Int, extCapacity: Int) {
        let c = Swift.max(capacity, 16)
        links = .allocate(capacity: c)
        partials = .allocate(capacity: c)
        self.capacity = c
        extIndex = .allocate(capacity: Swift.max(extCapacity, 16))
        extWeight = .allocate(capacity: Swift.max(extCapacity, 16))
        self.extCapacity = Swift.max(extCapacity, 16)
        extCount = 0
        vectorNodes = []
        branches = []
        contiguousRuns = []
        independentCount = 0
        leafPrefixEnd = 0
        count = 0
        generation = 0
        hasLateRoots = false
        resetRecords()
    }

    /// Frees the buffers. The header (this struct) stays valid until its owner frees it: count,
    /// capacity and generation are zeroed so that nothing can index the freed buffers.
    mutating func deallocate() {
        links.deallocate(); partials.deallocate()
        extIndex.deallocate(); extWeight.deallocate()
        count = 0; capacity = 0; extCount = 0; extCapacity = 0; leafPrefixEnd = 0
        vectorNodes = []; branches = []; contiguousRuns = []
        generation = 0
    }

    /// Empties the tape (keeping its buffers) and starts a new generation.
    @usableFromInline
    mutating func resetRecords() {
        count = 0
        extCount = 0
        vectorNodes.removeAll(keepingCapacity: true)
        branches.removeAll(keepingCapacity: true)
        contiguousRuns.removeAll()
        independentCount = 0
        leafPrefixEnd = 0
        hasLateRoots = false
        var g = tapeGenerationCounter.add(1, ordering: .relaxed).newValue
        while g == 0 { g = tapeGenerationCounter.add(1, ordering: .relaxed).newValue }
        generation = g
    }

    /// Appends a scalar record and returns its node index.
    ///
    /// A parent that is a constant or absent (index −1) is redirected to the node itself with
    /// partial 0: the sweep then adds `0·ā` to an adjoint it has already consumed, so the loop
    /// needs no branch, and no shared sink slot chains every record's update through memory (a
    /// serial dependency that would cost a store-to-load round trip per record).
    @inlinable @inline(__always)
    mutating func push(_ p0: Int32, _ d0: T, _ p1: Int32, _ d1: T) -> Int32 {
        if _slowPath(count == capacity) { grow(minimum: count + 1) }
        let i = count
        #if AUTODIFF_INTERNAL_CHECKS
        // A parent must be an existing node (variables are checked for staleness before this).
        precondition(Int(p0) < i && Int(p1) < i,
                     "Autodiff internal check: a record's parent is not an earlier node")
        #endif
        let me = Int32(truncatingIfNeeded: i)
        links[i] = TapeLinks(p0 < 0 ? me : p0, p1 < 0 ? me : p1)
        partials[i] = TapePartials(p0 < 0 ? 0 : d0, p1 < 0 ? 0 : d1)
        count = i + 1
        return me
    }

    /// Appends `n` leaves with consecutive indices, returning the first.
    @inlinable
    mutating func reserveLeaves(_ n: Int) -> Int32 {
        if count + n > capacity { grow(minimum: count + n) }
        let start = count
        if leafPrefixEnd == start {
            // Leaves extending the leading run are never swept: their records stay unwritten
            // (readers of records start at `leafPrefixEnd`).
            leafPrefixEnd = start + n
        } else {
            hasLateRoots = true
            let l = links, p = partials
            for i in start..<(start + n) {
                let me = Int32(truncatingIfNeeded: i)
                l[i] = TapeLinks(me, me)
                p[i] = TapePartials(0, 0)
            }
        }
        independentCount += n
        count = start + n
        return Int32(truncatingIfNeeded: start)
    }

    /// Appends a leaf (an independent variable).
    @inlinable @inline(__always)
    mutating func pushLeaf() -> Int32 {
        let i = push(-1, 0, -1, 0)
        if leafPrefixEnd == Int(i) { leafPrefixEnd = Int(i) + 1 } else { hasLateRoots = true }
        independentCount += 1
        return i
    }

    /// Reserves `n` consecutive node indices for the outputs of a vector node.
    @inlinable
    mutating func reserve(_ n: Int) -> Int32 {
        if count + n > capacity { grow(minimum: count + n) }
        let start = count
        count += n
        return Int32(truncatingIfNeeded: start)
    }

    /// Reserves `n` slots in the extension buffers, returning the offset.
    @inlinable
    mutating func reserveExt(_ n: Int) -> Int {
        if extCount + n > extCapacity { growExt(minimum: extCount + n) }
        let o = extCount
        extCount += n
        return o
    }

    @usableFromInline @inline(never)
    mutating func grow(minimum: Int) {
        precondition(minimum < Int(Int32.max), "Autodiff: tape exceeds 2³¹ − 1 nodes")
        var c = Swift.max(capacity, 16)
        while c < minimum { c *= 2 }
        c = Swift.min(c, Int(Int32.max))
        let nl = UnsafeMutablePointer<TapeLinks>.allocate(capacity: c)
        nl.moveInitialize(from: links, count: count)
        links.deallocate(); links = nl
        let np = UnsafeMutablePointer<TapePartials<T>>.allocate(capacity: c)
        np.moveInitialize(from: partials, count: count)
        partials.deallocate(); partials = np
        capacity = c
    }

    @usableFromInline @inline(never)
    mutating func growExt(minimum: Int) {
        var c = Swift.max(extCapacity, 16)
        while c < minimum { c *= 2 }
        let ni = UnsafeMutablePointer<Int32>.allocate(capacity: c)
        ni.moveInitialize(from: extIndex, count: extCount)
        extIndex.deallocate(); extIndex = ni
        let nw = UnsafeMutablePointer<T>.allocate(capacity: c)
        nw.moveInitialize(from: extWeight, count: extCount)
        extWeight.deallocate(); extWeight = nw
        extCapacity = c
    }

    /// Adds `seeds` into `adjoint` and propagates them to every node: one reverse sweep.
    /// `adjoint` must hold `count` entries, zero except for the seeds.
    ///
    /// `careful: false` is the plain sweep: products `partial·adjoint` as computed, so an
    /// infinite adjoint times a zero partial (or the reverse) leaves a NaN. `careful: true`
    /// applies the exact-zero convention to every product. The two differ only where the plain
    /// one has a NaN, and a NaN adjoint reaches every ancestor of its node (NaN·d is NaN for any
    /// partial d): so an adjoint the plain sweep leaves non-NaN is exactly the careful one.
    /// Callers sweep plainly and repeat carefully only if an adjoint they return is NaN.
    @inlinable
    func backward(_ adjoint: UnsafeMutablePointer<T>, careful: Bool = false) {
        var hi = count
        var v = vectorNodes.count - 1
        while v >= 0 {
            let top = Int(vectorNodes[v].output) + Int(vectorNodes[v].outputCount)
            if careful { carefulScalarSweep(adjoint, from: top, to: hi) }
            else { scalarSweep(adjoint, from: top, to: hi) }
            vectorBackward(v, adjoint, careful: careful)
            hi = Int(vectorNodes[v].output)
            v -= 1
        }
        let lo = Swift.min(leafPrefixEnd, hi)
        if careful { carefulScalarSweep(adjoint, from: lo, to: hi) }
        else { scalarSweep(adjoint, from: lo, to: hi) }
    }

    /// The tight loop: records `lo ..< hi`, newest first; a record whose adjoint is an exact
    /// zero is skipped.
    @inlinable @inline(__always)
    func scalarSweep(_ adj: UnsafeMutablePointer<T>, from lo: Int, to hi: Int) {
        var i = hi - 1
        let links = self.links, partials = self.partials
        while i >= lo {
            let a = adj[i]
            if !Self.isExactlyZero(a) {
                let l = links[i], d = partials[i]
                adj[Int(l.p0)] += d.d0 * a
                adj[Int(l.p1)] += d.d1 * a
            }
            i -= 1
        }
    }

    /// ``scalarSweep`` with the exact-zero convention: with a finite nonzero adjoint the
    /// products are plain (a product is NaN then only if the partial is); an infinite or NaN
    /// adjoint passes nothing through a zero partial.
    @inlinable @inline(never)
    func carefulScalarSweep(_ adj: UnsafeMutablePointer<T>, from lo: Int, to hi: Int) {
        var i = hi - 1
        let links = self.links, partials = self.partials
        while i >= lo {
            let a = adj[i]
            if !Self.isExactlyZero(a) {
                let l = links[i], d = partials[i]
                adj[Int(l.p0)] += strongZeroProduct(d.d0, a)
                adj[Int(l.p1)] += strongZeroProduct(d.d1, a)
            }
            i -= 1
        }
    }

    /// Whether a plain sweep left a NaN anywhere in `adj[0 ..< count]`: a scan of the leading
    /// leaves when every node descends from them (a NaN adjoint reaches every ancestor of its
    /// node, NaN·d being NaN for any partial d), of all nodes otherwise.
    @inlinable
    func sweepLeftNaN(_ adj: UnsafePointer<T>) -> Bool {
        Self.containsNaN(adj, hasLateRoots ? count : leafPrefixEnd)
    }

    /// Whether any of `adj[0 ..< n]` is NaN (one vectorised pass: a NaN makes the relaxed sum NaN;
    /// so does ∞ − ∞, which only costs a needless careful sweep).
    @inlinable
    static func containsNaN(_ adj: UnsafePointer<T>, _ n: Int) -> Bool {
        if T.self == Double.self {
            // Eight lanes of `x != x` OR-ed together (no floating-point dependency chain).
            let p = UnsafeRawPointer(adj).assumingMemoryBound(to: Double.self)
            var k = 0
            var mask = SIMDMask<SIMD8<Int64>>(repeating: false)
            while k + 8 <= n {
                let v = UnsafeRawPointer(p + k).loadUnaligned(as: SIMD8<Double>.self)
                mask = mask .| (v .!= v)
                k += 8
            }
            var tail = false
            while k < n { tail = tail || p[k].isNaN; k += 1 }
            return tail || any(mask)
        }
        var s: T = 0
        for k in 0..<n { s = Relaxed.sum(s, adj[k]) }
        return s.isNaN
    }

    /// Whether an adjoint is an exact zero (at every level), so its record can be skipped: a
    /// zero of `Double`/`Float`, a `Dual<Double>` or `MultiDual<8, Double>` whose value and
    /// derivatives are all zero (checked without a dynamic cast). Adjoints of other scalar
    /// types are never skipped (the sweep's products still follow the exact-zero convention).
    @inlinable @inline(__always)
    static func isExactlyZero(_ a: T) -> Bool {
        if T.self == Double.self { return unsafeBitCast(a, to: Double.self) == 0 }
        if T.self == Float.self { return unsafeBitCast(a, to: Float.self) == 0 }
        if T.self == Dual<Double>.self {
            let d = unsafeBitCast(a, to: Dual<Double>.self)
            return d.value == 0 && (d.tag == 0 || d.tangent == 0)
        }
        if T.self == MultiDual<8, Double>.self {
            let d = unsafeBitCast(a, to: MultiDual<8, Double>.self)
            if d.value != 0 { return false }
            var nonzero = false
            for k in 0..<8 { nonzero = nonzero || d.partials[k] != 0 }
            return !nonzero
        }
        return false
    }

    /// `x[k] += w[k]·a` for `k < n` (with the exact-zero convention if `careful`).
    @inlinable @inline(__always)
    static func axpy(_ x: UnsafeMutablePointer<T>, _ w: UnsafeMutablePointer<T>, _ n: Int, _ a: T,
                     careful: Bool) {
        if careful {
            for k in 0..<n { x[k] += strongZeroProduct(w[k], a) }
        } else {
            for k in 0..<n { x[k] += w[k] * a }
        }
    }

    @inlinable
    func vectorBackward(_ v: Int, _ adj: UnsafeMutablePointer<T>, careful: Bool) {
        let node = vectorNodes[v]
        let n = Int(node.inputCount)
        let w = extWeight + node.ext
        switch node.kind {
        case .linearContiguous:
            let a = adj[Int(node.output)]
            if Self.isExactlyZero(a) { return }
            Self.axpy(adj + Int(node.input), w, n, a, careful: careful)
        case .linearGather:
            let a = adj[Int(node.output)]
            if Self.isExactlyZero(a) { return }
            let idx = extIndex + node.ext
            if careful {
                for k in 0..<n where idx[k] >= 0 { adj[Int(idx[k])] += strongZeroProduct(w[k], a) }
            } else {
                for k in 0..<n where idx[k] >= 0 { adj[Int(idx[k])] += w[k] * a }
            }
        case .matrixVectorContiguous, .matrixVectorGather:
            // x̄ += Aᵀ ȳ, row by row (each row an axpy that vectorises).
            let rows = Int(node.outputCount)
            let ybar = adj + Int(node.output)
            withUnsafeTemporaryAllocation(of: T.self, capacity: Swift.max(n, 1)) { buffer in
                let scratch = buffer.baseAddress!
                scratch.initialize(repeating: 0, count: n)
                node.matrix.withUnsafeBufferPointer { a in
                    for r in 0..<rows {
                        let yr = ybar[r]
                        if Self.isExactlyZero(yr) { continue }
                        let row = a.baseAddress! + r * n
                        if careful {
                            for k in 0..<n { scratch[k] += strongZeroProduct(lift(row[k]), yr) }
                        } else {
                            for k in 0..<n { scratch[k] += lift(row[k]) * yr }
                        }
                    }
                }
                if node.kind == .matrixVectorContiguous {
                    let x = adj + Int(node.input)
                    for k in 0..<n { x[k] += scratch[k] }
                } else {
                    let idx = extIndex + node.ext
                    for k in 0..<n where idx[k] >= 0 { adj[Int(idx[k])] += scratch[k] }
                }
            }
        }
    }
}
