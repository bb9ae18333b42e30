import Autodiff

/// Problems of the Moré–Garbow–Hillstrom collection — J. J. Moré, B. S. Garbow and
/// K. E. Hillstrom, "Testing unconstrained optimization software", ACM Transactions on
/// Mathematical Software 7(1), 17–41 (1981) — as residual maps `r: ℝⁿ → ℝᵐ` written once over
/// `Real`, with the paper's standard starting points and published minimum values of
/// `f = Σ rᵢ²`. The case numbers follow the paper (problem 1 is Rosenbrock's).
///
/// Shared by the Optimization tests, the benchmark harness and the examples, as
/// `AutodiffExamples` is for Autodiff.
///
/// ```swift
/// let p = MGHProblem.helicalValley
/// let r = minimize(SumOfSquares(p), from: p.start, method: .bfgs)
/// r.value                  // ≈ 0 = p.minimum
/// ```
public enum MGHProblem: VectorFunction, Hashable, Sendable, CustomStringConvertible {
    /// 1. Rosenbrock, n = m = 2.
    case rosenbrock
    /// 2. Freudenstein and Roth, n = m = 2.
    case freudensteinRoth
    /// 3. Powell badly scaled, n = m = 2.
    case powellBadlyScaled
    /// 4. Brown badly scaled, n = 2, m = 3.
    case brownBadlyScaled
    /// 5. Beale, n = 2, m = 3.
    case beale
    /// 6. Jennrich and Sampson, n = 2, m = 10.
    case jennrichSampson
    /// 7. Helical valley, n = m = 3.
    case helicalValley
    /// 8. Bard, n = 3, m = 15.
    case bard
    /// 9. Gaussian, n = 3, m = 15.
    case gaussian
    /// 10. Meyer, n = 3, m = 16.
    case meyer
    /// 11. Gulf research and development, n = 3, m = 99.
    case gulfResearch
    /// 12. Box three-dimensional, n = 3, m = 10.
    case box3D
    /// 13. Powell singular, n = m = 4.
    case powellSingular
    /// 14. Wood, n = 4, m = 6.
    case wood
    /// 15. Kowalik and Osborne, n = 4, m = 11.
    case kowalikOsborne
    /// 16. Brown and Dennis, n = 4, m = 20.
    case brownDennis
    /// 17. Osborne 1, n = 5, m = 33.
    case osborne1
    /// 18. Biggs EXP6, n = 6, m = 13.
    case biggsEXP6
    /// 19. Osborne 2, n = 11, m = 65.
    case osborne2
    /// 20. Watson, 2 ≤ n ≤ 31, m = 31.
    case watson(n: Int)
    /// 21. Extended Rosenbrock, n even, m = n.
    case extendedRosenbrock(n: Int)
    /// 22. Extended Powell singular, n a multiple of 4, m = n.
    case extendedPowellSingular(n: Int)
    /// 23. Penalty I, m = n + 1.
    case penaltyI(n: Int)
    /// 24. Penalty II, m = 2n.
    case penaltyII(n: Int)
    /// 25. Variably dimensioned, m = n + 2.
    case variablyDimensioned(n: Int)
    /// 26. Trigonometric, m = n.
    case trigonometric(n: Int)
    /// 27. Brown almost-linear, m = n.
    case brownAlmostLinear(n: Int)
    /// 28. Discrete boundary value, m = n.
    case discreteBoundaryValue(n: Int)
    /// 30. Broyden tridiagonal, m = n.
    case broydenTridiagonal(n: Int)
    /// 35. Chebyquad, m = n.
    case chebyquad(n: Int)

