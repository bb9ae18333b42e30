import RealModule

/// A reverse-mode tape whose nodes are whole arrays of `Double` (vectors and matrices), not
/// scalars: the array-level "vector nodes" of Autodiff.
///
/// Each operation (``map(_:_:)``, ``add(_:_:)``, ``sum(_:over:)``, ``triangularProduct(_:_:)``, …)
/// records one entry holding its inputs and whatever its backward step needs; ``gradient(of:seed:)``
/// sweeps the entries newest first, each backward step a loop over its arrays (vectorised by
/// the compiler), so the cost of the sweep is a small multiple of the cost of the recorded code,
/// whatever the array sizes. This is the route JAX and PyTorch take: derivatives from the chain
/// rule applied to primitives that each know their own derivative, with elementwise functions
/// (``ArrayUnaryFunction``, ``ArrayBinaryFunction``) written once, generically, and
/// differentiated per element by forward mode (`MultiDual`) while they are evaluated.
///
/// Arrays are row-major `rows × columns`; a vector is `n × 1`, a scalar `1 × 1`. Binary
/// operations broadcast a `1 × 1`, a `1 × columns` row or a `rows × 1` column across the other
/// operand, and their backward steps sum the adjoint back over the broadcast dimension.
///
/// Values and adjoints live in chunks of memory owned by the tape. ``reset()`` empties the tape
/// and keeps its memory, so re-recording the same computation allocates nothing; a variable made
/// before a reset must not be used after it (debug builds check the generation).
///
/// - Complexity: recording and sweeping are each O(total size of the arrays recorded); memory is
///   O(that size) for values and adjoints plus the per-element partials of `map` entries.
///
/// ```swift
/// let tape = ArrayTape()
/// let x = tape.variable([1, 2, 3])
/// let y = tape.sum(tape.map(Square(), x))      // Σ xᵢ²
/// tape.gradient(of: y)
/// tape.adjoint(of: x)                          // [2, 4, 6]
/// ```
public final class ArrayTape {
    /// Placement of one array: value and adjoint storage, shape, whether it gets an adjoint.
    @usableFromInline
    struct Node {
        @usableFromInline var value: UnsafeMutablePointer<Double>
        @usableFromInline var adjoint: UnsafeMutablePointer<Double>
        @usableFromInline var rows: Int
        @usableFromInline var columns: Int
        /// Constants (and values computed only from constants) get no adjoint.
        @usableFromInline var needsAdjoint: Bool
        @inlinable var count: Int { rows * columns }

        @inlinable
        init(value: UnsafeMutablePointer<Double>, adjoint: UnsafeMutablePointer<Double>, rows: Int,
             columns: Int, needsAdjoint: Bool) {
            self.value = value; self.adjoint = adjoint; self.rows = rows; self.columns = columns
            self.needsAdjoint = needsAdjoint
        }
    }

    @usableFromInline var nodes: [Node] = []
    @usableFromInline var entries: [ArrayTapeEntry] = []
    /// Whether each node's adjoint has been written during the current sweep (an unwritten
    /// adjoint is zero: its storage is uninitialised and never read).
    @usableFromInline var adjointWritten: [Bool] = []
    /// Integer side data of entries (argmax positions, part lists).
    @usableFromInline var indices: [Int] = []
    @usableFromInline var arena: ArrayArena
    /// Incremented by ``reset()``; variables carry the generation they were made in.
    @usableFromInline var generation: UInt32 = 0

    /// An empty tape whose first chunk holds `capacity` doubles (it grows as needed).
    public init(capacity: Int = 1 << 16) {
        arena = ArrayArena(capacity: capacity)
    }

    deinit { arena.deallocate() }

    /// Empties the tape, keeping its memory for the next recording. Variables made before are
    /// invalidated.
    /// - Complexity: O(1) amortised (consolidates its memory into one chunk if it had to grow).
    public func reset() {
        nodes.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        adjointWritten.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
        arena.reset()
        generation &+= 1
    }

    /// Number of recorded operations (inputs and constants excluded).
    public var operationCount: Int { entries.count }

    /// Doubles of value, adjoint and partial storage in use.
    public var doublesInUse: Int { arena.used }

    // MARK: Making nodes

