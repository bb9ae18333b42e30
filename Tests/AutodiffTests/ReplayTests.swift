import Autodiff
import RealModule
import Testing
import TestSupport

@Suite("Taped functions: replay and control-flow detection")
struct ReplayTests {
    static func branchy(_ x: [Variable]) -> [Variable] {
        if x[0] > 0 {
            return [x[0] * x[1], Variable.exp(x[1])]
        } else {
            return [Variable.sin(x[1]) * x[0], x[0] * x[0]]
        }
    }

    /// Same branch: replay reports an unchanged control flow and the Jacobian is the one at the
    /// new point. Other branch: the change is detected, and the Jacobian is that of the branch
    /// actually taken (never the old one). Exact polynomial/elementary partials: 1e-14.
    @Test func replayDetectsBranchChanges() {
        let taped = TapedFunction(at: [1, 2], Self.branchy)
        #expect(taped.replay(at: [3, -1]))
        var j = taped.jacobian()
        #expect(j[0] == [-1, 3] && isClose(j[1][1], Double.exp(-1), relative: 1e-14))
        #expect(taped.values[0] == -3)
        #expect(!taped.replay(at: [-2, 0.5]))
        #expect(taped.controlFlowChanges == 1)
        j = taped.jacobian()
        #expect(isClose(j[0][0], Double.sin(0.5), relative: 1e-14))
        #expect(isClose(j[0][1], -2 * Double.cos(0.5), relative: 1e-14))
        #expect(j[1] == [-4, 0])
        #expect(taped.replay(at: [-1, 0.1]))   // the new branch is now the reference
        let u = [2.0, -3]
        let v = taped.vjp(cotangent: u)
        let jj = taped.jacobian()
        #expect(isClose(v[0], 2 * jj[0][0] - 3 * jj[1][0], relative: 1e-14))
    }

    /// A change in loop trip count (same comparisons so far, different tape length) is detected.
    @Test func replayDetectsLoopLengthChange() {
        let taped = TapedFunction(at: [0.5]) { x in
            var y = x[0]
            var k = 0
            while y < Variable(10) && k < 100 { y = y * 2; k += 1 }
            return [y]
        }
        #expect(taped.jacobian() == [[32]])        // 0.5 → 16 after 5 doublings
        #expect(taped.replay(at: [0.6]))            // 0.6 → 19.2, also 5 doublings
        #expect(!taped.replay(at: [3]))             // 3 → 12 after 2 doublings
        #expect(taped.jacobian() == [[4]])
    }

    /// A function with vector nodes (sum, logSumExp, matrixVector) replays as unchanged at a new
    /// point, and its replayed Jacobian equals a fresh reverse Jacobian there.
    @Test func replayWithVectorNodes() {
        func f(_ x: [Variable]) -> [Variable] {
            let m = matrixVector([1, 2, 3, 4, 5, 6], rows: 2, columns: 3, x)
            return [sum(x) * logSumExp(m), dot(m, [x[0], x[1]])]
        }
        let taped = TapedFunction(at: [0.1, 0.2, 0.3], f)
        #expect(taped.replay(at: [0.4, -0.5, 0.6]))
        #expect(taped.replay(at: [0.3, 0.5, -0.2]))
        let fresh = reverseJacobian(of: f, at: [0.3, 0.5, -0.2])
        let j = taped.jacobian()
        for r in 0..<2 { #expect(allClose(j[r], fresh[r], relative: 1e-14)) }
        #expect(taped.controlFlowChanges == 0)
    }
}

