import ODE
import Testing
import TestSupport

/// One kind of unusable input, and the word the one-line message must contain.
enum BadInput: CaseIterable, Sendable, CustomTestStringConvertible {
    case nanInitialValue, infiniteInitialValue, nanParameter, nanInitialTime, nanOutputTime
    case outputTimesOutOfOrder, outputTimeBehindStart, zeroRelativeTolerance
    case negativeRelativeTolerance, nanRelativeTolerance, negativeAbsoluteTolerance
    case absoluteTolerancesCount, nanAbsoluteTolerancesEntry, zeroInitialStep, zeroMaximumStep
    case zeroMaximumSteps, orderSix, negativeFixedStep, wrongRightHandSideLength

    var testDescription: String { "\(self)" }

    /// What the message must name.
    var keyword: String {
        switch self {
        case .nanInitialValue, .infiniteInitialValue: "y0[1]"
        case .nanParameter: "p[0]"
        case .nanInitialTime: "initial time"
        case .nanOutputTime: "times[1]"
        case .outputTimesOutOfOrder: "times[2]"
        case .outputTimeBehindStart: "times[0]"
        case .zeroRelativeTolerance, .negativeRelativeTolerance, .nanRelativeTolerance: "relativeTolerance"
        case .negativeAbsoluteTolerance: "absoluteTolerance must"
        case .absoluteTolerancesCount: "absoluteTolerances has 3 entries for 2 equations"
        case .nanAbsoluteTolerancesEntry: "absoluteTolerances[1]"
        case .zeroInitialStep: "initialStep"
        case .zeroMaximumStep: "maximumStep"
        case .zeroMaximumSteps: "maximumSteps"
        case .orderSix: "maximumOrder"
        case .negativeFixedStep: "fixedStepSize"
        case .wrongRightHandSideLength: "returned 1 values for 2 equations"
        }
    }

    /// Runs the solve this input describes.
    func run(_ method: ODEMethod) throws(ODEFailure) {
        var t0 = 0.0, y0 = [1.0, 0.5], p: [Double] = [], times = [0.5, 1, 2]
        var o = ODEOptions()
        switch self {
        case .nanInitialValue: y0[1] = .nan
        case .infiniteInitialValue: y0[1] = -.infinity
        case .nanParameter: p = [.nan]
        case .nanInitialTime: t0 = .nan
        case .nanOutputTime: times[1] = .nan
        case .outputTimesOutOfOrder: times = [0.5, 2, 1, 3]
        case .outputTimeBehindStart: times = [-1, 1]
        case .zeroRelativeTolerance: o.relativeTolerance = 0
        case .negativeRelativeTolerance: o.relativeTolerance = -1e-6
        case .nanRelativeTolerance: o.relativeTolerance = .nan
        case .negativeAbsoluteTolerance: o.absoluteTolerance = -1
        case .absoluteTolerancesCount: o.absoluteTolerances = [1e-6, 1e-6, 1e-6]
        case .nanAbsoluteTolerancesEntry: o.absoluteTolerances = [1e-6, .nan]
        case .zeroInitialStep: o.initialStep = 0
        case .zeroMaximumStep: o.maximumStep = 0
        case .zeroMaximumSteps: o.maximumSteps = 0
        case .orderSix: o.maximumOrder = 6
        case .negativeFixedStep: o.fixedStepSize = -0.1
        case .wrongRightHandSideLength:
            _ = try solveODE(WrongCount(), from: t0, initialValue: y0, at: times, method: method, options: o)
            return
        }
        _ = try solveODE(LimitCycle(), from: t0, initialValue: y0, parameters: p, at: times,
                         method: method, options: o)
    }
}

/// Every failure is a typed `ODEFailure` naming what went wrong — never a trap.
@Suite("Typed failures")
struct FailureTests {
    /// Unusable input is `.invalidInput` with a one-line message naming the culprit, before any
    /// step is taken.
    @Test(arguments: BadInput.allCases, ODEMethod.allCases)
    func badInputIsReported(input: BadInput, method: ODEMethod) {
        #expect(BadInput.allCases.count == 19)
        do {
            try input.run(method)
            Issue.record("\(input) was accepted")
        } catch {
            guard case .invalidInput(let message) = error.reason else {
                Issue.record("\(input): \(error)")
                return
            }
            #expect(message.contains(input.keyword), "\(message)")
            #expect(!message.contains("\n"))
            #expect(error.statistics.steps == 0)
        }
    }

