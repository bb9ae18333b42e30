#!/usr/bin/env python3
"""Reference solutions for Tests/ODETests, computed independently of Mixtape with SciPy.

* Van der Pol, mu = 1000 (MATLAB's vdp1000): y1' = y2, y2' = mu (1 - y1^2) y2 - y1, y(0) = (2, 0),
  at t = 200, 400, ..., 3000: SciPy's Radau at rtol = 1e-12, atol = 1e-14 with the exact Jacobian
  (hand-written below). Its accuracy is estimated by comparing with LSODA at rtol = 1e-12 and with
  Radau at rtol = 1e-10; the largest differences are printed.
* Robertson at t = 40 (checking Hairer & Wanner's test-set values quoted in issue 9).

Run: python3 scripts/ode_references.py   (about half a minute; SciPy 1.17.1 was used)
"""
import numpy as np
import scipy
from scipy.integrate import solve_ivp

mu = 1000.0


def vdp(t, y):
    return [y[1], mu * (1 - y[0] ** 2) * y[1] - y[0]]


def vdp_jac(t, y):
    return [[0.0, 1.0], [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] ** 2)]]


times = np.array([200.0, 400, 800, 1200, 1600, 2000, 2400, 2800, 3000])
runs = {}
for name, method, rtol in [("radau12", "Radau", 1e-12), ("radau10", "Radau", 1e-10),
                           ("lsoda12", "LSODA", 1e-12)]:
    s = solve_ivp(vdp, (0, 3000), [2.0, 0.0], method=method, rtol=rtol, atol=rtol * 1e-2,
                  jac=vdp_jac, t_eval=times)
    assert s.status == 0, s.message
    runs[name] = s.y
ref = runs["radau12"]
print(f"# scipy {scipy.__version__}, numpy {np.__version__}")
print("# van der Pol mu=1000, Radau rtol=1e-12 atol=1e-14: t, y1, y2")
for k, t in enumerate(times):
    print(f"({t:.0f}, {float(ref[0, k])!r}, {float(ref[1, k])!r}),")
for other in ("lsoda12", "radau10"):
    rel = np.abs(runs[other] - ref) / np.abs(ref)
    print(f"# max relative difference to {other}: y1 {rel[0].max():.2e}, y2 {rel[1].max():.2e}")


def robertson(t, y):
    return [-0.04 * y[0] + 1e4 * y[1] * y[2],
            0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] ** 2,
            3e7 * y[1] ** 2]


def robertson_jac(t, y):
    return [[-0.04, 1e4 * y[2], 1e4 * y[1]],
            [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
            [0.0, 6e7 * y[1], 0.0]]


s = solve_ivp(robertson, (0, 40), [1.0, 0.0, 0.0], method="Radau", rtol=1e-12,
              atol=[1e-16, 1e-20, 1e-16], jac=robertson_jac)
print("# Robertson y(40), Radau rtol=1e-12:", [float(v) for v in s.y[:, -1]])
print("# Hairer-Wanner:                     [0.7158270687, 9.185534765e-06, 0.2841637457]")

s = solve_ivp(robertson, (0, 1e11), [1.0, 0.0, 0.0], method="Radau", rtol=1e-12,
              atol=[1e-16, 1e-22, 1e-16], jac=robertson_jac, t_eval=[1e11])
print("# Robertson y(1e11), Radau rtol=1e-12:", [float(v) for v in s.y[:, -1]])
s2 = solve_ivp(robertson, (0, 1e11), [1.0, 0.0, 0.0], method="LSODA", rtol=1e-12,
               atol=[1e-16, 1e-22, 1e-16], jac=robertson_jac, t_eval=[1e11])
print("# max relative difference to LSODA rtol=1e-12:",
      f"{float(np.max(np.abs(s2.y[:, -1] - s.y[:, -1]) / np.abs(s.y[:, -1]))):.2e}")
