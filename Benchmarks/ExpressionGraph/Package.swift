// swift-tools-version: 6.1
import PackageDescription

// ExpressionGraph benchmark: parse, evaluate and both sweeps of a generated expression of n
// operations, against Autodiff's tape on the same function in the same run
// (Benchmarks/expression.sh, or `Benchmarks/run.sh expression`). Its own package, built in
// release mode, depending on the parent package by path.
let package = Package(
    name: "ExpressionGraphBenchmark",
    dependencies: [
        .package(name: "Mixtape", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "ExpressionGraphBenchmark",
            dependencies: [
                .product(name: "ExpressionGraph", package: "Mixtape"),
                .product(name: "Autodiff", package: "Mixtape"),
            ],
            swiftSettings: [.unsafeFlags(["-cross-module-optimization"])]),
    ]
)