    /// `y′ = y²`, `y(0) = 1` blows up at t = 1: the step size collapses there and the solver
    /// reports it (step size too small, or non-finite values) instead of looping or trapping.
    /// An implicit method may step just past the pole before collapsing, hence the window.
    @Test(arguments: ODEMethod.allCases)
    func blowUpStopsNearThePole(method: ODEMethod) {
        do {
            _ = try solveODE(BlowUp(), from: 0, initialValue: [1.0], at: [2], method: method)
            Issue.record("integrated through the pole")
        } catch {
            switch error.reason {
            case .stepSizeTooSmall, .nonFiniteValue: break
            default: Issue.record("\(error)")
            }
            #expect(error.time > 0.99 && error.time < 1.01, "\(error)")
            #expect(error.description.contains("stopped at"))
        }
    }

    /// A right-hand side that returns NaN from t = 0.5 on: `.nonFiniteValue` at t ≈ 0.5.
    @Test(arguments: ODEMethod.allCases)
    func nonFiniteRightHandSideIsReported(method: ODEMethod) {
        do {
            _ = try solveODE(NaNAfterHalf(), from: 0, initialValue: [1.0], at: [0.25, 1], method: method)
            Issue.record("integrated through NaN")
        } catch {
            #expect(error.reason == .nonFiniteValue)
            #expect(abs(error.time - 0.5) < 1e-6, "\(error)")
            #expect(error.completedOutputs == 1)
        }
    }

    /// NaN at the initial point: `.nonFiniteValue` at t0 at once.
    @Test(arguments: ODEMethod.allCases)
    func nonFiniteAtTheStartIsReported(method: ODEMethod) {
        do {
            _ = try solveODE(NaNAfterHalf(), from: 1, initialValue: [1.0], at: [2], method: method)
            Issue.record("accepted NaN at t0")
        } catch {
            #expect(error.reason == .nonFiniteValue)
            #expect(error.time == 1)
        }
    }

    /// `y′ = √y + 1` at y = 0: f is finite but ∂f/∂y = +∞, so the implicit methods' iteration
    /// matrix cannot be factored for any step: `.singularMatrix` after five tries. The explicit
    /// method needs no Jacobian and integrates it.
    @Test(arguments: ODEMethod.allCases)
    func infiniteJacobianIsASingularMatrix(method: ODEMethod) throws {
        if method == .dormandPrince {
            let sol = try solveODE(SquareRootRHS(), from: 0, initialValue: [0.0], at: [1], method: method)
            #expect(sol.values[0][0] > 1)   // y ≥ t
            return
        }
        do {
            _ = try solveODE(SquareRootRHS(), from: 0, initialValue: [0.0], at: [1], method: method)
            Issue.record("factored an infinite Jacobian")
        } catch {
            #expect(error.reason == .singularMatrix)
            #expect(error.statistics.luDecompositions == 5)
        }
    }

    /// With a fixed step of 10 the implicit methods cannot follow van der Pol's jump (Newton
    /// diverges) and cannot shrink the step: `.newtonFailure`, having got no further than the
    /// first jump near t ≈ 807.
    @Test(arguments: [ODEMethod.radau5, .bdf])
    func fixedStepNewtonFailureIsReported(method: ODEMethod) {
        typealias P = ODEProblems.VanDerPol
        do {
            _ = try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: [1000], at: [3000],
                             method: method, options: ODEOptions(fixedStepSize: 10))
            Issue.record("followed the jump with a fixed step of 10")
        } catch {
            #expect(error.reason == .newtonFailure)
            #expect(error.time <= 810, "\(error)")
            #expect(error.statistics.newtonFailures == 1)
        }
    }

    /// The step cap stops any method with `.maximumStepsReached`, exactly at the cap.
    @Test(arguments: ODEMethod.allCases)
    func stepCapIsReported(method: ODEMethod) {
        do {
            _ = try solveODE(LimitCycle(), from: 0, initialValue: LimitCycle.exact(0), at: [0.001, 100],
                             method: method, options: ODEOptions(maximumSteps: 5))
            Issue.record("reached t = 100 in 5 steps")
        } catch {
            #expect(error.reason == .maximumStepsReached(5))
            #expect(error.statistics.steps == 5)
            #expect(error.completedOutputs == 1)
        }
    }

    /// A step limit behind the current time is invalid input; a limit equal to it is a no-op.
    @Test func stepLimitBehindIsInvalid() throws {
        var dp = try DormandPrince(LimitCycle(), from: 1, initialValue: LimitCycle.exact(0), toward: 2,
                                   options: ODEOptions())
        try dp.step(toward: 1)
        #expect(dp.statistics.steps == 0)
        #expect(throws: ODEFailure.self) { try dp.step(toward: 0.5) }
        #expect(throws: ODEFailure.self) { try dp.step(toward: .nan) }
    }
}

/// Degenerate but valid problems, other scalars, and integration backward in time.
@Suite("Edge cases")
struct EdgeCaseTests {
    @Test(arguments: ODEMethod.allCases)
    func noOutputTimesGiveAnEmptySolution(method: ODEMethod) throws {
        let sol = try solveODE(LimitCycle(), from: 0, initialValue: [1.0, 0], at: [], method: method)
        #expect(sol.values.isEmpty && sol.times.isEmpty && sol.statistics.steps == 0)
    }

