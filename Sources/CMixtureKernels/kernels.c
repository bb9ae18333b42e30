// Runtime dispatch between the instruction-set variants of the kernels in kernels_impl.h.
#include "CMixtureKernels.h"
#include "CVectorMath.h"

#define MK_NAME(x) mk_portable_##x
#define MK_W 2
#define MK_ATTR
#include "kernels_impl.h"
#undef MK_NAME
#undef MK_W
#undef MK_ATTR

#if defined(__x86_64__)
#define MK_NAME(x) mk_avx2_##x
#define MK_W 4
#define MK_ATTR __attribute__((target("avx2,fma")))
#include "kernels_impl.h"
#undef MK_NAME
#undef MK_W
#undef MK_ATTR

#define MK_NAME(x) mk_avx512_##x
#define MK_W 8
#define MK_ATTR __attribute__((target("avx512f")))
#include "kernels_impl.h"
#undef MK_NAME
#undef MK_W
#undef MK_ATTR
#define MK_DISPATCH(variant, call)         \
    switch (variant) {                     \
    case 2: mk_avx512_##call; return;      \
    case 1: mk_avx2_##call; return;        \
    default: mk_portable_##call; return;   \
    }
#else
#define MK_DISPATCH(variant, call) mk_portable_##call;
#endif

int cmk_best_variant(void) { return cvm_best_variant(); }

long cmk_packed_upper_count(long d) {
    long count = 0;
    for (long j0 = 0; j0 < d; j0 += 4) count += (j0 + 4 < d ? j0 + 4 : d) * 4;
    return count;
}

void cmk_pack_upper(const double *u, long d, double *packed) {
    double *p = packed;
    for (long j0 = 0; j0 < d; j0 += 4) {
        long lmax = j0 + 4 < d ? j0 + 4 : d;
        for (long l = 0; l < lmax; l++)
            for (long c = 0; c < 4; c++) {
                long j = j0 + c;
                *p++ = (j < d && l <= j) ? u[l * d + j] : 0;
            }
    }
}

void cmk_triangular(const double *xt, const double *shift, const double *packed, long d, long rows, long b,
                    double *dt, double *y, double *m, int variant) {
    MK_DISPATCH(variant, triangular(xt, shift, packed, d, rows, b, dt, y, m))
}

void cmk_quadratic(const double *xt, const double *shift, const double *a, const double *w, const double *q,
                   long d, long k, long rows, long b, double *m, int variant) {
    MK_DISPATCH(variant, quadratic(xt, shift, a, w, q, d, k, rows, b, m))
}

void cmk_weighted_distance(const double *xt, const double *mu, const double *p, long d, long rows, long b,
                           double *m, int variant) {
    MK_DISPATCH(variant, weighted_distance(xt, mu, p, d, rows, b, m))
}

void cmk_scatter(const double *xt, const double *shift, const double *r, long d, long rows, long b,
                 double *acc, int full, double *scratch, int variant) {
    MK_DISPATCH(variant, scatter(xt, shift, r, d, rows, b, acc, full, scratch))
}

void cmk_moments(const double *xt, const double *shift, const double *rt, long d, long k, long rows, long b,
                 double *t1, double *t2, int variant) {
    MK_DISPATCH(variant, moments(xt, shift, rt, d, k, rows, b, t1, t2))
}

void cmk_kpp_minima(const double *x, long d, long rows, const double *c, long t, const double *closest, double *out,
                    long stride, double *xt, int variant) {
    MK_DISPATCH(variant, kpp_minima(x, d, rows, c, t, closest, out, stride, xt))
}
