#!/usr/bin/env bash
# End to end: `mixtape fit data.csv -k 8 --output model.json` (CSV read, k-means start, EM to
# convergence, model written) against what a Python user writes — pandas.read_csv +
# GaussianMixture(8).fit, same defaults (k-means start, tol 1e-3, max_iter 100, reg_covar 1e-6) —
# on the same 1,000,000 × 10 CSV, with wall time and peak resident memory of each process.
# Usage: Benchmarks/gmm-e2e.sh [ROWS COLUMNS K TYPES]   (default 1000000 10 8 "full diag")
# Prints per covariance type:
#   case gmm_e2e_<type>_n<N>_d<D>_k<K>: mixtape_s=… mixtape_rss_mb=… sklearn_s=… sklearn_rss_mb=…
#     data_mb=… mixtape_iter=… sklearn_iter=… speedup=<sklearn_s/mixtape_s>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n=${1:-1000000}; d=${2:-10}; k=${3:-8}; types=${4:-"full diag"}
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
swift build -c release --package-path "$here/.." --product mixtape >&2
mixtape="$(swift build -c release --package-path "$here/.." --show-bin-path)/mixtape"
python3 -c "import numpy, pandas, sklearn" 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check numpy pandas scikit-learn >&2
# A seeded mixture of k blobs, six decimals per value (as a CSV export would have).
python3 - "$work/data.csv" "$n" "$d" "$k" <<'PY'
import sys, numpy as np
path, n, d, k = sys.argv[1], *map(int, sys.argv[2:])
rng = np.random.default_rng(2024)
centres = rng.normal(scale=4.0, size=(k, d))
labels = rng.integers(0, k, size=n)
x = centres[labels] + rng.normal(size=(n, d)) * rng.uniform(0.5, 1.5, size=(k, d))[labels]
np.savetxt(path, x, fmt="%.6f", delimiter=",")
PY
cat > "$work/peer.py" <<'PY'
import json, sys
import pandas as pd
from sklearn.mixture import GaussianMixture
x = pd.read_csv(sys.argv[1], header=None).to_numpy()
gm = GaussianMixture(int(sys.argv[2]), covariance_type=sys.argv[3]).fit(x)
json.dump({"n_iter": int(gm.n_iter_), "lower_bound": float(gm.lower_bound_)}, open(sys.argv[4], "w"))
PY
# Wall time and peak RSS of one command (the child's ru_maxrss, in KiB on Linux).
cat > "$work/measure.py" <<'PY'
import os, resource, subprocess, sys, time
env = dict(os.environ)
for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    env.pop(v, None)
t = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, env=env, stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - t
print(f"{seconds:.4f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.1f}")
PY
data_mb=$(python3 -c "print(f'{$n * $d * 8 / 2**20:.1f}')")
for type in $types; do
  read -r ms mr < <(python3 "$work/measure.py" "$mixtape" fit "$work/data.csv" -k "$k" --covariance "$type" \
                      --output "$work/model.json")
  read -r ps pr < <(python3 "$work/measure.py" python3 "$work/peer.py" "$work/data.csv" "$k" "$type" "$work/peer.json")
  python3 - "$type" "$n" "$d" "$k" "$ms" "$mr" "$ps" "$pr" "$data_mb" "$work/model.json" "$work/peer.json" <<'PY'
import json, sys
t, n, d, k, ms, mr, ps, pr, dm, model, peer = sys.argv[1:]
ms, mr, ps, pr, dm = map(float, (ms, mr, ps, pr, dm))
mi = json.load(open(model))["n_iter"]
pi = json.load(open(peer))["n_iter"]
print(f"case gmm_e2e_{t}_n{n}_d{d}_k{k}: mixtape_s={ms:.3f} mixtape_rss_mb={mr:.0f} sklearn_s={ps:.3f} "
      f"sklearn_rss_mb={pr:.0f} data_mb={dm:.0f} mixtape_iter={mi} sklearn_iter={pi} "
      f"rss_over_data={mr / dm:.2f} speedup={ps / ms:.2f}")
PY
done
