#!/usr/bin/env python3
"""k-means benchmark peer: writes the problem for kmeans-bench and times scikit-learn on it.

Usage: kmeans_peer.py write DIR N D K REPEATS   -> DIR/data.bin, DIR/problem.json
       kmeans_peer.py time DIR                  -> one line per algorithm (lloyd, elkan)
The data are k overlapping Gaussian blobs; the start is k distinct data rows, the same for both
programs (n_init=1, init=array), max_iter=300 and tol=1e-4 as scikit-learn's defaults.
Installs numpy and scikit-learn with pip if they are missing.
"""
import json, os, subprocess, sys, time

try:
    import numpy as np
    from sklearn.cluster import KMeans
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "numpy", "scikit-learn"])
    import numpy as np
    from sklearn.cluster import KMeans


def write(directory, n, d, k, repeats):
    rng = np.random.default_rng(2024 + n + d + k)
    centres = rng.normal(scale=3.0, size=(k, d))
    labels = rng.integers(0, k, size=n)
    x = centres[labels] + rng.normal(size=(n, d))
    x = np.ascontiguousarray(x, dtype=np.float64)
    x.tofile(os.path.join(directory, "data.bin"))
    start = x[rng.choice(n, size=k, replace=False)]
    problem = {"n": n, "d": d, "k": k, "max_iter": 300, "tol": 1e-4, "repeats": repeats,
               "init": start.tolist()}
    with open(os.path.join(directory, "problem.json"), "w") as f:
        json.dump(problem, f)


def time_sklearn(directory):
    with open(os.path.join(directory, "problem.json")) as f:
        p = json.load(f)
    x = np.fromfile(os.path.join(directory, "data.bin"), dtype=np.float64).reshape(p["n"], p["d"])
    start = np.array(p["init"])
    for algorithm in ["lloyd", "elkan"]:
        best = float("inf")
        for _ in range(p["repeats"]):
            km = KMeans(p["k"], init=start, n_init=1, max_iter=p["max_iter"], tol=p["tol"], algorithm=algorithm)
            t = time.perf_counter()
            km.fit(x)
            best = min(best, time.perf_counter() - t)
        print(f"{algorithm} sklearn_s={best:.6g} inertia={km.inertia_:.17g} n_iter={km.n_iter_}")


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], *map(int, sys.argv[3:7]))
    else:
        time_sklearn(sys.argv[2])
