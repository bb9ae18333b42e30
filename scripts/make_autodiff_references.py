#!/usr/bin/env python3
"""Reference derivatives for the Autodiff tests, computed independently with mpmath.

Writes Tests/AutodiffTests/AutodiffReferenceValues.swift (generated; do not edit by hand):

* unaryReferences: for every elementary function the library differentiates, at ordinary points
  and at the edges (0, subnormals, 1e±300, 1e±160…1e200, ±inf, NaN, next to poles, roots and
  branch points), the value f(x), f'(x) and f''(x) at the exact double x, each correctly rounded
  to double (via fractions.Fraction, so subnormal results are rounded once). A derivative that is
  undefined at x (outside the domain, a pole) is NaN; one that mpmath cannot evaluate is omitted
  (nil in Swift).
* binaryReferences: the value and both partials of x*y, x/y, pow(x, y), atan2(y, x), hypot(x, y)
  at pairs that overflow or underflow the textbook formulas (x^2 + y^2 at 1e±200, pow at x = 0).
* polygammaReferences: psi^(n)(x) for n = 1, 2 near the negative half-integers and elsewhere.
* The issue-7 examples (softplus'' under Taylor mode, Taylor derivatives at order >= 171, ...) as
  named constants.

mpmath works at 320 bits; derivatives are evaluated from closed forms (listed beside each
function) at the exact binary value of x, so the only rounding is the final one.

Usage: python3 scripts/make_autodiff_references.py   (rewrites the Swift file)
"""
from fractions import Fraction
import math
import os
import sys

import mpmath
from mpmath import mpf

mpmath.mp.prec = 320

DOUBLE_MAX = Fraction(2) ** 1024 - Fraction(2) ** 971  # largest finite double
OVERFLOW = DOUBLE_MAX + Fraction(2) ** 970               # rounds to infinity at or above this


def to_double(v):
    """Correctly rounded double of an mpmath real (None if it is not a real number)."""
    if isinstance(v, (mpmath.mpc, complex)):
        if abs(mpmath.im(v)) > 0:
            return math.nan
        v = mpmath.re(v)
    v = mpf(v)
    if mpmath.isnan(v):
        return math.nan
    if mpmath.isinf(v):
        return math.inf if v > 0 else -math.inf
    if v == 0:
        return 0.0
    # Far outside the double range: decide from the binary exponent (no huge Fraction).
    magnitude_exponent = v.exp + v.man.bit_length()   # 2^(e-1) <= |v| < 2^e
    if magnitude_exponent > 1100:
        return math.inf if v > 0 else -math.inf
    if magnitude_exponent < -1100:
        return 0.0 if v > 0 else -0.0
    man, exp = int(v.man) * (1 if v > 0 else -1), v.exp
    q = Fraction(man) * (Fraction(2) ** exp)
    if abs(q) >= OVERFLOW:
        return math.inf if q > 0 else -math.inf
    return float(q)  # Fraction -> float is correctly rounded, subnormals included


def swift_double(x):
    if x is None:
        return "nil"
    if math.isnan(x):
        return ".nan"
    if math.isinf(x):
        return ".infinity" if x > 0 else "-.infinity"
    if x == 0:
        return "-0.0" if math.copysign(1, x) < 0 else "0.0"
    return float.hex(x)


def guarded(f, x):
    """f(x) with mpmath, NaN for a non-real result, None if mpmath cannot evaluate it."""
    try:
        return to_double(f(x))
    except (ZeroDivisionError, ValueError, OverflowError, TypeError):
        return None


pi = mpmath.pi
ln2 = mpmath.log(2)
ln10 = mpmath.log(10)


def sech2(x):
    return 1 / mpmath.cosh(x) ** 2


def real_cbrt(x):
    return mpmath.sign(x) * mpmath.cbrt(abs(x))


def in_domain(lo=None, hi=None, open_lo=False, open_hi=False):
    def check(x):
        if mpmath.isnan(x):
            return False
        if lo is not None and (x < lo or (open_lo and x == lo)):
            return False
        if hi is not None and (x > hi or (open_hi and x == hi)):
            return False
        return True
    return check


def not_pole(x):
    return not (x <= 0 and mpmath.isint(x)) and not mpmath.isnan(x)


