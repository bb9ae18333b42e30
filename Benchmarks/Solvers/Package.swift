// swift-tools-version: 6.1
// Solver benchmarks (mgh.sh, gmm-gradient.sh, solvers.sh): every minimiser on the Moré–Garbow–Hillstrom
// problems, Gaussian mixtures by L-BFGS against EM, and the runs compared with SciPy.
import PackageDescription

let package = Package(
    name: "SolversBenchmark",
    dependencies: [.package(name: "Mixtape", path: "../..")],
    targets: [
        .executableTarget(
            name: "solvers-bench",
            dependencies: [
                .product(name: "Optimization", package: "Mixtape"),
                .product(name: "OptimizationProblems", package: "Mixtape"),
                .product(name: "Mixture", package: "Mixtape"),
                .product(name: "MixtureGradient", package: "Mixtape"),
                .product(name: "ODE", package: "Mixtape"),
            ],
            swiftSettings: [.unsafeFlags(["-cross-module-optimization"])]),
    ]
)
