/*
 * matrix.c — integer matrix multiply (the inner loop of CoreMark's matrix part):
 * multiply-accumulate with 2-D indexing.
 */
#include "bench.h"

#define N 12

uint32_t bench_matrix(uint32_t seed)
{
    static int32_t a[N][N], b[N][N], c[N][N];
    uint32_t s = seed, acc = 0;

    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (int32_t)(rng_next(&s) & 0x3ff) - 512;
            b[i][j] = (int32_t)(rng_next(&s) & 0x3ff) - 512;
        }

    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t sum = 0;

            for (int k = 0; k < N; k++)
                sum += a[i][k] * b[k][j];
            c[i][j] = sum;
        }

    /* Fold, with a data-dependent branch like CoreMark's matrix "clip" step. */
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t v = c[i][j];

            acc = acc * 31 + (uint32_t)(v > 0 ? v >> 2 : -v);
        }
    return acc;
}
