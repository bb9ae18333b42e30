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
/// Inputs without quotes larger than 1 MiB are cut at line ends into one chunk per thread; chunks
/// are parsed concurrently and concatenated in order. (With quotes a line end may sit inside a
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
        let cores = threads > 0 ? threads : Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        if cores > 1 && length >= 1 << 20
            && memchr(input.base + offset, Int32(CSVInput.quote), length) == nil {
            chunkCount = Swift.min(cores, length >> 19)
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

        // Rows per chunk estimated from the first row's length, to reserve once.
        let firstRowLength = Swift.max(1, ((try? splitter.split(at: offset))?.next ?? input.count) - offset)

        if chunkCount == 1 {
            return parseChunk(from: bounds[0], to: bounds[1], estimatedRows: length / firstRowLength + 1)
        }
        let results = ChunkResults(count: chunkCount)
        let cuts = bounds
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let size = cuts[chunk + 1] - cuts[chunk]
            results.store(parseChunk(from: cuts[chunk], to: cuts[chunk + 1],
                                     estimatedRows: size / firstRowLength + 1), at: chunk)
        }
        var total = 0
        var rows = 0
        for chunk in 0..<chunkCount {
            switch results[chunk] {
            case .failure(let failure): return .failure(failure)
            case .success(let (values, count)):
                total += values.count
                rows += count
            }
        }
        var values: [Double] = []
        values.reserveCapacity(total)
        for chunk in 0..<chunkCount {
            if case .success(let (part, _)) = results[chunk] { values.append(contentsOf: part) }
        }
        return .success((values, rows))
    }

    /// Parses the rows in `from..<to` (`to` a line start or the end of the input).
    func parseChunk(from: Int, to: Int, estimatedRows: Int) -> Result<([Double], Int), CSVRecordFailure> {
        let base = splitter.input.base
        let delimiter = splitter.delimiter
        let fieldCount = fieldCount
        let end = base + to
        var p = base + from
        var rows = 0
        var values: [Double] = []
        values.reserveCapacity(Swift.min(estimatedRows + estimatedRows / 8 + 16, (to - from) / 2 + 16)
                               * selection.count)

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
                    for k in 0..<fieldCount { values.append(scratch[k]) }
                } else {
                    for k in selection { values.append(scratch[k]) }
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
            if fields.count == 1 && !fields[0].quoted && fields[0].bytes.allSatisfy(NumberParser.isBlank)
                && fieldCount > 1 {
                continue  // a line of spaces: blank
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
            for k in selection { values.append(scratch[k]) }
            rows += 1
        }
        return .success((values, rows))
    }
}

/// One result slot per chunk, written by exactly one concurrent iteration each and read after all
/// have finished (`concurrentPerform` returns only then), so the unchecked sendability is sound.
private final class ChunkResults: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Result<([Double], Int), CSVRecordFailure>?>
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

    func store(_ result: Result<([Double], Int), CSVRecordFailure>, at index: Int) {
        storage[index] = result
    }

    subscript(index: Int) -> Result<([Double], Int), CSVRecordFailure> {
        storage[index]!
    }
}
