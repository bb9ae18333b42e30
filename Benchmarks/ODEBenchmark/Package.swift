// swift-tools-version: 6.1
// ODE benchmark: steps, evaluations and time of Mixtape's integrators on stiff test problems
// (ode.sh, or `Benchmarks/run.sh ode`). Its own package, built in release mode, depending on the
// parent package by path.
import PackageDescription

let package = Package(
    name: "ODEBenchmark",
    dependencies: [.package(name: "Mixtape", path: "../..")],
    targets: [
        .executableTarget(
            name: "ode-bench",
            dependencies: [.product(name: "ODE", package: "Mixtape")],
            swiftSettings: [.unsafeFlags(["-cross-module-optimization"])]),
    ]
)
