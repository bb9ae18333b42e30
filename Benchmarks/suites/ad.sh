#!/usr/bin/env bash
# Autodiff suite: builds the Swift harness in release mode, runs the JAX peer (pip-installing jax
# into Benchmarks/.venv-jax if needed; skipped with a printed reason if that fails), then runs the
# harness, which prints one `case …` line per case with peers appended.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

echo "# building AutodiffBenchmark (release)…" >&2
swift build -c release --product AutodiffBenchmark >&2 || { echo "build failed" >&2; exit 1; }
bin="$(swift build -c release --show-bin-path)/AutodiffBenchmark"

jax_results="$(mktemp)"
trap 'rm -f "$jax_results"' EXIT
if [[ "${SKIP_JAX:-0}" == "1" ]]; then
    echo "# peer jax skipped: SKIP_JAX=1" 
else
    venv="$here/.venv-jax"
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import jax" 2>/dev/null; then
        echo "# installing jax into $venv…" >&2
        python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q jax >&2
    fi
    if "$venv/bin/python" -c "import jax" 2>/dev/null; then
        "$venv/bin/python" "$here/scripts/jax_ad.py" > "$jax_results" \
            || { echo "# peer jax skipped: jax_ad.py failed"; : > "$jax_results"; }
    else
        echo "# peer jax skipped: could not pip-install jax"
    fi
fi
"$bin" --jax "$jax_results" "$@"
