// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live apart from the tests (STYLE.md): their own package, built in release mode by
// run.sh, depending on the parent package by path. Each suite is its own executable target.
let package = Package(
    name: "MixtapeBenchmarks",
    dependencies: [
        .package(name: "Mixtape", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "AutodiffBenchmark",
            dependencies: [.product(name: "Autodiff", package: "Mixtape")],  // re-exports RealModule
            swiftSettings: [.unsafeFlags(["-cross-module-optimization", "-Ounchecked"])]),
    ]
)
