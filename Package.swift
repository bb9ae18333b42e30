// swift-tools-version: 6.2
import PackageDescription

// Release builds of numeric code: let the optimiser see through generics across modules
// (every hot generic entry point is also `@inlinable`, see STYLE.md). Tools version 6.2 is what
// lets SwiftPM accept this flag when Mixtape is a versioned dependency of another package; under
// 6.1 it refuses the whole package ("contains unsafe build flags").
let optimised: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
]

let package = Package(
    name: "Mixtape",
    // InlineArray (MultiDual's partials) and value generics (`MultiDual<let N: Int, T>`) are
    // `@available(macOS 26.0, iOS 26.0, watchOS 26.0, tvOS 26.0, visionOS 26.0, *)` in the standard
    // library, so these are the lowest versions Mixtape can run on (`.v26` needs tools version 6.2).
    // Linux has no minimum. A package that depends on Mixtape must declare at least these versions
    // for the Apple platforms it builds for; SwiftPM refuses a lower one.
    platforms: [.macOS(.v26), .iOS(.v26), .tvOS(.v26), .watchOS(.v26), .visionOS(.v26)],
    products: [
        .library(name: "Mixtape", targets: ["Mixtape"]),
        .library(name: "Autodiff", targets: ["Autodiff"]),
        .library(name: "AutodiffExamples", targets: ["AutodiffExamples"]),
        .library(name: "ExpressionGraph", targets: ["ExpressionGraph"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "ODE", targets: ["ODE"]),
        .library(name: "Optimization", targets: ["Optimization"]),
        .library(name: "OptimizationProblems", targets: ["OptimizationProblems"]),
        .library(name: "NeuralNetwork", targets: ["NeuralNetwork"]),
        .library(name: "MixtureGradient", targets: ["MixtureGradient"]),
        .library(name: "InverseProblems", targets: ["InverseProblems"]),
        .library(name: "SolverExamples", targets: ["SolverExamples"]),
        .library(name: "Mixture", targets: ["Mixture"]),
        .library(name: "MixtureIO", targets: ["MixtureIO"]),
        .library(name: "DataIO", targets: ["DataIO"]),
        .library(name: "VectorMath", targets: ["VectorMath"]),
        .library(name: "Plotting", targets: ["Plotting"]),
        .executable(name: "mixtape", targets: ["mixtape"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // `swift package generate-documentation --target <Module>` (scripts/check_docs.sh).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "Autodiff",
            dependencies: ["VectorMath", .product(name: "RealModule", package: "swift-numerics")],
            // Debug builds (and so `swift test`) check the tape's invariants and every
            // variable's generation stamp (a variable used after `reset()` or after its tape is
            // freed traps with a message); release builds compile the checks out.
            swiftSettings: optimised + [.define("AUTODIFF_INTERNAL_CHECKS", .when(configuration: .debug))]),
        .target(
            name: "AutodiffExamples",
            dependencies: ["Autodiff"],
            swiftSettings: optimised),
        .target(
            name: "ExpressionGraph",
            dependencies: ["Autodiff", "LinearAlgebra", "Optimization", "Plotting"],
            swiftSettings: optimised),
        .target(
            name: "LinearAlgebra",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: optimised),
        .target(
            name: "ODE",
            dependencies: [
                "Autodiff", "LinearAlgebra",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: optimised),
        // Vectorised exp and log (a C target: per-function target attributes pick AVX2/FMA or
        // AVX-512 at run time, which Swift cannot express; plain `swift build` works anywhere).
        .target(name: "CVectorMath"),
        .target(name: "VectorMath", dependencies: ["CVectorMath"], swiftSettings: optimised),
        // Mixture's register-blocked E-step and M-step kernels, dispatched the same way.
        .target(name: "CMixtureKernels", dependencies: ["CVectorMath"]),
        .target(
            name: "Mixture",
            dependencies: [
                "LinearAlgebra", "VectorMath", "CMixtureKernels",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: optimised),
        .target(
            name: "Optimization",
            dependencies: ["Autodiff", "LinearAlgebra"],
            swiftSettings: optimised),
        .target(
            name: "OptimizationProblems",
            dependencies: ["Autodiff", "Optimization"],
            swiftSettings: optimised),
        .target(
            name: "NeuralNetwork",
            dependencies: ["Autodiff", "LinearAlgebra", "Optimization", "Plotting"],
            swiftSettings: optimised),
        .target(
            name: "InverseProblems",
            dependencies: [
                "ODE", "Optimization", "LinearAlgebra",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: optimised),
        .target(
            name: "SolverExamples",
            dependencies: [
                "Autodiff", "LinearAlgebra", "ODE", "Optimization", "InverseProblems", "NeuralNetwork",
                "Mixture", "MixtureGradient", "Plotting",
            ],
            swiftSettings: optimised),
        .target(
            name: "MixtureGradient",
            dependencies: ["Autodiff", "LinearAlgebra", "Mixture", "Optimization"],
            swiftSettings: optimised),
        .target(name: "DataIO", swiftSettings: optimised),
        .target(name: "GradBenchTool", dependencies: ["Autodiff", "DataIO", "VectorMath"], swiftSettings: optimised),
        .target(
            name: "MixtureIO",
            dependencies: [
                "Mixture", "DataIO", "LinearAlgebra",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: optimised),
        .target(name: "Plotting", swiftSettings: optimised),
        .target(
            name: "Mixtape",
            dependencies: [
                "Autodiff", "ExpressionGraph", "LinearAlgebra", "Mixture", "MixtureIO", "DataIO", "Plotting", "ODE",
                "Optimization", "NeuralNetwork", "MixtureGradient", "InverseProblems", "VectorMath",
            ]),
        .executableTarget(
            name: "mixtape",
            dependencies: [
                "Mixtape", "GradBenchTool", "SolverExamples",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimised),
        .target(
            name: "TestSupport",
            dependencies: ["LinearAlgebra", .product(name: "RealModule", package: "swift-numerics")],
            path: "Tests/TestSupport"),
        .testTarget(
            name: "AutodiffTests",
            dependencies: [
                "Autodiff", "AutodiffExamples", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "ExpressionGraphTests",
            dependencies: ["ExpressionGraph", "Autodiff", "Optimization", "TestSupport"]),
        .testTarget(name: "ODETests", dependencies: ["ODE", "Autodiff", "LinearAlgebra", "TestSupport"]),
        .testTarget(
            name: "LinearAlgebraTests",
            dependencies: ["LinearAlgebra", "TestSupport", .product(name: "RealModule", package: "swift-numerics")]),
        .testTarget(
            name: "MixtureTests",
            dependencies: [
                "Mixture", "Autodiff", "DataIO", "TestSupport", "CMixtureKernels", "CVectorMath",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "MixtureIOTests",
            dependencies: [
                "MixtureIO", "Mixture", "DataIO", "TestSupport",
                .product(name: "RealModule", package: "swift-numerics"),
            ]),
        .testTarget(
            name: "OptimizationTests",
            dependencies: ["Optimization", "OptimizationProblems", "Autodiff", "LinearAlgebra", "TestSupport"]),
        .testTarget(
            name: "NeuralNetworkTests",
            dependencies: ["NeuralNetwork", "Autodiff", "LinearAlgebra", "Optimization", "TestSupport"]),
        .testTarget(
            name: "MixtureGradientTests",
            dependencies: ["MixtureGradient", "Mixture", "Optimization", "LinearAlgebra", "TestSupport"]),
        .testTarget(
            name: "InverseProblemsTests",
            dependencies: ["InverseProblems", "ODE", "Optimization", "LinearAlgebra", "TestSupport"]),
        .testTarget(name: "DataIOTests", dependencies: ["DataIO", "TestSupport"]),
        .testTarget(
            name: "VectorMathTests",
            dependencies: [
                "VectorMath", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(name: "GradBenchToolTests", dependencies: ["GradBenchTool", "Autodiff", "DataIO", "TestSupport"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "TestSupport"]),
        .testTarget(
            name: "MixtapeCLITests",
            dependencies: ["Mixtape", "TestSupport", "mixtape"]),
    ]
)
