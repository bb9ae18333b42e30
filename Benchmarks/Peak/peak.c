// FP64 peak of this machine, measured: independent fused multiply–add chains on the widest
// vectors the processor has (AVX-512F, else AVX2+FMA, else SSE2 multiply and add), on one
// thread and on every core at once. Prints
//   peak: isa=<name> gflops_1core=<x> gflops_all=<y> threads=<n>
// and, because a shared machine's wall clock mostly measures the other processes, the rate per
// second of the threads' own CPU time (CLOCK_THREAD_CPUTIME_ID) as gflops_per_cpu_s.
// Build: cc -O2 -pthread peak.c -o peak   (the ISA is chosen at run time).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define CHAINS 12

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

// Twelve independent accumulators hide the FMA latency (4 cycles × 2 pipes plus margin).
#define BODY(W, ATTR, NAME)                                                                        \
    typedef double NAME##_v __attribute__((vector_size(W * 8)));                                   \
    ATTR static double NAME(long iterations) {                                                     \
        NAME##_v acc[CHAINS], a, b;                                                                \
        for (int i = 0; i < W; i++) { a[i] = 0.999999; b[i] = 1e-9; }                              \
        for (int c = 0; c < CHAINS; c++)                                                           \
            for (int i = 0; i < W; i++) acc[c][i] = c + i;                                         \
        for (long n = 0; n < iterations; n++) {                                                    \
            for (int c = 0; c < CHAINS; c++) acc[c] = acc[c] * a + b;                              \
            __asm__ volatile("" : "+x"(acc[0]), "+x"(acc[1]), "+x"(acc[2]), "+x"(acc[3]));        \
        }                                                                                          \
        double s = 0;                                                                              \
        for (int c = 0; c < CHAINS; c++)                                                           \
            for (int i = 0; i < W; i++) s += acc[c][i];                                            \
        return s;                                                                                  \
    }

#if defined(__x86_64__)
BODY(8, __attribute__((target("avx512f"))), fma512)
BODY(4, __attribute__((target("avx2,fma"))), fma256)
#endif
BODY(2, , fma128)

static int lanes;
static double (*kernel)(long);
static long iterations = 200000000;
static volatile double sink;

static void *run(void *cpu) {
    struct timespec a, b;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
    sink = kernel(iterations);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
    *(double *)cpu = (b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec);
    return NULL;
}

static double best_per_cpu_second = 0;

static double measure(int threads) {
    pthread_t t[256];
    double cpu[256];
    double start = now();
    for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, run, &cpu[i]);
    for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    double seconds = now() - start;
    for (int i = 0; i < threads; i++) {
        double g = 2.0 * lanes * CHAINS * (double)iterations / cpu[i] / 1e9;
        if (g > best_per_cpu_second) best_per_cpu_second = g;
    }
    // Each FMA is two flops, on `lanes` doubles, CHAINS per iteration.
    return 2.0 * lanes * CHAINS * (double)iterations * threads / seconds / 1e9;
}

int main(int argc, char **argv) {
    if (argc > 1) iterations = atol(argv[1]);
    const char *isa = "sse2";
    kernel = fma128;
    lanes = 2;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) {
        kernel = fma512; lanes = 8; isa = "avx512f";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        kernel = fma256; lanes = 4; isa = "avx2+fma";
    }
#endif
    int cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1) cores = 1;
    if (cores > 256) cores = 256;
    // Best of three: the machine may be shared.
    double one = 0, all = 0;
    for (int r = 0; r < 3; r++) {
        double g = measure(1);
        if (g > one) one = g;
        g = measure(cores);
        if (g > all) all = g;
    }
    printf("peak: isa=%s gflops_1core=%.1f gflops_all=%.1f threads=%d gflops_per_cpu_s=%.1f\n", isa, one, all, cores,
           best_per_cpu_second);
    return 0;
}
