#!/usr/bin/env bash
# Benchmark dispatcher: `Benchmarks/run.sh <suite> [args…]` runs `Benchmarks/<suite>.sh [args…]`.
# Each suite is a script here (ad.sh: autodiff; others add theirs) with its Swift harness in its
# own package under Benchmarks/<Name>/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
suite="${1:-}"
if [[ -z "$suite" || "$suite" == "run" || ! -f "$here/$suite.sh" ]]; then
    echo "usage: $0 <suite> [args…]" >&2
    echo "suites: $(cd "$here" && ls *.sh | sed 's/\.sh$//' | grep -vx run | tr '\n' ' ')" >&2
    exit 64
fi
shift
exec bash "$here/$suite.sh" "$@"
