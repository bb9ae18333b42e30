// Register-blocked kernels of Mixture's E-step and M-step statistics on a block of rows held
// transposed (`xt[l * b + i]`: feature l of row i, b ≥ rows a multiple of 16). Each runs the
// widest instruction-set variant this machine has (see CVectorMath's cvm_best_variant), or the
// one given. Internal to Mixtape: `Mixture` calls them.
#ifndef CMIXTUREKERNELS_H
#define CMIXTUREKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Doubles `cmk_pack_upper` writes for a d×d upper-triangular factor.
long cmk_packed_upper_count(long d);
/// Packs the upper triangle of the row-major d×d `u` in column tiles of 4: for each tile
/// j0 = 0, 4, …, rows l < min(j0 + 4, d), the 4 values u[l][j0 + c] (0 below the diagonal and
/// past column d − 1).
void cmk_pack_upper(const double *u, long d, double *packed);

/// Centred block and Mahalanobis terms: dt[l][i] = xt[l][i] − shift[l], y = dt·U (U upper
/// triangular, packed by cmk_pack_upper), m[i] = Σⱼ y[i][j]². When `y` is not NULL the columns
/// of y are stored too (y[j * b + i]). `dt` is scratch of d·b doubles; rows ≥ `rows` of m are
/// unspecified.
void cmk_triangular(const double *xt, const double *shift, const double *packed, long d, long rows, long b,
                    double *dt, double *y, double *m, int variant);

/// m[c][i] = q[c] + Σⱼ (a[c][j]·x′ᵢⱼ² + w[c][j]·x′ᵢⱼ) with x′ = xt − shift, for c < k (stored at
/// m[c * b + i]). With `a` NULL every a[c][j] is 1. a, w are k×d row-major; q has k values.
void cmk_quadratic(const double *xt, const double *shift, const double *a, const double *w, const double *q,
                   long d, long k, long rows, long b, double *m, int variant);

/// m[i] = Σⱼ ((xt[j][i] − mu[j])·p[j])² — the direct form of a diagonal Mahalanobis term.
void cmk_weighted_distance(const double *xt, const double *mu, const double *p, long d, long rows, long b,
                           double *m, int variant);

/// Accumulates one component's statistics of a block: acc[0] += Σᵢ rᵢ, acc[1 + l] += Σᵢ rᵢ·dᵢₗ
/// and, with `full`, acc[1 + d + l·d + j] += Σᵢ rᵢ·dᵢₗ·dᵢⱼ for l ≤ j (the upper triangle), else
/// acc[1 + d + l] += Σᵢ rᵢ·dᵢₗ², where d = xt − shift. `r` NULL means every rᵢ = 1. `scratch`
/// holds 2·(d + 4)·b doubles; with `full`, on return its first d·b are the centred block dt[l][i]
/// (and `r`, when given, must have b readable values: rows past `rows` are read, then ignored).
void cmk_scatter(const double *xt, const double *shift, const double *r, long d, long rows, long b,
                 double *acc, int full, double *scratch, int variant);

/// First and second moments of a block for every component at once: t1[c][j] += Σᵢ r[c][i]·x′ᵢⱼ
/// and t2[c][j] += Σᵢ r[c][i]·x′ᵢⱼ² with x′ = xt − shift, where `rt` holds the responsibilities
/// transposed (rt[c * b + i]; rows ≥ `rows` must be 0 up to the next multiple of 16, and so must
/// xt's). t1 and t2 are k×d.
void cmk_moments(const double *xt, const double *shift, const double *rt, long d, long k, long rows, long b,
                 double *t1, double *t2, int variant);

/// k-means++ seeding's minima: out[q * stride + i] = min(closest[i], D(x_i, c_q)) for rows
/// i < rows of x (row-major, d columns) and t candidate rows c (t×d), where D(x, c) = Σⱼ (xⱼ − cⱼ)²
/// is summed in feature order without fused multiply–add and min(a, b) = b < a ? b : a: the same
/// bits as a scalar loop, for every variant. `xt` holds 16·d doubles of scratch. With t = 1, `out`
/// may be `closest` itself.
void cmk_kpp_minima(const double *x, long d, long rows, const double *c, long t, const double *closest, double *out,
                    long stride, double *xt, int variant);

/// The variant the kernels run by default (the widest available), as in CVectorMath.
int cmk_best_variant(void);

#ifdef __cplusplus
}
#endif
#endif
