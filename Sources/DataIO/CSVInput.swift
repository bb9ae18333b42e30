/// The bytes of one CSV input — the whole input, or one window of a file read piece by piece —
/// and the small scans over them that are not per-cell work.
///
/// Sendable although it holds a pointer: the bytes are only read, and every use is inside the
/// reader's call that owns the buffer (parallel chunks finish before it returns).
struct CSVInput: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let count: Int
    /// Offset of the first byte after a UTF-8 byte-order mark, if any.
    let start: Int

    /// The bytes of `buffer`; a byte-order mark is looked for only when they begin the input.
    init(_ buffer: UnsafeBufferPointer<UInt8>, atInputStart: Bool = true) {
        // An empty buffer may have no base address; point at a static byte instead.
        base = buffer.baseAddress ?? UnsafePointer(CSVInput.emptyByte)
        count = buffer.count
        start = atInputStart && count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
    }

    nonisolated(unsafe) private static let emptyByte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")

    /// The offset of the first non-blank line at or after `offset` (a line start), or `nil` if only
    /// blank lines remain. A line of spaces only counts as blank.
    func skipBlankLines(from offset: Int) -> Int? {
        var lineStart = offset
        var p = offset
        while p < count {
            switch base[p] {
            case CSVInput.lineFeed, CSVInput.carriageReturn:
                p += 1
                lineStart = p
            case UInt8(ascii: " "):
                p += 1
            default:
                return lineStart
            }
        }
        return nil
    }

    /// The number of fields of the record at `offset`, known before it is split into fields: one
    /// more than the delimiters before its line end, where quotes toggle a state in which neither
    /// counts (exact unless a quote sits inside an unquoted field).
    func fieldBound(from offset: Int, delimiter: UInt8) -> Int {
        var fields = 1
        var inQuotes = false
        var p = offset
        while p < count {
            let byte = base[p]
            if byte == CSVInput.quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == delimiter {
                    fields += 1
                } else if byte == CSVInput.lineFeed || byte == CSVInput.carriageReturn {
                    break
                }
            }
            p += 1
        }
        return fields
    }

    /// 1-based line number of the byte at `offset`: one more than the line feeds before it.
    func lineNumber(of offset: Int) -> Int {
        var line = 1
        var p = 0
        while p < offset {
            if base[p] == CSVInput.lineFeed { line += 1 }
            p += 1
        }
        return line
    }

    /// The number of bytes from a line start that ``detectDelimiter(from:complete:)`` looks at.
    static let delimiterWindow = 1 << 16

    /// Picks `,`, `;` or tab from the first (at most 20) lines from `offset`: the candidate that
    /// occurs the same, non-zero number of times outside quotes on every line, the most frequent
    /// such; failing that, the most frequent on the first line; failing that, `,`. `complete`
    /// says whether these bytes run to the end of the input (then a last line without a line end
    /// counts).
    func detectDelimiter(from offset: Int, complete: Bool = true) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
        var lines: [[Int]] = []
        var current = [0, 0, 0]
        var lineHasContent = false
        var inQuotes = false
        var p = offset
        let limit = Swift.min(count, offset + CSVInput.delimiterWindow)
        while p < limit && lines.count < 20 {
            let byte = base[p]
            if byte == CSVInput.quote {
                inQuotes.toggle()
                lineHasContent = true
            } else if !inQuotes && (byte == CSVInput.lineFeed || byte == CSVInput.carriageReturn) {
                if lineHasContent { lines.append(current) }
                current = [0, 0, 0]
                lineHasContent = false
            } else {
                lineHasContent = true
                if !inQuotes, let k = candidates.firstIndex(of: byte) { current[k] += 1 }
            }
            p += 1
        }
        // A last line without a line end counts only if the whole input was seen.
        if lineHasContent && p == count && complete { lines.append(current) }
        guard let firstLine = lines.first else { return candidates[0] }
        var best: Int?
        for k in 0..<3 where firstLine[k] > 0 && lines.allSatisfy({ $0[k] == firstLine[k] }) {
            if best == nil || firstLine[k] > firstLine[best!] { best = k }
        }
        if best == nil, let most = firstLine.max(), most > 0 {
            best = firstLine.firstIndex(of: most)
        }
        return candidates[best ?? 0]
    }

    /// The number of line ends in the `count` bytes at `start` — line feeds, and carriage returns
    /// not followed by a line feed (so a CRLF counts once) — 16 bytes at a time. `next` is the byte
    /// after them, if any (a carriage return at the end is a line end unless `next` is a line feed).
    static func countLineEnds(_ start: UnsafePointer<UInt8>, _ count: Int, followedBy next: UInt8?) -> Int {
        var p = start
        let end = start + count
        let lineFeeds = SIMD16<UInt8>(repeating: CSVInput.lineFeed)
        let returns = SIMD16<UInt8>(repeating: CSVInput.carriageReturn)
        let zeros = SIMD16<UInt8>(repeating: 0)
        var total = 0
        while end - p >= 17 {
            // Per-lane counters of at most 2·127 matches, then summed across lanes.
            var lanes = zeros
            var rounds = 0
            while end - p >= 17 && rounds < 127 {
                let bytes = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt8>.self)
                let following = UnsafeRawPointer(p + 1).loadUnaligned(as: SIMD16<UInt8>.self)
                lanes &+= zeros.replacing(with: 1, where: bytes .== lineFeeds)
                lanes &+= zeros.replacing(with: 1, where: (bytes .== returns) .& .!(following .== lineFeeds))
                p += 16
                rounds += 1
            }
            total += SIMD16<Int>(truncatingIfNeeded: lanes).wrappedSum()
        }
        while p < end {
            if p.pointee == CSVInput.lineFeed {
                total += 1
            } else if p.pointee == CSVInput.carriageReturn {
                let following = p + 1 < end ? p[1] : next
                if following != CSVInput.lineFeed { total += 1 }
            }
            p += 1
        }
        return total
    }
}
