#!/usr/bin/env bash
# `mixtape fit --stream` on a CSV several times larger than a memory cap imposed on the process
# (`prlimit --as`, address space), against the pass that only reads the file.
# Usage: Benchmarks/run.sh stream [copies] [cap_mb] [iterations]   (defaults: 11 copies of a
# generated 1,000,000 × 10 block, 11,000,000 rows ≈ 1.1 GB; cap 200 MB; 3 EM iterations). Output, one line per case:
#   case stream_<rows>x10: file_mb=<MB> cap_mb=<MB> peak_rss_mb=<MB> read_pass_s=<s> read_mb_s=<MB/s>
#        em_pass_s=<s> em_mb_s=<MB/s> passes=<n> speedup=<read_pass_s / em_pass_s>
# read_pass: the summary-and-sample pass (parse every row, merge the DataSummary, reservoir); the
# CSV reader's own throughput on this file. em_pass: the mean of the EM passes (parse + E-step
# statistics, full covariance, k = 4). speedup < 1 says how much slower an EM pass is than reading.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
copies="${1:-11}"
rows=$((copies * 1000000))
cap_mb="${2:-200}"
iterations="${3:-3}"
work="${TMPDIR:-/tmp}/mixtape-stream-bench"
mkdir -p "$work"
cd "$root"
swift build -c release --product mixtape >/dev/null
bin="$(swift build -c release --show-bin-path)/mixtape"
file="$work/stream_${rows}x10.csv"
base="$work/base_1000000x10.csv"
if [ ! -f "$base" ]; then
    # Four well-separated clusters, six decimals per value, written in chunks of 500,000 rows.
    python3 - "$base.tmp" 1000000 <<'PY'
import sys, random
path, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
centres = [[rng.uniform(-20, 20) for _ in range(10)] for _ in range(4)]
with open(path, "w") as out:
    out.write(",".join(f"x{j + 1}" for j in range(10)) + "\n")
    done = 0
    while done < n:
        m = min(500_000, n - done)
        lines = []
        for i in range(m):
            c = centres[(done + i) % 4]
            lines.append(",".join(f"{c[j] + rng.gauss(0, 1 + 0.1 * j):.6f}" for j in range(10)))
        out.write("\n".join(lines) + "\n")
        done += m
PY
    mv "$base.tmp" "$base"
fi
if [ ! -f "$file" ]; then
    # The header, then the block's rows `copies` times (generating every row would take minutes).
    { cat "$base"; for _ in $(seq 2 "$copies"); do tail -n +2 "$base"; done; } > "$file.tmp"
    mv "$file.tmp" "$file"
fi
bytes=$(stat -c %s "$file")
echo "machine: $(nproc) cores, $(uname -sm); file $file ($bytes bytes); address-space cap ${cap_mb} MB" >&2
log="$work/stream.log"
/usr/bin/time -v prlimit --as=$((cap_mb * 1024 * 1024)) \
    "$bin" fit "$file" -k 4 --stream --max-iter "$iterations" --tol 0 --verbose --output "$work/model.json" \
    >"$work/report.txt" 2>"$log"
python3 - "$log" "$bytes" "$cap_mb" "$rows" <<'PY'
import re, sys
log, size, cap, rows = open(sys.argv[1]).read(), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
first = float(re.search(r"summary pass and sample done, elapsed ([0-9.]+)s", log).group(1))
passes = [float(x) for x in re.findall(r"pass ([0-9.]+)s", log)]
total = re.search(r"(\d+) passes over", log).group(1)
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1))
mb = size / 1e6
em = sum(passes) / len(passes)
print(f"case stream_{rows}x10: file_mb={mb:.0f} cap_mb={cap} peak_rss_mb={rss_kb / 1024:.1f} "
      f"read_pass_s={first:.2f} read_mb_s={mb / first:.0f} em_pass_s={em:.2f} em_mb_s={mb / em:.0f} "
      f"passes={total} speedup={first / em:.2f}x")
PY
