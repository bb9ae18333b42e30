#!/usr/bin/env python3
"""Reference responsibilities and log-densities for rows far from every component.

Used by Tests/MixtureTests/FarRowTests.swift. Every model parameter and row is a decimal literal;
mpmath reads the nearest double exactly (mpf(float(...))) and does the arithmetic at 800 digits,
so the references are the exact posteriors of the double-precision inputs, correctly rounded.

    python3 scripts/far_row_posteriors.py     # prints the Swift literals pasted into the test
"""
import mpmath as mp

mp.mp.dps = 800  # m ~ x² ~ 1e600 at x = 1e300, and the log-ratios that decide are ~1e300: 300+ digits needed

# name, covariance type, weights, means, covariances (full d×d per component / tied d×d / diag rows / spherical)
MODELS = {
    "fullFaithful": ("full", [0.35, 0.65], [[2.0, 54.5], [4.3, 80.0]],
                     [[[0.07, 0.44], [0.44, 33.7]], [[0.17, 0.94], [0.94, 36.0]]]),
    "tiedWaiting": ("tied", [0.36, 0.64], [[54.6], [80.1]], [[34.0]]),
    "diagUnit": ("diag", [0.25, 0.75], [[0.0, 0.0], [2.0, 0.0]], [[1.0, 1.0], [1.0, 1.0]]),
    "sphericalThree": ("spherical", [0.2, 0.3, 0.5], [[0.0, 0.0], [2.0, 0.0], [0.0, 4.0]], [1.0, 1.0, 1.0]),
    "tiedThree": ("tied", [0.2, 0.3, 0.5], [[0.0, 0.0], [2.0, 0.0], [0.0, 4.0]], [[2.0, 0.5], [0.5, 1.0]]),
}

ROWS = {
    "fullFaithful": [[3.5, 70.0], [1e20, 1e20], [-1e20, 1e20], [1e160, 1e160], [-1e300, 5.0], [3.0, 1e200],
                     [1e200, -1e200]],
    "tiedWaiting": [[67.0], [1e17], [1e20], [-1e20], [1e200], [-1e300]],
    "diagUnit": [[1.0, 0.0], [1.5, 1e20], [0.5, -1e20], [1.0, 1e200]],
    "sphericalThree": [[1.0, 1.0], [1.5, 1e20], [1e20, 1.0], [0.25, -1e200]],
    "tiedThree": [[1.0, 1.0], [1e20, 3.0], [-1e20, 1e20], [1e200, 2.0]],
}


def mpf(x):
    return mp.mpf(float(x))


def full_covariances(kind, k, d, cov):
    if kind == "full":
        return [mp.matrix([[mpf(v) for v in row] for row in c]) for c in cov]
    if kind == "tied":
        m = mp.matrix([[mpf(v) for v in row] for row in cov])
        return [m] * k
    if kind == "diag":
        return [mp.diag([mpf(v) for v in c]) for c in cov]
    return [mp.diag([mpf(c)] * d) for c in cov]


def posterior(model, x):
    kind, weights, means, cov = model
    k, d = len(weights), len(means[0])
    sigmas = full_covariances(kind, k, d, cov)
    logs = []
    for c in range(k):
        diff = mp.matrix([mpf(x[j]) - mpf(means[c][j]) for j in range(d)])
        p = sigmas[c] ** -1
        m = (diff.T * p * diff)[0]
        logs.append(mp.log(mpf(weights[c])) - m / 2 - mp.log(mp.det(sigmas[c])) / 2 - d * mp.log(2 * mp.pi) / 2)
    top = max(logs)
    total = top + mp.log(mp.fsum(mp.exp(l - top) for l in logs))
    return [float(mp.exp(l - total)) for l in logs], total


def swift_double(x):
    f = float(x)
    if f == float("-inf"):
        return "-.infinity"
    return repr(f)


for name, model in MODELS.items():
    print(f"// {name}")
    for x in ROWS[name]:
        probs, total = posterior(model, x)
        print(f"Row(x: {[float(v) for v in x]}, responsibilities: [{', '.join(repr(p) for p in probs)}], "
              f"logDensity: {swift_double(total)}),")
