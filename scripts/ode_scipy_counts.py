#!/usr/bin/env python3
"""SciPy's step and evaluation counts on the ODE benchmark's stiff cases, for comparison with
`Benchmarks/run.sh ode` (counts only; the timed SciPy peer belongs to `Benchmarks/run.sh solvers`).

Same problems and tolerances as Benchmarks/ODEBenchmark; SciPy is given the exact Jacobian
(hand-written below), so its nfev excludes Jacobian evaluations, as Mixtape's fevals exclude its AD
Jacobian sweeps. Run: python3 scripts/ode_scipy_counts.py
"""
import numpy as np
import scipy
from scipy.integrate import solve_ivp


def robertson(t, y):
    return [-0.04 * y[0] + 1e4 * y[1] * y[2],
            0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] ** 2,
            3e7 * y[1] ** 2]


def robertson_jac(t, y):
    return [[-0.04, 1e4 * y[2], 1e4 * y[1]],
            [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
            [0.0, 6e7 * y[1], 0.0]]


def vdp(t, y, mu=1000.0):
    return [y[1], mu * (1 - y[0] ** 2) * y[1] - y[0]]


def vdp_jac(t, y, mu=1000.0):
    return [[0.0, 1.0], [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] ** 2)]]


print(f"# scipy {scipy.__version__}")
for method in ("Radau", "BDF"):
    for t_end in (40.0, 1e11):
        s = solve_ivp(robertson, (0, t_end), [1.0, 0.0, 0.0], method=method, rtol=1e-8,
                      atol=[1e-10, 1e-14, 1e-10], jac=robertson_jac)
        print(f"scipy robertson_t{t_end:g}_{method}: status={s.status} steps={len(s.t) - 1} "
              f"nfev={s.nfev} njev={s.njev} nlu={s.nlu} y_end={s.y[:, -1].tolist()}")
    s = solve_ivp(vdp, (0, 3000), [2.0, 0.0], method=method, rtol=1e-6, atol=1e-6, jac=vdp_jac)
    print(f"scipy vdp1000_{method}: status={s.status} steps={len(s.t) - 1} nfev={s.nfev} "
          f"njev={s.njev} nlu={s.nlu} y_end={s.y[:, -1].tolist()}")
