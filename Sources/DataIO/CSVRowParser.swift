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
/// The data is cut at line ends into chunks (four per thread for inputs without quotes larger than
/// 1 MiB; with quotes a line end may sit inside a field, so such inputs are one chunk). Phase 1
/// counts each chunk's line ends — an upper bound on its rows — so that phase 2 can parse every
/// chunk straight into its region of the result, the threads taking chunks as they become free (so
/// a core busy with other work slows the load less). The bytes come from a ``CSVChunkSource``: an
/// input in memory, or a file read window by window.
///
/// Nothing here traps on data: a chunk with more rows than its counted bound (possible only if the
/// bytes changed between the phases) is a failure, ``CSVRecordFailure/moreRowsThanCounted(offset:)``.
struct CSVRowParser: Sendable {
    let delimiter: UInt8
    let fieldCount: Int
    /// 0-based field indices to keep, in output order.
    let selection: [Int]

    /// Memory one chunk's parse needs besides its output: a row of values and which fields to keep.
    struct Scratch {
        let values: UnsafeMutablePointer<Double>
        let wanted: UnsafeMutablePointer<Bool>
        /// Whether every field is kept, in order (rows are copied whole).
        let identity: Bool

        init(fieldCount: Int, selection: [Int]) {
            values = .allocate(capacity: fieldCount)
            wanted = .allocate(capacity: fieldCount)
            wanted.initialize(repeating: false, count: fieldCount)
            for k in selection { wanted[k] = true }
            identity = selection == Array(0..<fieldCount)
        }

        func deallocate() {
            values.deallocate()
            wanted.deallocate()
        }
    }

