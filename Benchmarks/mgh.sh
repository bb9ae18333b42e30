#!/usr/bin/env bash
# Every minimiser (gradient descent, BFGS, L-BFGS, Newton, trust-region Newton) and
# Levenberg–Marquardt on the Moré–Garbow–Hillstrom problems from their standard starts, plus
# Newton's method on the square systems: iterations, evaluations, final f, stop reason.
# Usage: Benchmarks/run.sh mgh [--detail]   (a markdown table, then `case newton_…` lines)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
swift build -c release --package-path "$here/Solvers" >&2
bin="$(swift build -c release --package-path "$here/Solvers" --show-bin-path)/solvers-bench"
"$bin" mgh "$@"
echo
"$bin" roots
