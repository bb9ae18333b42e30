#!/usr/bin/env python3
"""Generate scikit-learn reference fixtures for Mixtape's Mixture tests.

Usage (from the package root):

    python3 scripts/make_sklearn_fixtures.py

Installs scikit-learn and numpy with pip if they are missing, prints the versions it uses, and
writes JSON fixtures into Tests/MixtureTests/Fixtures/ (see the README.md there for every field).

Nothing here depends on scikit-learn's randomness: every GaussianMixture run gets weights_init,
means_init and precisions_init (all three, so scikit-learn skips its k-means initialisation) and
every KMeans run gets an explicit centre array, except the one documented n_init=50 k-means run,
which has random_state=0. BLAS threading is pinned to one thread before numpy is imported so that
reductions happen in a fixed order. Re-running with the same library versions gives byte-identical
files; floats are written by Python's json module, i.e. with repr, which round-trips exactly.
"""

import os

# Fixed summation order in BLAS: must be set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import importlib.util
import json
import math
import platform
import subprocess
import sys
import warnings


def _ensure_packages():
    missing = [
        pip_name
        for module, pip_name in (("numpy", "numpy"), ("sklearn", "scikit-learn"))
        if importlib.util.find_spec(module) is None
    ]
    if missing:
        print(f"installing {' '.join(missing)} with pip ...", flush=True)
        subprocess.check_call([sys.executable, "-m", "pip", "install", *missing])
        importlib.invalidate_caches()


_ensure_packages()

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.mixture import GaussianMixture  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "Tests", "MixtureTests", "Fixtures")
OLD_FAITHFUL_CSV = os.path.join(ROOT, "Data", "old_faithful.csv")

COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")
REG_COVAR = 1e-6
SYNTHETIC_SEED = 20261128

# Two GaussianMixture runs per (data set, covariance type):
#   iter5:     exactly 5 EM iterations (tol = 0 can never be met: |change| < 0 is false).
#   converged: run to |change| < 1e-10 (at most 200 iterations).
GMM_RUNS = {
    "iter5": {"max_iter": 5, "tol": 0.0},
    "converged": {"max_iter": 200, "tol": 1e-10},
}


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


def load_old_faithful():
    with open(OLD_FAITHFUL_CSV) as f:
        header = f.readline().strip().split(",")
        rows = [[float(v) for v in line.strip().split(",")] for line in f if line.strip()]
    assert header == ["eruptions", "waiting"], header
    data = np.array(rows, dtype=np.float64)
    assert data.shape == (272, 2), data.shape
    return data


def make_synthetic():
    """600 rows from three 3-D Gaussians, weights 0.5 / 0.3 / 0.2 (exact counts 300/180/120),
    distinct full covariances, shuffled, rounded to 6 decimals (so the file stays small; the
    rounded values are the data). Returns (data, true_component_of_each_row, spec)."""
    rng = np.random.default_rng(SYNTHETIC_SEED)
    counts = [300, 180, 120]
    means = [
        [0.0, 0.0, 0.0],
        [4.0, 3.0, -1.0],
        [-2.0, 4.0, 3.0],
    ]
    covariances = [
        [[1.0, 0.5, 0.2], [0.5, 1.5, -0.3], [0.2, -0.3, 0.8]],
        [[0.6, -0.2, 0.0], [-0.2, 0.4, 0.1], [0.0, 0.1, 1.2]],
        [[2.0, 0.8, 0.6], [0.8, 1.0, 0.3], [0.6, 0.3, 0.7]],
    ]
    parts, labels = [], []
    for j, (n, m, c) in enumerate(zip(counts, means, covariances)):
        np.linalg.cholesky(np.array(c))  # each must be positive definite
        parts.append(rng.multivariate_normal(m, c, size=n, method="cholesky"))
        labels.append(np.full(n, j))
    data = np.vstack(parts)
    labels = np.concatenate(labels)
    perm = rng.permutation(len(data))
    data = np.round(data[perm], 6)
    labels = labels[perm]
    spec = {
        "seed": SYNTHETIC_SEED,
        "generator": "numpy.random.default_rng(seed); per component "
        "rng.multivariate_normal(mean, cov, size=count, method='cholesky') in order, "
        "then rows shuffled with rng.permutation, then rounded to 6 decimals",
        "counts": counts,
        "weights": [c / sum(counts) for c in counts],
        "means": means,
        "covariances": covariances,
    }
    return data, labels, spec