    /// The problems the tests and the benchmark table run, in the paper's order: 1–18, Watson
    /// (n = 6, 9), extended Rosenbrock (n = 1000), extended Powell singular (n = 40), Penalty I
    /// and II (n = 4, 10), variably dimensioned (n = 10), trigonometric (n = 10) and Chebyquad
    /// (n = 8).
    public static let standardSet: [MGHProblem] = [
        .rosenbrock, .freudensteinRoth, .powellBadlyScaled, .brownBadlyScaled, .beale, .jennrichSampson,
        .helicalValley, .bard, .gaussian, .meyer, .gulfResearch, .box3D, .powellSingular, .wood,
        .kowalikOsborne, .brownDennis, .osborne1, .biggsEXP6, .osborne2, .watson(n: 6), .watson(n: 9),
        .extendedRosenbrock(n: 1000), .extendedPowellSingular(n: 40), .penaltyI(n: 4), .penaltyI(n: 10),
        .penaltyII(n: 4), .penaltyII(n: 10), .variablyDimensioned(n: 10), .trigonometric(n: 10),
        .chebyquad(n: 8),
    ]

    /// Square systems (m = n) with a root (published minimum 0), for Newton's method on F(x) = 0.
    /// (Brown almost-linear is left out: from its standard start the damped Newton iterates land
    /// where its Jacobian is singular.)
    public static let squareSystems: [MGHProblem] = [
        .rosenbrock, .powellBadlyScaled, .helicalValley, .powellSingular, .extendedRosenbrock(n: 100),
        .discreteBoundaryValue(n: 10), .broydenTridiagonal(n: 10), .trigonometric(n: 5),
    ]

    /// The problem's number in the paper.
    public var number: Int {
        switch self {
        case .rosenbrock: 1
        case .freudensteinRoth: 2
        case .powellBadlyScaled: 3
        case .brownBadlyScaled: 4
        case .beale: 5
        case .jennrichSampson: 6
        case .helicalValley: 7
        case .bard: 8
        case .gaussian: 9
        case .meyer: 10
        case .gulfResearch: 11
        case .box3D: 12
        case .powellSingular: 13
        case .wood: 14
        case .kowalikOsborne: 15
        case .brownDennis: 16
        case .osborne1: 17
        case .biggsEXP6: 18
        case .osborne2: 19
        case .watson: 20
        case .extendedRosenbrock: 21
        case .extendedPowellSingular: 22
        case .penaltyI: 23
        case .penaltyII: 24
        case .variablyDimensioned: 25
        case .trigonometric: 26
        case .brownAlmostLinear: 27
        case .discreteBoundaryValue: 28
        case .broydenTridiagonal: 30
        case .chebyquad: 35
        }
    }

    /// A short name with the dimension where it varies (`watson-6`, `extended-rosenbrock-1000`).
    public var description: String {
        switch self {
        case .rosenbrock: "rosenbrock"
        case .freudensteinRoth: "freudenstein-roth"
        case .powellBadlyScaled: "powell-badly-scaled"
        case .brownBadlyScaled: "brown-badly-scaled"
        case .beale: "beale"
        case .jennrichSampson: "jennrich-sampson"
        case .helicalValley: "helical-valley"
        case .bard: "bard"
        case .gaussian: "gaussian"
        case .meyer: "meyer"
        case .gulfResearch: "gulf"
        case .box3D: "box-3d"
        case .powellSingular: "powell-singular"
        case .wood: "wood"
        case .kowalikOsborne: "kowalik-osborne"
        case .brownDennis: "brown-dennis"
        case .osborne1: "osborne-1"
        case .biggsEXP6: "biggs-exp6"
        case .osborne2: "osborne-2"
        case .watson(let n): "watson-\(n)"
        case .extendedRosenbrock(let n): "extended-rosenbrock-\(n)"
        case .extendedPowellSingular(let n): "extended-powell-\(n)"
        case .penaltyI(let n): "penalty-1-\(n)"
        case .penaltyII(let n): "penalty-2-\(n)"
        case .variablyDimensioned(let n): "variably-dimensioned-\(n)"
        case .trigonometric(let n): "trigonometric-\(n)"
        case .brownAlmostLinear(let n): "brown-almost-linear-\(n)"
        case .discreteBoundaryValue(let n): "discrete-boundary-\(n)"
        case .broydenTridiagonal(let n): "broyden-tridiagonal-\(n)"
        case .chebyquad(let n): "chebyquad-\(n)"
        }
    }

