// swift-tools-version: 6.1
// k-means benchmarks: Mixtape's KMeans fit against scikit-learn's, timed in the same run
// (../kmeans.sh), and k-means++ seeding against the row-by-row seeding it replaced
// (../kmeans-seeding.sh). Built with the package's own settings (no extra flags), as a user builds it.
import PackageDescription

let package = Package(
    name: "KMeansBenchmark",
    dependencies: [.package(name: "Mixtape", path: "../..")],
    targets: [
        .executableTarget(
            name: "kmeans-bench",
            dependencies: [.product(name: "Mixture", package: "Mixtape")]),
        .executableTarget(
            name: "kmeanspp-bench",
            dependencies: [.product(name: "Mixture", package: "Mixtape")]),
    ]
)
