// swift-tools-version: 6.1
// GMM benchmark: EM iterations of Mixtape against scikit-learn, timed in the same run (gmm.sh).
import PackageDescription

let package = Package(
    name: "GMMBenchmark",
    dependencies: [.package(name: "Mixtape", path: "../..")],
    targets: [
        .executableTarget(
            name: "gmm-bench",
            // No flags of its own: the library is measured as `swift build -c release` builds it
            // for a user (Mixtape's own settings, the same as the shipped `mixtape`).
            dependencies: [.product(name: "Mixture", package: "Mixtape")]),
    ]
)
