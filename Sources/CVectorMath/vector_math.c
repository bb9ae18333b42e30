// Runtime dispatch between the instruction-set variants of the kernels in vector_math_impl.h.
#include "CVectorMath.h"

#define VM_NAME(x) vm_portable_##x
#define VM_W 2
#define VM_ATTR
#include "vector_math_impl.h"
#undef VM_NAME
#undef VM_W
#undef VM_ATTR

#if defined(__x86_64__)
#define VM_NAME(x) vm_avx2_##x
#define VM_W 4
#define VM_ATTR __attribute__((target("avx2,fma")))
#include "vector_math_impl.h"
#undef VM_NAME
#undef VM_W
#undef VM_ATTR

#define VM_NAME(x) vm_avx512_##x
#define VM_W 8
#define VM_ATTR __attribute__((target("avx512f")))
#include "vector_math_impl.h"
#undef VM_NAME
#undef VM_W
#undef VM_ATTR
#endif

int cvm_variant_available(int variant) {
    switch (variant) {
    case 0: return 1;
#if defined(__x86_64__)
    case 1: __builtin_cpu_init(); return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case 2: __builtin_cpu_init(); return __builtin_cpu_supports("avx512f");
#endif
    default: return 0;
    }
}

int cvm_best_variant(void) {
    // Racing first calls compute the same value; the store is a plain int.
    static volatile int chosen = -1;
    int v = chosen;
    if (v < 0) {
        v = cvm_variant_available(2) ? 2 : cvm_variant_available(1) ? 1 : 0;
        chosen = v;
    }
    return v;
}

void cvm_exp_variant(const double *x, double *out, size_t n, int variant) {
    switch (variant) {
#if defined(__x86_64__)
    case 2: vm_avx512_exp_buffer(x, out, n); return;
    case 1: vm_avx2_exp_buffer(x, out, n); return;
#endif
    default: vm_portable_exp_buffer(x, out, n); return;
    }
}

void cvm_log_variant(const double *x, double *out, size_t n, int variant) {
    switch (variant) {
#if defined(__x86_64__)
    case 2: vm_avx512_log_buffer(x, out, n); return;
    case 1: vm_avx2_log_buffer(x, out, n); return;
#endif
    default: vm_portable_log_buffer(x, out, n); return;
    }
}

void cvm_exp(const double *x, double *out, size_t n) { cvm_exp_variant(x, out, n, cvm_best_variant()); }

void cvm_log(const double *x, double *out, size_t n) { cvm_log_variant(x, out, n, cvm_best_variant()); }
