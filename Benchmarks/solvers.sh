#!/usr/bin/env bash
# Mixtape's solvers against SciPy on the same problems, in the same run: minimize (BFGS, L-BFGS-B,
# Newton-CG with the exact Hessian) on Moré–Garbow–Hillstrom problems, root (hybr, as fsolve) on
# the square MGH systems, solve_ivp (Radau, BDF) on Robertson (t = 40, 1e11) and van der Pol
# (mu = 1000). SciPy gets exact derivatives (SymPy-derived, compiled to NumPy); Mixtape takes every
# derivative by AD. Times are the best of REPEATS runs (and at least 0.2 s of runs; a first run over
# 1 s is timed alone) on each side.
# Usage: Benchmarks/run.sh solvers [REPEATS] [--markdown]   (default 3)
#        SOLVERS_FULL=1 Benchmarks/run.sh solvers   also runs SciPy's BFGS on n = 1000 (~15 min)
# Prints: case <kind>_<problem>_<method>: mixtape_… scipy_… mixtape_s=… scipy_s=… speedup=<scipy/mixtape>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repeats=3; markdown=""
for a in "$@"; do
  case "$a" in
    --markdown) markdown="--markdown" ;;
    *) repeats="$a" ;;
  esac
done
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# SciPy, NumPy and SymPy: the system's if present, else a venv of our own.
python=python3
if ! python3 -c "import scipy, numpy, sympy" 2>/dev/null; then
  venv="$here/Solvers/.venv-scipy"
  if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import scipy, numpy, sympy" 2>/dev/null; then
    echo "# installing scipy, numpy, sympy into $venv…" >&2
    python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q scipy numpy sympy >&2
  fi
  python="$venv/bin/python"
fi
swift build -c release --package-path "$here/Solvers" >&2
bin="$(swift build -c release --package-path "$here/Solvers" --show-bin-path)/solvers-bench"
"$bin" scipy-compare "$repeats" > "$work/mixtape.txt"
# OPENBLAS_CORETYPE/L2_SIZE are set on these machines for old OpenBLAS builds and slow a current
# NumPy (see gmm.sh): the peer runs without them, and on one BLAS thread as Mixtape runs on one
# (on this shared 2-core machine a threaded BLAS made BFGS on n = 1000 take minutes).
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 "$python" "$here/solvers_peer.py" "$repeats" > "$work/scipy.txt"
head -1 "$work/scipy.txt"
python3 "$here/solvers_compare.py" "$work/mixtape.txt" "$work/scipy.txt" $markdown
