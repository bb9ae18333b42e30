#!/usr/bin/env bash
# Gaussian mixtures on Old Faithful by EM and by L-BFGS (gradient from reverse-mode Autodiff through
# MixtureObjective), both from the same k-means start, k = 2 and 3, all four covariance types:
# iterations, log-likelihood evaluations, best-of-R wall time, and the final log-likelihoods' gap.
# Usage: Benchmarks/run.sh gmm-gradient [REPEATS]   (default 20)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
swift build -c release --package-path "$here/Solvers" >&2
"$(swift build -c release --package-path "$here/Solvers" --show-bin-path)/solvers-bench" gmm-gradient "${1:-20}"