    @inlinable
    func makeNode(rows: Int, columns: Int, needsAdjoint: Bool) -> ArrayVariable {
        precondition(rows >= 0 && columns >= 0, "ArrayTape: negative shape \(rows) × \(columns)")
        let n = rows * columns
        let value = arena.allocate(n)
        let adjoint = needsAdjoint ? arena.allocate(n) : value
        nodes.append(Node(value: value, adjoint: adjoint, rows: rows, columns: columns,
                          needsAdjoint: needsAdjoint))
        adjointWritten.append(false)
        return ArrayVariable(node: Int32(nodes.count - 1), rows: rows, columns: columns,
                             generation: generation)
    }

    /// Temporary storage for an entry's partials (no adjoint), valid until ``reset()``.
    @inlinable
    func scratch(_ n: Int) -> UnsafeMutablePointer<Double> { arena.allocate(n) }

    /// An independent variable (an input to differentiate with respect to) holding `values`,
    /// shaped `rows × columns` (default: a column vector).
    /// - Precondition: `values.count == rows * columns`.
    /// - Complexity: O(values.count) (the values are copied onto the tape).
    @inlinable
    public func variable(_ values: [Double], rows: Int? = nil, columns: Int = 1) -> ArrayVariable {
        let r = rows ?? values.count / Swift.max(columns, 1)
        precondition(r * columns == values.count,
                     "ArrayTape.variable: \(values.count) values do not fill \(r) × \(columns)")
        let v = makeNode(rows: r, columns: columns, needsAdjoint: true)
        values.withUnsafeBufferPointer { b in
            if let base = b.baseAddress { nodes[Int(v.node)].value.update(from: base, count: b.count) }
        }
        return v
    }

    /// An independent variable whose values the tape reads in place from `values` instead of
    /// copying them (for a large input recorded again and again).
    ///
    /// - Important: `values` must stay allocated and unchanged until the next ``reset()`` (or
    ///   the tape's end); the tape never writes to it.
    /// - Precondition: `values.count == rows * columns`.
    /// - Complexity: O(1).
    @inlinable
    public func variable(unsafeBorrowing values: UnsafeBufferPointer<Double>, rows: Int,
                         columns: Int = 1) -> ArrayVariable {
        precondition(rows * columns == values.count,
                     "ArrayTape.variable: \(values.count) values do not fill \(rows) × \(columns)")
        let v = makeNode(rows: rows, columns: columns, needsAdjoint: true)
        if let base = values.baseAddress { nodes[Int(v.node)].value = UnsafeMutablePointer(mutating: base) }
        return v
    }

    /// An independent scalar variable (a `1 × 1` array).
    @inlinable
    public func variable(_ value: Double) -> ArrayVariable { variable([value], rows: 1, columns: 1) }

    /// A constant array (data): it gets no adjoint, and operations on constants only record no
    /// backward work.
    /// - Precondition: `values.count == rows * columns`.
    /// - Complexity: O(values.count).
    @inlinable
    public func constant(_ values: [Double], rows: Int? = nil, columns: Int = 1) -> ArrayVariable {
        values.withUnsafeBufferPointer { constant($0, rows: rows ?? values.count / Swift.max(columns, 1), columns: columns) }
    }

    /// A constant array copied from `values`.
    /// - Precondition: `values.count == rows * columns`.
    @inlinable
    public func constant(_ values: UnsafeBufferPointer<Double>, rows: Int, columns: Int) -> ArrayVariable {
        precondition(rows * columns == values.count,
                     "ArrayTape.constant: \(values.count) values do not fill \(rows) × \(columns)")
        let v = makeNode(rows: rows, columns: columns, needsAdjoint: false)
        if let base = values.baseAddress { nodes[Int(v.node)].value.update(from: base, count: values.count) }
        return v
    }

    /// A constant scalar.
    @inlinable
    public func constant(_ value: Double) -> ArrayVariable { constant([value], rows: 1, columns: 1) }

    // MARK: Reading

    @inlinable
    func check(_ v: ArrayVariable) {
        assert(v.generation == generation && Int(v.node) < nodes.count,
               "ArrayTape: a variable from before the last reset (or another tape) was used")
    }

    /// The values of `v`, row-major (a copy).
    @inlinable
    public func value(of v: ArrayVariable) -> [Double] {
        check(v)
        let n = nodes[Int(v.node)]
        return Array(UnsafeBufferPointer(start: n.value, count: n.count))
    }

