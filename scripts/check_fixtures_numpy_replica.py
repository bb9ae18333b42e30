#!/usr/bin/env python3
"""Independent check of Tests/MixtureTests/Fixtures/README.md: re-run EM from each GaussianMixture
fixture's start with a plain numpy implementation of exactly what the README describes (not
scikit-learn's code) and compare with the stored scikit-learn results.

    python3 scripts/check_fixtures_numpy_replica.py

Exits non-zero if n_iter, converged or the labels differ, or any of lower_bounds, weights, means,
covariances, precisions_cholesky, score differs by more than 1e-12 (relative to the largest
magnitude of the compared array).
"""

import glob
import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EPS = np.finfo(np.float64).eps


def logsumexp(a):
    m = a.max(axis=1, keepdims=True)
    return (m + np.log(np.exp(a - m).sum(axis=1, keepdims=True)))[:, 0]


def flip(a):
    return a[::-1, ::-1]


def chol_from_precisions(p, t):
    if t == "full":
        return np.array([flip(np.linalg.cholesky(flip(pk))) for pk in p])
    if t == "tied":
        return flip(np.linalg.cholesky(flip(p)))
    return np.sqrt(p)


def chol_from_covariances(c, t):
    if t == "full":
        return np.array([np.linalg.inv(np.linalg.cholesky(ck)).T for ck in c])
    if t == "tied":
        return np.linalg.inv(np.linalg.cholesky(c)).T
    return 1.0 / np.sqrt(c)


def log_gauss(x, means, u, t):
    n, d = x.shape
    out = np.empty((n, len(means)))
    for j, mu in enumerate(means):
        uj = {"full": lambda: u[j], "tied": lambda: u, "diag": lambda: np.diag(u[j]),
              "spherical": lambda: np.eye(d) * u[j]}[t]()
        y = (x - mu) @ uj
        out[:, j] = -0.5 * (d * np.log(2 * np.pi) + (y * y).sum(1)) + np.log(np.diag(uj)).sum()
    return out


def m_step(x, r, t, reg):
    nk = r.sum(0) + 10 * EPS
    means = (r.T @ x) / nk[:, None]
    d = x.shape[1]
    if t == "full":
        cov = np.array([((r[:, j] * (x - means[j]).T) @ (x - means[j])) / nk[j] + reg * np.eye(d)
                        for j in range(len(nk))])
    elif t == "tied":
        cov = (x.T @ x - (nk * means.T) @ means) / nk.sum() + reg * np.eye(d)
    else:
        cov = (r.T @ (x * x)) / nk[:, None] - means ** 2 + reg
        if t == "spherical":
            cov = cov.mean(1)
    return nk / nk.sum(), means, cov


def rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def main():
    bad = 0
    files = sorted(glob.glob(os.path.join(ROOT, "Tests/MixtureTests/Fixtures/gmm_*.json")))
    for path in files:
        f = json.load(open(path))
        x, t = np.array(f["data"]), f["covariance_type"]
        w, mu = np.array(f["weights_init"]), np.array(f["means_init"])
        u = chol_from_precisions(np.array(f["precisions_init"]), t)
        lb, bounds, converged = -np.inf, [], False
        for m in range(1, f["max_iter"] + 1):
            wl = log_gauss(x, mu, u, t) + np.log(w)
            norm = logsumexp(wl)
            prev, lb = lb, norm.mean()
            bounds.append(lb)
            w, mu, cov = m_step(x, np.exp(wl - norm[:, None]), t, f["reg_covar"])
            u = chol_from_covariances(cov, t)
            if abs(lb - prev) < f["tol"]:
                converged = True
                break
        wl = log_gauss(x, mu, u, t) + np.log(w)
        errs = {
            "lower_bounds": rel(bounds, f["lower_bounds"]) if len(bounds) == f["n_iter"] else 1,
            "weights": rel(w, f["weights"]), "means": rel(mu, f["means"]),
            "covariances": rel(cov, f["covariances"]),
            "precisions_cholesky": rel(u, f["precisions_cholesky"]),
            "score": rel(logsumexp(wl).mean(), f["score"]),
        }
        same = (m == f["n_iter"] and converged == f["converged"]
                and np.array_equal(np.argmax(wl, 1), f["predict"]))
        ok = same and max(errs.values()) <= 1e-12
        bad += not ok
        print(f"{os.path.basename(path):48s} max rel diff {max(errs.values()):.1e}  "
              f"n_iter/converged/labels {'same' if same else 'DIFFER'}  {'OK' if ok else 'FAIL'}")
    print(f"{len(files) - bad}/{len(files)} fixtures reproduced")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
