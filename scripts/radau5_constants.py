#!/usr/bin/env python3
"""Constants of the 3-stage Radau IIA method (order 5) used by Sources/ODE/Radau5+Coefficients.swift.

Derived from first principles with mpmath at 40 digits (nothing is copied from another code):
  * nodes c1, c2 = (4 ∓ √6)/10, c3 = 1, and the collocation matrix A with a_ij = ∫_0^{c_i} ℓ_j,
    where ℓ_j is the Lagrange polynomial on the nodes;
  * the eigen-decomposition of A⁻¹: one real eigenvalue γ and a complex pair α ± iβ, and a real
    matrix T with T⁻¹ A⁻¹ T = [[γ, 0, 0], [0, α, -β], [0, β, α]]; the real eigenvector and the
    eigenvector of α − iβ are scaled so that their last entries are 1 (T's last row is (1, 1, 0));
  * the embedded error estimate: ŷ₁ − y₁ = γ₀ h f(y₀) + (b̂ − b)ᵀ A⁻¹ Z with γ₀ = 1/γ and b̂ the
    weights that, together with γ₀ at the node 0, integrate 1, t, t² exactly; written as
    err = (γ/h·I − J)⁻¹ (f(y₀) + Σ dᵢ Zᵢ / h) with dᵢ = ((b̂ − b)ᵀ A⁻¹)ᵢ / γ₀.
Run: python3 scripts/radau5_constants.py   (prints the Swift literals and the checks)
"""
import mpmath as mp

mp.mp.dps = 40
s6 = mp.sqrt(6)
c = [(4 - s6) / 10, (4 + s6) / 10, mp.mpf(1)]


def lagrange_integral(j, upper):
    # ∫_0^upper ℓ_j(t) dt, ℓ_j the Lagrange basis polynomial on the nodes c.
    others = [c[k] for k in range(3) if k != j]
    denom = mp.fprod(c[j] - o for o in others)
    # ℓ_j(t) = (t - o1)(t - o2)/denom = (t² - (o1+o2) t + o1 o2)/denom
    o1, o2 = others
    return (upper**3 / 3 - (o1 + o2) * upper**2 / 2 + o1 * o2 * upper) / denom


A = mp.matrix(3, 3)
for i in range(3):
    for j in range(3):
        A[i, j] = lagrange_integral(j, c[i])
Ainv = A**-1
eigenvalues, eigenvectors = mp.eig(Ainv)
real = [k for k in range(3) if abs(mp.im(eigenvalues[k])) < mp.mpf(10)**-30]
assert len(real) == 1
k_real = real[0]
k_conj = [k for k in range(3) if mp.im(eigenvalues[k]) < -mp.mpf(10)**-30][0]  # α − iβ
gamma = mp.re(eigenvalues[k_real])
alpha = mp.re(eigenvalues[k_conj])
beta = -mp.im(eigenvalues[k_conj])
v1 = [mp.re(eigenvectors[i, k_real]) for i in range(3)]
v1 = [x / v1[2] for x in v1]
vc = [eigenvectors[i, k_conj] for i in range(3)]
vc = [x / vc[2] for x in vc]
T = mp.matrix(3, 3)
for i in range(3):
    T[i, 0] = v1[i]
    T[i, 1] = mp.re(vc[i])
    T[i, 2] = mp.im(vc[i])
TI = T**-1
Lam = mp.matrix([[gamma, 0, 0], [0, alpha, -beta], [0, beta, alpha]])
residual = mp.mnorm(TI * Ainv * T - Lam, 1)
assert residual < mp.mpf(10)**-30, residual

# Embedded weights: γ₀ + Σ b̂ᵢ = 1, Σ b̂ᵢ cᵢ = 1/2, Σ b̂ᵢ cᵢ² = 1/3.
gamma0 = 1 / gamma
M = mp.matrix([[1, 1, 1], [c[0], c[1], c[2]], [c[0]**2, c[1]**2, c[2]**2]])
bhat = mp.lu_solve(M, mp.matrix([1 - gamma0, mp.mpf(1) / 2, mp.mpf(1) / 3]))
b = [A[2, j] for j in range(3)]
e = (mp.matrix([[bhat[j] - b[j] for j in range(3)]]) * Ainv)
d = [e[0, j] / gamma0 for j in range(3)]
closed = [-(13 + 7 * s6) / 3, (-13 + 7 * s6) / 3, -mp.mpf(1) / 3]
assert max(abs(d[i] - closed[i]) for i in range(3)) < mp.mpf(10)**-30

def lit(x):
    return mp.nstr(x, 21, min_fixed=-1, max_fixed=1) if x != 0 else "0"

print("// ‖T⁻¹A⁻¹T − Λ‖₁ =", mp.nstr(residual, 3))
print("c1 =", lit(c[0]), " c2 =", lit(c[1]))
print("gamma =", lit(gamma), " alpha =", lit(alpha), " beta =", lit(beta))
print("T  =", [[lit(T[i, j]) for j in range(3)] for i in range(3)])
print("TI =", [[lit(TI[i, j]) for j in range(3)] for i in range(3)])
print("d  =", [lit(x) for x in d], " (closed form: -(13+7√6)/3, (-13+7√6)/3, -1/3)")
print("A  =", [[lit(A[i, j]) for j in range(3)] for i in range(3)])
