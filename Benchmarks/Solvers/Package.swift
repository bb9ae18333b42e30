// swift-tools-version: 6.1
// Solver benchmarks (mgh.sh, gmm-gradient.sh): every minimiser on the Moré–Garbow–Hillstrom problems,
// and Gaussian mixtures by L-BFGS against EM.
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
            ],
            swiftSettings: [.unsafeFlags(["-cross-module-optimization"])]),
    ]
)
