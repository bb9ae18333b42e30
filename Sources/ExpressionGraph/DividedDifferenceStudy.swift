import Autodiff
import Plotting

/// The lecture's figure "accuracy for divided differences": the absolute error of the forward
/// difference `(f(x+h) − f(x))/h` and the central difference `(f(x+h) − f(x−h))/(2h)` against the
/// step `h` on log–log axes, with automatic differentiation's error as the floor.
///
/// The reference derivative is forward-mode AD on the graph, exact up to the rounding of each
/// operation; the AD line is that rounding level, `ε·|f′(x)|` (`ε = 2⁻⁵²`), the error any
/// floating-point result for `f′(x)` carries. Truncation makes the differences' errors fall
/// like `h` and `h²` from the right; cancellation (`≈ ε|f|/h`) makes them rise again to the left,
/// so the best forward difference is near `h ≈ √ε ≈ 1e-8` with about half the digits, the best
/// central near `h ≈ ε^⅓ ≈ 6e-6` with about two thirds — AD has all of them.
///
/// - Complexity: 3 evaluations of the graph per step.
///
/// ```swift
/// let study = try DividedDifferenceStudy(ComputationGraph(parsing: "x^3"), at: 1)
/// study.rows.count   // 65 (h = 1e-16 … 1, four steps per decade)
/// let svg = study.chart(expression: "x^3").svg()
/// ```
public struct DividedDifferenceStudy: Sendable {
    /// One step size and both differences.
    public struct Row: Sendable, Equatable {
        /// The step `h`.
        public let step: Double
        /// `(f(x+h) − f(x))/h`.
        public let forward: Double
        /// `(f(x+h) − f(x−h))/(2h)`.
        public let central: Double
        /// `|forward − f′(x)|`.
        public let forwardError: Double
        /// `|central − f′(x)|`.
        public let centralError: Double
    }

    /// The point.
    public let x: Double
    /// `f(x)`.
    public let value: Double
    /// `f′(x)` by forward-mode AD on the graph.
    public let derivative: Double
    /// AD's error floor, `ε·|f′(x)|`.
    public let roundingLevel: Double
    /// One row per step, smallest step first.
    public let rows: [Row]

    /// Differences of output `output` of `graph` (one variable) at `x` for
    /// `h = 10^(smallest + k/stepsPerDecade)` up to `10^largest`.
    ///
    /// - Throws: ``ExpressionError`` (usage) if the graph does not have exactly one variable.
    public init(_ graph: ComputationGraph, at x: Double, output: Int = 0, stepsPerDecade: Int = 4,
                smallestExponent: Int = -16, largestExponent: Int = 0) throws(ExpressionError) {
        guard graph.inputCount == 1 else {
            throw ExpressionError(.usage, "divided differences here are for one variable; the expression has \(graph.inputCount) (\(graph.variables.joined(separator: ", ")))",
                                  source: "expression")
        }
        let perDecade = Swift.max(1, stepsPerDecade)
        let lin = graph.linearize(at: [x])
        self.x = x
        value = lin.outputValues[output]
        derivative = lin.outputTangents(seed: [1])[output]
        roundingLevel = Double.ulpOfOne * Swift.abs(derivative)
        func f(_ t: Double) -> Double { graph.evaluate(at: [t])[output] }
        var rows: [Row] = []
        let steps = (largestExponent - smallestExponent) * perDecade
        for k in 0...Swift.max(0, steps) {
            let h = Double.pow(10, Double(smallestExponent) + Double(k) / Double(perDecade))
            let forward = (f(x + h) - value) / h
            let central = (f(x + h) - f(x - h)) / (2 * h)
            rows.append(Row(step: h, forward: forward, central: central,
                            forwardError: Swift.abs(forward - derivative), centralError: Swift.abs(central - derivative)))
        }
        self.rows = rows
    }

    /// The row with the smallest forward-difference error.
    public var bestForward: Row? { rows.filter { $0.forwardError.isFinite }.min { $0.forwardError < $1.forwardError } }
    /// The row with the smallest central-difference error.
    public var bestCentral: Row? { rows.filter { $0.centralError.isFinite }.min { $0.centralError < $1.centralError } }

    /// The figure: error against `h`, both axes logarithmic, `h` from 1e-16 to 1; zero errors
    /// cannot be placed on a log axis and leave a gap.
    public func chart(expression: String) -> LineChart {
        let h = rows.map(\.step)
        var series = [
            LineChart.Series(name: "forward difference (f(x+h) − f(x))/h", x: h, y: rows.map(\.forwardError)),
            LineChart.Series(name: "central difference (f(x+h) − f(x−h))/2h", x: h, y: rows.map(\.centralError)),
        ]
        if roundingLevel > 0 {
            series.append(LineChart.Series(name: "automatic differentiation (rounding level ε·|f′(x)|)", x: h,
                                           y: h.map { _ in roundingLevel }))
        }
        var chart = LineChart(series: series)
        chart.title = "Accuracy of divided differences on f(x) = \(expression)"
        chart.subtitle = "at x = \(NumberText.format(x)); f′(x) = \(NumberText.format(derivative)) by forward-mode AD"
        chart.xTitle = "step h"
        chart.yTitle = "absolute error in f′(x)"
        chart.xAxisScale = .logarithmic
        chart.yAxisScale = .logarithmic
        chart.xDomain = (h.first ?? 1e-16)...(h.last ?? 1)
        chart.markerLimit = 20
        return chart
    }

    /// The table as text.
    public var text: String {
        var out = "divided differences at x = \(NumberText.format(x)): f(x) = \(NumberText.format(value)), f′(x) = \(NumberText.format(derivative)) (forward-mode AD)\n"
        out += "  h          forward difference        error      central difference        error\n"
        for r in rows {
            out += "  " + NumberText.scientific(r.step, digits: 2).padded(9) + "  " + NumberText.format(r.forward).padded(24)
                + "  " + NumberText.scientific(r.forwardError, digits: 2).padded(9) + "  " + NumberText.format(r.central).padded(24)
                + "  " + NumberText.scientific(r.centralError, digits: 2) + "\n"
        }
        out += "AD: f′(x) = \(NumberText.format(derivative)), exact up to rounding (ε·|f′(x)| = \(NumberText.scientific(roundingLevel, digits: 2)))\n"
        if let b = bestForward {
            out += "best forward difference: h = \(NumberText.scientific(b.step, digits: 2)), error \(NumberText.scientific(b.forwardError, digits: 2))\n"
        }
        if let b = bestCentral {
            out += "best central difference: h = \(NumberText.scientific(b.step, digits: 2)), error \(NumberText.scientific(b.centralError, digits: 2))\n"
        }
        return out
    }

    /// The table as JSON: `value`, `derivative` (`[f(x), f′(x)]`), `rounding_level` and `steps`
    /// (`h`, `forward`, `central`, `forward_error`, `central_error` per row).
    public var json: JSONOutput {
        .object([
            ("x", .number(x)),
            ("value", .number(value)),
            ("derivative", .numbers([value, derivative])),
            ("rounding_level", .number(roundingLevel)),
            ("steps", .array(rows.map { r in
                .object([("h", .number(r.step)), ("forward", .number(r.forward)), ("central", .number(r.central)),
                         ("forward_error", .number(r.forwardError)), ("central_error", .number(r.centralError))])
            })),
        ])
    }
}

extension String {
    /// The string padded with spaces on the right to `width` characters.
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
