#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file read with `pread`, one window of `windowBytes` at a time per chunk: memory stays
/// one window per thread besides the result, whatever the file's size, and no mapping can fault.
/// A read that comes up short (the file was truncated meanwhile) is
/// ``DataIOError/changedWhileReading(path:)``.
struct CSVFileSource: CSVChunkSource {
    let file: InputFile
    let dataStart: Int
    let dataEnd: Int
    /// Bytes read per window (a record longer than this grows the window to hold it).
    let windowBytes: Int

    func lineStart(atOrAfter offset: Int) -> Result<Int, CSVRecordFailure> {
        let block = 1 << 16
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: block, alignment: 16)
        defer { buffer.deallocate() }
        var position = offset
        while position < dataEnd {
            let count = Swift.min(block, dataEnd - position)
            do { try file.readExactly(into: buffer, count: count, at: position) } catch { return .failure(.input(error)) }
            if let lineFeed = memchr(buffer, Int32(CSVInput.lineFeed), count) {
                return .success(position + buffer.distance(to: lineFeed) + 1)
            }
            position += count
        }
        return .success(dataEnd)
    }

    func scan(from: Int, to: Int) -> Result<(lineEnds: Int, hasQuote: Bool), CSVRecordFailure> {
        // One byte past each block is read too, so a CR at a block's end sees what follows it.
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: windowBytes + 1)
        defer { buffer.deallocate() }
        var position = from
        var lineEnds = 0
        var hasQuote = false
        while position < to {
            let count = Swift.min(windowBytes, to - position)
            let extra = position + count < dataEnd ? 1 : 0
            do {
                try file.readExactly(into: buffer, count: count + extra, at: position)
            } catch {
                return .failure(.input(error))
            }
            lineEnds += CSVInput.countLineEnds(buffer, count, followedBy: extra == 1 ? buffer[count] : nil)
            if !hasQuote && memchr(buffer, Int32(CSVInput.quote), count) != nil { hasQuote = true }
            position += count
        }
        return .success((lineEnds, hasQuote))
    }

    func parse(from: Int, to: Int, with parser: CSVRowParser, into output: UnsafeMutablePointer<Double>,
               maxRows: Int) -> Result<Int, CSVRecordFailure> {
        let scratch = CSVRowParser.Scratch(fieldCount: parser.fieldCount, selection: parser.selection)
        defer { scratch.deallocate() }
        var window = CSVReadWindow(capacity: Swift.min(windowBytes, Swift.max(to - from, 1)), start: from)
        defer { window.deallocate() }
        var rows = 0
        var out = output
        let width = parser.selection.count
        while true {
            let complete: Bool
            do { complete = try window.fill(from: file, upTo: to) } catch { return .failure(.input(error)) }
            switch parser.parseWindow(window.input, from: 0, to: window.filled, complete: complete, into: out,
                                      maxRows: maxRows - rows, scratch: scratch) {
            case .failure(let failure):
                return .failure(failure.shifted(by: window.start))
            case .success(let result):
                rows += result.rows
                out += result.rows * width
                if complete { return .success(rows) }
                window.consume(result.stop)
            }
        }
    }

    /// The 1-based line number of byte `offset`: one more than the line feeds before it.
    func lineNumber(of offset: Int) -> Result<Int, DataIOError> {
        let block = 1 << 20
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: block)
        defer { buffer.deallocate() }
        var line = 1
        var position = 0
        while position < offset {
            let count = Swift.min(block, offset - position)
            do { try file.readExactly(into: buffer, count: count, at: position) } catch { return .failure(error) }
            var p = buffer
            let end = buffer + count
            while p < end, let found = memchr(p, Int32(CSVInput.lineFeed), end - p) {
                line += 1
                p = found.assumingMemoryBound(to: UInt8.self) + 1
            }
            position += count
        }
        return .success(line)
    }
}
