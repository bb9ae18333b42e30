#!/usr/bin/env bash
# ODE integrators: steps, evaluations and time on Robertson (to t = 40 and 1e11), van der Pol
# (mu = 1000 on [0, 3000]) and Lotka-Volterra (plain and with parameter sensitivities through the
# solver), for Radau5, BDF and Dormand-Prince.
# Usage: Benchmarks/ode.sh [--quick]
# Prints: case <problem>_<method>: steps=… accepted=… rejected=… fevals=… jac=… jac_fevals=… lu=…
#         time_s=<best of 5, s> error=<max relative error against the reference, or failed:…>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
swift build -c release --package-path "$here/ODEBenchmark" >&2
"$(swift build -c release --package-path "$here/ODEBenchmark" --show-bin-path)/ode-bench" "$@"
