extension LineChart {
    /// One named line: points (`x[i]`, `y[i]`) joined in order. A `nil` or non-finite `y` (a failed
    /// fit, a missing iteration) is a gap: the line breaks there and resumes at the next point.
    ///
    /// ```swift
    /// LineChart.Series(name: "full", x: [1, 2, 3, 4], y: [1290, 1034, nil, 1052])
    /// ```
    public struct Series: Sendable, Hashable {
        /// Legend name.
        public var name: String
        /// Horizontal positions. Only the first `min(x.count, y.count)` points are used.
        public var x: [Double]
        /// Vertical values; `nil` marks a missing point.
        public var y: [Double?]

        /// A series of points (`x[i]`, `y[i]`).
        public init(name: String, x: [Double], y: [Double?]) {
            self.name = name
            self.x = x
            self.y = y
        }

        /// A series at x = 1, 2, …, `y.count` (e.g. the bound after EM iteration 1, 2, …).
        public init(name: String, y: [Double?]) {
            self.init(name: name, x: (0..<y.count).map { Double($0 + 1) }, y: y)
        }

        /// Number of points considered: `min(x.count, y.count)`.
        public var count: Int { min(x.count, y.count) }

        /// The value at `i` if both coordinates are present and finite.
        func point(_ i: Int) -> (x: Double, y: Double)? {
            guard let v = y[i], v.isFinite, x[i].isFinite else { return nil }
            return (x[i], v)
        }
    }

    /// A point to call out with a ring and a label, e.g. the model that `select` chose.
    public struct Highlight: Sendable, Hashable {
        /// x of the point.
        public var x: Double
        /// y of the point.
        public var y: Double
        /// Text written next to the ring.
        public var label: String

        /// A call-out at (`x`, `y`) reading `label`.
        public init(x: Double, y: Double, label: String) {
            self.x = x
            self.y = y
            self.label = label
        }
    }
}
