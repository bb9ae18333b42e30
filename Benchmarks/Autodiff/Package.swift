// swift-tools-version: 6.1
import PackageDescription

// Autodiff benchmark: gradients, forward derivatives and tape cost against Swift's
// `_Differentiation` and JAX, timed in the same run (Benchmarks/ad.sh, or `Benchmarks/run.sh ad`).
// Its own package, built in release mode, depending on the parent package by path.
let package = Package(
    name: "AutodiffBenchmark",
    dependencies: [
        .package(name: "Mixtape", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "AutodiffBenchmark",
            dependencies: [
                .product(name: "Autodiff", package: "Mixtape"),  // re-exports RealModule
                .product(name: "AutodiffExamples", package: "Mixtape"),
            ],
            swiftSettings: [.unsafeFlags(["-cross-module-optimization", "-Ounchecked"])]),
    ]
)
