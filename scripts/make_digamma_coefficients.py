#!/usr/bin/env python3
"""Coefficients of digamma's Taylor series about its positive root, for Sources/Autodiff/SpecialFunctions.swift.

psi(x) = sum_{k>=1} c_k (x - x0)^k with x0 = 1.4616321449683623... (psi(x0) = 0) and
c_k = psi^(k)(x0) / k!, computed with mpmath at 60 digits and printed as Swift literals
(shortest round-trip repr of the correctly rounded double). The series converges for |x - x0| < x0
(the pole at 0); on [1, 2] the ratio is at most 0.54/1.46 = 0.37, so 60 terms leave a truncation
error below 1e-26 relative, small enough for the third derivative too.

x0 is printed as an unevaluated sum hi + lo of two doubles, so that (x - hi) - lo is x - x0 to
about 1e-32 (x - hi is exact by Sterbenz's lemma on [1, 2]).

Usage: python3 scripts/make_digamma_coefficients.py   (prints the Swift declarations)
"""
import mpmath

mpmath.mp.dps = 60
TERMS = 60

x0 = mpmath.findroot(mpmath.digamma, mpmath.mpf("1.46"))
hi = float(x0)
lo = float(x0 - mpmath.mpf(hi))
coefficients = [mpmath.polygamma(k, x0) / mpmath.factorial(k) for k in range(1, TERMS + 1)]

print(f"// x0 = {mpmath.nstr(x0, 40)}")
print(f"@usableFromInline let digammaRootHigh = {hi!r}")
print(f"@usableFromInline let digammaRootLow = {lo!r}")
print("@usableFromInline let digammaRootSeries: [Double] = [")
line = "   "
for c in coefficients:
    item = f" {float(c)!r},"
    if len(line) + len(item) > 100:
        print(line)
        line = "   "
    line += item
print(line)
print("]")
