import Autodiff
import ODE

/// `r′ = r(1 − r²)`, `θ′ = 1` in Cartesian form:
/// `y₁′ = −y₂ + y₁(1 − y₁² − y₂²)`, `y₂′ = y₁ + y₂(1 − y₁² − y₂²)`.
/// Nonlinear, with the exact solution `r(t) = 1/√(1 + (1/r₀² − 1)e^{−2t})`, `θ(t) = θ₀ + t`.
struct LimitCycle: ODEFunction {
    func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] {
        let s = 1 - y[0] * y[0] - y[1] * y[1]
        return [-y[1] + y[0] * s, y[0] + y[1] * s]
    }

    /// The exact solution from `y(0) = (r₀, 0)`.
    static func exact(_ t: Double, r0: Double = 0.5) -> [Double] {
        let r = 1 / (1 + (1 / (r0 * r0) - 1) * Double.exp(-2 * t)).squareRoot()
        return [r * Double.cos(t), r * Double.sin(t)]
    }
}

/// `y′ = λ y` with `λ = p[0]`, for every component: `y(t) = y₀ e^{λt}`.
struct LinearDecay: ODEFunction {
    func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] { y.map { p[0] * $0 } }
}

/// `y′ = y²`, `y(0) = 1`: `y = 1/(1 − t)` blows up at `t = 1`.
struct BlowUp: ODEFunction {
    func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] { [y[0] * y[0]] }
}

/// `y′ = −y` until `t = 0.5`, NaN after.
struct NaNAfterHalf: ODEFunction {
    func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] {
        [t > lift(0.5) ? T.nan : -y[0]]
    }
}

/// `y′ = √y + 1`: finite at `y = 0`, but `∂f/∂y = +∞` there.
struct SquareRootRHS: ODEFunction {
    func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] { [T.sqrt(y[0]) + 1] }
}

/// Returns one value for a two-equation system.
struct WrongCount: ODEFunction {
    func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] { [y[0]] }
}

/// Lotka–Volterra with its forward variational equations, written by hand (independent of AD):
/// state `(x, y, S)` with `S = ∂(x, y)/∂(α, β, γ, δ)` row-major, `S′ = J S + ∂f/∂p`,
/// `J = [[α − βy, −βx], [δy, δx − γ]]`, `∂f/∂p = [[x, −xy, 0, 0], [0, 0, −y, xy]]`.
struct LotkaVolterraVariational: ODEFunction {
    func callAsFunction<T: Real>(_ t: T, _ u: [T], _ p: [T]) -> [T] {
        let (a, b, g, d) = (p[0], p[1], p[2], p[3])
        let x = u[0], y = u[1]
        let j = [[a - b * y, -b * x], [d * y, d * x - g]]
        let fp: [[T]] = [[x, -x * y, 0, 0], [0, 0, -y, x * y]]
        var out = [a * x - b * x * y, d * x * y - g * y]
        for i in 0..<2 {
            for k in 0..<4 {
                out.append(j[i][0] * u[2 + k] + j[i][1] * u[6 + k] + fp[i][k])
            }
        }
        return out
    }
}

/// log₂(e₁/e₂): the observed order when the step is halved from e₁ to e₂.
func observedOrder(_ coarse: Double, _ fine: Double) -> Double { Double.log2(coarse / fine) }

/// The largest `|a − b| / max(|b|, floor)` over paired entries.
func maxRelativeError(_ a: [Double], _ b: [Double], floor: Double = 0) -> Double {
    zip(a, b).map { Swift.abs($0 - $1) / Swift.max(Swift.abs($1), floor) }.max() ?? 0
}
