#!/usr/bin/env python3
"""Taylor coefficients of digamma for Sources/Autodiff/SpecialFunctions.swift (mpmath, 60 digits).

digamma (psi) is evaluated on [1, 16) from Taylor series, because they keep *all* derivatives
accurate (psi is differentiated by the library's own modes to give trigamma and beyond): the
recurrence psi(x) = psi(x - n) + sum 1/(x - j) is accurate for psi itself but cancels in every
derivative (psi''(10) = psi''(1) + sum 2/(1+j)^3 loses two hundredfold).

* [1, 2): about the positive root x0 = 1.4616321449683623... (psi(x0) = 0), so that psi keeps its
  relative accuracy next to its root; x0 is printed as hi + lo (two doubles), and (x - hi) - lo
  is x - x0 to ~1e-32 (x - hi is exact by Sterbenz's lemma).
* [2, 4), [4, 8), [8, 16): about c = 3, 6, 12. Each series converges for |x - c| < c (the pole at
  0), and on its interval |x - c| <= c/3: 60 terms leave a truncation error near 1e-29, small
  enough for the third derivative too. On [1, 2) the ratio is at most 0.54/1.46 = 0.37.

c_0 = psi(c) (0 at the root), c_k = psi^(k)(c) / k!, printed as the correctly rounded double
(shortest round-trip repr).

Usage: python3 scripts/make_digamma_coefficients.py   (prints the Swift declarations)
"""
import mpmath

mpmath.mp.dps = 60
TERMS = 60


def series(center):
    return [mpmath.digamma(center)] + [mpmath.polygamma(k, center) / mpmath.factorial(k)
                                      for k in range(1, TERMS + 1)]


def emit(name, coefficients):
    print(f"@usableFromInline let {name}: [Double] = [")
    line = "   "
    for c in coefficients:
        item = f" {float(c)!r},"
        if len(line) + len(item) > 100:
            print(line)
            line = "   "
        line += item
    print(line)
    print("]")


x0 = mpmath.findroot(mpmath.digamma, mpmath.mpf("1.46"))
hi = float(x0)
lo = float(x0 - mpmath.mpf(hi))
print(f"// x0 = {mpmath.nstr(x0, 40)}")
print(f"@usableFromInline let digammaRootHigh = {hi!r}")
print(f"@usableFromInline let digammaRootLow = {lo!r}")
root = series(x0)
root[0] = mpmath.mpf(0)
emit("digammaSeriesAtRoot", root)
for c in (3, 6, 12):
    emit(f"digammaSeriesAt{c}", series(mpmath.mpf(c)))
