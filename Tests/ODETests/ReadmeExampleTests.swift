import ODE
import Testing
import TestSupport

/// The README's `Robertson` example, verbatim.
struct ReadmeRobertson: ODEFunction {                 // stiff chemical kinetics, p = (0.04, 1e4, 3e7)
    func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] {
        let a = p[0] * y[0], b = p[1] * y[1] * y[2], c = p[2] * y[1] * y[1]
        return [-a + b, a - b - c, c]
    }
}

/// The README's ODE example compiles and gives the numbers it states.
@Suite("README ODE example")
struct ODEReadmeExampleTests {
    @Test func readmeExample() throws {
        let options = ODEOptions(relativeTolerance: 1e-8, absoluteTolerances: [1e-10, 1e-14, 1e-10])
        let sol = try solveODE(ReadmeRobertson(), from: 0, initialValue: [1.0, 0, 0], parameters: [0.04, 1e4, 3e7],
                               at: [40, 1e11], method: .radau5, options: options)   // or .bdf, .dormandPrince
        #expect(isClose(sol.values[0][0], 0.71582707, relative: 1e-8))
        #expect(isClose(sol.values[0][1], 9.1855348e-6, relative: 1e-7))
        #expect(isClose(sol.values[0][2], 0.28416375, relative: 1e-8))
        #expect(sol.statistics.steps == 852)
        let s = try solveODEWithSensitivities(ODEProblems.LotkaVolterra(), from: 0, initialValue: [1.0, 1],
                                              parameters: [1.5, 1, 3, 1], at: [5, 10])
        #expect(s.jacobians[1].rows == 2 && s.jacobians[1].columns == 4)
        #expect(s.jacobians[1].elements.allSatisfy { $0.isFinite })
    }
}
