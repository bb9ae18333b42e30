import ExpressionGraph
import TestSupport
import Testing

/// Newton's stopping rules, and the divided-difference study.
struct NewtonAndDifferencesTests {
    @Test func newtonStopsWithAReason() throws {
        let flat = try NewtonIteration(ComputationGraph(parsing: "x^2 + 1"), from: 0)
        #expect(flat.reason == .zeroDerivative && flat.root == nil && flat.iterates.count == 1)

        let exact = try NewtonIteration(ComputationGraph(parsing: "x - 3"), from: 1)
        #expect(exact.reason == .exactRoot && exact.root == 3 && exact.iterates.count == 2)

        let none = try NewtonIteration(ComputationGraph(parsing: "x^2 + 1"), from: 0.5, maxIterations: 20)
        #expect(none.reason == .iterationLimit && none.iterates.count == 21 && none.root == nil)

        let blowUp = try NewtonIteration(ComputationGraph(parsing: "log(x)"), from: 3)   // x₁ = 3 − 3 log 3 < 0
        #expect(blowUp.reason == .notFinite)

        #expect(throws: ExpressionError.self) { try NewtonIteration(ComputationGraph(parsing: "x*y"), from: 1) }
        let json = flat.json.rendered
        for key in ["\"iterates\"", "\"root\": null", "\"converged\": false", "\"reason\": \"zero_derivative\""] {
            #expect(json.contains(key), "missing \(key)")
        }
    }

    /// For x³ at 1 (f′ = 3): at h = 1 the forward difference is (8 − 1)/1 = 7 (error 4) and the
    /// central (8 − 0)/2 = 4 (error h² = 1), by hand; truncation makes the right branch fall with
    /// slope 1 and 2; the best forward step is near √ε ≈ 1e-8 and the best central near ε^⅓.
    @Test func dividedDifferencesOfXCubed() throws {
        let study = try DividedDifferenceStudy(ComputationGraph(parsing: "x^3"), at: 1)
        try #require(study.rows.count == 65)
        #expect(study.rows.first!.step == 1e-16 && study.rows.last!.step == 1)
        #expect(study.derivative == 3 && study.value == 1)
        #expect(study.rows.last!.forward == 7 && study.rows.last!.central == 4)
        #expect(study.rows.last!.forwardError == 4 && study.rows.last!.centralError == 1)
        // Slopes of the truncation branch between h = 1e-3 and 1e-1 (two decades): 1 and 2.
        let a = study.rows.first { abs($0.step - 1e-3) < 1e-12 }!, b = study.rows.first { abs($0.step - 1e-1) < 1e-12 }!
        #expect(abs(log10(b.forwardError / a.forwardError) / 2 - 1) < 0.05)
        #expect(abs(log10(b.centralError / a.centralError) / 2 - 2) < 0.05)
        let bestForward = try #require(study.bestForward), bestCentral = try #require(study.bestCentral)
        #expect(bestForward.step >= 1e-9 && bestForward.step <= 1e-7)
        #expect(bestCentral.step >= 1e-7 && bestCentral.step <= 1e-4)
        #expect(bestForward.forwardError > 1e-10 && bestCentral.centralError > 1e-14)
        // AD's rounding level is far below either.
        #expect(study.roundingLevel == 3 * Double.ulpOfOne)
        #expect(study.roundingLevel < bestCentral.centralError)
        // At h = 1e-16, x + h rounds to x: the forward difference is 0.
        #expect(study.rows.first!.forward == 0)
    }

    @Test func theFigureHasLogAxesAndThreeSeries() throws {
        let study = try DividedDifferenceStudy(ComputationGraph(parsing: "x^3"), at: 1)
        let chart = study.chart(expression: "x^3")
        #expect(chart.xAxisScale == .logarithmic && chart.yAxisScale == .logarithmic)
        #expect(chart.series.count == 3)
        let svg = chart.svg()
        #expect(svg.components(separatedBy: "class=\"series\"").count - 1 == 3)
        #expect(svg.contains("10⁻¹⁶") || svg.contains("10⁻¹⁵"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
