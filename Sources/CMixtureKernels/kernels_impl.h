// Mixture's kernels, written once over a GCC vector type of MK_W doubles and included once per
// instruction-set variant by kernels.c (MK_W lanes, MK_ATTR target attribute, MK_NAME(x) names).
//
// Every kernel vectorises along the rows of a block (the block is transposed, so a feature of
// consecutive rows is contiguous) and keeps a tile of outputs in registers while it runs over the
// shared dimension: two row vectors × four output columns, eight accumulators, as a BLAS
// micro-kernel does. Rows from `rows` up to the next multiple of 2·MK_W are computed on zeros.

typedef double MK_NAME(vd) __attribute__((vector_size(MK_W * 8), aligned(8)));
#define VD MK_NAME(vd)

MK_ATTR static inline VD MK_NAME(splat)(double v) {
    VD r;
    for (int i = 0; i < MK_W; i++) r[i] = v;
    return r;
}

MK_ATTR static inline VD MK_NAME(load)(const double *p) {
    VD v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

MK_ATTR static inline void MK_NAME(store)(double *p, VD v) { __builtin_memcpy(p, &v, sizeof v); }

MK_ATTR static inline double MK_NAME(hsum)(VD v) {
    double s = 0;
    for (int i = 0; i < MK_W; i++) s += v[i];
    return s;
}

/// Lane j of the result (j < 4, and j < MK_W) is the sum of the lanes of the j-th argument:
/// four horizontal sums in a few shuffles instead of four scalar reductions.
MK_ATTR static inline void MK_NAME(hsum4)(VD a, VD b, VD c, VD d, double out[4]) {
#if MK_W == 4
    VD ab = __builtin_shufflevector(a, b, 0, 4, 2, 6) + __builtin_shufflevector(a, b, 1, 5, 3, 7);
    VD cd = __builtin_shufflevector(c, d, 0, 4, 2, 6) + __builtin_shufflevector(c, d, 1, 5, 3, 7);
    VD s = __builtin_shufflevector(ab, cd, 0, 1, 4, 5) + __builtin_shufflevector(ab, cd, 2, 3, 6, 7);
    out[0] = s[0]; out[1] = s[1]; out[2] = s[2]; out[3] = s[3];
#elif MK_W == 8
    // Fold the halves to four lanes, then as for four.
    typedef double h4 __attribute__((vector_size(32), aligned(8)));
    h4 a4 = __builtin_shufflevector(a, a, 0, 1, 2, 3) + __builtin_shufflevector(a, a, 4, 5, 6, 7);
    h4 b4 = __builtin_shufflevector(b, b, 0, 1, 2, 3) + __builtin_shufflevector(b, b, 4, 5, 6, 7);
    h4 c4 = __builtin_shufflevector(c, c, 0, 1, 2, 3) + __builtin_shufflevector(c, c, 4, 5, 6, 7);
    h4 d4 = __builtin_shufflevector(d, d, 0, 1, 2, 3) + __builtin_shufflevector(d, d, 4, 5, 6, 7);
    h4 ab = __builtin_shufflevector(a4, b4, 0, 4, 2, 6) + __builtin_shufflevector(a4, b4, 1, 5, 3, 7);
    h4 cd = __builtin_shufflevector(c4, d4, 0, 4, 2, 6) + __builtin_shufflevector(c4, d4, 1, 5, 3, 7);
    h4 s = __builtin_shufflevector(ab, cd, 0, 1, 4, 5) + __builtin_shufflevector(ab, cd, 2, 3, 6, 7);
    out[0] = s[0]; out[1] = s[1]; out[2] = s[2]; out[3] = s[3];
#else
    VD ab = __builtin_shufflevector(a, b, 0, 2) + __builtin_shufflevector(a, b, 1, 3);
    VD cd = __builtin_shufflevector(c, d, 0, 2) + __builtin_shufflevector(c, d, 1, 3);
    out[0] = ab[0]; out[1] = ab[1]; out[2] = cd[0]; out[3] = cd[1];
#endif
}

/// Rows rounded up to whole groups of two vectors.
static inline long MK_NAME(span)(long rows) { return (rows + 2 * MK_W - 1) / (2 * MK_W) * (2 * MK_W); }

/// dt[l][i] = xt[l][i] − shift[l] for i < rows, 0 up to the span.
MK_ATTR static void MK_NAME(centre)(const double *xt, const double *shift, long d, long rows, long b, double *dt) {
    long span = MK_NAME(span)(rows);
    for (long l = 0; l < d; l++) {
        const double s = shift ? shift[l] : 0;
        const double *x = xt + l * b;
        double *o = dt + l * b;
        for (long i = 0; i < rows; i++) o[i] = x[i] - s;
        for (long i = rows; i < span; i++) o[i] = 0;
    }
}

MK_ATTR static void MK_NAME(triangular)(const double *xt, const double *shift, const double *packed, long d, long rows,
                                        long b, double *dt, double *y, double *m) {
    long span = MK_NAME(span)(rows);
    MK_NAME(centre)(xt, shift, d, rows, b, dt);
    for (long i = 0; i < span; i++) m[i] = 0;
    const double *pk = packed;
    for (long j0 = 0; j0 < d; j0 += 4) {
        long lmax = j0 + 4 < d ? j0 + 4 : d;
        for (long i0 = 0; i0 < span; i0 += 2 * MK_W) {
            VD a00 = MK_NAME(splat)(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            const double *x = dt + i0;
            const double *u = pk;
            for (long l = 0; l < lmax; l++, x += b, u += 4) {
                VD x0 = MK_NAME(load)(x), x1 = MK_NAME(load)(x + MK_W);
                VD u0 = MK_NAME(splat)(u[0]), u1 = MK_NAME(splat)(u[1]);
                VD u2 = MK_NAME(splat)(u[2]), u3 = MK_NAME(splat)(u[3]);
                a00 += x0 * u0; a01 += x1 * u0;
                a10 += x0 * u1; a11 += x1 * u1;
                a20 += x0 * u2; a21 += x1 * u2;
                a30 += x0 * u3; a31 += x1 * u3;
            }
            if (y) {
                VD cols[8] = {a00, a01, a10, a11, a20, a21, a30, a31};
                for (long c = 0; c < 4 && j0 + c < d; c++) {
                    MK_NAME(store)(y + (j0 + c) * b + i0, cols[2 * c]);
                    MK_NAME(store)(y + (j0 + c) * b + i0 + MK_W, cols[2 * c + 1]);
                }
            }
            VD m0 = MK_NAME(load)(m + i0), m1 = MK_NAME(load)(m + i0 + MK_W);
            m0 += a00 * a00; m1 += a01 * a01;
            m0 += a10 * a10; m1 += a11 * a11;
            m0 += a20 * a20; m1 += a21 * a21;
            m0 += a30 * a30; m1 += a31 * a31;
            MK_NAME(store)(m + i0, m0);
            MK_NAME(store)(m + i0 + MK_W, m1);
        }
        pk += lmax * 4;
    }
}

MK_ATTR static void MK_NAME(quadratic)(const double *xt, const double *shift, const double *a, const double *w,
                                       const double *q, long d, long k, long rows, long b, double *m) {
    long span = MK_NAME(span)(rows);
    for (long c0 = 0; c0 < k; c0 += 4) {
        long cn = k - c0 < 4 ? k - c0 : 4;
        // Coefficients of the tile, 0 past the last component.
        for (long i0 = 0; i0 < span; i0 += 2 * MK_W) {
            VD acc[4][2];
            for (long c = 0; c < 4; c++) acc[c][0] = acc[c][1] = MK_NAME(splat)(c < cn ? q[c0 + c] : 0);
            VD s0 = MK_NAME(splat)(0), s1 = s0;
            for (long j = 0; j < d; j++) {
                VD sj = MK_NAME(splat)(shift ? shift[j] : 0);
                VD x0 = MK_NAME(load)(xt + j * b + i0) - sj, x1 = MK_NAME(load)(xt + j * b + i0 + MK_W) - sj;
                VD q0 = x0 * x0, q1 = x1 * x1;
                if (a) {
                    for (long c = 0; c < 4; c++) {
                        long cc = c < cn ? c0 + c : c0;
                        VD ac = MK_NAME(splat)(a[cc * d + j]), wc = MK_NAME(splat)(w[cc * d + j]);
                        acc[c][0] += q0 * ac + x0 * wc;
                        acc[c][1] += q1 * ac + x1 * wc;
                    }
                } else {
                    s0 += q0; s1 += q1;
                    for (long c = 0; c < 4; c++) {
                        long cc = c < cn ? c0 + c : c0;
                        VD wc = MK_NAME(splat)(w[cc * d + j]);
                        acc[c][0] += x0 * wc;
                        acc[c][1] += x1 * wc;
                    }
                }
            }
            for (long c = 0; c < cn; c++) {
                MK_NAME(store)(m + (c0 + c) * b + i0, acc[c][0] + s0);
                MK_NAME(store)(m + (c0 + c) * b + i0 + MK_W, acc[c][1] + s1);
            }
        }
    }
}

MK_ATTR static void MK_NAME(weighted_distance)(const double *xt, const double *mu, const double *p, long d, long rows,
                                               long b, double *m) {
    long span = MK_NAME(span)(rows);
    for (long i0 = 0; i0 < span; i0 += 2 * MK_W) {
        VD a0 = MK_NAME(splat)(0), a1 = a0;
        for (long j = 0; j < d; j++) {
            VD mj = MK_NAME(splat)(mu[j]), pj = MK_NAME(splat)(p[j]);
            VD t0 = (MK_NAME(load)(xt + j * b + i0) - mj) * pj, t1 = (MK_NAME(load)(xt + j * b + i0 + MK_W) - mj) * pj;
            a0 += t0 * t0;
            a1 += t1 * t1;
        }
        MK_NAME(store)(m + i0, a0);
        MK_NAME(store)(m + i0 + MK_W, a1);
    }
}

MK_ATTR static void MK_NAME(scatter)(const double *xt, const double *shift, const double *r, long d, long rows, long b,
                                     double *acc, int full, double *scratch) {
    long span = MK_NAME(span)(rows);
    double *dt = scratch, *rdt = scratch + (d + 4) * b;
    double total = 0;
    if (r) {
        VD t = MK_NAME(splat)(0);
        long whole = rows / MK_W * MK_W;
        for (long i = 0; i < whole; i += MK_W) t += MK_NAME(load)(r + i);
        total = MK_NAME(hsum)(t);
        for (long i = whole; i < rows; i++) total += r[i];
    } else {
        total = (double)rows;
    }
    acc[0] += total;
    double *s1 = acc + 1, *s2 = acc + 1 + d;
    if (!full) {
        // One pass per feature, nothing stored: t = x − c, S1 += Σ r·t, S2 += Σ r·t².
        for (long l = 0; l < d; l++) {
            const double *x = xt + l * b;
            const double c = shift[l];
            double a1 = 0, a2 = 0;
            for (long i = 0; i < rows; i++) {
                double t = x[i] - c, rt = r ? r[i] * t : t;
                a1 += rt;
                a2 += rt * t;
            }
            s1[l] += a1;
            s2[l] += a2;
        }
        return;
    }
    // Centred and weighted blocks (vectors over the span, then zero past the last row).
    for (long l = 0; l < d; l++) {
        const double *x = xt + l * b;
        const VD c = MK_NAME(splat)(shift ? shift[l] : 0);
        double *o = dt + l * b, *w = rdt + l * b;
        for (long i = 0; i < span; i += MK_W) {
            VD t = MK_NAME(load)(x + i) - c;
            MK_NAME(store)(o + i, t);
            MK_NAME(store)(w + i, r ? MK_NAME(load)(r + i) * t : t);
        }
        for (long i = rows; i < span; i++) o[i] = w[i] = 0;
        VD a0 = MK_NAME(splat)(0), a1 = a0;
        for (long i = 0; i < span; i += 2 * MK_W) {
            a0 += MK_NAME(load)(w + i);
            a1 += MK_NAME(load)(w + i + MK_W);
        }
        s1[l] += MK_NAME(hsum)(a0 + a1);
    }
    // One row of zeros stands in for the rows of a tile past the last feature.
    double *zero = rdt + d * b;
    for (long i = 0; i < span; i++) zero[i] = 0;
    // S2[l][j] for a tile of 3 values of l × 4 of j, j ≥ l0, accumulated along the rows.
    for (long l0 = 0; l0 < d; l0 += 3) {
        for (long j0 = l0; j0 < d; j0 += 4) {
            VD a[3][4];
            for (int u = 0; u < 3; u++)
                for (int v = 0; v < 4; v++) a[u][v] = MK_NAME(splat)(0);
            const double *p0 = rdt + l0 * b;
            const double *p1 = l0 + 1 < d ? p0 + b : zero, *p2 = l0 + 2 < d ? p0 + 2 * b : zero;
            const double *q0 = dt + j0 * b;
            const double *q1 = j0 + 1 < d ? q0 + b : zero, *q2 = j0 + 2 < d ? q0 + 2 * b : zero;
            const double *q3 = j0 + 3 < d ? q0 + 3 * b : zero;
            for (long i = 0; i < span; i += MK_W) {
                VD r0 = MK_NAME(load)(p0 + i), r1 = MK_NAME(load)(p1 + i), r2 = MK_NAME(load)(p2 + i);
                VD d0 = MK_NAME(load)(q0 + i);
                a[0][0] += r0 * d0; a[1][0] += r1 * d0; a[2][0] += r2 * d0;
                VD d1 = MK_NAME(load)(q1 + i);
                a[0][1] += r0 * d1; a[1][1] += r1 * d1; a[2][1] += r2 * d1;
                VD d2 = MK_NAME(load)(q2 + i);
                a[0][2] += r0 * d2; a[1][2] += r1 * d2; a[2][2] += r2 * d2;
                VD d3 = MK_NAME(load)(q3 + i);
                a[0][3] += r0 * d3; a[1][3] += r1 * d3; a[2][3] += r2 * d3;
            }
            for (int u = 0; u < 3 && l0 + u < d; u++) {
                double sums[4];
                MK_NAME(hsum4)(a[u][0], a[u][1], a[u][2], a[u][3], sums);
                for (int v = 0; v < 4 && j0 + v < d; v++)
                    if (j0 + v >= l0 + u) s2[(l0 + u) * d + j0 + v] += sums[v];
            }
        }
    }
}

MK_ATTR static void MK_NAME(moments)(const double *xt, const double *shift, const double *rt, long d, long k,
                                     long rows, long b, double *t1, double *t2) {
    long span = MK_NAME(span)(rows);
    for (long c0 = 0; c0 < k; c0 += 4) {
        long cn = k - c0 < 4 ? k - c0 : 4;
        // Rows of the responsibilities past the last component repeat the first one's (unused).
        const double *r0 = rt + c0 * b, *r1 = rt + (c0 + (cn > 1)) * b;
        const double *r2 = rt + (c0 + (cn > 2) * 2) * b, *r3 = rt + (c0 + (cn > 3) * 3) * b;
        for (long j = 0; j < d; j++) {
            const double *x = xt + j * b;
            VD s = MK_NAME(splat)(shift[j]);
            VD f0 = MK_NAME(splat)(0), f1 = f0, f2 = f0, f3 = f0, g0 = f0, g1 = f0, g2 = f0, g3 = f0;
            for (long i = 0; i < span; i += MK_W) {
                VD v = MK_NAME(load)(x + i) - s, q = v * v;
                VD a0 = MK_NAME(load)(r0 + i), a1 = MK_NAME(load)(r1 + i);
                VD a2 = MK_NAME(load)(r2 + i), a3 = MK_NAME(load)(r3 + i);
                f0 += a0 * v; g0 += a0 * q;
                f1 += a1 * v; g1 += a1 * q;
                f2 += a2 * v; g2 += a2 * q;
                f3 += a3 * v; g3 += a3 * q;
            }
            double f[4], g[4];
            MK_NAME(hsum4)(f0, f1, f2, f3, f);
            MK_NAME(hsum4)(g0, g1, g2, g3, g);
            for (long c = 0; c < cn; c++) {
                t1[(c0 + c) * d + j] += f[c];
                t2[(c0 + c) * d + j] += g[c];
            }
        }
    }
}

/// k-means++ minima: out[q·stride + i] = min(closest[i], D(xᵢ, c_q)) for rows i < rows of x
/// (row-major, d columns) and t candidates c (t×d), D(x, c) = Σⱼ (xⱼ − cⱼ)² summed in feature
/// order with no fused multiply–add, and min(a, b) = b < a ? b : a — what a scalar loop computes,
/// to the bit. Two vectors of MK_W rows at a time (the last group repeats its last row) against
/// four candidates, eight independent sums, then the candidates left one at a time; xt holds
/// 2·MK_W·d doubles (the group transposed).
MK_ATTR static inline void MK_NAME(kpp_store)(VD acc, VD near, double *o, long count) {
    typedef long long vi __attribute__((vector_size(MK_W * 8), aligned(8)));
    vi less = acc < near;
    VD m = (VD)((less & (vi)acc) | (~less & (vi)near));
    if (count >= MK_W) {
        MK_NAME(store)(o, m);
    } else {
        for (long l = 0; l < count; l++) o[l] = m[l];
    }
}

MK_ATTR static void MK_NAME(kpp_minima)(const double *x, long d, long rows, const double *c, long t,
                                        const double *closest, double *out, long stride, double *xt) {
#pragma clang fp contract(off)
    enum { W2 = 2 * MK_W };
    for (long g = 0; g < rows; g += W2) {
        long count = rows - g < W2 ? rows - g : W2;
        long count1 = count - MK_W;  // rows in the second vector (≤ 0: none)
        const double *r[W2];
        double nearRows[W2];
        for (long l = 0; l < W2; l++) {
            long i = g + (l < count ? l : count - 1);
            r[l] = x + i * d;
            nearRows[l] = closest[i];
        }
        VD near0 = MK_NAME(load)(nearRows), near1 = MK_NAME(load)(nearRows + MK_W);
        for (long j = 0; j < d; j++) {
            VD v0, v1;
            for (long l = 0; l < MK_W; l++) {
                v0[l] = r[l][j];
                v1[l] = r[MK_W + l][j];
            }
            MK_NAME(store)(xt + j * W2, v0);
            MK_NAME(store)(xt + j * W2 + MK_W, v1);
        }
        long q = 0;
        for (; q + 4 <= t; q += 4) {
            const double *c0 = c + q * d, *c1 = c0 + d, *c2 = c1 + d, *c3 = c2 + d;
            VD a0 = MK_NAME(splat)(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (long j = 0; j < d; j++) {
                VD v = MK_NAME(load)(xt + j * W2), w = MK_NAME(load)(xt + j * W2 + MK_W);
                VD s0 = MK_NAME(splat)(c0[j]), s1 = MK_NAME(splat)(c1[j]);
                VD s2 = MK_NAME(splat)(c2[j]), s3 = MK_NAME(splat)(c3[j]);
                VD e0 = v - s0, e1 = v - s1, e2 = v - s2, e3 = v - s3;
                VD f0 = w - s0, f1 = w - s1, f2 = w - s2, f3 = w - s3;
                VD p0 = e0 * e0, p1 = e1 * e1, p2 = e2 * e2, p3 = e3 * e3;
                VD u0 = f0 * f0, u1 = f1 * f1, u2 = f2 * f2, u3 = f3 * f3;
                a0 = a0 + p0; a1 = a1 + p1; a2 = a2 + p2; a3 = a3 + p3;
                b0 = b0 + u0; b1 = b1 + u1; b2 = b2 + u2; b3 = b3 + u3;
            }
            double *o = out + q * stride + g;
            MK_NAME(kpp_store)(a0, near0, o, count);
            MK_NAME(kpp_store)(a1, near0, o + stride, count);
            MK_NAME(kpp_store)(a2, near0, o + 2 * stride, count);
            MK_NAME(kpp_store)(a3, near0, o + 3 * stride, count);
            if (count1 > 0) {
                MK_NAME(kpp_store)(b0, near1, o + MK_W, count1);
                MK_NAME(kpp_store)(b1, near1, o + stride + MK_W, count1);
                MK_NAME(kpp_store)(b2, near1, o + 2 * stride + MK_W, count1);
                MK_NAME(kpp_store)(b3, near1, o + 3 * stride + MK_W, count1);
            }
        }
        for (; q < t; q++) {
            const double *c0 = c + q * d;
            VD a0 = MK_NAME(splat)(0), b0 = a0;
            for (long j = 0; j < d; j++) {
                VD s0 = MK_NAME(splat)(c0[j]);
                VD e0 = MK_NAME(load)(xt + j * W2) - s0, f0 = MK_NAME(load)(xt + j * W2 + MK_W) - s0;
                VD p0 = e0 * e0, u0 = f0 * f0;
                a0 = a0 + p0;
                b0 = b0 + u0;
            }
            double *o = out + q * stride + g;
            MK_NAME(kpp_store)(a0, near0, o, count);
            if (count1 > 0) MK_NAME(kpp_store)(b0, near1, o + MK_W, count1);
        }
    }
}

#undef VD
