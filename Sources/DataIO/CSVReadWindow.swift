#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte window a CSV parse reads a file through, `pread` by `pread`: it is filled from the
/// file, its whole rows are parsed, and ``consume(_:)`` keeps the row that may go on at its start
/// for the next fill. A row longer than the whole window doubles it.
///
/// Owns its buffer: the caller frees it with ``deallocate()`` (a `defer` after the `init`), once.
struct CSVReadWindow {
    /// The window's bytes; `filled` of them hold data.
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    /// Bytes the window can hold.
    private(set) var capacity: Int
    /// Bytes that hold data.
    private(set) var filled = 0
    /// The file offset of `bytes[0]`.
    private(set) var start: Int

    /// An empty window of `capacity` bytes (at least 1) whose first byte is file offset `start`.
    init(capacity: Int, start: Int) {
        self.capacity = Swift.max(1, capacity)
        bytes = .allocate(capacity: self.capacity)
        self.start = start
    }

    /// Frees the buffer.
    func deallocate() { bytes.deallocate() }

    /// The offset just past the data held.
    var end: Int { start + filled }

    /// The data held, as parser input (not the start of the file).
    var input: CSVInput { CSVInput(UnsafeBufferPointer(start: bytes, count: filled), atInputStart: false) }

    /// Reads from `file` until the window is full or reaches offset `limit`; true when it holds
    /// everything up to `limit`.
    /// - Throws: ``DataIOError/changedWhileReading(path:)`` on a short read, or the read's error.
    mutating func fill(from file: InputFile, upTo limit: Int) throws(DataIOError) -> Bool {
        let wanted = Swift.min(capacity - filled, limit - end)
        try file.readExactly(into: bytes + filled, count: wanted, at: end)
        filled += wanted
        return end == limit
    }

    /// Drops the first `stop` bytes (the rows parsed) and keeps the rest at the window's start;
    /// when nothing was parsed from a full window (a row longer than it), doubles the window.
    mutating func consume(_ stop: Int) {
        let tail = filled - stop
        if stop > 0 {
            memmove(bytes, bytes + stop, tail)
        } else if tail == capacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: bytes, count: tail)
            bytes.deallocate()
            bytes = larger
            capacity *= 2
        }
        start += stop
        filled = tail
    }
}
