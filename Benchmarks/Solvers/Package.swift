// swift-tools-version: 6.1
// Optimization benchmark: every minimiser on the Moré–Garbow–Hillstrom problems (optimization.sh).
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
            ],
            swiftSettings: [.unsafeFlags(["-cross-module-optimization"])]),
    ]
)
