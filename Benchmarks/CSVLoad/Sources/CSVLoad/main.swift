// CSVLoad generate PATH ROWS COLUMNS fixed6|repr   writes a header + ROWS rows of seeded values
// CSVLoad load PATH [REPEATS] [THREADS]             prints the best wall-clock load time in seconds
// CSVLoad tonpy CSV NPY                             loads CSV and writes it as float64 .npy (for the
//                                                   exactness check against numpy.loadtxt)
//
// All work happens in `Benchmark`'s static functions (not in top-level code), so no main-actor
// checks sit in any loop.
import DataIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Benchmark {
    /// SplitMix64, as in the test suite.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Normally distributed values (Box–Muller), mean 0 and standard deviation 10, written either
    /// with six decimals (`fixed6`: `-12.345678`, as measurement exports look) or as the shortest
    /// round-trip representation (`repr`: up to 17 significant digits, as pandas.to_csv writes).
    static func generate(path: String, rows: Int, columns: Int, style: String) throws {
        var rng = Generator(state: 2026)
        var out: [UInt8] = []
        out.reserveCapacity(rows * columns * 12)
        out += Array(((1...columns).map { "x\($0)" }.joined(separator: ",") + "\n").utf8)
        for _ in 0..<rows {
            for j in 0..<columns {
                let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng)
                let u2 = Double.random(in: 0..<1, using: &rng)
                let x = 10 * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
                if style == "repr" {
                    out += Array(x.description.utf8)
                } else {
                    var micro = Int64((x * 1e6).rounded())
                    if micro < 0 { out.append(UInt8(ascii: "-")); micro = -micro }
                    out += Array(String(micro / 1_000_000).utf8)
                    out.append(UInt8(ascii: "."))
                    let fraction = String(micro % 1_000_000)
                    out += Array(repeating: UInt8(ascii: "0"), count: 6 - fraction.utf8.count)
                    out += Array(fraction.utf8)
                }
                out.append(j == columns - 1 ? UInt8(ascii: "\n") : UInt8(ascii: ","))
            }
        }
        try writeAtomically(out, to: path)
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Loads `path` `repeats` times; prints the best time, and a checksum so the work is used.
    static func load(path: String, repeats: Int, threads: Int) throws {
        var best = Double.infinity
        var checksum = 0.0
        var shape = (0, 0)
        for _ in 0..<repeats {
            let start = now()
            let table = try CSVReader(maxThreads: threads).read(contentsOf: path)
            best = min(best, now() - start)
            checksum = table.values.reduce(0, +)
            shape = (table.rowCount, table.columnCount)
        }
        // Reading the bytes alone, to show how much of the time is the file system.
        let start = now()
        let bytes = try DataFile.readBytes(path)
        let readSeconds = now() - start
        print(String(best), terminator: "")
        let detail = "rows=\(shape.0) columns=\(shape.1) bytes=\(bytes.count) read_only_s=\(readSeconds) checksum=\(checksum)"
        printError(detail)
    }

    static func printError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func run(_ arguments: [String]) -> Int32 {
        do {
            switch arguments.dropFirst().first {
            case "generate" where arguments.count == 6:
                try generate(path: arguments[2], rows: Int(arguments[3])!, columns: Int(arguments[4])!,
                             style: arguments[5])
            case "tonpy" where arguments.count == 4:
                try NPY.write(try DataFile.read(arguments[2]), to: arguments[3])
            case "load" where arguments.count >= 3:
                try load(path: arguments[2], repeats: arguments.count > 3 ? Int(arguments[3])! : 3,
                         threads: arguments.count > 4 ? Int(arguments[4])! : 0)
            default:
                printError("usage: CSVLoad generate PATH ROWS COLUMNS fixed6|repr | load PATH [REPEATS] [THREADS] | tonpy CSV NPY")
                return 64
            }
            return 0
        } catch {
            printError("\(error)")
            return 1
        }
    }
}

exit(Benchmark.run(CommandLine.arguments))
