#!/usr/bin/env python3
"""Reference for the Levenberg–Marquardt curve-fit test (Tests/OptimizationTests/LevenbergMarquardtTests.swift).

Generates y = 2.5·exp(−1.3·t) + 0.5 + noise (σ = 0.02, NumPy seed 1) at t = 0, 0.2, …, 4.8 and fits
a·exp(−b·t) + c with scipy.optimize.curve_fit (default: MINPACK lmdif) from (1, 1, 0), printing the
data, the parameters, their standard errors (√diag of pcov, scaled by the residual variance) and the
sum of squares, as Swift literals (repr: shortest round-tripping decimals).
Usage: python3 scripts/curve_fit_reference.py
"""
import numpy as np
from scipy.optimize import curve_fit

rng = np.random.default_rng(1)
t = np.arange(25) * 0.2
y = 2.5 * np.exp(-1.3 * t) + 0.5 + rng.normal(0, 0.02, t.size)
model = lambda t, a, b, c: a * np.exp(-b * t) + c
p, cov = curve_fit(model, t, y, p0=(1, 1, 0), xtol=1e-14, ftol=1e-14, gtol=1e-14, maxfev=10000)
r = model(t, *p) - y
print("t = [" + ", ".join(repr(float(v)) for v in t) + "]")
print("y = [" + ", ".join(repr(float(v)) for v in y) + "]")
print("parameters = [" + ", ".join(repr(float(v)) for v in p) + "]")
print("standardErrors = [" + ", ".join(repr(float(v)) for v in np.sqrt(np.diag(cov))) + "]")
print("sumOfSquares =", repr(float(r @ r)))
