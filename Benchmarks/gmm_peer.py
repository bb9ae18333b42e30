#!/usr/bin/env python3
"""GMM benchmark peer: writes the problem for gmm-bench and times scikit-learn on it.

Usage: gmm_peer.py write DIR N D K ITERS REPEATS   -> DIR/data.bin, DIR/problem.json
       gmm_peer.py time DIR                        -> one line per covariance type
Installs numpy and scikit-learn with pip if they are missing.
"""
import json, os, subprocess, sys, time

try:
    import numpy as np
    from sklearn.mixture import GaussianMixture
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "numpy", "scikit-learn"])
    import numpy as np
    from sklearn.mixture import GaussianMixture
import warnings
warnings.filterwarnings("ignore")  # ConvergenceWarning: tol=0 runs a fixed number of iterations

TYPES = ["full", "tied", "diag", "spherical"]


def write(directory, n, d, k, iters, repeats):
    rng = np.random.default_rng(12345)
    centres = rng.normal(scale=4.0, size=(k, d))
    labels = rng.integers(0, k, size=n)
    a = rng.normal(size=(k, d, d)) * 0.4 + np.eye(d)
    x = centres[labels] + np.einsum("nij,nj->ni", a[labels], rng.normal(size=(n, d)))
    x = np.ascontiguousarray(x, dtype=np.float64)
    x.tofile(os.path.join(directory, "data.bin"))
    means = x[rng.choice(n, size=k, replace=False)]
    var = x.var(axis=0)
    prec_full = np.linalg.inv(np.cov(x.T, bias=True))
    runs = [
        {"covariance_type": "full", "precisions": np.repeat(prec_full[None], k, axis=0).tolist()},
        {"covariance_type": "tied", "precisions": prec_full.tolist()},
        {"covariance_type": "diag", "precisions": np.repeat((1 / var)[None], k, axis=0).tolist()},
        {"covariance_type": "spherical", "precisions": [float(1 / var.mean())] * k},
    ]
    problem = {"n": n, "d": d, "k": k, "iterations": iters, "repeats": repeats,
               "weights": [1.0 / k] * k, "means": means.tolist(), "runs": runs}
    with open(os.path.join(directory, "problem.json"), "w") as f:
        json.dump(problem, f)


def time_sklearn(directory):
    with open(os.path.join(directory, "problem.json")) as f:
        p = json.load(f)
    x = np.fromfile(os.path.join(directory, "data.bin"), dtype=np.float64).reshape(p["n"], p["d"])
    for run in p["runs"]:
        best = float("inf")
        for _ in range(p["repeats"]):
            gm = GaussianMixture(p["k"], covariance_type=run["covariance_type"], tol=0, max_iter=p["iterations"],
                                 weights_init=p["weights"], means_init=p["means"],
                                 precisions_init=np.array(run["precisions"]))
            t = time.perf_counter()
            gm.fit(x)
            best = min(best, (time.perf_counter() - t) / p["iterations"])
        print(f"{run['covariance_type']} sklearn_s_per_iter={best:.6g} lower_bound={gm.lower_bound_:.12g}")


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], *map(int, sys.argv[3:8]))
    else:
        time_sklearn(sys.argv[2])
