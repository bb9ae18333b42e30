// The exp and log kernels, written once over a GCC vector type of VM_W doubles and included
// once per instruction-set variant by vector_math.c with:
//   VM_W       lanes per vector (2, 4 or 8)
//   VM_ATTR    the function attribute naming the target features (may be empty)
//   VM_NAME(x) the variant's name for symbol x
//
// exp: x = n·ln2 + r with |r| ≤ ½ln2 (Cody–Waite: ln2 in two parts, the first with trailing
// zeros so n·ln2hi is exact), r kept as rh + rl; e^r = (1 + rh) + (rl + r²·P(r)) with 1 + rh held
// exactly as a sum of two doubles and P the Taylor series to degree 13 (truncation < 2⁻⁶⁰ on
// |r| ≤ ½ln2); then the result is scaled by 2^n in two exact halves, so gradual underflow
// rounds once. Inputs are clamped to [−746, 710] first, where e^x rounds to 0 and overflows.
//
// log: x = 2^e·m with m in [√½, √2), f = m − 1, s = f/(2 + f); log(1 + f) = f − ½f² + s(½f² + R)
// with R = Σₖ₌₁¹⁰ 2z^k/(2k+1), z = s² (the atanh series, truncation < 2⁻⁶⁰ for |s| ≤ 0.1716),
// and e·ln2 in two parts as for exp. Subnormal inputs are scaled by 2⁵⁴ first.

typedef double VM_NAME(vd) __attribute__((vector_size(VM_W * 8), aligned(8)));
typedef long long VM_NAME(vi) __attribute__((vector_size(VM_W * 8), aligned(8)));
#define VD VM_NAME(vd)
#define VI VM_NAME(vi)

VM_ATTR static inline VD VM_NAME(splat)(double v) {
    VD r;
    for (int i = 0; i < VM_W; i++) r[i] = v;
    return r;
}

VM_ATTR static inline VI VM_NAME(splati)(long long v) {
    VI r;
    for (int i = 0; i < VM_W; i++) r[i] = v;
    return r;
}

/// mask ? a : b, lane by lane (mask lanes all ones or all zeros).
VM_ATTR static inline VD VM_NAME(select)(VI mask, VD a, VD b) {
    return (VD)((mask & (VI)a) | (~mask & (VI)b));
}

VM_ATTR static inline VD VM_NAME(exp_vector)(VD x) {
    const VD lo = VM_NAME(splat)(-746.0), hi = VM_NAME(splat)(710.0), zero = VM_NAME(splat)(0.0);
    VI nan = (VI)(x != x);
    VD xc = VM_NAME(select)((VI)(x < lo), lo, VM_NAME(select)((VI)(x > hi), hi, x));
    xc = VM_NAME(select)(nan, zero, xc);
    // n = round(x/ln2) by the 1.5·2⁵² trick.
    const VD shifter = VM_NAME(splat)(0x1.8p52);
    VD t = xc * VM_NAME(splat)(0x1.71547652b82fep0) + shifter;
    VD nf = t - shifter;
    VI n = (VI)t - (VI)shifter;
    const VD ln2hi = VM_NAME(splat)(0x1.62e42fee00000p-1), ln2lo = VM_NAME(splat)(0x1.a39ef35793c76p-33);
    VD rh = xc - nf * ln2hi;  // exact: n·ln2hi has ≤ 44 significant bits and is within 2x of x
    VD rl = -(nf * ln2lo);
    VD r = rh + rl;
    // P(r) = Σⱼ₌₂¹³ r^(j−2)/j!, so e^r − 1 − r = r²·P(r).
    VD p = VM_NAME(splat)(1.0 / 6227020800.0);
    p = p * r + VM_NAME(splat)(1.0 / 479001600.0);
    p = p * r + VM_NAME(splat)(1.0 / 39916800.0);
    p = p * r + VM_NAME(splat)(1.0 / 3628800.0);
    p = p * r + VM_NAME(splat)(1.0 / 362880.0);
    p = p * r + VM_NAME(splat)(1.0 / 40320.0);
    p = p * r + VM_NAME(splat)(1.0 / 5040.0);
    p = p * r + VM_NAME(splat)(1.0 / 720.0);
    p = p * r + VM_NAME(splat)(1.0 / 120.0);
    p = p * r + VM_NAME(splat)(1.0 / 24.0);
    p = p * r + VM_NAME(splat)(1.0 / 6.0);
    p = p * r + VM_NAME(splat)(0.5);
    const VD one = VM_NAME(splat)(1.0);
    VD h = one + rh;
    VD l = (one - h) + rh;  // 1 + rh = h + l exactly (|rh| < 1)
    VD e = h + ((l + rl) + (r * r) * p);
    // Scale by 2^n = 2^n1 · 2^n2, both normal for n in [−1076, 1024].
    VI n1 = n >> 1, n2 = n - n1;
    VD s1 = (VD)((n1 + VM_NAME(splati)(1023)) << 52), s2 = (VD)((n2 + VM_NAME(splati)(1023)) << 52);
    VD result = (e * s1) * s2;
    return VM_NAME(select)(nan, x + x, result);
}

