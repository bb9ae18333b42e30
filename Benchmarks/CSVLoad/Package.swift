// swift-tools-version: 6.1
// Times DataIO's CSV reader on a generated 1,000,000 × 10 file. Kept apart from `swift test`;
// run it with ../csv.sh, which also times NumPy and pandas on the same file.
import PackageDescription

let package = Package(
    name: "CSVLoad",
    dependencies: [.package(name: "Mixtape", path: "../..")],
    targets: [
        .executableTarget(name: "CSVLoad", dependencies: [.product(name: "DataIO", package: "Mixtape")]),
    ]
)