    /// Output times equal to t0 return y0 exactly, without a step.
    @Test(arguments: ODEMethod.allCases)
    func outputsAtTheStartAreTheInitialValue(method: ODEMethod) throws {
        let sol = try solveODE(LimitCycle(), from: 3, initialValue: [0.25, -0.5], at: [3, 3], method: method)
        #expect(sol.values == [[0.25, -0.5], [0.25, -0.5]])
        #expect(sol.statistics.steps == 0)
    }

    /// A system of zero equations has empty states at every time.
    @Test(arguments: ODEMethod.allCases)
    func zeroEquations(method: ODEMethod) throws {
        let sol = try solveODE(LinearDecay(), from: 0, initialValue: [Double](), parameters: [1],
                               at: [1, 2], method: method)
        #expect(sol.values == [[], []])
    }

    /// Integrating backward (times below t0) from the exact value at 2 recovers the exact
    /// solution at 1, 0.5 and 0 (repeated times allowed) to 1e-6.
    @Test(arguments: ODEMethod.allCases)
    func backwardIntegration(method: ODEMethod) throws {
        let times = [1.0, 0.5, 0.5, 0]
        let sol = try solveODE(LimitCycle(), from: 2, initialValue: LimitCycle.exact(2), at: times,
                               method: method,
                               options: ODEOptions(relativeTolerance: 1e-9, absoluteTolerance: 1e-11))
        try #require(sol.values.count == 4)
        for (k, t) in times.enumerated() {
            #expect(maxRelativeError(sol.values[k], LimitCycle.exact(t), floor: 1) < 1e-6, "t = \(t)")
        }
    }

    /// `Float` states integrate too (tolerances within Float's precision): y′ = −y to 1e-4.
    @Test(arguments: ODEMethod.allCases)
    func floatState(method: ODEMethod) throws {
        let sol = try solveODE(LinearDecay(), from: 0, initialValue: [Float(1)], parameters: [-1],
                               at: [1, 2], method: method,
                               options: ODEOptions(relativeTolerance: 1e-5, absoluteTolerance: 1e-7))
        #expect(abs(Double(sol.values[0][0]) - Double.exp(-1)) < 1e-4)
        #expect(abs(Double(sol.values[1][0]) - Double.exp(-2)) < 1e-4)
    }

    /// The statistics add up: every attempted step is accepted or rejected.
    @Test(arguments: ODEMethod.allCases)
    func statisticsAddUp(method: ODEMethod) throws {
        typealias P = ODEProblems.VanDerPol
        let sol = try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: [10], at: [20],
                               method: method)
        let s = sol.statistics
        #expect(s.steps == s.acceptedSteps + s.rejectedSteps)
        #expect(s.functionEvaluations >= s.acceptedSteps)
        #expect(s.newtonFailures <= s.rejectedSteps)
        if method == .dormandPrince {
            #expect(s.jacobianEvaluations == 0 && s.luDecompositions == 0 && s.newtonIterations == 0)
        } else {
            // n = 2: each Jacobian is one sweep of 2-direction duals.
            #expect(s.jacobianFunctionEvaluations == s.jacobianEvaluations && s.jacobianEvaluations > 0)
        }
        #expect(s.description.hasPrefix("steps=\(s.steps) accepted=\(s.acceptedSteps)"))
    }

    /// Pure relative control (atol = 0) works on a component that never vanishes (to 1e-5
    /// relative at rtol 1e-6), and on Robertson (components starting at exactly 0) it ends in a
    /// typed failure for the implicit methods — their Newton norm weights zero components by 0 —
    /// or succeeds (Dormand–Prince weights by max(|y|, |ŷ|)): never a trap or NaN.
    @Test(arguments: ODEMethod.allCases)
    func zeroAbsoluteTolerance(method: ODEMethod) throws {
        let options = ODEOptions(relativeTolerance: 1e-6, absoluteTolerance: 0)
        let decay = try solveODE(LinearDecay(), from: 0, initialValue: [1.0], parameters: [-1],
                                 at: [1, 10], method: method, options: options)
        #expect(isClose(decay.values[1][0], Double.exp(-10), relative: 1e-4))
        typealias P = ODEProblems.Robertson
        do {
            let sol = try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: P.parameters,
                                   at: [1], method: method, options: options)
            #expect(sol.values[0].allSatisfy { $0.isFinite && $0 >= 0 })
        } catch {
            #expect(method != .dormandPrince)
            switch error.reason {
            case .newtonFailure, .stepSizeTooSmall: break
            default: Issue.record("\(error)")
            }
        }
    }
}
