#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An input held in memory: chunks are ranges of it, parsed in place.
struct CSVMemorySource: CSVChunkSource {
    let input: CSVInput
    let dataStart: Int
    var dataEnd: Int { input.count }

    func lineStart(atOrAfter offset: Int) -> Result<Int, CSVRecordFailure> {
        guard let lineFeed = memchr(input.base + offset, Int32(CSVInput.lineFeed), input.count - offset) else {
            return .success(input.count)
        }
        return .success(input.base.distance(to: lineFeed.assumingMemoryBound(to: UInt8.self)) + 1)
    }

    func scan(from: Int, to: Int) -> Result<(lineEnds: Int, hasQuote: Bool), CSVRecordFailure> {
        let next: UInt8? = to < input.count ? input.base[to] : nil
        let lineEnds = CSVInput.countLineEnds(input.base + from, to - from, followedBy: next)
        return .success((lineEnds, memchr(input.base + from, Int32(CSVInput.quote), to - from) != nil))
    }

    func parse(from: Int, to: Int, with parser: CSVRowParser, into output: UnsafeMutablePointer<Double>,
               maxRows: Int) -> Result<Int, CSVRecordFailure> {
        let scratch = CSVRowParser.Scratch(fieldCount: parser.fieldCount, selection: parser.selection)
        defer { scratch.deallocate() }
        return parser.parseWindow(input, from: from, to: to, complete: true, into: output, maxRows: maxRows,
                                  scratch: scratch).map(\.rows)
    }
}
