#!/usr/bin/env bash
# GradBench comparison: `Benchmarks/run.sh gradbench <gradbench-checkout> [eval…]`.
#
# Runs GradBench's own evals (their Python run.py, which validate every answer against the
# `manual` reference) against three tools in the same session, one core each:
#   manual  – GradBench's hand-written C++ derivatives (built single-threaded in the checkout)
#   jax     – GradBench's JAX tool with every result awaited (block_until_ready) and one
#             untimed warm-up call (the jit compilation) per evaluation, through a small
#             wrapper generated here in a temporary directory
#   mixtape – `mixtape gradbench` from this repository (release build)
# and prints, per eval, function and size, the median `evaluate` time of each tool and the
# ratios. Nothing is fetched and nothing is written into this repository: the checkout is given
# as an argument (its `tools/manual` binaries are built there), results go to $OUT (default a
# temporary directory).
#
# Needs: python3 with numpy, scipy, pydantic and jax (CPU), g++, make, the nlohmann JSON header
# (Debian: nlohmann-json3-dev) if the checkout has no cpp/json.hpp.
# Environment: PYTHON (default python3), MIN_SECONDS (default 1, GradBench's default),
# TOOLS (default "manual jax mixtape"), OUT, REPEATS (default 1: with more, the tools take turns
# that many times and each row keeps the smallest median — the machine is shared, and a busy
# moment slows whichever tool runs then), ARGS_<eval> (extra arguments for that eval's run.py,
# e.g. ARGS_gmm="-d 2 10 -k 5 25" for GradBench's own size options).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [[ $# -lt 1 || ! -d "$1/python/gradbench/gradbench/evals" ]]; then
    echo "usage: $0 <gradbench-checkout> [eval…]   (evals: lse gmm kmeans det llsq ode saddle particle hello)" >&2
    exit 64
fi
gb="$(cd "$1" && pwd)"; shift
evals=("$@")
[[ ${#evals[@]} -eq 0 ]] && evals=(lse gmm kmeans llsq ode det saddle particle)
python="${PYTHON:-python3}"
min_seconds="${MIN_SECONDS:-1}"
tools=(${TOOLS:-manual jax mixtape})
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"

echo "== building mixtape (release)" >&2
(cd "$root" && swift build -c release --product mixtape >&2)
mixtape="$root/.build/release/mixtape"

echo "== building GradBench's manual tool in $gb (single-threaded)" >&2
if [[ ! -f "$gb/cpp/json.hpp" ]]; then
    if [[ -f /usr/include/nlohmann/json.hpp ]]; then cp /usr/include/nlohmann/json.hpp "$gb/cpp/json.hpp"
    else echo "no cpp/json.hpp in the checkout and no /usr/include/nlohmann/json.hpp (apt-get install nlohmann-json3-dev)" >&2; exit 1; fi
fi
make -s -C "$gb/tools/manual" MULTITHREADED=no bin/hello bin/lse bin/gmm bin/kmeans bin/det bin/llsq bin/ode >&2

# The synced JAX tool: GradBench's jax modules with each timed call awaited.
jaxdir="$(mktemp -d)"
cat > "$jaxdir/synced_jax.py" <<PY
import runpy, sys
import jax
import gradbench.wrap as wrap
_multiple_runs = wrap.multiple_runs
def multiple_runs(**kwargs):
    # Every timed call awaits its result; one untimed call first compiles (jit) and warms up.
    decorate = _multiple_runs(**kwargs)
    def wrap_function(f):
        synced = lambda x: jax.block_until_ready(f(x))
        wrapped = decorate(synced)
        timed = wrapped.wrapped
        def warmed(input_raw):
            synced(kwargs["pre"](input_raw))
            return timed(input_raw)
        wrapped.wrapped = warmed
        return wrapped
    return wrap_function
wrap.multiple_runs = multiple_runs
sys.path.insert(0, "$gb/python/gradbench/gradbench/tools/jax")
sys.argv = ["run.py"]
runpy.run_path("$gb/python/gradbench/gradbench/tools/jax/run.py", run_name="__main__")
PY

export PYTHONPATH="$gb/python/gradbench${PYTHONPATH:+:$PYTHONPATH}"
date -u +"%Y-%m-%d %H:%M UTC" > "$out/date.txt"
repeats="${REPEATS:-1}"
for e in "${evals[@]}"; do
  extra_var="ARGS_$e"
  extra="${!extra_var:-}"
  for ((round = 1; round <= repeats; round++)); do
    for t in "${tools[@]}"; do
        case "$t" in
            manual) grep -qx "$e" "$gb/tools/manual/evals.txt" || continue
                    cmd="taskset -c 0 $python $gb/python/gradbench/gradbench/cpp.py manual" ;;
            jax)    grep -qx "$e" "$gb/tools/jax/evals.txt" || continue
                    cmd="$python $jaxdir/synced_jax.py" ;;   # pins itself to CPU 0
            mixtape) cmd="taskset -c 0 $mixtape gradbench" ;;
        esac
        echo "== $e: $t (round $round of $repeats)" >&2
        args="--min-seconds $min_seconds $extra"
        [[ "$e" == hello ]] && args=""
        "$python" "$here/GradBench/intermediary.py" --cwd "$gb" \
            --eval "$python $gb/python/gradbench/gradbench/evals/$e/run.py $args" \
            --tool "$cmd" --json "$out/$e.$t.$round.json" > "$out/$e.$t.$round.txt" 2>&1 \
            || echo "   ($e on $t: not all valid, see $out/$e.$t.$round.txt)" >&2
    done
  done
done
"$python" "$here/GradBench/compare.py" "$out" "${evals[@]}"
echo "(raw results in $out)" >&2
