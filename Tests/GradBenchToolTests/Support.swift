import Testing
@testable import GradBenchTool
import DataIO
import TestSupport  // SplitMix64

/// Uniform numbers in `range` from a seeded generator.
func randomNumbers(_ n: Int, in range: ClosedRange<Double> = -1...1, seed: UInt64) -> [Double] {
    var g = SplitMix64(seed: seed)
    return (0..<n).map { _ in Double.random(in: range, using: &g) }
}

/// A JSON array of numbers in the exact form the tool reads back.
func jsonNumbers(_ xs: [Double]) -> String { JSONValue.numbers(xs).text(style: .compact) }

/// Rows of numbers as JSON.
func jsonRows(_ xs: [Double], columns: Int) -> String { JSONValue.rows(xs, columns: columns).text(style: .compact) }

/// Central difference `(f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h` for every coordinate.
func centralDifferences(_ f: ([Double]) -> Double, at x: [Double], step h: Double) -> [Double] {
    x.indices.map { i in
        var a = x, b = x
        a[i] += h
        b[i] -= h
        return (f(a) - f(b)) / (2 * h)
    }
}

/// `|a − b| ≤ tolerance·max(1, |a|, |b|)` elementwise, with the worst index in the message.
func expectClose(_ a: [Double], _ b: [Double], tolerance: Double, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, "\(what): \(a.count) vs \(b.count) entries", sourceLocation: sourceLocation)
    for i in a.indices where i < b.count {
        let scale = Swift.max(1, abs(a[i]), abs(b[i]))
        if abs(a[i] - b[i]) > tolerance * scale {
            Issue.record("\(what)[\(i)]: \(a[i]) vs \(b[i])", sourceLocation: sourceLocation)
            return
        }
    }
}

/// The numbers of a JSON output (an array, or an array of rows), flattened.
func flatNumbers(_ v: JSONValue?) -> [Double] {
    guard let a = v?.array else { return [] }
    return a.flatMap { e -> [Double] in e.number.map { [$0] } ?? flatNumbers(e) }
}
