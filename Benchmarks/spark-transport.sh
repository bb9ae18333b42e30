#!/usr/bin/env bash
# How rows reach the kernel on Spark's executors: one EM pass by four routes (the driver's Python
# tasks on packed .npy files, the JVM's RDD.pipe on the same files, mapInPandas piping Arrow
# batches as .npy, PySpark's RDD.pipe of CSV lines) on one local[P] context.
# Usage: Benchmarks/spark-transport.sh [N D K PASSES PARTITIONS]   (default 1000000 10 8 5 2)
# Prints `case spark_pass_<route>_n<N>_d<D>_k<K>: seconds=… speedup=… loglik_rel_diff=…`
# (speedup: the driver's route's time over the route's). Needs Java 17; installs pyspark, numpy,
# pandas and pyarrow with pip if they are missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
python3 -c "import pyspark, numpy, pandas, pyarrow" 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check pyspark numpy pandas pyarrow >&2
swift build -c release --product mixtape --package-path "$root" >&2
binary="$(swift build -c release --package-path "$root" --show-bin-path)/mixtape"
python3 "$here/spark_transport.py" "$binary" "$work" "$@" 2> >(grep -v -E "WARN|log4j|setLogLevel|FutureWarning|require_minimum" >&2)
