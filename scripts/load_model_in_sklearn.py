#!/usr/bin/env python3
"""Load a Mixtape model file into scikit-learn's GaussianMixture.

Usage:
    python3 scripts/load_model_in_sklearn.py MODEL.json [DATA.csv]

With DATA.csv (numeric, with a header row), prints scikit-learn's predict_proba on it as CSV with
the same header and number format as `mixtape predict MODEL DATA --proba`, so the two can be
compared. As a library: `from load_model_in_sklearn import load; gm = load("model.json")`.
"""
import json
import sys

import numpy as np
from sklearn.mixture import GaussianMixture


def load(path):
    """A fitted sklearn.mixture.GaussianMixture with the model file's parameters."""
    with open(path) as f:
        m = json.load(f)
    gm = GaussianMixture(n_components=m["n_components"], covariance_type=m["covariance_type"])
    gm.weights_ = np.asarray(m["weights"], dtype=float)
    gm.means_ = np.asarray(m["means"], dtype=float)
    gm.covariances_ = np.asarray(m["covariances"], dtype=float)
    gm.precisions_cholesky_ = np.asarray(m["precisions_cholesky"], dtype=float)
    if m["covariance_type"] in ("full", "tied"):
        pc = gm.precisions_cholesky_
        gm.precisions_ = pc @ np.swapaxes(pc, -1, -2)
    else:
        gm.precisions_ = gm.precisions_cholesky_ ** 2
    gm.converged_ = bool(m.get("converged", True))
    gm.n_iter_ = int(m.get("n_iter", 0))
    lb = m.get("lower_bound")
    gm.lower_bound_ = -np.inf if lb is None else float(lb)
    gm.n_features_in_ = int(m["n_features"])
    return gm


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    gm = load(sys.argv[1])
    if len(sys.argv) == 2:
        print(f"loaded: {gm.n_components} components, {gm.covariance_type}, {gm.n_features_in_} features")
        return
    x = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1, ndmin=2)
    p = gm.predict_proba(x)
    print(",".join(f"component{j}" for j in range(p.shape[1])))
    for row in p:
        print(",".join(repr(float(v)) for v in row))


if __name__ == "__main__":
    main()
