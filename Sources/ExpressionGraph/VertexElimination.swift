import Autodiff

/// Jacobians by vertex elimination on the linearised graph (Griewank & Walther, ch. 9; Naumann):
/// eliminating an intermediate vertex `v` connects each predecessor `p` to each successor `s`
/// with `c_sp += c_sv·c_vp` (one multiplication per pair), and removes `v`. When only inputs
/// and outputs remain, the edge weights are the Jacobian's entries.
///
/// The order matters for the cost. Eliminating in evaluation order is forward mode's
/// accumulation, in reverse order reverse mode's; finding the cheapest order is NP-hard
/// (Naumann 2008), so the Markowitz heuristic eliminates, at every step, the vertex with the
/// fewest `|predecessors|·|successors|` (ties to the lowest index). All orders give the same
/// Jacobian up to rounding.
///
/// Outputs are given their own sink vertices (joined by an edge of exact weight 1 that costs no
/// multiplication), so an output that also feeds another output is eliminated like any other
/// vertex; edges from the same argument used twice (`x·x`) are merged first.
///
/// - Complexity: O(Σ over eliminated vertices of |pred|·|succ|·log) — the fill-in decides.
///
/// ```swift
/// let g = try ComputationGraph(parsing: "sin(x*y); cos(x*y)")
/// let r = VertexElimination(g.linearize(at: [1, 2]), order: .markowitz)
/// r.jacobian        // 2×2
/// r.multiplications // 6
/// ```
public struct VertexElimination: Sendable {
    /// The order in which intermediate vertices are eliminated.
    public enum Order: String, Sendable, CaseIterable {
        /// Evaluation order (forward mode's accumulation).
        case forward
        /// Reverse evaluation order (reverse mode's accumulation).
        case reverse
        /// Smallest Markowitz degree `|pred|·|succ|` first.
        case markowitz
    }

    /// The Jacobian, rows = outputs, columns = inputs.
    public let jacobian: [[Double]]
    /// Multiplications of edge weights performed.
    public let multiplications: Int
    /// The order used.
    public let order: Order
    /// The eliminated vertices (node indices) in the order they were eliminated.
    public let eliminated: [Int]

    struct Edge {
        var weight: Double
        /// An exact 1 that multiplies for free (the edges into the output sinks).
        var unit: Bool
    }

    /// Eliminates every intermediate vertex of `linearization` in `order`.
    public init(_ linearization: Linearization<Double>, order: Order) {
        let graph = linearization.graph
        let n = graph.inputCount, count = graph.nodeCount, m = graph.outputCount
        var incoming = [[Int: Edge]](repeating: [:], count: count + m)
        var outgoing = [Set<Int>](repeating: [], count: count + m)
        func connect(_ from: Int, _ to: Int, _ edge: Edge) {
            if var existing = incoming[to][from] {
                existing.weight += edge.weight
                existing.unit = false
                incoming[to][from] = existing
            } else {
                incoming[to][from] = edge
                outgoing[from].insert(to)
            }
        }
        for i in n..<count {
            let a = graph.firstOperand[i], b = graph.secondOperand[i]
            if a >= 0 { connect(Int(a), i, Edge(weight: linearization.firstPartials[i], unit: false)) }
            if b >= 0 && graph.operations[i] != .integerPower {
                connect(Int(b), i, Edge(weight: linearization.secondPartials[i], unit: false))
            }
        }
        for (k, output) in graph.outputs.enumerated() {
            if case .node(let j) = output { connect(j, count + k, Edge(weight: 1, unit: true)) }
        }

        var multiplications = 0
        var eliminated: [Int] = []
        eliminated.reserveCapacity(count - n)
        func eliminate(_ v: Int) {
            let predecessors = incoming[v].keys.sorted()
            let successors = outgoing[v].sorted()
            for s in successors {
                let e2 = incoming[s][v]!
                for p in predecessors {
                    let e1 = incoming[v][p]!
                    let product: Edge
                    if e1.unit { product = e2 } else if e2.unit { product = e1 } else {
                        multiplications += 1
                        // The sweeps' exact-zero convention: 0·∞ is 0 here too.
                        let w = e1.weight == 0 || e2.weight == 0 ? 0 : e1.weight * e2.weight
                        product = Edge(weight: w, unit: false)
                    }
                    connect(p, s, product)
                }
                incoming[s][v] = nil
            }
            for p in predecessors { outgoing[p].remove(v) }
            incoming[v] = [:]
            outgoing[v] = []
            eliminated.append(v)
        }

        switch order {
        case .forward:
            for v in n..<count { eliminate(v) }
        case .reverse:
            for v in stride(from: count - 1, through: n, by: -1) { eliminate(v) }
        case .markowitz:
            var heap = MinHeap()
            var done = [Bool](repeating: false, count: count)
            func degree(_ v: Int) -> Int { incoming[v].count * outgoing[v].count }
            for v in n..<count { heap.push((degree(v), v)) }
            while let (d, v) = heap.pop() {
                guard !done[v], d == degree(v) else { continue }
                let neighbours = Set(incoming[v].keys).union(outgoing[v])
                eliminate(v)
                done[v] = true
                for u in neighbours where u >= n && u < count && !done[u] { heap.push((degree(u), u)) }
            }
        }

        var J = [[Double]](repeating: [Double](repeating: 0, count: n), count: m)
        for k in 0..<m {
            for (p, edge) in incoming[count + k] where p < n { J[k][p] = edge.weight }
        }
        jacobian = J
        self.multiplications = multiplications
        self.order = order
        self.eliminated = eliminated
    }
}

/// A binary min-heap of (degree, vertex) pairs, ordered by degree then vertex.
struct MinHeap {
    var items: [(Int, Int)] = []

    static func less(_ a: (Int, Int), _ b: (Int, Int)) -> Bool { a.0 < b.0 || (a.0 == b.0 && a.1 < b.1) }

    mutating func push(_ item: (Int, Int)) {
        items.append(item)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard MinHeap.less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Int, Int)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < items.count && MinHeap.less(items[l], items[smallest]) { smallest = l }
                if r < items.count && MinHeap.less(items[r], items[smallest]) { smallest = r }
                if smallest == i { break }
                items.swapAt(i, smallest)
                i = smallest
            }
        }
        return top
    }
}