# name: (f, f', f'', domain of the derivatives)
FUNCTIONS = {
    "exp": (mpmath.exp, mpmath.exp, mpmath.exp, None),
    "expMinusOne": (mpmath.expm1, mpmath.exp, mpmath.exp, None),
    "log": (mpmath.log, lambda x: 1 / x, lambda x: -1 / x**2, in_domain(0, None, True)),
    "logOnePlus": (mpmath.log1p, lambda x: 1 / (1 + x), lambda x: -1 / (1 + x) ** 2,
                   in_domain(-1, None, True)),
    "sqrt": (mpmath.sqrt, lambda x: 1 / (2 * mpmath.sqrt(x)), lambda x: -1 / (4 * x ** mpf(1.5)),
             in_domain(0, None, True)),
    "cbrt": (real_cbrt, lambda x: 1 / (3 * real_cbrt(x) ** 2),
             lambda x: -2 / (9 * real_cbrt(x) ** 5), lambda x: not mpmath.isnan(x) and x != 0),
    "sin": (mpmath.sin, mpmath.cos, lambda x: -mpmath.sin(x), None),
    "cos": (mpmath.cos, lambda x: -mpmath.sin(x), lambda x: -mpmath.cos(x), None),
    "tan": (mpmath.tan, lambda x: 1 + mpmath.tan(x) ** 2,
            lambda x: 2 * mpmath.tan(x) * (1 + mpmath.tan(x) ** 2), None),
    "sinh": (mpmath.sinh, mpmath.cosh, mpmath.sinh, None),
    "cosh": (mpmath.cosh, mpmath.sinh, mpmath.cosh, None),
    "tanh": (mpmath.tanh, sech2, lambda x: -2 * mpmath.tanh(x) * sech2(x), None),
    "asin": (mpmath.asin, lambda x: 1 / mpmath.sqrt(1 - x**2), lambda x: x / (1 - x**2) ** mpf(1.5),
             in_domain(-1, 1, True, True)),
    "acos": (mpmath.acos, lambda x: -1 / mpmath.sqrt(1 - x**2),
             lambda x: -x / (1 - x**2) ** mpf(1.5), in_domain(-1, 1, True, True)),
    "atan": (mpmath.atan, lambda x: 1 / (1 + x**2), lambda x: -2 * x / (1 + x**2) ** 2, None),
    "asinh": (mpmath.asinh, lambda x: 1 / mpmath.sqrt(1 + x**2),
              lambda x: -x / (1 + x**2) ** mpf(1.5), None),
    "acosh": (mpmath.acosh, lambda x: 1 / mpmath.sqrt(x**2 - 1),
              lambda x: -x / (x**2 - 1) ** mpf(1.5), in_domain(1, None, True)),
    "atanh": (mpmath.atanh, lambda x: 1 / (1 - x**2), lambda x: 2 * x / (1 - x**2) ** 2,
              in_domain(-1, 1, True, True)),
    "erf": (mpmath.erf, lambda x: 2 / mpmath.sqrt(pi) * mpmath.exp(-x**2),
            lambda x: -4 * x / mpmath.sqrt(pi) * mpmath.exp(-x**2), None),
    "erfc": (mpmath.erfc, lambda x: -2 / mpmath.sqrt(pi) * mpmath.exp(-x**2),
             lambda x: 4 * x / mpmath.sqrt(pi) * mpmath.exp(-x**2), None),
    "exp2": (lambda x: mpf(2) ** x, lambda x: mpf(2) ** x * ln2, lambda x: mpf(2) ** x * ln2**2, None),
    "exp10": (lambda x: mpf(10) ** x, lambda x: mpf(10) ** x * ln10,
              lambda x: mpf(10) ** x * ln10**2, None),
    "log2": (lambda x: mpmath.log(x, 2), lambda x: 1 / (x * ln2), lambda x: -1 / (x**2 * ln2),
             in_domain(0, None, True)),
    "log10": (mpmath.log10, lambda x: 1 / (x * ln10), lambda x: -1 / (x**2 * ln10),
              in_domain(0, None, True)),
    "gamma": (mpmath.gamma, lambda x: mpmath.gamma(x) * mpmath.digamma(x),
              lambda x: mpmath.gamma(x) * (mpmath.digamma(x) ** 2 + mpmath.polygamma(1, x)), not_pole),
    "logGamma": (mpmath.loggamma, mpmath.digamma, lambda x: mpmath.polygamma(1, x), not_pole),
    "digamma": (mpmath.digamma, lambda x: mpmath.polygamma(1, x), lambda x: mpmath.polygamma(2, x),
                not_pole),
    "reciprocal": (lambda x: 1 / x, lambda x: -1 / x**2, lambda x: 2 / x**3, lambda x: x != 0),
    "square": (lambda x: x * x, lambda x: 2 * x, lambda x: mpf(2), None),
    "cube": (lambda x: x**3, lambda x: 3 * x**2, lambda x: 6 * x, None),
    "powHalf": (lambda x: mpmath.sqrt(x), lambda x: 1 / (2 * mpmath.sqrt(x)),
                lambda x: -1 / (4 * x ** mpf(1.5)), in_domain(0, None, True)),
    "abs": (abs, lambda x: mpmath.sign(x), lambda x: mpf(0), lambda x: x != 0 and not mpmath.isnan(x)),
}

