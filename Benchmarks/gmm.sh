#!/usr/bin/env bash
# EM speed: Mixtape against scikit-learn on the same data and start, in the same run.
# Usage: Benchmarks/gmm.sh [N D K ITERS REPEATS]   (default 100000 10 8 10 3)
# Prints the machine's measured FP64 peak (Peak/peak.c: FMA chains on one core and on all), then
# per covariance type:
#   case gmm_<type>_n<N>_d<D>_k<K>: mixtape_s=<s/iter> sklearn_s=<s/iter> speedup=<sklearn/mixtape>
# and for full covariance the pass's rate, gflops = 2·n·k·d² / mixtape_s (the triangular products
# of the E-step and the scatter of the M-step, n·k·d²/2 multiply–adds each), against the peak.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n=${1:-100000}; d=${2:-10}; k=${3:-8}; iters=${4:-10}; repeats=${5:-3}
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
swift build -c release --package-path "$here/GMM" >&2
cc=$(command -v cc || command -v clang || command -v gcc || true)
peak_one=""; peak_all=""
if [ -n "$cc" ] && "$cc" -O2 -pthread "$here/Peak/peak.c" -o "$work/peak" 2>/dev/null; then
  peak_line=$("$work/peak" 100000000)
  echo "$peak_line"
  peak_one=$(sed -E 's/.*gflops_1core=([0-9.]+).*/\1/' <<< "$peak_line")
  peak_all=$(sed -E 's/.*gflops_all=([0-9.]+).*/\1/' <<< "$peak_line")
fi
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
    python3 - "$type" "$n" "$d" "$k" "$m" "$peer" "${bound#lower_bound=}" "$pb" "$peak_one" "$peak_all" <<'PY'
import sys
t, n, d, k, m, p, b, pb, one, every = sys.argv[1:]
m, p, b, pb = map(float, (m, p, b, pb))
rate = ""
if t == "full":
    g = 2 * int(n) * int(k) * int(d) ** 2 / m / 1e9
    rate = f" gflops={g:.1f}"
    if one and every:
        rate += f" of_peak_1core={g / float(one):.2f} of_peak_all={g / float(every):.2f}"
rel = abs(b - pb) / abs(pb) if pb else abs(b - pb)
print(f"case gmm_{t}_n{n}_d{d}_k{k}: mixtape_s={m:.4g} sklearn_s={p:.4g} speedup={p / m:.2f} "
      f"bound_diff={abs(b - pb):.1e} bound_rel={rel:.1e}{rate}")
PY
  else
    echo "case gmm_${type}_n${n}_d${d}_k${k}: mixtape_s=$m"
  fi
done < "$work/ours.txt"
