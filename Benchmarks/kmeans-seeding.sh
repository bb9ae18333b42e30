#!/usr/bin/env bash
# k-means++ seeding speed: Mixtape's `KMeans.kMeansPlusPlusSeeds` (vector kernel over rows,
# parallel over fixed row chunks, row-order sums) against the row-by-row seeding it replaced
# (`KMeans.kMeansPlusPlusRowByRow`), on the same seeded blobs in the same run; both must choose the
# same rows (exit 1 otherwise).
# Usage: Benchmarks/kmeans-seeding.sh [N D K REPEATS]   (default: the cases below, 3 repeats)
#        Benchmarks/kmeans-seeding.sh callgrind [N D K]  (instructions of one seeding each, one
#        thread, under valgrind --tool=callgrind: noise-free on a shared machine; valgrind has no
#        AVX-512, so the kernel runs its AVX2 variant there)
# Prints per case:
#   case kmeanspp_n<N>_d<D>_k<K>: reference_s=… mixtape_1t_s=… mixtape_s=… speedup_1t=… speedup=… same_seeds=true
#   case kmeanspp_ir_n<N>_d<D>_k<K>: reference_ir=… mixtape_ir=… ratio=…   (callgrind)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
swift build -c release --package-path "$here/KMeansFit" --product kmeanspp-bench >&2
bin="$(swift build -c release --package-path "$here/KMeansFit" --show-bin-path)/kmeanspp-bench"
echo "machine: $(nproc) cores, $(uname -sm)" >&2
if [ "${1:-}" = callgrind ]; then
  n=${2:-100000}; d=${3:-10}; k=${4:-8}
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
  # valgrind cannot read the Swift binary's debug information: count a copy without it.
  cp "$bin" "$work/bench"; strip -g "$work/bench"
  # Instructions of one run; the seeding's are those less a run that only writes the data (k = 1).
  ir() {
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$work/bench" "$n" "$d" "$1" 1 "$2" > "$work/$2_$1.txt" 2> /dev/null
    callgrind_annotate "$work/cg.out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
  }
  ref=$(ir "$k" reference); ours=$(ir "$k" mixtape1); base=$(ir 1 mixtape1)
  cmp -s "$work/reference_$k.txt" "$work/mixtape1_$k.txt" || { echo "the seeds differ" >&2; exit 1; }
  echo "case kmeanspp_ir_n${n}_d${d}_k${k}: reference_ir=$((ref - base)) mixtape_ir=$((ours - base))" \
       "ratio=$(python3 -c "print(f'{($ref - $base) / ($ours - $base):.2f}')") (less $base for writing the data)"
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
