#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// The hot loop: parses data rows into a row-major `[Double]`.
///
/// Each row is first tried on a fast path that scans numbers straight out of the bytes (no field
/// copies, no strings) and expects exactly `fieldCount` fields separated by the delimiter. A row the
/// fast path declines — quotes, spaces, a bad cell, a wrong field count — is redone by
/// ``CSVRecordSplitter``, which either reads it or names the precise failure.
///
/// Inputs without quotes larger than 1 MiB are cut at line ends into four chunks per thread, which
/// the threads take as they become free (so a core busy with other work slows the load less), each
/// parsed straight into its region of the result. (With quotes a line end may sit inside a
/// field, so such inputs are parsed in one piece.)
struct CSVRowParser: Sendable {
    let splitter: CSVRecordSplitter
    let fieldCount: Int
    /// 0-based field indices to keep, in output order.
    let selection: [Int]

    /// Parses from `offset` (the first data row) to the end with up to `threads` threads (`0`: one
    /// per core). Returns the values and the number of rows, or the first failure in file order.
    func parse(from offset: Int, threads: Int) -> Result<([Double], Int), CSVRecordFailure> {
        let input = splitter.input
        let length = input.count - offset
        var chunkCount = 1
        let available = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let cores = threads > 0 ? Swift.min(threads, available) : available
        if cores > 1 && length >= 1 << 20
            && memchr(input.base + offset, Int32(CSVInput.quote), length) == nil {
            chunkCount = Swift.min(cores * 4, length >> 19)
        }
        // Chunk boundaries just after a line feed, so no row straddles two chunks.
        var bounds = [offset]
        for i in 1..<chunkCount {
            var cut = Swift.max(bounds[i - 1], offset + length / chunkCount * i)
            if let lineFeed = memchr(input.base + cut, Int32(CSVInput.lineFeed), input.count - cut) {
                cut = input.base.distance(to: lineFeed.assumingMemoryBound(to: UInt8.self)) + 1
            } else {
                cut = input.count
            }
            bounds.append(cut)
        }
        bounds.append(input.count)

        // Phase 1: an upper bound on each chunk's rows (every row but the last ends at a line end;
        // exact without blank lines), so every chunk can write straight into the final array.
        let chunkResults = ChunkResults(count: chunkCount)
        let cuts = bounds
        let width = selection.count
        if chunkCount == 1 {
            chunkResults.store(.success(countLineEnds(from: cuts[0], to: cuts[1]) + 1), at: 0)
        } else {
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                chunkResults.store(.success(countLineEnds(from: cuts[chunk], to: cuts[chunk + 1]) + 1), at: chunk)
            }
        }
        var rowBounds: [Int] = []
        var starts: [Int] = []
        var capacity = 0
        for chunk in 0..<chunkCount {
            guard case .success(let bound) = chunkResults[chunk] else { fatalError("unreachable") }
            rowBounds.append(bound)
            starts.append(capacity)
            capacity += bound * width
        }