# --------------------------------------------------------------------------------------------
# Starts
# --------------------------------------------------------------------------------------------


def precisions_from_data(data, covariance_type, k):
    """Inverse of the (biased, 1/n) data covariance, in scikit-learn's shape for the type."""
    cov = np.atleast_2d(np.cov(data, rowvar=False, bias=True))
    d = data.shape[1]
    if covariance_type == "full":
        prec = np.linalg.inv(cov)
        prec = (prec + prec.T) / 2  # exactly symmetric
        return np.array([prec] * k)
    if covariance_type == "tied":
        prec = np.linalg.inv(cov)
        return (prec + prec.T) / 2
    var = np.diag(cov)
    if covariance_type == "diag":
        return np.array([1.0 / var] * k)
    if covariance_type == "spherical":
        return np.full(k, 1.0 / np.mean(var))
    raise ValueError(covariance_type)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def tolist(a):
    if isinstance(a, np.ndarray):
        return a.tolist()
    if isinstance(a, (np.floating,)):
        return float(a)
    if isinstance(a, (np.integer,)):
        return int(a)
    if isinstance(a, (np.bool_,)):
        return bool(a)
    return a


def write_fixture(name, obj):
    path = os.path.join(OUT_DIR, name + ".json")
    text = json.dumps(obj, allow_nan=False, separators=(",", ":"), default=tolist)
    with open(path, "w") as f:
        f.write(text)
        f.write("\n")
    return path, len(text) + 1


def make_gm(k, covariance_type, weights_init, means_init, precisions_init, max_iter, tol):
    return GaussianMixture(
        n_components=k,
        covariance_type=covariance_type,
        tol=tol,
        reg_covar=REG_COVAR,
        max_iter=max_iter,
        n_init=1,
        weights_init=weights_init.copy(),
        means_init=means_init.copy(),
        precisions_init=precisions_init.copy()
        if isinstance(precisions_init, np.ndarray)
        else precisions_init,
        random_state=0,  # unused: all three initial parameters are given
    )


