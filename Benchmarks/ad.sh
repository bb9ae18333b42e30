#!/usr/bin/env bash
# Autodiff speed: gradients (reverse mode), forward derivatives and tape cost, against Swift's
# `_Differentiation` and JAX in the same run. Usage: Benchmarks/ad.sh [--quick]
#   (or Benchmarks/run.sh ad). SKIP_JAX=1 skips the JAX peer.
# Prints per case:
#   case <name>: primal_s=<s> gradient_s=<s> overhead=<gradient/primal> [<peer>_s=<s> …]
# The JAX peer is pip-installed into Benchmarks/Autodiff/.venv-jax on first use; if that fails the
# peer is skipped with a printed reason.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pkg="$here/Autodiff"

echo "# building AutodiffBenchmark (release)…" >&2
swift build -c release --package-path "$pkg" >&2 || { echo "build failed" >&2; exit 1; }
bin="$(swift build -c release --package-path "$pkg" --show-bin-path)/AutodiffBenchmark"

jax_results="$(mktemp)"
trap 'rm -f "$jax_results"' EXIT
if [[ "${SKIP_JAX:-0}" == "1" ]]; then
    echo "# peer jax skipped: SKIP_JAX=1"
else
    venv="$pkg/.venv-jax"
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import jax" 2>/dev/null; then
        echo "# installing jax into $venv…" >&2
        python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q jax >&2
    fi
    if "$venv/bin/python" -c "import jax" 2>/dev/null; then
        "$venv/bin/python" "$here/ad_peer_jax.py" > "$jax_results" \
            || { echo "# peer jax skipped: ad_peer_jax.py failed"; : > "$jax_results"; }
    else
        echo "# peer jax skipped: could not pip-install jax"
    fi
fi
"$bin" --jax "$jax_results" "$@"