COMMON = [0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 10.0, 20.0, 100.0, 700.0, 1e10, 1e160, 1e200, 1e300,
          1e-10, 1e-160, 1e-300, 2.2250738585072014e-308, 1e-310, 5e-324, 0.7853981633974483]
SPECIAL = {
    "tanh": [10.0, -10.0, 20.0, -20.0, 19.0625, 40.0, 355.0, 400.0],
    "tan": [1.5707963267948966, 1.5707963267948966 * 0.999999, 1e22],
    "sin": [1e22, 1e6], "cos": [1e22, 1e6],
    "asin": [1 - 2.0**-40, -(1 - 2.0**-40), 0.999999, 1 - 2.0**-53],
    "acos": [1 - 2.0**-40, -(1 - 2.0**-40), 0.999999, 1 - 2.0**-53],
    "atanh": [1 - 2.0**-40, -(1 - 2.0**-40), 0.999999, 1 - 2.0**-53],
    "acosh": [1 + 2.0**-40, 1 + 2.0**-52, 1.0000001, 1e154, 1e155, 1.7e308, 1e-300],
    "asinh": [1e154, 1e155, 1.7e308],
    "atan": [1e154, 1e155, 1e161, 1.7e308],
    "erf": [5.0, 20.0, 26.0, 26.5, 27.0, 27.3],
    "erfc": [5.0, 20.0, 26.0, 26.5, 27.0, 27.3],
    "exp": [709.0, 709.7, -745.0, -700.0], "expMinusOne": [709.0, -40.0, 1e-20],
    "exp2": [1023.5, -1074.0, -1070.5, -1022.5, 1000.25],
    "exp10": [308.0, -320.0, 307.5, 300.3],
    "log": [1.0 + 2.0**-52, 1.7976931348623157e308], "logOnePlus": [-0.5, -0.999999, 1e-20],
    "log2": [1.0 + 2.0**-52, 1e-309, 8.5e-309], "log10": [1.0 + 2.0**-52, 1e-309, 8.5e-309],
    "sqrt": [1.7976931348623157e308], "cbrt": [1.7976931348623157e308, -8.0, -1e-300],
    "sinh": [710.0, -710.0, 1e-8], "cosh": [710.0, -710.0, 1e-8],
    "gamma": [171.0, 171.6, 0.001, 1e-8, -0.5, -1.5, -2.5, -0.999, -1.001, 1.4616321449683622, 2.0],
    "logGamma": [1.4616321449683622, 1.46, 1.47, 2.0, 1.0, 0.5, 1e-8, -0.5, -1.5, -2.5, -10.5,
                 -100.5, -0.999, -1.001, 171.5, 1e15, 2.5, 11.9, 12.0, 12.1],
    "digamma": [1.4616321449683622, 1.46, 1.47, 2.0, 1.0, 0.5, 1e-8, -0.5, -1.5, -2.5, -10.5,
                -100.5, -0.5 + 1e-9, -0.5 - 1e-9, -2.5 + 1e-6, -0.999, -1.001, 2.5, 11.9, 12.0,
                12.1, 1e15],
    "reciprocal": [1e-155, 1e155], "square": [1e154, 1e155], "cube": [1e102, 1e103, 6e-109],
    "powHalf": [1.7976931348623157e308],
}


