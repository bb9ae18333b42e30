#!/usr/bin/env bash
# Times DataIO's CSV reader (release build) on generated 1,000,000 × 10 files against
# numpy.loadtxt and pandas.read_csv on the same files, in the same run, and checks that DataIO's
# table equals numpy.loadtxt's bit for bit. Output, one line per case:
#   case csv_1e6x10: load_s=<s> numpy_loadtxt_s=<s> pandas_or_numpy_fromfile_s=<s> vs_numpy=<x> vs_pandas=<x> load_1thread_s=<s>
# (load_s: all cores; vs_*: the peer's time divided by load_s, >1 means DataIO is faster)
# csv_1e6x10 has six decimals per value (-12.345678); csv_1e6x10_repr17 has the shortest
# round-trip form (up to 17 significant digits, as pandas.to_csv writes), which takes the
# strtod fallback for most cells. Times are the best of 3 loads (numpy.loadtxt: 1).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${TMPDIR:-/tmp}/mixtape-csv-bench"
mkdir -p "$work"
cd "$here/CSVLoad"
swift build -c release >/dev/null
bin="$(swift build -c release --show-bin-path)/CSVLoad"
if ! python3 -c "import numpy" 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check numpy >/dev/null 2>&1 || true
fi
if ! python3 -c "import pandas" 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check pandas >/dev/null 2>&1 \
        || echo "note: pandas could not be installed; its time is reported as skipped" >&2
fi
echo "machine: $(nproc) cores, $(uname -sm); files in $work" >&2
for style in fixed6 repr; do
    name=csv_1e6x10
    [ "$style" = repr ] && name=csv_1e6x10_repr17
    file="$work/$name.csv"
    [ -f "$file" ] || "$bin" generate "$file" 1000000 10 "$style"
    load_s=$("$bin" load "$file" 3)
    load_1thread_s=$("$bin" load "$file" 3 1 2>/dev/null)
    if python3 -c "import numpy" 2>/dev/null; then
        "$bin" tonpy "$file" "$work/$name.npy"
        peers=$(python3 "$here/CSVLoad/peers.py" "$file" "$work/$name.npy")
        rm -f "$work/$name.npy"
    else
        echo "note: numpy is not available; peers skipped" >&2
        peers="numpy_loadtxt_s=skipped pandas_or_numpy_fromfile_s=skipped"
    fi
    ratios=$(python3 - "$load_s" "$peers" <<'PY'
import sys
ours = float(sys.argv[1])
fields = dict(f.split("=") for f in sys.argv[2].split())
out = []
for key, label in (("numpy_loadtxt_s", "vs_numpy"), ("pandas_or_numpy_fromfile_s", "vs_pandas")):
    value = fields.get(key, "skipped")
    out.append(f"{label}={float(value) / ours:.1f}x" if value != "skipped" else f"{label}=skipped")
print(" ".join(out))
PY
)
    printf 'case %s: load_s=%.3f %s %s load_1thread_s=%.3f\n' "$name" "$load_s" "$peers" "$ratios" "$load_1thread_s"
done