    /// The value of a `1 × 1` array.
    @inlinable
    public func scalarValue(of v: ArrayVariable) -> Double {
        check(v)
        precondition(v.count == 1, "ArrayTape.scalarValue: \(v.rows) × \(v.columns) is not a scalar")
        return nodes[Int(v.node)].value[0]
    }

    /// Calls `body` with the values of `v` in place (no copy).
    @inlinable
    public func withValues<R>(of v: ArrayVariable, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        check(v)
        let n = nodes[Int(v.node)]
        return try body(UnsafeBufferPointer(start: n.value, count: n.count))
    }

    /// The adjoint of `v` after ``gradient(of:seed:)`` (zeros if the output does not depend on it,
    /// or if `v` is a constant): for an input, the gradient with respect to it.
    @inlinable
    public func adjoint(of v: ArrayVariable) -> [Double] {
        check(v)
        let i = Int(v.node)
        let n = nodes[i]
        if !n.needsAdjoint || !adjointWritten[i] { return [Double](repeating: 0, count: n.count) }
        return Array(UnsafeBufferPointer(start: n.adjoint, count: n.count))
    }

    /// Calls `body` with the adjoint of `v` in place, or with `nil` where it is zero (never
    /// reached by the sweep, or a constant).
    @inlinable
    public func withAdjoint<R>(of v: ArrayVariable, _ body: (UnsafeBufferPointer<Double>?) throws -> R) rethrows -> R {
        check(v)
        let i = Int(v.node)
        let n = nodes[i]
        if !n.needsAdjoint || !adjointWritten[i] { return try body(nil) }
        return try body(UnsafeBufferPointer(start: n.adjoint, count: n.count))
    }

    // MARK: The sweep

    /// One reverse sweep from `output` seeded with `seed` (default: 1 for a scalar output): after
    /// it, ``adjoint(of:)`` gives `seedᵀ·∂output/∂v` for every node `v` — for a scalar output, the
    /// gradient. Can be called again on the same recording (each call starts from zero adjoints).
    /// - Precondition: `seed` is empty (meaning all ones) or has `output.count` entries.
    /// - Complexity: O(total size of the entries recorded before `output`).
    public func gradient(of output: ArrayVariable, seed: [Double] = []) {
        check(output)
        precondition(seed.isEmpty || seed.count == output.count,
                     "ArrayTape.gradient: seed has \(seed.count) entries, output \(output.count)")
        for i in adjointWritten.indices { adjointWritten[i] = false }
        let o = Int(output.node)
        guard nodes[o].needsAdjoint else { return }
        let a = nodes[o].adjoint
        if seed.isEmpty { a.initialize(repeating: 1, count: output.count) }
        else { seed.withUnsafeBufferPointer { a.update(from: $0.baseAddress!, count: seed.count) } }
        adjointWritten[o] = true
        var e = entries.count - 1
        while e >= 0 {
            let entry = entries[e]
            if Int(entry.output) <= o && adjointWritten[Int(entry.output)] { backward(entry) }
            e -= 1
        }
    }

    // MARK: Helpers for entries

    @inlinable
    func needsAdjoint(_ vs: ArrayVariable...) -> Bool {
        for v in vs where nodes[Int(v.node)].needsAdjoint { return true }
        return false
    }

    /// The adjoint storage of node `i`, zeroed first if this sweep has not written it yet.
    @inlinable
    func adjointForAccumulation(_ i: Int32) -> UnsafeMutablePointer<Double> {
        let k = Int(i)
        let n = nodes[k]
        if !adjointWritten[k] {
            n.adjoint.initialize(repeating: 0, count: n.count)
            adjointWritten[k] = true
        }
        return n.adjoint
    }

    /// The adjoint storage of node `i` and whether it must be overwritten (first write of this
    /// sweep: no zeroing pass) rather than added to.
    @inlinable
    func adjointForWriting(_ i: Int32) -> (UnsafeMutablePointer<Double>, overwrite: Bool) {
        let k = Int(i)
        let first = !adjointWritten[k]
        adjointWritten[k] = true
        return (nodes[k].adjoint, first)
    }