    /// Parses the data from `source` with up to `threads` threads (`0`: one per core). Returns the
    /// values and the number of rows, or the first failure in input order.
    /// - Parameter memoryLimit: the most bytes the values may take; past it the failure is
    ///   ``DataIOError/notEnoughMemory(source:what:needed:available:)``.
    func parse<Source: CSVChunkSource>(_ source: Source, threads: Int, memoryLimit: Int,
                                       sourceName: String) -> Result<([Double], Int), CSVRecordFailure> {
        let start = source.dataStart, end = source.dataEnd
        let length = end - start
        var chunkCount = 1
        let available = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let cores = threads > 0 ? Swift.min(threads, available) : available
        if cores > 1 && length >= 1 << 20 {
            chunkCount = Swift.min(cores * 4, length >> 19)
        }
        // Chunk boundaries just after a line feed, so no row straddles two chunks.
        var bounds = [start]
        for i in 1..<chunkCount {
            let nominal = Swift.max(bounds[i - 1], start + length / chunkCount * i)
            switch source.lineStart(atOrAfter: nominal) {
            case .success(let cut): bounds.append(cut)
            case .failure(let failure): return .failure(failure)
            }
        }
        bounds.append(end)
        // Dispatch runs up to one iteration per core; a semaphore caps that at `cores` when the
        // caller asked for fewer threads.
        let gate = cores < available ? DispatchSemaphore(value: cores) : nil
        func forEachChunk(_ count: Int, _ body: @Sendable (Int) -> Void) {
            if count == 1 { body(0); return }
            DispatchQueue.concurrentPerform(iterations: count) { chunk in
                gate?.wait()
                defer { gate?.signal() }
                body(chunk)
            }
        }

        // Phase 1: an upper bound on each chunk's rows (every row but the last ends at a line end;
        // exact without blank lines), and whether a quote appears anywhere.
        let scans = ChunkResults<(lineEnds: Int, hasQuote: Bool)>(count: chunkCount)
        let cuts = bounds
        forEachChunk(chunkCount) { chunk in
            scans.store(source.scan(from: cuts[chunk], to: cuts[chunk + 1]), at: chunk)
        }
        var lineEnds: [Int] = []
        var hasQuote = false
        for chunk in 0..<chunkCount {
            switch scans[chunk] {
            case .failure(let failure): return .failure(failure)
            case .success(let scan):
                lineEnds.append(scan.lineEnds)
                hasQuote = hasQuote || scan.hasQuote
            }
        }
        if hasQuote && chunkCount > 1 {
            // A line end inside a quoted field would split a record across chunks: one chunk.
            lineEnds = [lineEnds.reduce(0, +)]
            bounds = [start, end]
            chunkCount = 1
        }
        let width = selection.count
        var rowBounds: [Int] = []
        var starts: [Int] = []
        var capacity = 0
        for chunk in 0..<chunkCount {
            let bound = lineEnds[chunk] + 1
            rowBounds.append(bound)
            starts.append(capacity)
            let (cells, overflow1) = bound.multipliedReportingOverflow(by: width)
            let (total, overflow2) = capacity.addingReportingOverflow(cells)
            capacity = overflow1 || overflow2 ? Int.max : total
        }
        let rowsBound = rowBounds.reduce(0) { $0 &+ $1 }
        let needed = Double(rowsBound) * Double(width) * Double(MemoryLayout<Double>.stride)
        if needed > Double(memoryLimit) {
            return .failure(.input(.notEnoughMemory(
                source: sourceName, what: "up to \(rowsBound) rows × \(width) column\(width == 1 ? "" : "s")",
                needed: needed, available: memoryLimit)))
        }

        // Phase 2: parse every chunk into its region, then close the gaps left by blank lines.
        let results = ChunkResults<Int>(count: chunkCount)
        var failure: CSVRecordFailure?
        var rows = 0
        let values = [Double](unsafeUninitializedCapacity: Swift.max(capacity, 1)) { buffer, initialized in
            let output = UnsafeMutablePointerBox(buffer.baseAddress!)
            let starts = starts, rowBounds = rowBounds, cuts = bounds
            forEachChunk(chunkCount) { chunk in
                results.store(source.parse(from: cuts[chunk], to: cuts[chunk + 1], with: self,
                                           into: output.pointer + starts[chunk], maxRows: rowBounds[chunk]),
                              at: chunk)
            }
            var filled = 0
            for chunk in 0..<chunkCount {
                switch results[chunk] {
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

    /// How parsing a window ended: the rows written, and the offset where parsing stopped — the end
    /// of the window, or the start of a row that may go on past it.
    struct WindowResult {
        var rows: Int
        var stop: Int
    }

    /// Parses the rows in `from..<to` of `input` into `output`, `selection.count` values per row;
    /// at most `maxRows` of them.
    ///
    /// With `complete`, the bytes at `to` end the chunk, and a last row without a line end is a
    /// row. Without it (a window of a file read piece by piece), a row that reaches `to` may
    /// continue in bytes not read yet: parsing stops at its start, and the caller reads more.
    func parseWindow(_ input: CSVInput, from: Int, to: Int, complete: Bool, into output: UnsafeMutablePointer<Double>,
                     maxRows: Int, scratch: Scratch) -> Result<WindowResult, CSVRecordFailure> {
        let splitter = CSVRecordSplitter(input: input, delimiter: delimiter)
        let base = input.base
        let delimiter = delimiter
        let fieldCount = fieldCount
        let end = base + to
        var p = base + from
        var rows = 0
        var out = output
        let values = scratch.values, wanted = scratch.wanted

        while p < end {
            let first = p.pointee
            if first == CSVInput.lineFeed || first == CSVInput.carriageReturn {
                p += 1
                continue
            }
            let rowStart = p
            if rows == maxRows {
                return .failure(.moreRowsThanCounted(offset: base.distance(to: rowStart)))
            }
            var field = 0
            var fast = true
            var reachedEnd = false
            fields: while true {
                if wanted[field] {
                    var value = 0.0
                    guard let next = NumberParser.scan(p, end, &value), value.isFinite else {
                        fast = false
                        break
                    }
                    values[field] = value
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
                if p == end {
                    reachedEnd = true
                    break
                }
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
            if reachedEnd && !complete {
                return .success(WindowResult(rows: rows, stop: base.distance(to: rowStart)))
            }
            if fast && field == fieldCount - 1 {
                if scratch.identity {
                    out.update(from: values, count: fieldCount)
                    out += fieldCount
                } else {
                    for k in selection {
                        out.pointee = values[k]
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
                if !complete { return .success(WindowResult(rows: rows, stop: base.distance(to: rowStart))) }
                return .failure(error)
            }
            if record.reachedEnd && !complete {
                return .success(WindowResult(rows: rows, stop: base.distance(to: rowStart)))
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
                case .finite(let value): values[k] = value
                case .nonFinite: return .failure(.nonFinite(offset: fields[k].offset, field: k, text: fields[k].bytes))
                case .invalid: return .failure(.nonNumeric(offset: fields[k].offset, field: k, text: fields[k].bytes))
                }
            }
            for k in selection {
                out.pointee = values[k]
                out += 1
            }
            rows += 1
        }
        return .success(WindowResult(rows: rows, stop: base.distance(to: p)))
    }
}

/// One result slot per chunk, written by exactly one concurrent iteration each and read after all
/// have finished (`concurrentPerform` returns only then), so the unchecked sendability is sound.
private final class ChunkResults<Value>: @unchecked Sendable {
    typealias Slot = Result<Value, CSVRecordFailure>
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
