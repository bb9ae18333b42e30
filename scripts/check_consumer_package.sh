#!/usr/bin/env bash
# Builds a small consumer package that depends on a tagged copy of this repository by version,
# the way another project would (`.package(url:from:)`). SwiftPM applies its dependency rules
# (for example, no unsafe build flags below tools version 6.2) only to such dependencies, so this
# is the check that Mixtape stays usable as one. Usage: scripts/check_consumer_package.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A tagged copy of the committed tree (what a user's `from: "1.0.0"` would fetch).
git clone --quiet --no-hardlinks "$repo" "$work/mixtape"
git -C "$work/mixtape" -c user.name=ci -c user.email=ci@localhost tag 99.0.0

mkdir -p "$work/consumer/Sources/Consumer"
cat > "$work/consumer/Package.swift" <<MANIFEST
// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "Consumer",
    // Mixtape's minimum on macOS (InlineArray); SwiftPM refuses a consumer that declares less.
    // (A 6.0 manifest has no .v26 constant; the string form works in every tools version.)
    platforms: [.macOS("26.0")],
    dependencies: [.package(url: "file://$work/mixtape", from: "99.0.0")],
    targets: [
        .executableTarget(
            name: "Consumer",
            dependencies: [.product(name: "Mixtape", package: "mixtape")]),
    ]
)
MANIFEST
cat > "$work/consumer/Sources/Consumer/main.swift" <<'SWIFT'
import Mixtape

let model = try GaussianMixture(components: 2, covarianceType: .full).fit(OldFaithful.matrix, seed: 0)
let g = gradient(of: { (x: [Variable]) in x[0] * x[1] + Variable.sin(x[0]) }, at: [1.0, 2.0])
print("consumer ok: bic \(try model.bic(OldFaithful.matrix)), gradient \(g)")
SWIFT
cd "$work/consumer"
swift build -c release 2>&1 | tail -n 20
./.build/release/Consumer