    /// n, the number of variables.
    public var variables: Int {
        switch self {
        case .rosenbrock, .freudensteinRoth, .powellBadlyScaled, .brownBadlyScaled, .beale, .jennrichSampson: 2
        case .helicalValley, .bard, .gaussian, .meyer, .gulfResearch, .box3D: 3
        case .powellSingular, .wood, .kowalikOsborne, .brownDennis: 4
        case .osborne1: 5
        case .biggsEXP6: 6
        case .osborne2: 11
        case .watson(let n), .extendedRosenbrock(let n), .extendedPowellSingular(let n), .penaltyI(let n),
             .penaltyII(let n), .variablyDimensioned(let n), .trigonometric(let n), .brownAlmostLinear(let n),
             .discreteBoundaryValue(let n), .broydenTridiagonal(let n), .chebyquad(let n): n
        }
    }

    /// m, the number of residuals.
    public var residualCount: Int {
        switch self {
        case .rosenbrock, .freudensteinRoth, .powellBadlyScaled: 2
        case .brownBadlyScaled, .beale, .helicalValley: 3
        case .jennrichSampson, .box3D: 10
        case .bard, .gaussian: 15
        case .meyer: 16
        case .gulfResearch: 99
        case .powellSingular: 4
        case .wood: 6
        case .kowalikOsborne: 11
        case .brownDennis: 20
        case .osborne1: 33
        case .biggsEXP6: 13
        case .osborne2: 65
        case .watson: 31
        case .penaltyI(let n): n + 1
        case .penaltyII(let n): 2 * n
        case .variablyDimensioned(let n): n + 2
        case .extendedRosenbrock(let n), .extendedPowellSingular(let n), .trigonometric(let n),
             .brownAlmostLinear(let n), .discreteBoundaryValue(let n), .broydenTridiagonal(let n),
             .chebyquad(let n): n
        }
    }

    /// The paper's standard starting point x₀.
    public var start: [Double] {
        switch self {
        case .rosenbrock: [-1.2, 1]
        case .freudensteinRoth: [0.5, -2]
        case .powellBadlyScaled: [0, 1]
        case .brownBadlyScaled: [1, 1]
        case .beale: [1, 1]
        case .jennrichSampson: [0.3, 0.4]
        case .helicalValley: [-1, 0, 0]
        case .bard: [1, 1, 1]
        case .gaussian: [0.4, 1, 0]
        case .meyer: [0.02, 4000, 250]
        case .gulfResearch: [5, 2.5, 0.15]
        case .box3D: [0, 10, 20]
        case .powellSingular: [3, -1, 0, 1]
        case .wood: [-3, -1, -3, -1]
        case .kowalikOsborne: [0.25, 0.39, 0.415, 0.39]
        case .brownDennis: [25, 5, -5, -1]
        case .osborne1: [0.5, 1.5, -1, 0.01, 0.02]
        case .biggsEXP6: [1, 2, 1, 1, 1, 1]
        case .osborne2: [1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5]
        case .watson(let n): [Double](repeating: 0, count: n)
        case .extendedRosenbrock(let n): (0..<n).map { $0 % 2 == 0 ? -1.2 : 1 }
        case .extendedPowellSingular(let n): (0..<n).map { [3, -1, 0, 1][$0 % 4] }
        case .penaltyI(let n): (1...n).map(Double.init)
        case .penaltyII(let n): [Double](repeating: 0.5, count: n)
        case .variablyDimensioned(let n): (1...n).map { 1 - Double($0) / Double(n) }
        case .trigonometric(let n): [Double](repeating: 1 / Double(n), count: n)
        case .brownAlmostLinear(let n): [Double](repeating: 0.5, count: n)
        case .discreteBoundaryValue(let n):
            (1...n).map { let t = Double($0) / Double(n + 1); return t * (t - 1) }
        case .broydenTridiagonal(let n): [Double](repeating: -1, count: n)
        case .chebyquad(let n): (1...n).map { Double($0) / Double(n + 1) }
        }
    }

