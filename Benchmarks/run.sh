#!/usr/bin/env bash
# Benchmark dispatcher: `Benchmarks/run.sh <suite> [args…]` runs Benchmarks/suites/<suite>.sh.
# Suites: ad (autodiff). Others add their own suites/<name>.sh (and a target in Package.swift).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
suite="${1:-}"
if [[ -z "$suite" || ! -x "$here/suites/$suite.sh" ]]; then
    echo "usage: $0 <suite> [args…]" >&2
    echo "suites: $(cd "$here/suites" && ls *.sh | sed 's/\.sh$//' | tr '\n' ' ')" >&2
    exit 64
fi
shift
exec "$here/suites/$suite.sh" "$@"
