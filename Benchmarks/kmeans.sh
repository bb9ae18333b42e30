#!/usr/bin/env bash
# k-means speed: Mixtape's KMeans fit against scikit-learn's KMeans (algorithm="lloyd" and
# "elkan") on the same data from the same start (n_init=1, init=array, max_iter=300, tol=1e-4),
# in the same run. Both use all cores.
# Usage: Benchmarks/kmeans.sh [N D K REPEATS]   (default: the standard cases below, 3 repeats)
# Prints per case and scikit-learn algorithm:
#   case kmeans_<algo>_n<N>_d<D>_k<K>: mixtape_s=<s> sklearn_s=<s> speedup=<sklearn/mixtape>
#        inertia_diff=<|Δ|/inertia> n_iter=<mixtape>/<sklearn>
# (times are the best of REPEATS whole fits; Mixtape's fit picks its own bounded variant).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
if [ $# -ge 3 ]; then
  cases=("$1 $2 $3"); repeats=${4:-3}
else
  cases=("100000 10 8" "1000000 2 4" "20000 50 10" "100000 10 100"); repeats=3
fi
swift build -c release --package-path "$here/KMeansFit" >&2
bin="$(swift build -c release --package-path "$here/KMeansFit" --show-bin-path)/kmeans-bench"
# OPENBLAS_CORETYPE/L2_SIZE are set on these machines for old OpenBLAS builds and slow a current
# NumPy: the peer runs without them.
peer() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$@"; }
echo "machine: $(nproc) cores, $(uname -sm)" >&2
for c in "${cases[@]}"; do
  read -r n d k <<< "$c"
  python3 "$here/kmeans_peer.py" write "$work" "$n" "$d" "$k" "$repeats"
  "$bin" "$work/data.bin" "$work/problem.json" > "$work/ours.txt"
  if peer "$here/kmeans_peer.py" time "$work" > "$work/peer.txt" 2> "$work/peer.err"; then :; else
    echo "note: scikit-learn peer did not run: $(tail -1 "$work/peer.err")"; : > "$work/peer.txt"
  fi
  python3 - "$n" "$d" "$k" "$work/ours.txt" "$work/peer.txt" <<'PY'
import sys
n, d, k, ours, peer = sys.argv[1:]
m = dict(kv.split("=") for kv in open(ours).read().split())
for line in open(peer):
    algo, *fields = line.split()
    p = dict(kv.split("=") for kv in fields)
    ms, ps = float(m["mixtape_s"]), float(p["sklearn_s"])
    mi, pi = float(m["inertia"]), float(p["inertia"])
    print(f"case kmeans_{algo}_n{n}_d{d}_k{k}: mixtape_s={ms:.4g} sklearn_s={ps:.4g} speedup={ps / ms:.2f} "
          f"inertia_diff={abs(mi - pi) / pi:.1e} n_iter={m['n_iter']}/{p['n_iter']}")
PY
done
