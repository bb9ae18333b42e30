// swift-tools-version: 6.1
// GMM benchmark: EM iterations of Mixtape against scikit-learn, timed in the same run (gmm.sh).
import PackageDescription

let package = Package(
    name: "GMMBenchmark",
    dependencies: [.package(name: "Mixtape", path: "../..")],
    targets: [
        .executableTarget(
            name: "gmm-bench",
            dependencies: [.product(name: "Mixture", package: "Mixtape")],
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-cross-module-optimization"])]),
    ]
)
