#!/usr/bin/env bash
# ExpressionGraph size benchmark: a generated expression of n operations (default 1e3 … 1e6),
# parsed and differentiated in both sweeps; each size in its own process so max_rss_mb is that
# size's peak. The peer in the same run is Autodiff's tape on the same function.
# Usage: Benchmarks/expression.sh [sizes…]   (or Benchmarks/run.sh expression)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pkg="$here/ExpressionGraph"
echo "# building ExpressionGraphBenchmark (release)…" >&2
swift build -c release --package-path "$pkg" >&2
bin="$(swift build -c release --package-path "$pkg" --show-bin-path)/ExpressionGraphBenchmark"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000 1000000)
echo "# machine: $(nproc) cores, $(uname -sm)"
for n in "${sizes[@]}"; do
    repeats=5
    [ "$n" -ge 1000000 ] && repeats=3
    "$bin" "$n" "$repeats"
done