def points_for(name):
    pts = []
    for x in COMMON + SPECIAL.get(name, []):
        pts += [x, -x]
    pts += [0.0, math.inf, -math.inf, math.nan]
    seen, out = set(), []
    for x in pts:
        key = "nan" if math.isnan(x) else x.hex()
        if key not in seen:
            seen.add(key)
            out.append(x)
    return out


def unary_rows():
    rows = []
    for name, (f, d1, d2, domain) in FUNCTIONS.items():
        for x in points_for(name):
            xm = mpf(x) if not math.isnan(x) else mpmath.nan
            if math.isnan(x):
                rows.append((name, x, math.nan, math.nan, math.nan))
                continue
            value = guarded(f, xm)
            if domain is not None and not domain(xm):
                first = second = None   # outside the domain or at a kink: not compared
            else:
                first, second = guarded(d1, xm), guarded(d2, xm)
            rows.append((name, x, value, first, second))
    return rows


BINARY_POINTS = [
    (3.0, 4.0), (0.5, 2.0), (-1.5, 2.5), (2.0, -0.75), (0.0, 1.0), (0.0, 2.0), (0.0, 0.5), (0.0, 3.0),
    (1.0, 0.0), (2.0, 0.0), (1e-200, 3e-200), (3e-200, 1e-200), (1e200, 3e200), (3e200, 1e200),
    (1e-300, 1e-300), (1e300, 1e300), (1e200, 1e-200), (1e-200, 1e200), (1.5, 1e-320),
    (1e-320, 1.5), (1e-320, 2e-320), (1.3e308, 1.3e308), (49.0, 49.0), (1e-155, 1e-155),
    (0.999, 1e5), (1e-300, 1.5), (1e-310, 0.5), (2.0, 1023.5), (0.5, -1074.0),
]


def binary_functions():
    def pow_partials(x, y):
        v = x**y
        dx = (mpf(1) if y == 1 else (mpf(0) if y > 1 else mpf("inf"))) if x == 0 else y * x ** (y - 1)
        dy = mpf(0) if x == 0 else v * mpmath.log(x)
        return v, dx, dy
    return {
        "multiply": lambda x, y: (x * y, y, x),
        "divide": lambda x, y: (x / y, 1 / y, -x / y**2),
        "pow": pow_partials,
        # atan2(y: x, x: y) — the first argument is the ordinate, as in the Swift enum
        "atan2": lambda a, b: (mpmath.atan2(a, b), b / (a**2 + b**2), -a / (a**2 + b**2)),
        "hypot": lambda x, y: (mpmath.hypot(x, y), x / mpmath.hypot(x, y), y / mpmath.hypot(x, y)),
    }


def binary_rows():
    rows = []
    for name, f in binary_functions().items():
        for (x, y) in BINARY_POINTS:
            if name in ("pow",) and x < 0:
                continue
            try:
                v, dx, dy = f(mpf(x), mpf(y))
                rows.append((name, x, y, to_double(v), to_double(dx), to_double(dy)))
            except (ZeroDivisionError, ValueError):
                continue
    return rows


POLYGAMMA_POINTS = [-0.5, -1.5, -2.5, -3.5, -10.5, -100.5, -0.5 + 2.0**-30, -0.5 - 2.0**-30,
                    -1.5 + 1e-6, -0.25, -0.75, -1.25, -7.75, 0.25, 0.5, 1.4616321449683622, 2.5,
                    11.5, 30.0]


def polygamma_rows():
    rows = []
    for x in POLYGAMMA_POINTS:
        xm = mpf(x)
        rows.append((x, to_double(mpmath.polygamma(1, xm)), to_double(mpmath.polygamma(2, xm)),
                     to_double(mpmath.polygamma(3, xm))))
    return rows


