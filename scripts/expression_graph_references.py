#!/usr/bin/env python3
"""Reference values for Tests/ExpressionGraphTests/ReferenceValueTests.swift, from SymPy's exact
derivatives evaluated with mpmath at 40 digits and rounded to the nearest double.

Run:  python3 scripts/expression_graph_references.py
and paste the printed Swift into the test (the test says it came from here).
"""
import mpmath
import sympy as sp

mpmath.mp.dps = 40


def d(v):
    """The nearest double, written so Swift reads it back exactly."""
    return repr(float(sp.N(v, 40)))


x, y, z = sp.symbols("x y z")

print("// Taylor derivatives [f, f', ..., f^(k)]")
for text, expr, at, order in [
    ("exp(sin(x))", sp.exp(sp.sin(x)), sp.Rational(1, 2), 6),
    ("1/(1 + x^2)", 1 / (1 + x**2), sp.Rational(3, 10), 5),
    ("log1p(x)*cos(x)", sp.log(1 + x) * sp.cos(x), sp.Rational(7, 10), 5),
    ("atan(x)^2", sp.atan(x) ** 2, 2, 4),
    ("x^x", x**x, sp.Rational(3, 2), 4),
]:
    values = [d(sp.diff(expr, x, k).subs(x, at)) for k in range(order + 1)]
    print(f'("{text}", {d(at)}, [{", ".join(values)}]),')

print("// Hessians")
for text, expr, names, at in [
    ("x^2*y + sin(x*y)", x**2 * y + sp.sin(x * y), [x, y], [1, 2]),
    ("exp(x*y*z)", sp.exp(x * y * z), [x, y, z], [sp.Rational(1, 2), sp.Rational(-1, 5), sp.Rational(11, 10)]),
    ("log(x^2 + y^2)", sp.log(x**2 + y**2), [x, y], [1, 2]),
    ("hypot(x, y)", sp.sqrt(x**2 + y**2), [x, y], [3, 4]),
    ("atan2(y, x)*x", sp.atan2(y, x) * x, [x, y], [sp.Rational(-12, 10), sp.Rational(7, 10)]),
]:
    subs = dict(zip(names, at))
    H = [[d(sp.diff(expr, a, b).subs(subs)) for b in names] for a in names]
    rows = ", ".join("[" + ", ".join(r) + "]" for r in H)
    print(f'("{text}", [{", ".join(d(v) for v in at)}], [{rows}]),')

print("// Newton roots")
for text, expr, start in [("cos(x) - x", sp.cos(x) - x, 1), ("x^3 - 2*x - 5", x**3 - 2 * x - 5, 2)]:
    root = sp.nsolve(expr, x, start, prec=40)
    print(f'("{text}", {start}, {d(root)}),')
