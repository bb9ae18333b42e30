#!/usr/bin/env python3
"""Reference values for the Moré–Garbow–Hillstrom problems (ACM TOMS 7(1), 1981, 17–41).

Independent NumPy definitions of the residuals — written from the paper, not from the Swift
code — used two ways:

  python3 scripts/mgh_reference.py residuals   # Swift test fixture: r(x0) and r(x1) per problem
  python3 scripts/mgh_reference.py minima      # SciPy least_squares from x0: the f it reaches,
                                               # next to the paper's published minimum

The `residuals` output is pasted into Tests/OptimizationTests/MGHReferenceResiduals.swift (a
second point x1 = x0 + 0.1·cos(j), and every residual at x0 and at x1, as hexadecimal floats), so
the Swift formulas are checked against these independent ones.
"""
import sys
import numpy as np

def problems():
    P = {}
    P["rosenbrock"] = (lambda x: np.array([10 * (x[1] - x[0] ** 2), 1 - x[0]]), [-1.2, 1.0], 0.0)
    P["freudenstein-roth"] = (lambda x: np.array([
        -13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1],
        -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]]), [0.5, -2.0], 48.9842)
    P["powell-badly-scaled"] = (lambda x: np.array([1e4 * x[0] * x[1] - 1,
                                                    np.exp(-x[0]) + np.exp(-x[1]) - 1.0001]), [0.0, 1.0], 0.0)
    P["brown-badly-scaled"] = (lambda x: np.array([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2]), [1.0, 1.0], 0.0)
    P["beale"] = (lambda x: np.array([y - x[0] * (1 - x[1] ** i) for i, y in zip((1, 2, 3), (1.5, 2.25, 2.625))]),
                  [1.0, 1.0], 0.0)
    P["jennrich-sampson"] = (lambda x: np.array([2 + 2 * i - (np.exp(i * x[0]) + np.exp(i * x[1]))
                                                 for i in range(1, 11)]), [0.3, 0.4], 124.362)

    def helical(x):
        th = np.arctan(x[1] / x[0]) / (2 * np.pi) + (0.5 if x[0] < 0 else 0.0)
        return np.array([10 * (x[2] - 10 * th), 10 * (np.hypot(x[0], x[1]) - 1), x[2]])
    P["helical-valley"] = (helical, [-1.0, 0.0, 0.0], 0.0)

    ybard = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
    def bard(x):
        out = []
        for i in range(1, 16):
            u, v = i, 16 - i
            w = min(u, v)
            out.append(ybard[i - 1] - (x[0] + u / (v * x[1] + w * x[2])))
        return np.array(out)
    P["bard"] = (bard, [1.0, 1.0, 1.0], 8.21487e-3)

    yg = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989]
    yg = yg + yg[-2::-1]
    P["gaussian"] = (lambda x: np.array([x[0] * np.exp(-x[1] * ((8 - i) / 2 - x[2]) ** 2 / 2) - yg[i - 1]
                                         for i in range(1, 16)]), [0.4, 1.0, 0.0], 1.12793e-8)
    ym = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872]
    P["meyer"] = (lambda x: np.array([x[0] * np.exp(x[1] / (45 + 5 * i + x[2])) - ym[i - 1]
                                      for i in range(1, 17)]), [0.02, 4000.0, 250.0], 87.9458)

    def gulf(x):
        out = []
        for i in range(1, 100):
            t = i / 100
            y = 25 + (-50 * np.log(t)) ** (2 / 3)
            out.append(np.exp(-abs(y - x[1]) ** x[2] / x[0]) - t)
        return np.array(out)
    P["gulf"] = (gulf, [5.0, 2.5, 0.15], 0.0)
    P["box-3d"] = (lambda x: np.array([np.exp(-0.1 * i * x[0]) - np.exp(-0.1 * i * x[1])
                                       - x[2] * (np.exp(-0.1 * i) - np.exp(-i)) for i in range(1, 11)]),
                   [0.0, 10.0, 20.0], 0.0)
    P["powell-singular"] = (lambda x: np.array([x[0] + 10 * x[1], np.sqrt(5) * (x[2] - x[3]),
                                                (x[1] - 2 * x[2]) ** 2, np.sqrt(10) * (x[0] - x[3]) ** 2]),
                            [3.0, -1.0, 0.0, 1.0], 0.0)
    P["wood"] = (lambda x: np.array([10 * (x[1] - x[0] ** 2), 1 - x[0], np.sqrt(90) * (x[3] - x[2] ** 2),
                                     1 - x[2], np.sqrt(10) * (x[1] + x[3] - 2), (x[1] - x[3]) / np.sqrt(10)]),
                 [-3.0, -1.0, -3.0, -1.0], 0.0)
    yk = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
    uk = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
    P["kowalik-osborne"] = (lambda x: np.array([y - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3])
                                                for y, u in zip(yk, uk)]), [0.25, 0.39, 0.415, 0.39], 3.07505e-4)
    P["brown-dennis"] = (lambda x: np.array([(x[0] + t * x[1] - np.exp(t)) ** 2 + (x[2] + x[3] * np.sin(t) - np.cos(t)) ** 2
                                             for t in [i / 5 for i in range(1, 21)]]), [25.0, 5.0, -5.0, -1.0], 85822.2)
    yo1 = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658,
           0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431,
           0.424, 0.420, 0.414, 0.411, 0.406]
    P["osborne-1"] = (lambda x: np.array([yo1[i] - (x[0] + x[1] * np.exp(-10 * i * x[3]) + x[2] * np.exp(-10 * i * x[4]))
                                          for i in range(33)]), [0.5, 1.5, -1.0, 0.01, 0.02], 5.46489e-5)
    def biggs(x):
        t = 0.1 * np.arange(1, 14)
        y = np.exp(-t) - 5 * np.exp(-10 * t) + 3 * np.exp(-4 * t)
        return x[2] * np.exp(-t * x[0]) - x[3] * np.exp(-t * x[1]) + x[5] * np.exp(-t * x[4]) - y
    P["biggs-exp6"] = (biggs, [1.0, 2.0, 1.0, 1.0, 1.0, 1.0], 5.65565e-3)
    yo2 = [1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608, 0.655,
           0.616, 0.606, 0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661, 0.612, 0.558,
           0.533, 0.495, 0.500, 0.423, 0.395, 0.375, 0.372, 0.391, 0.396, 0.405, 0.428, 0.429, 0.523, 0.562,
           0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591, 0.559, 0.597, 0.625, 0.739, 0.710,
           0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054]
    def osborne2(x):
        t = np.arange(65) / 10
        return np.array(yo2) - (x[0] * np.exp(-t * x[4]) + x[1] * np.exp(-(t - x[8]) ** 2 * x[5])
                                + x[2] * np.exp(-(t - x[9]) ** 2 * x[6]) + x[3] * np.exp(-(t - x[10]) ** 2 * x[7]))
    P["osborne-2"] = (osborne2, [1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5], 4.01377e-2)

    def watson(n):
        def f(x):
            out = []
            for i in range(1, 30):
                t = i / 29
                s1 = sum((j - 1) * x[j - 1] * t ** (j - 2) for j in range(2, n + 1))
                s2 = sum(x[j - 1] * t ** (j - 1) for j in range(1, n + 1))
                out.append(s1 - s2 ** 2 - 1)
            out += [x[0], x[1] - x[0] ** 2 - 1]
            return np.array(out)
        return f
    P["watson-6"] = (watson(6), [0.0] * 6, 2.28767e-3)
    P["watson-9"] = (watson(9), [0.0] * 9, 1.39976e-6)

    def ext_rosenbrock(x):
        out = np.empty(len(x))
        out[0::2] = 10 * (x[1::2] - x[0::2] ** 2)
        out[1::2] = 1 - x[0::2]
        return out
    P["extended-rosenbrock-1000"] = (ext_rosenbrock, [-1.2, 1.0] * 500, 0.0)
    def ext_powell(x):
        out = np.empty(len(x))
        out[0::4] = x[0::4] + 10 * x[1::4]
        out[1::4] = np.sqrt(5) * (x[2::4] - x[3::4])
        out[2::4] = (x[1::4] - 2 * x[2::4]) ** 2
        out[3::4] = np.sqrt(10) * (x[0::4] - x[3::4]) ** 2
        return out
    P["extended-powell-40"] = (ext_powell, [3.0, -1.0, 0.0, 1.0] * 10, 0.0)
    def penalty1(x):
        return np.append(np.sqrt(1e-5) * (np.asarray(x) - 1), np.dot(x, x) - 0.25)
    P["penalty-1-4"] = (penalty1, [1.0, 2, 3, 4], 2.24997e-5)
    P["penalty-1-10"] = (penalty1, [float(j) for j in range(1, 11)], 7.08765e-5)
    def penalty2(x):
        n = len(x); a = np.sqrt(1e-5)
        out = [x[0] - 0.2]
        for i in range(2, n + 1):
            y = np.exp(i / 10) + np.exp((i - 1) / 10)
            out.append(a * (np.exp(x[i - 1] / 10) + np.exp(x[i - 2] / 10) - y))
        for i in range(n + 1, 2 * n):
            out.append(a * (np.exp(x[i - n] / 10) - np.exp(-0.1)))
        out.append(sum((n - j + 1) * x[j - 1] ** 2 for j in range(1, n + 1)) - 1)
        return np.array(out)
    P["penalty-2-4"] = (penalty2, [0.5] * 4, 9.37629e-6)
    P["penalty-2-10"] = (penalty2, [0.5] * 10, 2.93660e-4)
    def vardim(x):
        n = len(x); s = sum((j + 1) * (x[j] - 1) for j in range(n))
        return np.concatenate([np.asarray(x) - 1, [s, s * s]])
    P["variably-dimensioned-10"] = (vardim, [1 - j / 10 for j in range(1, 11)], 0.0)
    def trig(x):
        n = len(x); c = np.sum(np.cos(x))
        return np.array([n - c + (i + 1) * (1 - np.cos(x[i])) - np.sin(x[i]) for i in range(n)])
    P["trigonometric-10"] = (trig, [0.1] * 10, 2.79506e-5)
    def chebyquad(x):
        n = len(x)
        out = []
        for i in range(1, n + 1):
            # Shifted Chebyshev T_i(2x − 1) = cos(i·arccos(2x − 1)) on [0, 1].
            val = np.mean(np.cos(i * np.arccos(2 * np.asarray(x) - 1)))
            integral = -1 / (i * i - 1) if i % 2 == 0 else 0
            out.append(val - integral)
        return np.array(out)
    P["chebyquad-8"] = (chebyquad, [j / 9 for j in range(1, 9)], 3.51687e-3)
    return P

def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "minima"
    P = problems()
    if mode == "residuals":
        for name, (f, x0, _) in P.items():
            if name.startswith("extended"):
                continue
            x0 = np.array(x0, dtype=float)
            x1 = x0 + 0.1 * np.cos(np.arange(1, len(x0) + 1))   # a second, generic point
            hx = lambda v: "[" + ", ".join(float.hex(float(t)) for t in v) + "]"
            print(f'        "{name}": ({hx(x1)}, {hx(f(x0))}, {hx(f(x1))}),')
    else:
        from scipy.optimize import least_squares
        for name, (f, x0, published) in P.items():
            r = least_squares(f, np.array(x0, dtype=float), method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15,
                              max_nfev=20000)
            fx = float(np.dot(r.fun, r.fun))
            print(f"{name:28s} f={fx:.9e} published={published:.6g} x={np.array2string(r.x[:6], precision=6)}")

if __name__ == "__main__":
    main()
