#!/usr/bin/env python3
"""Check the published Old Faithful reference fits (../shared/reference/old_faithful.md, the
numbers the Swift tests hard-code) against scikit-learn with many restarts.

    python3 scripts/verify_old_faithful_reference.py

Each row: GaussianMixture(k, covariance_type, n_init=50, tol=1e-10, max_iter=1000,
random_state=0). Components are sorted by their first mean coordinate before comparing. A value
matches when it agrees with the reference to the number of decimals the reference prints (half a
unit in the last printed place). Exits non-zero on any mismatch.

Result with scikit-learn 1.9.1 / numpy 2.4.6: every log-likelihood, BIC, AIC, parameter count,
weight and mean in the table, the default run's lower bounds, the k-means row and the parameter
counts reproduce. It exits non-zero on these, all outside the table's loglik/means columns except
the last: the k=2 full covariances differ from the printed ones in the 5th decimal (33.697295 vs
33.69731, 0.9406064 vs 0.94060, 36.046179 vs 36.04612; the optimum is flat there and these
entries move by ~1e-5 with tol/reg_covar); the k=2 spherical mean 80.264946 prints as 80.2649, not
80.2650; and the 1-D `waiting` means are 54.6149 / 80.0911 (reference 54.614 / 80.090: the second
is off by 1.1e-3).
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import importlib.util
import subprocess
import sys
import warnings

if importlib.util.find_spec("sklearn") is None or importlib.util.find_spec("numpy") is None:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "scikit-learn", "numpy"])

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.mixture import GaussianMixture  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CSV = os.path.join(ROOT, "Data", "old_faithful.csv")

# (k, covariance, loglik, BIC, AIC, params, weights, means) as printed in the reference table.
ROWS = [
    (1, "full", -1289.797, 2607.623, 2589.593, 5, [1], [(3.4878, 70.8971)]),
    (1, "diag", -1516.706, 3055.835, 3041.412, 4, [1], [(3.4878, 70.8971)]),
    (1, "spherical", -2003.952, 4024.721, 4013.904, 3, [1], [(3.4878, 70.8971)]),
    (2, "full", -1130.264, 2322.192, 2282.528, 11, [0.3559, 0.6441],
     [(2.0364, 54.4785), (4.2897, 79.9681)]),
    (2, "tied", -1140.187, 2325.220, 2296.374, 8, [0.3592, 0.6408],
     [(2.0462, 54.5965), (4.2960, 80.0362)]),
    (2, "diag", -1147.806, 2346.065, 2313.613, 9, [0.3565, 0.6435],
     [(2.0379, 54.4930), (4.2911, 79.9856)]),
    (2, "spherical", -1709.529, 3458.299, 3433.059, 7, [0.3671, 0.6329],
     [(2.0977, 54.7429), (4.2939, 80.2650)]),
    (3, "tied", -1126.316, 2314.296, 2274.632, 11, None, None),
]

failures = []


def check(label, got, want, decimals):
    ok = abs(got - want) <= 0.5 * 10.0 ** (-decimals) + 1e-12
    if not ok:
        failures.append(f"{label}: got {got!r}, reference {want!r}")
    return ok


def fit(data, k, covariance_type):
    gm = GaussianMixture(k, covariance_type=covariance_type, n_init=50, tol=1e-10,
                         max_iter=1000, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a ConvergenceWarning would be a finding
        gm.fit(data)
    order = np.argsort(gm.means_[:, 0], kind="stable")
    return gm, order


def main():
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    X = np.loadtxt(CSV, delimiter=",", skiprows=1)
    n = X.shape[0]
    assert X.shape == (272, 2)
    print(f"column means {X.mean(axis=0)}  (reference 3.487783, 70.897059)")
    check("column mean eruptions", X[:, 0].mean(), 3.487783, 6)
    check("column mean waiting", X[:, 1].mean(), 70.897059, 6)

    for k, cov, ll, bic, aic, p, weights, means in ROWS:
        gm, order = fit(X, k, cov)
        got_ll = gm.score(X) * n
        tag = f"k={k} {cov}"
        oks = [
            check(f"{tag} loglik", got_ll, ll, 3),
            check(f"{tag} BIC", gm.bic(X), bic, 3),
            check(f"{tag} AIC", gm.aic(X), aic, 3),
        ]
        if gm._n_parameters() != p:
            failures.append(f"{tag} params: got {gm._n_parameters()}, reference {p}")
            oks.append(False)
        if weights is not None:
            for j, w in enumerate(weights):
                oks.append(check(f"{tag} weight {j}", gm.weights_[order[j]], w, 4))
            for j, m in enumerate(means):
                for c in range(2):
                    oks.append(check(f"{tag} mean {j}[{c}]", gm.means_[order[j], c], m[c], 4))
        print(f"{tag:12s} loglik {got_ll:.6f} BIC {gm.bic(X):.6f} AIC {gm.aic(X):.6f} "
              f"p {gm._n_parameters()} n_iter {gm.n_iter_} converged {gm.converged_} "
              f"weights {np.round(gm.weights_[order], 6).tolist()} "
              f"means {np.round(gm.means_[order], 6).tolist()}  {'OK' if all(oks) else 'MISMATCH'}")

        if (k, cov) == (2, "full"):
            covs = gm.covariances_[order]
            ref = [[[0.06917, 0.43517], [0.43517, 33.69731]],
                   [[0.16997, 0.94060], [0.94060, 36.04612]]]
            for j in range(2):
                for a in range(2):
                    for b in range(2):
                        check(f"{tag} cov {j}[{a},{b}]", covs[j, a, b], ref[j][a][b], 5)
            labels = gm.predict(X)
            sizes = [int((labels == order[j]).sum()) for j in range(2)]
            print(f"             covariances {np.round(covs, 6).tolist()}  hard sizes {sizes} "
                  f"(reference 97 / 175)")
            if sizes != [97, 175]:
                failures.append(f"{tag} hard label sizes {sizes}, reference [97, 175]")

    # Default run: GaussianMixture(2) (k-means init, tol 1e-3). Its k-means init depends on the
    # random state; report a few seeds.
    ref_bounds = [-4.203748, -4.160035, -4.155530, -4.155389]
    for seed in (0, 1, 2, 42):
        gm = GaussianMixture(2, random_state=seed).fit(X)
        bounds = [round(float(b), 6) for b in gm.lower_bounds_]
        print(f"default GaussianMixture(2, random_state={seed}): n_iter {gm.n_iter_} "
              f"loglik {gm.score(X) * n:.4f} lower_bounds {bounds}  "
              f"{'OK' if bounds == ref_bounds else 'differs from reference'}")
        if seed == 0 and bounds != ref_bounds:
            failures.append(f"default run (random_state=0) bounds {bounds}, reference {ref_bounds}")

    km = KMeans(2, n_init=50, random_state=0).fit(X)
    order = np.argsort(km.cluster_centers_[:, 0])
    centers = km.cluster_centers_[order]
    sizes = [int((km.labels_ == o).sum()) for o in order]
    ok = [check("kmeans inertia", km.inertia_, 8901.7687, 4)]
    ref_c = [(2.0943, 54.7500), (4.2979, 80.2849)]
    for j in range(2):
        for c in range(2):
            ok.append(check(f"kmeans centre {j}[{c}]", centers[j, c], ref_c[j][c], 4))
    if sizes != [100, 172]:
        failures.append(f"kmeans sizes {sizes}, reference [100, 172]")
        ok.append(False)
    print(f"KMeans(2, n_init=50, random_state=0): centres {np.round(centers, 6).tolist()} "
          f"inertia {km.inertia_:.6f} sizes {sizes}  {'OK' if all(ok) else 'MISMATCH'}")

    gm, order = fit(X[:, 1:2], 2, "full")
    ll = gm.score(X[:, 1:2]) * n
    ok = [check("waiting loglik", ll, -1034.002, 3)]
    for j, (m, w) in enumerate(zip((54.614, 80.090), (0.361, 0.639))):
        ok.append(check(f"waiting mean {j}", gm.means_[order[j], 0], m, 3))
        ok.append(check(f"waiting weight {j}", gm.weights_[order[j]], w, 3))
    print(f"waiting k=2: loglik {ll:.6f} means {np.round(gm.means_[order, 0], 6).tolist()} "
          f"weights {np.round(gm.weights_[order], 6).tolist()}  {'OK' if all(ok) else 'MISMATCH'}")

    counts = {}
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(50, 5))
    for cov in ("spherical", "diag", "tied", "full"):
        g = GaussianMixture(2, covariance_type=cov, random_state=0).fit(Z)
        counts[cov] = g._n_parameters()
    print(f"parameter counts d=5 k=2: {counts}  (reference 13/21/26/41)")
    if list(counts.values()) != [13, 21, 26, 41]:
        failures.append(f"parameter counts {counts}")

    if failures:
        print("\nMISMATCHES:")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("\nall reference values reproduced")


if __name__ == "__main__":
    main()
