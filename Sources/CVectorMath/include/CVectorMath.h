// Vectorised exp and log for double over buffers, with runtime dispatch between SIMD widths.
// Internal to Mixtape: Swift code uses the `VectorMath` module, which wraps these.
#ifndef CVECTORMATH_H
#define CVECTORMATH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// out[i] = exp(x[i]) for i < n, ≤ 1 ulp. `out` may equal `x`.
void cvm_exp(const double *x, double *out, size_t n);
/// out[i] = log(x[i]) for i < n, ≤ 1 ulp. `out` may equal `x`.
void cvm_log(const double *x, double *out, size_t n);
/// The instruction-set variant the functions above use on this machine (the widest it has):
/// 0 portable (SSE2 / NEON, width 2), 1 AVX2 + FMA (width 4), 2 AVX-512F (width 8).
int cvm_best_variant(void);
/// Whether `variant` can run on this machine.
int cvm_variant_available(int variant);
/// cvm_exp and cvm_log on a given variant, which must be available (tests compare the variants).
void cvm_exp_variant(const double *x, double *out, size_t n, int variant);
void cvm_log_variant(const double *x, double *out, size_t n, int variant);

#ifdef __cplusplus
}
#endif
#endif
