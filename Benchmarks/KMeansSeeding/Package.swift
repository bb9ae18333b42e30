// swift-tools-version: 6.1
// k-means++ seeding benchmark: Mixtape's vectorised, parallel seeding against the plain
// row-by-row seeding it replaced (kept here as the peer), timed in the same run
// (../kmeans-seeding.sh). Built with the package's own settings (no extra flags), as a user builds it.
import PackageDescription

let package = Package(
    name: "KMeansSeedingBenchmark",
    dependencies: [.package(name: "Mixtape", path: "../..")],
    targets: [
        .executableTarget(
            name: "kmeanspp-bench",
            dependencies: [.product(name: "Mixture", package: "Mixtape")]),
    ]
)