        // Phase 2: parse every chunk into its region, then close the gaps left by blank lines.
        var failure: CSVRecordFailure?
        var rows = 0
        let values = [Double](unsafeUninitializedCapacity: Swift.max(capacity, 1)) { buffer, initialized in
            let output = UnsafeMutablePointerBox(buffer.baseAddress!)
            let starts = starts
            let rowBounds = rowBounds
            if chunkCount == 1 {
                chunkResults.store(parseChunk(from: cuts[0], to: cuts[1], into: output.pointer, maxRows: rowBounds[0]), at: 0)
            } else {
                // Dispatch runs up to one iteration per core; a semaphore caps that at `cores`
                // when the caller asked for fewer threads.
                let gate = cores < available ? DispatchSemaphore(value: cores) : nil
                DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                    gate?.wait()
                    defer { gate?.signal() }
                    chunkResults.store(parseChunk(from: cuts[chunk], to: cuts[chunk + 1],
                                                  into: output.pointer + starts[chunk], maxRows: rowBounds[chunk]),
                                       at: chunk)
                }
            }
            var filled = 0
            for chunk in 0..<chunkCount {
                switch chunkResults[chunk] {
                case .failure(let error):
                    failure = error
                    initialized = 0
                    return
                case .success(let chunkRows):
                    if starts[chunk] != filled {
                        memmove(output.pointer + filled, output.pointer + starts[chunk],
                                chunkRows * width * MemoryLayout<Double>.stride)
                    }
                    filled += chunkRows * width
                    rows += chunkRows
                }
            }
            initialized = filled
        }
        if let failure { return .failure(failure) }
        return .success((values, rows))
    }

    /// The number of line ends in `from..<to` — line feeds, and carriage returns not followed by a
    /// line feed (so a CRLF counts once) — 16 bytes at a time.
    func countLineEnds(from: Int, to: Int) -> Int {
        var p = splitter.input.base + from
        let end = splitter.input.base + to
        let lineFeeds = SIMD16<UInt8>(repeating: CSVInput.lineFeed)
        let returns = SIMD16<UInt8>(repeating: CSVInput.carriageReturn)
        let zeros = SIMD16<UInt8>(repeating: 0)
        var count = 0
        while end - p >= 17 {
            // Per-lane counters of at most 2·127 matches, then summed across lanes.
            var lanes = zeros
            var rounds = 0
            while end - p >= 17 && rounds < 127 {
                let bytes = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt8>.self)
                let next = UnsafeRawPointer(p + 1).loadUnaligned(as: SIMD16<UInt8>.self)
                lanes &+= zeros.replacing(with: 1, where: bytes .== lineFeeds)
                lanes &+= zeros.replacing(with: 1, where: (bytes .== returns) .& .!(next .== lineFeeds))
                p += 16
                rounds += 1
            }
            count += SIMD16<Int>(truncatingIfNeeded: lanes).wrappedSum()
        }
        while p < end {
            if p.pointee == CSVInput.lineFeed
                || (p.pointee == CSVInput.carriageReturn && (p + 1 == end || p[1] != CSVInput.lineFeed)) {
                count += 1
            }
            p += 1
        }
        return count
    }

    /// Parses the rows in `from..<to` (`to` a line start or the end of the input) into `output`,
    /// `selection.count` values per row; returns the number of rows (at most `maxRows`).
    func parseChunk(from: Int, to: Int, into output: UnsafeMutablePointer<Double>,
                    maxRows: Int) -> Result<Int, CSVRecordFailure> {
        let base = splitter.input.base
        let delimiter = splitter.delimiter
        let fieldCount = fieldCount
        let end = base + to
        var p = base + from
        var rows = 0
        var out = output

        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: fieldCount)
        defer { scratch.deallocate() }
        let wanted = UnsafeMutablePointer<Bool>.allocate(capacity: fieldCount)
        defer { wanted.deallocate() }
        wanted.initialize(repeating: false, count: fieldCount)
        for k in selection { wanted[k] = true }
        let identity = selection == Array(0..<fieldCount)

        while p < end {
            let first = p.pointee
            if first == CSVInput.lineFeed || first == CSVInput.carriageReturn {
                p += 1
                continue
            }
            precondition(rows < maxRows, "CSVRowParser: more rows than line ends")
            let rowStart = p
            var field = 0
            var fast = true
            fields: while true {
                if wanted[field] {
                    var value = 0.0
                    guard let next = NumberParser.scan(p, end, &value), value.isFinite else {
                        fast = false
                        break
                    }
                    scratch[field] = value
                    p = next
                } else {
                    while p < end {
                        let byte = p.pointee
                        if byte == delimiter || byte == CSVInput.lineFeed || byte == CSVInput.carriageReturn { break }
                        if byte == CSVInput.quote {
                            fast = false
                            break fields
                        }
                        p += 1
                    }
                }
                if p == end { break }
                let byte = p.pointee
                p += 1
                if byte == delimiter {
                    field += 1
                    if field == fieldCount {
                        fast = false
                        break
                    }
                    continue
                }
                if byte == CSVInput.lineFeed { break }
                if byte == CSVInput.carriageReturn {
                    if p < end && p.pointee == CSVInput.lineFeed { p += 1 }
                    break
                }
                fast = false
                break
            }
            if fast && field == fieldCount - 1 {
                if identity {
                    out.update(from: scratch, count: fieldCount)
                    out += fieldCount
                } else {
                    for k in selection {
                        out.pointee = scratch[k]
                        out += 1
                    }
                }
                rows += 1
                continue
            }
            // Slow path: the full splitter decides, and names any failure.
            let record: CSVRecord
            do {
                record = try splitter.split(at: base.distance(to: rowStart))
            } catch {
                return .failure(error)
            }
            p = base + record.next
            let fields = record.fields
            if fields.count == 1 && !fields[0].quoted && fields[0].bytes.allSatisfy(NumberParser.isBlank) {
                continue  // a line of spaces: blank, as in the header search
            }
            if fields.count != fieldCount {
                return .failure(.ragged(offset: base.distance(to: rowStart), fieldCount: fields.count,
                                        expected: fieldCount))
            }
            for k in selection {
                switch NumberParser.parse(fields[k].bytes) {
                case .finite(let value): scratch[k] = value
                case .nonFinite: return .failure(.nonFinite(offset: fields[k].offset, field: k, text: fields[k].bytes))
                case .invalid: return .failure(.nonNumeric(offset: fields[k].offset, field: k, text: fields[k].bytes))
                }
            }
            for k in selection {
                out.pointee = scratch[k]
                out += 1
            }
            rows += 1
        }
        return .success(rows)
    }
}

/// One result slot per chunk, written by exactly one concurrent iteration each and read after all
/// have finished (`concurrentPerform` returns only then), so the unchecked sendability is sound.
private final class ChunkResults: @unchecked Sendable {
    typealias Slot = Result<Int, CSVRecordFailure>
    private let storage: UnsafeMutablePointer<Slot?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func store(_ result: Slot, at index: Int) {
        storage[index] = result
    }

    subscript(index: Int) -> Slot {
        storage[index]!
    }
}

/// The output pointer, handed to concurrent chunks that each write a disjoint region of it.
private struct UnsafeMutablePointerBox: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    init(_ pointer: UnsafeMutablePointer<Double>) { self.pointer = pointer }
}
