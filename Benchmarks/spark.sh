#!/usr/bin/env bash
# Mixtape on Spark against Spark MLlib (GaussianMixture, KMeans) on the same local[P] context,
# data and start.
# Usage: [SPARK_BENCH_CASES=gmm,kmeans] Benchmarks/spark.sh [N D K ITERS PARTITIONS]   (default 1000000 10 8 10 2)
# Prints:
#   case spark_gmm_full_n<N>_d<D>_k<K>: mixtape_s=<s/iter> mllib_s=<s/iter> speedup=<mllib/mixtape> loglik_rel_diff=…
#   case spark_kmeans_n<N>_d<D>_k<K>: mixtape_s=… mllib_s=… speedup=… inertia_rel_diff=…
# then the one-machine time per iteration and Mixtape-on-Spark's per-iteration overhead.
# Needs Java 17; installs pyspark and numpy with pip if they are missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
python3 -c "import pyspark, numpy" 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check pyspark numpy >&2
swift build -c release --product mixtape --package-path "$root" >&2
binary="$(swift build -c release --package-path "$root" --show-bin-path)/mixtape"
python3 "$here/spark_bench.py" "$binary" "$work" "$@" 2> >(grep -v -E "WARN|log4j|setLogLevel|FutureWarning|require_minimum" >&2)