def taylor_rows():
    """(function, x, order, f^(order)(x)) at high orders, where k! overflows a double."""
    rows = []
    for k in (20, 100, 170, 171, 172, 180, 200, 300):
        rows.append(("exp", 0.0, k, to_double(mpmath.mpf(1))))
        rows.append(("exp", 1.0, k, to_double(mpmath.e)))
        rows.append(("sin", 1.0, k, to_double(mpmath.sin(1 + k * pi / 2))))
        rows.append(("expOfHalf", 0.0, k, to_double(mpf(1) / mpf(2) ** k)))
    for k in (20, 100, 140, 149):
        # 1/(1 - x) at 0.5: k!·2^(k+1), finite up to k = 149
        rows.append(("geometric", 0.5, k, to_double(mpmath.factorial(k) * mpf(2) ** (k + 1))))
    return rows


def softplus_derivatives():
    """softplus(x) = log(1 + e^x) at 0: derivatives 0..4 by sympy, exact (log 2, 1/2, 1/4, 0, -1/8)."""
    import sympy
    t = sympy.symbols("t")
    f = sympy.log(1 + sympy.exp(t))
    return [to_double(mpmath.mpf(sympy.N(sympy.diff(f, t, n).subs(t, 0), 120)))
            for n in range(5)]


def token(x):
    """A Double as text that Swift's Double(String) parses exactly (hex float, nan, ±inf, '-')."""
    if x is None:
        return "-"
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return float.hex(x)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "Tests", "AutodiffTests", "AutodiffReferenceValues.swift")
    unary, binary = unary_rows(), binary_rows()
    poly, taylor = polygamma_rows(), taylor_rows()
    soft = softplus_derivatives()
    lines = [
        "// Generated by scripts/make_autodiff_references.py (mpmath at 320 bits, each number",
        "// correctly rounded to Double) — do not edit by hand; rerun the script instead.",
        "// The tables are text (hexadecimal floats, nan, inf, '-' for not evaluated) parsed by",
        "// ReferenceTables.swift: a Swift array literal of this size would take the compiler minutes.",
        "",
        "/// `function x f(x) f′(x) f″(x)` per line.",
        f"let unaryReferenceCount = {len(unary)}",
        'let unaryReferenceText = """',
    ]
    for (name, x, v, d1, d2) in unary:
        lines.append(f"{name} {token(x)} {token(v)} {token(d1)} {token(d2)}")
    lines += ['"""', "", "/// `function x y f ∂f/∂x ∂f/∂y` per line (atan2's first argument is the ordinate).",
              f"let binaryReferenceCount = {len(binary)}", 'let binaryReferenceText = """']
    for (name, x, y, v, dx, dy) in binary:
        lines.append(f"{name} {token(x)} {token(y)} {token(v)} {token(dx)} {token(dy)}")
    lines += ['"""', "", "/// `x ψ′(x) ψ″(x) ψ‴(x)` per line: near the negative half-integers and elsewhere.",
              f"let polygammaReferenceCount = {len(poly)}", 'let polygammaReferenceText = """']
    for (x, a, b, c) in poly:
        lines.append(f"{token(x)} {token(a)} {token(b)} {token(c)}")
    lines += ['"""', "", "/// `function x k f⁽ᵏ⁾(x)` per line, at orders where k! overflows a Double.",
              f"let highOrderReferenceCount = {len(taylor)}", 'let highOrderReferenceText = """']
    for (name, x, k, d) in taylor:
        lines.append(f"{name} {token(x)} {k} {token(d)}")
    lines += ['"""', "",
              "/// 200!·2⁻¹⁰⁰⁰ (exact integer arithmetic, correctly rounded).",
              "let factorial200TimesTwoToMinus1000 = "
              + swift_double(float(Fraction(math.factorial(200), 2**1000))),
              "",
              "/// softplus(x) = log(1 + eˣ) at 0 by sympy: f, f′, f″, f‴, f⁗ (log 2, 1/2, 1/4, 0, −1/8).",
              "let softplusDerivativesAtZero: [Double] = ["
              + ", ".join(swift_double(v) for v in soft) + "]", ""]
    with open(out, "w") as fh:
        fh.write("\n".join(lines))
    print(f"wrote {out}: {len(unary)} unary, {len(binary)} binary, {len(poly)} polygamma, "
          f"{len(taylor)} high-order rows", file=sys.stderr)


if __name__ == "__main__":
    main()
