/// Keeps a value alive so the optimiser cannot delete the work that produced it.
@_optimize(none) @inline(never)
func blackHole<T>(_ x: T) {}

/// The last `Double` passed to `blackHole`.
nonisolated(unsafe) var blackHoleDouble = 0.0

/// `blackHole` for a `Double`: stores it in a global, a side effect no optimiser may drop (the
/// generic version alone once let a scalar primal be deleted as dead code).
@inline(never)
func blackHole(_ x: Double) { blackHoleDouble = x }

/// The best (minimum) wall time in seconds of `body`, over at least `reps` runs and at least
/// `minTime` seconds in total (after one warm-up run).
func bestTime(reps: Int = 5, minTime: Double = 0.3, _ body: () -> Void) -> Double {
    body()
    let clock = ContinuousClock()
    var best = Double.infinity
    var total = 0.0
    var runs = 0
    while runs < reps || total < minTime {
        let start = clock.now
        body()
        let d = clock.now - start
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        best = min(best, s)
        total += s
        runs += 1
        if runs >= 10_000 { break }
    }
    return best
}

func fmt(_ x: Double) -> String {
    if x == 0 { return "0" }
    var s = String(format6(x))
    if s.hasSuffix(".") { s.removeLast() }
    return s
}

/// Six significant digits in scientific notation without Foundation.
func format6(_ x: Double) -> String {
    var e = 0
    var m = abs(x)
    while m >= 10 { m /= 10; e += 1 }
    while m < 1 { m *= 10; e -= 1 }
    var digits = Int((m * 100_000).rounded())
    if digits >= 1_000_000 { digits /= 10; e += 1 }
    let str = String(digits)
    let mant = str.prefix(1) + "." + str.dropFirst()
    return (x < 0 ? "-" : "") + mant + "e" + (e < 0 ? "-" : "") + String(abs(e))
}

/// Written by `opaque` so that the optimiser sees a side effect in it.
nonisolated(unsafe) var opaqueCalls = 0

/// Returns its argument through an unoptimised call with a side effect (a global counter), so
/// work on it can be neither hoisted out of a timing loop nor shared between iterations (without
/// the side effect the optimiser once treated the call as pure and hoisted the n = 1000 primal).
@_optimize(none) @inline(never)
func opaque<T>(_ x: T) -> T {
    opaqueCalls &+= 1
    return x
}
