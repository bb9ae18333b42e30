#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How much memory this process can count on: the machine's physical memory, or the limit of the
/// control group it runs in (Linux containers) when that is lower.
///
/// Readers compare what a table would need with this before allocating it, so an input that cannot
/// fit is refused with the number of bytes it needs instead of ending the process when the
/// allocation fails.
///
/// ```swift
/// if rows * columns * 8 > SystemMemory.bytes { … }
/// ```
public enum SystemMemory {
    /// Physical memory in bytes, or the control group's memory limit when lower; computed once.
    public static let bytes: Int = {
        var total = Int.max
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && pageSize > 0 {
            let (product, overflow) = pages.multipliedReportingOverflow(by: pageSize)
            total = overflow ? Int.max : product
        }
        #if os(Linux)
        // cgroup v2, then v1; "max" (v2) or a huge number (v1) mean no limit.
        for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = smallFile(file), let limit = Int(text), limit > 0 {
                total = Swift.min(total, limit)
                break
            }
        }
        #endif
        return total
    }()

    /// The first line of a small text file, or `nil` if it cannot be read.
    static func smallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return text.split(separator: "\n").first.map(String.init)
    }
}
