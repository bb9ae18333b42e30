"""Times the Python peers on the CSV the Swift benchmark just loaded, and checks exactness.

usage: python3 peers.py FILE.csv SWIFT.npy
Prints one line of key=value fields for ../csv.sh; notes go to stderr. Exits 1 if the table
DataIO read (written by `CSVLoad tonpy` as SWIFT.npy) differs in any bit from numpy.loadtxt's.
"""
import sys
import time

import numpy as np


def timed(function, repeats):
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    csv_path, swift_npy = sys.argv[1], sys.argv[2]
    loadtxt_s, reference = timed(lambda: np.loadtxt(csv_path, delimiter=",", skiprows=1), 1)
    ours = np.load(swift_npy)
    if ours.shape != reference.shape or not np.array_equal(ours, reference):
        bad = np.argwhere(ours != reference)[:5] if ours.shape == reference.shape else "shape"
        print(f"MISMATCH between DataIO and numpy.loadtxt: {bad}", file=sys.stderr)
        sys.exit(1)
    print(f"exactness: DataIO == numpy.loadtxt bit for bit on {reference.size} values", file=sys.stderr)
    fields = [f"numpy_loadtxt_s={loadtxt_s:.3f}"]
    try:
        import pandas as pd
    except ImportError as error:
        print(f"pandas skipped: {error}", file=sys.stderr)
        fields.append("pandas_or_numpy_fromfile_s=skipped")
    else:
        pandas_s, frame = timed(lambda: pd.read_csv(csv_path), 3)
        same = np.array_equal(frame.to_numpy(), reference)
        print(f"pandas {pd.__version__} read_csv (C engine) equals numpy.loadtxt bit for bit: {same}",
              file=sys.stderr)
        fields.append(f"pandas_or_numpy_fromfile_s={pandas_s:.3f}")
    print(" ".join(fields))


main()
