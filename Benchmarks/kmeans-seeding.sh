#!/usr/bin/env bash
# k-means++ seeding speed: Mixtape's `KMeans.kMeansPlusPlusSeeds` (SIMD over rows, parallel over
# fixed row chunks, row-order sums) against the plain row-by-row seeding it replaced, on the same
# seeded blobs in the same run; both must choose the same rows (exit 1 otherwise).
# Usage: Benchmarks/kmeans-seeding.sh [N D K REPEATS]   (default: the cases below, 3 repeats)
#        Benchmarks/kmeans-seeding.sh callgrind [N D K]  (instruction counts of one seeding each,
#        single-threaded, under valgrind --tool=callgrind: noise-free on a shared machine)
# Prints per case:
#   case kmeanspp_n<N>_d<D>_k<K>: reference_s=… mixtape_1t_s=… mixtape_s=… speedup_1t=… speedup=… same_seeds=true
#   (callgrind) case kmeanspp_ir_n<N>_d<D>_k<K>: reference_ir=… mixtape_ir=… ratio=…
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
swift build -c release --package-path "$here/KMeansSeeding" >&2
bin="$(swift build -c release --package-path "$here/KMeansSeeding" --show-bin-path)/kmeanspp-bench"
echo "machine: $(nproc) cores, $(uname -sm)" >&2
if [ "${1:-}" = callgrind ]; then
  n=${2:-100000}; d=${3:-10}; k=${4:-8}
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
  ir() {
    valgrind --tool=callgrind --callgrind-out-file="$work/$1.out" "$bin" "$n" "$d" "$k" 1 "$1" > "$work/$1.txt" 2> "$work/$1.err"
    # Seeding cost only: everything but the data generation (the same in both runs) is inclusive
    # in main, so subtract a run that only generates (k = 1 seeding is a single draw).
    callgrind_annotate "$work/$1.out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
  }
  ref=$(ir reference); ours=$(ir mixtape1)
  cmp -s "$work/reference.txt" "$work/mixtape1.txt" || { echo "seeds differ" >&2; exit 1; }
  "$bin" "$n" "$d" 1 1 reference > /dev/null
  valgrind --tool=callgrind --callgrind-out-file="$work/base.out" "$bin" "$n" "$d" 1 1 reference > /dev/null 2>&1
  base=$(callgrind_annotate "$work/base.out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
  python3 -c "import sys; r, m, b = map(int, sys.argv[1:]); print(f'case kmeanspp_ir_n$n''_d$d''_k$k: reference_ir={r - b} mixtape_ir={m - b} ratio={(r - b) / (m - b):.1f} (data generation, {b} instructions, subtracted)')" "$ref" "$ours" "$base"
  exit 0
fi
if [ $# -ge 3 ]; then
  cases=("$1 $2 $3"); repeats=${4:-3}
else
  cases=("1000000 10 8" "100000 10 8" "100000 2 100" "20000 50 10"); repeats=3
fi
for c in "${cases[@]}"; do
  read -r n d k <<< "$c"
  "$bin" "$n" "$d" "$k" "$repeats"
done
