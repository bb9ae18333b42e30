// Usage: ExpressionGraphBenchmark <operations> [repeats]
// Generates an expression of about <operations> elementary operations in 10 variables, then
// times (best of `repeats`): parse (text → graph), evaluate (values of all nodes), linearize
// (values and local partials), one forward sweep, one reverse sweep, and — the peer, measured
// in the same run — Autodiff's tape: recording the graph evaluated on `Variable` and sweeping it.
// Prints one line:
//   case expression_<n>: nodes=… text_bytes=… parse_s=… evaluate_s=… linearize_s=… forward_s=…
//     reverse_s=… tape_gradient_s=… graph_gradient_over_tape=… graph_bytes=… max_rss_graph_mb=…
//     (peak resident memory after the graph work, before the peer) max_rss_with_tape_mb=…
import Autodiff
import ExpressionGraph
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func best(_ repeats: Int, _ body: () -> Void) -> Double {
    var m = Double.infinity
    for _ in 0..<repeats {
        let t0 = now()
        body()
        m = min(m, now() - t0)
    }
    return m
}

/// A sum of terms cycling through six shapes over x1…x100, each with its own constant so that
/// nothing is shared: `operations` elementary operations (the count per shape includes the `+`
/// joining it to the sum).
func generate(_ operations: Int) -> String {
    var state: UInt64 = 12345
    func next() -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(state >> 33)
    }
    var parts: [String] = []
    var count = -1   // the first term has no joining +
    var k = 0
    while count < operations {
        let a = "x\(next() % 100 + 1)", b = "x\(next() % 100 + 1)", c = 1 + Double(k) * 1e-6
        switch k % 6 {
        case 0: parts.append("sin(\(a)*\(b) + \(c))"); count += 4
        case 1: parts.append("\(a)*\(b)/(\(c) + \(a)^2)"); count += 5
        case 2: parts.append("exp(-\(c)*\(a))*cos(\(b))"); count += 5
        case 3: parts.append("log(\(c) + \(a)*\(a))"); count += 4
        case 4: parts.append("sqrt(\(c) + \(b)^2)*tanh(\(a))"); count += 6
        default: parts.append("atan2(\(a), \(c))*hypot(\(b), \(c))"); count += 4
        }
        k += 1
    }
    return parts.joined(separator: " + ")
}

let arguments = CommandLine.arguments
let operations = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
// Shared subexpressions (x7^2 in two terms) make the graph smaller than the text's count:
// lengthen the text until the graph has at least `operations` operations.
var length = operations
var text = generate(length)
var graph = try! ComputationGraph(parsing: text)
while graph.operationCount < operations {
    length = length * operations / max(1, graph.operationCount) + 16
    text = generate(length)
    graph = try! ComputationGraph(parsing: text)
}
let parse = best(repeats) { graph = try! ComputationGraph(parsing: text) }
let x = (1...graph.inputCount).map { 0.01 * Double($0) }
var sink = 0.0
let evaluate = best(repeats) { sink += graph.values(at: x).last! }
var lin = graph.linearize(at: x)
let linearize = best(repeats) { lin = graph.linearize(at: x) }
let seed = (1...graph.inputCount).map { Double($0 % 7) - 3 }
let forward = best(repeats) { sink += lin.tangents(seed: seed).last! }
let reverse = best(repeats) { sink += lin.adjoints(cotangent: [1])[0] }
// Peak memory of the graph work alone (text, parse, values, partials, both sweeps), before the
// peer runs.
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let graphRSS = Double(usage.ru_maxrss) / 1024
// The peer: Autodiff's tape records the same computation (the graph evaluated on Variable) and
// sweeps it once.
let tape = Tape(capacity: graph.nodeCount + 16)
var tapeGradient: [Double] = []
let tapeTime = best(repeats) {
    tapeGradient = tape.valueWithGradient(of: { v in graph.evaluate(at: v)[0] }, at: x).gradient
}
let graphGradient = lin.gradient()
let agree = zip(graphGradient, tapeGradient).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
// Storage: 13 bytes per node in the graph, 3 scalars per node in the linearisation.
let graphBytes = graph.nodeCount * 13
let linearizationBytes = graph.nodeCount * 24
getrusage(RUSAGE_SELF.rawValue, &usage)
func f(_ v: Double) -> String { String(format: "%.4g", v) }
print("case expression_\(operations): operations=\(graph.operationCount) nodes=\(graph.nodeCount) edges=\(graph.edgeCount) text_bytes=\(text.utf8.count)"
      + " parse_s=\(f(parse)) evaluate_s=\(f(evaluate)) linearize_s=\(f(linearize)) forward_s=\(f(forward)) reverse_s=\(f(reverse))"
      + " graph_gradient_s=\(f(linearize + reverse)) tape_gradient_s=\(f(tapeTime)) graph_gradient_over_tape=\(f((linearize + reverse) / tapeTime))"
      + " ns_per_node_parse=\(f(parse / Double(graph.nodeCount) * 1e9)) ns_per_node_reverse=\(f(reverse / Double(graph.nodeCount) * 1e9))"
      + " graph_bytes=\(graphBytes) linearization_bytes=\(linearizationBytes) max_rss_graph_mb=\(f(graphRSS)) max_rss_with_tape_mb=\(f(Double(usage.ru_maxrss) / 1024))"
      + " gradients_agree=\(agree) (\(sink.isNaN ? "" : "ok"))")