VM_ATTR static inline VD VM_NAME(log_vector)(VD x) {
    const VD zero = VM_NAME(splat)(0.0), one = VM_NAME(splat)(1.0);
    // Subnormals: scale into the normal range first.
    VI sub = (VI)(x < VM_NAME(splat)(0x1p-1022));
    VD xs = VM_NAME(select)(sub, x * VM_NAME(splat)(0x1p54), x);
    VI bits = (VI)xs;
    VI e = ((bits >> 52) & VM_NAME(splati)(0x7ff)) - VM_NAME(splati)(1023);
    e = e - (sub & VM_NAME(splati)(54));
    // m in [1, 2); move to [√½, √2) by halving when m ≥ √2 (the significand ≥ 0x6a09e667f3bcd).
    VI frac = bits & VM_NAME(splati)(0x000fffffffffffffLL);
    VI big = frac >= VM_NAME(splati)(0x6a09e667f3bcdLL);  // all-ones where true
    VI expo = VM_NAME(splati)(0x3ff) + big;               // 1023, or 1022 where m is halved
    e = e - big;
    VD m = (VD)(frac | (expo << 52));
    VD f = m - one;
    VD s = f / (VM_NAME(splat)(2.0) + f);
    VD z = s * s;
    VD rp = VM_NAME(splat)(2.0 / 21.0);
    rp = rp * z + VM_NAME(splat)(2.0 / 19.0);
    rp = rp * z + VM_NAME(splat)(2.0 / 17.0);
    rp = rp * z + VM_NAME(splat)(2.0 / 15.0);
    rp = rp * z + VM_NAME(splat)(2.0 / 13.0);
    rp = rp * z + VM_NAME(splat)(2.0 / 11.0);
    rp = rp * z + VM_NAME(splat)(2.0 / 9.0);
    rp = rp * z + VM_NAME(splat)(2.0 / 7.0);
    rp = rp * z + VM_NAME(splat)(2.0 / 5.0);
    rp = rp * z + VM_NAME(splat)(2.0 / 3.0);
    VD R = z * rp;
    VD hfsq = VM_NAME(splat)(0.5) * f * f;
    VD ef = __builtin_convertvector(e, VD);
    const VD ln2hi = VM_NAME(splat)(0x1.62e42fee00000p-1), ln2lo = VM_NAME(splat)(0x1.a39ef35793c76p-33);
    VD result = ef * ln2hi - ((hfsq - (s * (hfsq + R) + ef * ln2lo)) - f);
    // Special cases: NaN and negatives give NaN, 0 gives −∞, +∞ gives +∞.
    const VD inf = VM_NAME(splat)(__builtin_inf());
    result = VM_NAME(select)((VI)(x == inf), inf, result);
    result = VM_NAME(select)((VI)(x == zero), -inf, result);
    result = VM_NAME(select)((VI)(x < zero), VM_NAME(splat)(__builtin_nan("")), result);
    result = VM_NAME(select)((VI)(x != x), x + x, result);
    return result;
}

// A buffer pass of a vector function: whole vectors straight from memory, then the tail in one
// vector padded with `pad` (a value the function takes on its fast path; the padding is not written).
#define VM_BUFFER_FUNCTION(name, vector, pad)                                  \
    VM_ATTR static void VM_NAME(name)(const double *x, double *out, size_t n) { \
        size_t i = 0;                                                          \
        for (; i + VM_W <= n; i += VM_W) {                                     \
            VD v;                                                              \
            __builtin_memcpy(&v, x + i, sizeof v);                             \
            v = VM_NAME(vector)(v);                                            \
            __builtin_memcpy(out + i, &v, sizeof v);                           \
        }                                                                      \
        if (i < n) {                                                           \
            VD v = VM_NAME(splat)(pad);                                        \
            for (size_t j = 0; i + j < n; j++) v[j] = x[i + j];                \
            v = VM_NAME(vector)(v);                                            \
            for (size_t j = 0; i + j < n; j++) out[i + j] = v[j];              \
        }                                                                      \
    }

VM_BUFFER_FUNCTION(exp_buffer, exp_vector, 0.0)
VM_BUFFER_FUNCTION(log_buffer, log_vector, 1.0)
#undef VM_BUFFER_FUNCTION

#undef VD
#undef VI
