/// Splits records into text fields, handling every CSV feature. Used for the header, for header
/// and delimiter detection, and for the rare rows the fast path in ``CSVRowParser`` declines
/// (quoted cells, spaces, and all errors) — never for ordinary numeric rows.
struct CSVRecordSplitter: Sendable {
    let input: CSVInput
    let delimiter: UInt8

    /// The record starting at `offset` (a line start that is not blank).
    /// - Throws: ``CSVRecordFailure/unterminatedQuote(offset:)``.
    func split(at offset: Int) throws(CSVRecordFailure) -> CSVRecord {
        let base = input.base
        let count = input.count
        var fields: [CSVField] = []
        var p = offset
        while true {
            let fieldStart = p
            var bytes: [UInt8] = []
            var quoted = false
            var q = p
            while q < count && base[q] == UInt8(ascii: " ") { q += 1 }
            if q < count && base[q] == CSVInput.quote {
                quoted = true
                p = q + 1
                while true {
                    guard p < count else { throw .unterminatedQuote(offset: q) }
                    let byte = base[p]
                    if byte == CSVInput.quote {
                        if p + 1 < count && base[p + 1] == CSVInput.quote {
                            bytes.append(CSVInput.quote)
                            p += 2
                        } else {
                            p += 1
                            break
                        }
                    } else {
                        bytes.append(byte)
                        p += 1
                    }
                }
            }
            // Unquoted text, or anything between a closing quote and the delimiter (kept, leniently).
            while p < count {
                let byte = base[p]
                if byte == delimiter || byte == CSVInput.lineFeed || byte == CSVInput.carriageReturn { break }
                bytes.append(byte)
                p += 1
            }
            fields.append(CSVField(offset: fieldStart, bytes: bytes, quoted: quoted))
            if p >= count { return CSVRecord(fields: fields, next: count, reachedEnd: true) }
            let byte = base[p]
            p += 1
            if byte == delimiter { continue }
            if byte == CSVInput.carriageReturn && p < count && base[p] == CSVInput.lineFeed { p += 1 }
            return CSVRecord(fields: fields, next: p, reachedEnd: false)
        }
    }
}
