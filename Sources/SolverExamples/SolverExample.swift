/// The applications of automatic differentiation that `mixtape examples <name>` runs: each
/// computes its result with the library, summarises it in a few lines and draws one figure.
///
/// ```swift
/// let report = try SolverExample.robertson.run()
/// report.lines.forEach { print($0) }
/// try report.figure.write(toFile: report.figureName, atomically: true, encoding: .utf8)
/// ```
public enum SolverExample: String, CaseIterable, Sendable {
    /// Newton's method on a 2×2 nonlinear system: quadratic convergence.
    case newton
    /// Rosenbrock's function from (−1.2, 1) by every minimiser.
    case rosenbrock
    /// Robertson's stiff chemical kinetics by Radau IIA and BDF against Dormand–Prince.
    case robertson
    /// The van der Pol oscillator with μ = 1000 by the implicit methods.
    case vanderpol
    /// The Lotka–Volterra inverse problem: rates from noisy data.
    case lotkaVolterra = "lotka-volterra"
    /// A multilayer perceptron trained by reverse mode on two moons.
    case mlp
    /// A Gaussian mixture fitted by L-BFGS against EM.
    case gmmGradient = "gmm-gradient"

    /// The example's name on the command line.
    public var name: String { rawValue }

    /// One line saying what the example shows.
    public var summary: String {
        switch self {
        case .newton: "Newton's method for F(x) = 0 with the Jacobian by AD: quadratic convergence"
        case .rosenbrock: "Rosenbrock's function by gd, BFGS, L-BFGS, Newton (AD Hessian), trust-region Newton"
        case .robertson: "stiff chemistry: Radau IIA and BDF (AD Jacobian) vs the reference and Dormand–Prince"
        case .vanderpol: "van der Pol, μ = 1000: implicit methods take thousands of steps, explicit millions"
        case .lotkaVolterra: "inverse problem: Lotka–Volterra rates by Levenberg–Marquardt, AD through the integrator"
        case .mlp: "a 2–8–8–2 network trained by reverse mode and Adam on two moons"
        case .gmmGradient: "a Gaussian mixture by L-BFGS on the AD gradient against EM, Old Faithful"
        }
    }

    /// Runs the example.
    /// - Parameter seed: the seed of the examples that draw random numbers (`lotka-volterra`, `mlp`).
    /// - Throws: ``ExampleError`` when a solver fails (none does with the built-in settings).
    /// - Complexity: well under a second each in a release build; `mlp` and `vanderpol` take the longest.
    public func run(seed: UInt64 = 0) throws(ExampleError) -> ExampleReport {
        switch self {
        case .newton: try NewtonExample.run()
        case .rosenbrock: RosenbrockExample.run()
        case .robertson: try RobertsonExample.run()
        case .vanderpol: try VanDerPolExample.run()
        case .lotkaVolterra: try LotkaVolterraExample.run(seed: seed)
        case .mlp: try MLPExample.run(seed: seed)
        case .gmmGradient: try GMMGradientExample.run()
        }
    }
}

/// What an example prints and draws.
public struct ExampleReport: Sendable {
    /// The example.
    public var example: SolverExample
    /// The summary, a few lines of text.
    public var lines: [String]
    /// The figure, an SVG document.
    public var figure: String

    /// The figure's file name, `<name>.svg`.
    public var figureName: String { "\(example.name).svg" }

    /// A report from its parts.
    public init(example: SolverExample, lines: [String], figure: String) {
        self.example = example
        self.lines = lines
        self.figure = figure
    }
}

/// Why an example could not finish: the failing solver's message.
public struct ExampleError: Error, Sendable, CustomStringConvertible {
    /// One line naming the example and the failure.
    public var description: String

    /// An error with its message.
    public init(_ description: String) { self.description = description }
}