    /// The published minimum value of f = Σ rᵢ² (the paper's "f = …", 6 significant digits),
    /// the one a local method reaches from ``start`` (see ``otherMinima`` for the alternatives
    /// the paper lists).
    public var minimum: Double {
        switch self {
        case .jennrichSampson: 124.362
        case .bard: 8.21487e-3
        case .gaussian: 1.12793e-8
        case .meyer: 87.9458
        case .kowalikOsborne: 3.07505e-4
        case .brownDennis: 85822.2
        case .osborne1: 5.46489e-5
        case .biggsEXP6: 5.65565e-3
        case .osborne2: 4.01377e-2
        case .watson(let n): n == 6 ? 2.28767e-3 : n == 9 ? 1.39976e-6 : n == 12 ? 4.72238e-10 : .nan
        case .penaltyI(let n): n == 4 ? 2.24997e-5 : n == 10 ? 7.08765e-5 : .nan
        case .penaltyII(let n): n == 4 ? 9.37629e-6 : n == 10 ? 2.93660e-4 : .nan
        case .trigonometric(let n): n == 10 ? 2.79506e-5 : 0
        case .chebyquad(let n): n == 8 ? 3.51687e-3 : n == 10 ? 6.50395e-3 : n < 8 || n == 9 ? 0 : .nan
        default: 0
        }
    }

    /// Other minimum values the paper lists for the problem (local minima, or the global one when
    /// ``minimum`` is a local one).
    public var otherMinima: [Double] {
        switch self {
        case .freudensteinRoth: [48.9842]
        case .bard: [17.4286]
        case .kowalikOsborne: [1.02734e-3]
        case .biggsEXP6: [0]
        case .trigonometric(let n): n == 10 ? [0] : []
        case .brownAlmostLinear: [1]
        default: []
        }
    }

