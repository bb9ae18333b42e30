#!/usr/bin/env bash
# EM speed: Mixtape against scikit-learn on the same data and start, in the same run.
# Usage: Benchmarks/gmm.sh [N D K ITERS REPEATS]   (default 100000 10 8 10 3)
# Prints per covariance type:
#   case gmm_<type>_n<N>_d<D>_k<K>: mixtape_s=<s/iter> sklearn_s=<s/iter> speedup=<sklearn/mixtape>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n=${1:-100000}; d=${2:-10}; k=${3:-8}; iters=${4:-10}; repeats=${5:-3}
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
swift build -c release --package-path "$here/GMM" >&2
python3 "$here/gmm_peer.py" write "$work" "$n" "$d" "$k" "$iters" "$repeats"
"$(swift build -c release --package-path "$here/GMM" --show-bin-path)/gmm-bench" "$work/data.bin" "$work/problem.json" > "$work/ours.txt"
# OPENBLAS_CORETYPE/L2_SIZE are set on these machines for old OpenBLAS builds and slow a current
# NumPy: the peer runs without them (its kernel is printed).
peer() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$@"; }
peer -c "import threadpoolctl, numpy; i = threadpoolctl.threadpool_info()[0]; print('peer: scikit-learn with', i['internal_api'], i['architecture'], i['num_threads'], 'threads')" 2>/dev/null || true
if peer "$here/gmm_peer.py" time "$work" > "$work/peer.txt" 2> "$work/peer.err"; then :; else
  echo "note: scikit-learn peer did not run: $(tail -1 "$work/peer.err")"; : > "$work/peer.txt"
fi
while read -r type ours bound; do
  m=${ours#mixtape_s_per_iter=}
  peer=$(awk -v t="$type" '$1 == t { sub("sklearn_s_per_iter=", "", $2); print $2 }' "$work/peer.txt")
  pb=$(awk -v t="$type" '$1 == t { sub("lower_bound=", "", $3); print $3 }' "$work/peer.txt")
  if [ -n "$peer" ]; then
    python3 - "$type" "$n" "$d" "$k" "$m" "$peer" "${bound#lower_bound=}" "$pb" <<'PY'
import sys
t, n, d, k, m, p, b, pb = sys.argv[1:]
m, p, b, pb = map(float, (m, p, b, pb))
print(f"case gmm_{t}_n{n}_d{d}_k{k}: mixtape_s={m:.4g} sklearn_s={p:.4g} speedup={p / m:.2f} bound_diff={abs(b - pb):.1e}")
PY
  else
    echo "case gmm_${type}_n${n}_d${d}_k${k}: mixtape_s=$m"
  fi
done < "$work/ours.txt"