    @inlinable
    func record(_ kind: ArrayTapeEntry.Kind, output: ArrayVariable, _ a: ArrayVariable? = nil,
                _ b: ArrayVariable? = nil, scratch: UnsafeMutablePointer<Double>? = nil,
                extra: Int = 0, value: Double = 0) {
        entries.append(ArrayTapeEntry(kind: kind, output: output.node, a: a?.node ?? -1,
                                      b: b?.node ?? -1, scratch: scratch, extra: extra,
                                      value: value))
    }
}

/// An array recorded on an ``ArrayTape``: a handle (node index and shape), cheap to copy. Its
/// values are read through the tape (``ArrayTape/value(of:)``).
@frozen
public struct ArrayVariable: Sendable {
    /// The node on the tape.
    @usableFromInline let node: Int32
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    @usableFromInline let generation: UInt32

    @inlinable
    init(node: Int32, rows: Int, columns: Int, generation: UInt32) {
        self.node = node; self.rows = rows; self.columns = columns; self.generation = generation
    }

    /// `rows × columns`.
    @inlinable public var count: Int { rows * columns }
}

/// One recorded operation of an ``ArrayTape``.
@usableFromInline
struct ArrayTapeEntry {
    @usableFromInline enum Kind: UInt8 {
        case mapUnary, mapBinary, mapSumUnary, mapSumBinary
        case add, subtract, scale, sumAll, sumRows, sumColumns
        case maxAll, maxRows, slice, stack, shift
        case triangularProduct, sumOfSquaresRows, sumOfSquaredDifferencesRows, lowerTriangular, polynomial, gatherRows
    }
    @usableFromInline var kind: Kind
    @usableFromInline var output: Int32
    @usableFromInline var a: Int32
    @usableFromInline var b: Int32
    /// Per-element partials or other saved arrays (arena storage).
    @usableFromInline var scratch: UnsafeMutablePointer<Double>?
    /// An integer parameter (offset into `indices`, a shift, a start index).
    @usableFromInline var extra: Int
    /// A scalar parameter (a scale factor, an accumulated partial).
    @usableFromInline var value: Double

    @inlinable
    init(kind: Kind, output: Int32, a: Int32, b: Int32, scratch: UnsafeMutablePointer<Double>?,
         extra: Int, value: Double) {
        self.kind = kind; self.output = output; self.a = a; self.b = b
        self.scratch = scratch; self.extra = extra; self.value = value
    }
}

/// A bump allocator of `Double`s in chunks that never move (so node pointers stay valid while
/// recording); ``reset()`` rewinds it and, if it needed more than one chunk, replaces them with
/// one chunk of the total size so the next identical recording allocates nothing. Storage is
/// uninitialised: every node initialises its values before they are read.
@usableFromInline
struct ArrayArena {
    @usableFromInline var chunks: [(base: UnsafeMutablePointer<Double>, capacity: Int)]
    @usableFromInline var current: Int = 0
    @usableFromInline var offset: Int = 0
    /// Doubles handed out since the last reset.
    @usableFromInline var used: Int = 0

    init(capacity: Int) {
        let c = Swift.max(capacity, 1024)
        chunks = [(UnsafeMutablePointer<Double>.allocate(capacity: c), c)]
    }

    /// `n` doubles, 64-byte aligned, valid until the next reset.
    @inlinable
    mutating func allocate(_ n: Int) -> UnsafeMutablePointer<Double> {
        let size = (Swift.max(n, 1) + 7) & ~7
        used += size
        if _fastPath(offset + size <= chunks[current].capacity) {
            let p = chunks[current].base + offset
            offset += size
            return p
        }
        return allocateSlow(size)
    }

    @usableFromInline
    mutating func allocateSlow(_ size: Int) -> UnsafeMutablePointer<Double> {
        if current + 1 < chunks.count, chunks[current + 1].capacity >= size {
            current += 1
        } else {
            let c = Swift.max(size, 2 * chunks[current].capacity)
            chunks.insert((UnsafeMutablePointer<Double>.allocate(capacity: c), c), at: current + 1)
            current += 1
        }
        offset = size
        return chunks[current].base
    }

    mutating func reset() {
        if chunks.count > 1 && used > chunks[0].capacity {
            let total = used + used / 4
            for c in chunks { c.base.deallocate() }
            chunks = [(UnsafeMutablePointer<Double>.allocate(capacity: total), total)]
        }
        current = 0
        offset = 0
        used = 0
    }

    func deallocate() { for c in chunks { c.base.deallocate() } }
}