def fit_quiet(gm, data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        labels = gm.fit_predict(data)
    return labels


def mean_loglik_at(k, covariance_type, weights, means, precisions, data):
    """Mean log-likelihood at given parameters, through scikit-learn's own code: a model object
    whose parameters are set by hand (no fitting)."""
    gm = GaussianMixture(n_components=k, covariance_type=covariance_type)
    gm.weights_ = np.asarray(weights, dtype=np.float64)
    gm.means_ = np.asarray(means, dtype=np.float64)
    from sklearn.mixture._gaussian_mixture import (
        _compute_precision_cholesky_from_precisions,
    )

    gm.precisions_cholesky_ = _compute_precision_cholesky_from_precisions(
        np.asarray(precisions, dtype=np.float64), covariance_type, xp=np
    )
    return float(np.mean(gm.score_samples(data)))


# --------------------------------------------------------------------------------------------
# GaussianMixture fixtures
# --------------------------------------------------------------------------------------------


def gmm_fixture(dataset, data, k, covariance_type, means_rows, run, versions, extra=None):
    n, d = data.shape
    max_iter, tol = GMM_RUNS[run]["max_iter"], GMM_RUNS[run]["tol"]
    weights_init = np.full(k, 1.0 / k)
    means_init = data[list(means_rows)].copy()
    precisions_init = precisions_from_data(data, covariance_type, k)

    gm = make_gm(k, covariance_type, weights_init, means_init, precisions_init, max_iter, tol)
    fit_labels = fit_quiet(gm, data)
    n_iter = int(gm.n_iter_)

    # Per-iteration bounds, from scikit-learn (lower_bounds_), cross-checked by re-running the
    # same start with max_iter = 1..n_iter and reading lower_bound_ of each: they must agree
    # exactly (same arithmetic, same order). The re-runs also give the parameters after every
    # iteration, stored as `iterations` for the short runs.
    lower_bounds = [float(v) for v in gm.lower_bounds_]
    assert len(lower_bounds) == n_iter, (len(lower_bounds), n_iter)
    assert lower_bounds[-1] == gm.lower_bound_
    iterations = []
    for m in range(1, n_iter + 1):
        g = make_gm(k, covariance_type, weights_init, means_init, precisions_init, m, tol)
        fit_quiet(g, data)
        assert g.n_iter_ == m, (g.n_iter_, m)
        assert g.lower_bound_ == lower_bounds[m - 1], (m, g.lower_bound_, lower_bounds[m - 1])
        iterations.append(
            {
                "iteration": m,
                "lower_bound": float(g.lower_bound_),
                "weights": g.weights_,
                "means": g.means_,
                "covariances": g.covariances_,
                "score": float(g.score(data)),
            }
        )
    # Semantics check: lower_bounds[m-1] is the mean log-likelihood at the parameters held
    # *before* the m-th M-step (the initial parameters for m = 1), i.e. the score of the model
    # after m-1 iterations. Agreement is to rounding only (the E-step and score_samples sum in
    # the same way, but we recompute the initial Cholesky factor here).
    init_score = mean_loglik_at(k, covariance_type, weights_init, means_init, precisions_init, data)
    assert math.isclose(init_score, lower_bounds[0], rel_tol=1e-13, abs_tol=0), (
        init_score,
        lower_bounds[0],
    )
    for m in range(2, n_iter + 1):
        assert iterations[m - 2]["score"] == lower_bounds[m - 1] or math.isclose(
            iterations[m - 2]["score"], lower_bounds[m - 1], rel_tol=1e-13
        ), (m, iterations[m - 2]["score"], lower_bounds[m - 1])
    assert iterations[-1]["score"] == float(gm.score(data))

    predict = gm.predict(data)
    assert np.array_equal(predict, fit_labels), "fit_predict labels differ from predict"
    proba = gm.predict_proba(data)
    score_samples = gm.score_samples(data)
    score = float(gm.score(data))
    assert score == float(np.mean(score_samples))

    fixture = {
        "kind": "GaussianMixture",
        "name": None,  # filled below
        "dataset": dataset,
        "versions": versions,
        "n_samples": n,
        "n_features": d,
        "data": data,
        "covariance_type": covariance_type,
        "n_components": k,
        "max_iter": max_iter,
        "tol": tol,
        "reg_covar": REG_COVAR,
        "n_init": 1,
        "init_means_rows": list(means_rows),
        "weights_init": weights_init,
        "means_init": means_init,
        "precisions_init": precisions_init,
        "score_at_init": init_score,
        "weights": gm.weights_,
        "means": gm.means_,
        "covariances": gm.covariances_,
        "precisions": gm.precisions_,
        "precisions_cholesky": gm.precisions_cholesky_,
        "converged": bool(gm.converged_),
        "n_iter": n_iter,
        "lower_bound": float(gm.lower_bound_),
        "lower_bounds": lower_bounds,
        "score": score,
        "log_likelihood": score * n,
        "score_samples": score_samples,
        "predict": predict.astype(int),
        "predict_proba": proba,
        "bic": float(gm.bic(data)),
        "aic": float(gm.aic(data)),
        "n_parameters": int(gm._n_parameters()),
    }
    if run == "iter5":
        fixture["iterations"] = iterations
    if extra:
        fixture.update(extra)
    return fixture


# --------------------------------------------------------------------------------------------
# KMeans fixtures
# --------------------------------------------------------------------------------------------


def lloyd_stop_reason(data, init, max_iter, tol_scaled):
    """Plain numpy replica of scikit-learn's _kmeans_single_lloyd, used only to find out *why*
    the run stopped ("strict": labels unchanged from the previous iteration; "tol": sum over
    centres of the squared centre shift <= tol_scaled; "max_iter") and to check that the
    semantics written in the README reproduce scikit-learn's n_iter, labels and centres."""
    centers = init.copy()
    labels_old = np.full(len(data), -1)
    reason = "max_iter"
    for i in range(max_iter):
        labels = np.argmin(((data[:, None, :] - centers[None]) ** 2).sum(-1), axis=1)
        new = np.array([data[labels == j].mean(axis=0) for j in range(len(centers))])
        shift = float(((new - centers) ** 2).sum())
        centers = new
        if np.array_equal(labels, labels_old):
            reason = "strict"
            break
        if shift <= tol_scaled:
            reason = "tol"
            break
        labels_old = labels
    if reason != "strict":  # final assignment to the final centres
        labels = np.argmin(((data[:, None, :] - centers[None]) ** 2).sum(-1), axis=1)
    return reason, i + 1, labels, centers


def kmeans_fixture(dataset, data, k, init_rows, max_iter, tol, versions):
    init = data[list(init_rows)].copy()
    km = KMeans(
        n_clusters=k, init=init.copy(), n_init=1, max_iter=max_iter, tol=tol, algorithm="lloyd"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        km.fit(data)
    tol_scaled = float(np.mean(np.var(data, axis=0)) * tol) if tol != 0 else 0.0
    assert tol_scaled == float(km._tol), (tol_scaled, km._tol)
    labels = km.labels_
    assert np.array_equal(labels, km.predict(data))
    reason, n_iter, ref_labels, ref_centers = lloyd_stop_reason(data, init, max_iter, tol_scaled)
    assert n_iter == km.n_iter_ and np.array_equal(ref_labels, labels), (n_iter, km.n_iter_)
    assert np.allclose(ref_centers, km.cluster_centers_, rtol=1e-12, atol=0)
    return {
        "kind": "KMeans",
        "name": None,
        "dataset": dataset,
        "versions": versions,
        "n_samples": data.shape[0],
        "n_features": data.shape[1],
        "data": data,
        "n_clusters": k,
        "algorithm": "lloyd",
        "n_init": 1,
        "max_iter": max_iter,
        "tol": tol,
        "tol_scaled": tol_scaled,
        "init_rows": list(init_rows),
        "init": init,
        "centers": km.cluster_centers_,
        "labels": labels.astype(int),
        "sizes": np.bincount(labels, minlength=k).astype(int),
        "inertia": float(km.inertia_),
        "n_iter": int(km.n_iter_),
        "stop_reason": reason,
    }


def kmeans_restarts_fixture(dataset, data, k, versions):
    km = KMeans(n_clusters=k, n_init=50, random_state=0)
    km.fit(data)
    order = np.argsort(km.cluster_centers_[:, 0], kind="stable")
    relabel = np.empty(k, dtype=int)
    relabel[order] = np.arange(k)
    labels = relabel[km.labels_]
    return {
        "kind": "KMeansRestarts",
        "name": None,
        "dataset": dataset,
        "versions": versions,
        "n_samples": data.shape[0],
        "n_features": data.shape[1],
        "data": data,
        "n_clusters": k,
        "n_init": 50,
        "random_state": 0,
        "init": "k-means++",
        "algorithm": "lloyd",
        "max_iter": km.max_iter,
        "tol": km.tol,
        "tol_scaled": float(km._tol),
        "centers": km.cluster_centers_[order],
        "labels": labels.astype(int),
        "sizes": np.bincount(labels, minlength=k).astype(int),
        "inertia": float(km.inertia_),
    }


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def main():
    versions = {
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
    }
    print(f"scikit-learn {versions['scikit-learn']}, numpy {versions['numpy']}, "
          f"python {versions['python']}")
    os.makedirs(OUT_DIR, exist_ok=True)

    faithful = load_old_faithful()
    waiting = faithful[:, 1:2].copy()
    synthetic, synthetic_labels, synthetic_spec = make_synthetic()
    # Initial means: chosen data rows. Old Faithful rows 0 and 1 are (3.6, 79) and (1.8, 54),
    # one long and one short eruption. Synthetic: the first row drawn from each true component.
    faithful_rows = (0, 1)
    synthetic_rows = tuple(int(np.flatnonzero(synthetic_labels == j)[0]) for j in range(3))
    synthetic_extra = {"synthetic": synthetic_spec}

    written = []

    def emit(name, fixture):
        fixture["name"] = name
        path, size = write_fixture(name, fixture)
        written.append((os.path.relpath(path, ROOT), size))
        summary = ""
        if fixture["kind"] == "GaussianMixture":
            summary = (f"n_iter={fixture['n_iter']} converged={fixture['converged']} "
                       f"lower_bound={fixture['lower_bound']:.10f} score={fixture['score']:.10f}")
        elif fixture["kind"] == "KMeans":
            summary = (f"n_iter={fixture['n_iter']} stop={fixture['stop_reason']} "
                       f"inertia={fixture['inertia']:.6f}")
        else:
            summary = f"inertia={fixture['inertia']:.6f} sizes={fixture['sizes'].tolist()}"
        print(f"  {name}.json  {size} bytes  {summary}")

    for covariance_type in COVARIANCE_TYPES:
        for run in GMM_RUNS:
            emit(f"gmm_old_faithful_k2_{covariance_type}_{run}",
                 gmm_fixture("old_faithful", faithful, 2, covariance_type, faithful_rows, run,
                             versions))
    for covariance_type in COVARIANCE_TYPES:
        for run in GMM_RUNS:
            emit(f"gmm_synthetic3d_k3_{covariance_type}_{run}",
                 gmm_fixture("synthetic3d", synthetic, 3, covariance_type, synthetic_rows, run,
                             versions, synthetic_extra))
    for run in GMM_RUNS:
        emit(f"gmm_old_faithful_waiting_k2_full_{run}",
             gmm_fixture("old_faithful_waiting", waiting, 2, "full", faithful_rows, run,
                         versions))

    # KMeans from the same chosen rows: 1 and 2 Lloyd iterations with tol = 0 (stops early only
    # on strict convergence, which these runs do not reach), and a run to convergence with
    # scikit-learn's default tol = 1e-4 (scaled by the mean feature variance, see tol_scaled).
    # Those converge strictly (labels unchanged); the "tolstop" runs use a looser tol chosen so
    # that the centre-shift test stops them first (stop_reason "tol"), which exercises the final
    # re-assignment of labels to the final centres.
    kmeans_runs = {"iter1": (1, 0.0), "iter2": (2, 0.0), "converged": (300, 1e-4)}
    for run, (max_iter, tol) in {**kmeans_runs, "tolstop": (300, 1e-3)}.items():
        emit(f"kmeans_old_faithful_k2_{run}",
             kmeans_fixture("old_faithful", faithful, 2, faithful_rows, max_iter, tol, versions))
    for run, (max_iter, tol) in {**kmeans_runs, "tolstop": (300, 1e-2)}.items():
        fixture = kmeans_fixture("synthetic3d", synthetic, 3, synthetic_rows, max_iter, tol,
                                 versions)
        fixture.update(synthetic_extra)
        emit(f"kmeans_synthetic3d_k3_{run}", fixture)
    emit("kmeans_old_faithful_k2_ninit50", kmeans_restarts_fixture("old_faithful", faithful, 2,
                                                                     versions))

    total = sum(size for _, size in written)
    print(f"wrote {len(written)} fixtures, {total} bytes in total, into "
          f"{os.path.relpath(OUT_DIR, ROOT)}/")


if __name__ == "__main__":
    main()