    /// The residuals r(x) (MGH's fᵢ(x)).
    @inlinable
    public func callAsFunction<T: Real>(_ x: [T]) -> [T] {
        switch self {
        case .rosenbrock:
            return [10 * (x[1] - x[0] * x[0]), 1 - x[0]]
        case .freudensteinRoth:
            return [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1],
                    -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]]
        case .powellBadlyScaled:
            return [10_000 * x[0] * x[1] - 1, T.exp(-x[0]) + T.exp(-x[1]) - lift(1.0001)]
        case .brownBadlyScaled:
            return [x[0] - 1_000_000, x[1] - lift(2e-6), x[0] * x[1] - 2]
        case .beale:
            let y: [Double] = [1.5, 2.25, 2.625]
            var x2k = x[1]
            return (0..<3).map { i in
                defer { x2k = x2k * x[1] }
                return lift(y[i]) - x[0] * (1 - x2k)
            }
        case .jennrichSampson:
            return (1...10).map { i in
                let ti = T(i)
                return 2 + 2 * ti - (T.exp(ti * x[0]) + T.exp(ti * x[1]))
            }
        case .helicalValley:
            // θ = atan(x₂/x₁)/2π, plus ½ when x₁ < 0 (so θ is continuous across x₂ = 0 for x₁ < 0).
            var theta = T.atan(x[1] / x[0]) / (2 * T.pi)
            if x[0] < 0 { theta = theta + lift(0.5) }
            return [10 * (x[2] - 10 * theta), 10 * (T.sqrt(x[0] * x[0] + x[1] * x[1]) - 1), x[2]]
        case .bard:
            let y: [Double] = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34,
                               2.10, 4.39]
            return (1...15).map { i in
                let u = Double(i), v = Double(16 - i), w = Swift.min(u, v)
                return lift(y[i - 1]) - (x[0] + lift(u) / (lift(v) * x[1] + lift(w) * x[2]))
            }
        case .gaussian:
            let y: [Double] = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420,
                               0.1295, 0.0540, 0.0175, 0.0044, 0.0009]
            return (1...15).map { i in
                let t: T = lift((8 - Double(i)) / 2)
                let u = t - x[2]
                return x[0] * T.exp(-x[1] * u * u / 2) - lift(y[i - 1])
            }
        case .meyer:
            let y: [Double] = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147,
                               4427, 3820, 3307, 2872]
            return (1...16).map { i in
                let t = T(45 + 5 * i)
                return x[0] * T.exp(x[1] / (t + x[2])) - lift(y[i - 1])
            }
        case .gulfResearch:
            // The paper prints |yᵢ m i x₂|; the intended (and solvable, f = 0 at (50, 25, 1.5))
            // term is |yᵢ − x₂|.
            return (1...99).map { i in
                let t = Double(i) / 100
                let y = 25 + Double.pow(-50 * Double.log(t), 2.0 / 3)
                let a = Swift.abs(lift(y) - x[1])
                return T.exp(-T.pow(a, x[2]) / x[0]) - lift(t)
            }
        case .box3D:
            return (1...10).map { i in
                let t: T = lift(0.1 * Double(i))
                let c: Double = Double.exp(-0.1 * Double(i)) - Double.exp(-Double(i))
                return T.exp(-t * x[0]) - T.exp(-t * x[1]) - x[2] * lift(c)
            }
        case .powellSingular:
            let a = x[1] - 2 * x[2], b = x[0] - x[3]
            return [x[0] + 10 * x[1], T.sqrt(5) * (x[2] - x[3]), a * a, T.sqrt(10) * b * b]
        case .wood:
            return [10 * (x[1] - x[0] * x[0]), 1 - x[0], T.sqrt(90) * (x[3] - x[2] * x[2]), 1 - x[2],
                    T.sqrt(10) * (x[1] + x[3] - 2), (x[1] - x[3]) / T.sqrt(10)]
        case .kowalikOsborne:
            let y: [Double] = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235,
                               0.0246]
            let u: [Double] = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
            return (0..<11).map { i in
                let ui: T = lift(u[i])
                return lift(y[i]) - x[0] * (ui * ui + ui * x[1]) / (ui * ui + ui * x[2] + x[3])
            }
        case .brownDennis:
            return (1...20).map { i in
                let t = Double(i) / 5
                let a = x[0] + lift(t) * x[1] - lift(Double.exp(t))
                let b = x[2] + x[3] * lift(Double.sin(t)) - lift(Double.cos(t))
                return a * a + b * b
            }
        case .osborne1:
            let y: [Double] = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751,
                               0.718, 0.685, 0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490,
                               0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]
            return (0..<33).map { i in
                let t = T(10 * i)
                return lift(y[i]) - (x[0] + x[1] * T.exp(-t * x[3]) + x[2] * T.exp(-t * x[4]))
            }
        case .biggsEXP6:
            return (1...13).map { i in
                let t = 0.1 * Double(i)
                let y = Double.exp(-t) - 5 * Double.exp(-10 * t) + 3 * Double.exp(-4 * t)
                let tt: T = lift(t)
                return x[2] * T.exp(-tt * x[0]) - x[3] * T.exp(-tt * x[1]) + x[5] * T.exp(-tt * x[4]) - lift(y)
            }
        case .osborne2:
            let y: [Double] = [1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746,
                               0.679, 0.608, 0.655, 0.616, 0.606, 0.602, 0.626, 0.651, 0.724, 0.649, 0.649,
                               0.694, 0.644, 0.624, 0.661, 0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395,
                               0.375, 0.372, 0.391, 0.396, 0.405, 0.428, 0.429, 0.523, 0.562, 0.607, 0.653,
                               0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591, 0.559, 0.597, 0.625, 0.739,
                               0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054]
            return (0..<65).map { i in
                let t: T = lift(Double(i) / 10)
                let a = t - x[8], b = t - x[9], c = t - x[10]
                return lift(y[i]) - (x[0] * T.exp(-t * x[4]) + x[1] * T.exp(-a * a * x[5])
                                     + x[2] * T.exp(-b * b * x[6]) + x[3] * T.exp(-c * c * x[7]))
            }
        case .watson(let n):
            var r = [T]()
            r.reserveCapacity(31)
            for i in 1...29 {
                let t = Double(i) / 29
                var s1 = T.zero, s2 = T.zero
                var power = 1.0   // t^(j−1) for j = 1, …
                for j in 1...n {
                    if j >= 2 { s1 = s1 + lift(Double(j - 1) * power / t) * x[j - 1] }
                    s2 = s2 + lift(power) * x[j - 1]
                    power *= t
                }
                r.append(s1 - s2 * s2 - 1)
            }
            r.append(x[0])
            r.append(x[1] - x[0] * x[0] - 1)
            return r
        case .extendedRosenbrock(let n):
            var r = [T]()
            r.reserveCapacity(n)
            for i in stride(from: 0, to: n, by: 2) {
                r.append(10 * (x[i + 1] - x[i] * x[i]))
                r.append(1 - x[i])
            }
            return r
        case .extendedPowellSingular(let n):
            var r = [T]()
            r.reserveCapacity(n)
            let s5 = T.sqrt(5), s10 = T.sqrt(10)
            for i in stride(from: 0, to: n, by: 4) {
                let a = x[i + 1] - 2 * x[i + 2], b = x[i] - x[i + 3]
                r.append(x[i] + 10 * x[i + 1])
                r.append(s5 * (x[i + 2] - x[i + 3]))
                r.append(a * a)
                r.append(s10 * b * b)
            }
            return r
        case .penaltyI:
            let a = T.sqrt(lift(1e-5))
            var r = x.map { a * ($0 - 1) }
            r.append(dot(x, x) - lift(0.25))
            return r
        case .penaltyII(let n):
            let a = T.sqrt(lift(1e-5))
            let e = T.exp(-lift(0.1))
            var r = [x[0] - lift(0.2)]
            for i in 2...Swift.max(2, n) where i <= n {
                let y = Double.exp(Double(i) / 10) + Double.exp(Double(i - 1) / 10)
                r.append(a * (T.exp(x[i - 1] / 10) + T.exp(x[i - 2] / 10) - lift(y)))
            }
            for i in (n + 1)..<(2 * n) { r.append(a * (T.exp(x[i - n] / 10) - e)) }
            var s = T.zero
            for j in 1...n { s = s + T(n - j + 1) * x[j - 1] * x[j - 1] }
            r.append(s - 1)
            return r
        case .variablyDimensioned(let n):
            var r = x.map { $0 - 1 }
            var s = T.zero
            for j in 1...n { s = s + T(j) * (x[j - 1] - 1) }
            r.append(s)
            r.append(s * s)
            return r
        case .trigonometric(let n):
            var c = T.zero
            for v in x { c = c + T.cos(v) }
            return (1...n).map { i in
                let xi = x[i - 1]
                return T(n) - c + T(i) * (1 - T.cos(xi)) - T.sin(xi)
            }
        case .brownAlmostLinear(let n):
            let s = sum(x)
            var r = (0..<(n - 1)).map { x[$0] + s - T(n + 1) }
            var p: T = 1
            for v in x { p = p * v }
            r.append(p - 1)
            return r
        case .discreteBoundaryValue(let n):
            let h = 1 / Double(n + 1)
            return (0..<n).map { i in
                let t = Double(i + 1) * h
                let previous = i > 0 ? x[i - 1] : T.zero
                let next = i < n - 1 ? x[i + 1] : T.zero
                let u = x[i] + lift(t + 1)
                return 2 * x[i] - previous - next + lift(h * h / 2) * u * u * u
            }
        case .broydenTridiagonal(let n):
            return (0..<n).map { i in
                let previous = i > 0 ? x[i - 1] : T.zero
                let next = i < n - 1 ? x[i + 1] : T.zero
                return (3 - 2 * x[i]) * x[i] - previous - 2 * next + 1
            }
        case .chebyquad(let n):
            // rᵢ = (1/n)·Σⱼ Tᵢ(xⱼ) − ∫₀¹ Tᵢ, Tᵢ the Chebyshev polynomial shifted to [0, 1]
            // (by the recurrence Tᵢ₊₁ = 2(2x − 1)Tᵢ − Tᵢ₋₁); the integral is 0 for odd i and
            // −1/(i² − 1) for even i.
            var r = [T](repeating: .zero, count: n)
            for v in x {
                let y = 2 * v - 1
                var previous: T = 1, current = y
                for i in 1...n {
                    r[i - 1] = r[i - 1] + current
                    let next = 2 * y * current - previous
                    previous = current
                    current = next
                }
            }
            let scale = T(n)
            return (1...n).map { i in
                let integral: Double = i % 2 == 0 ? -1 / Double(i * i - 1) : 0
                return r[i - 1] / scale - lift(integral)
            }
        }
    }
}
