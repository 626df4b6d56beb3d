/*
 * sort.c — quicksort and insertion sort of pseudo-random arrays, comparing
 * through a function pointer like qsort(3).
 */
#include "bench.h"

#define QS_LEN   256
#define INS_LEN   48

typedef int (*cmp_fn)(uint32_t a, uint32_t b);

static int cmp_ascending(uint32_t a, uint32_t b)
{
    return a < b ? -1 : a > b;
}

/* Descending by the low 16 bits, ties broken by the whole value. */
static int cmp_low_descending(uint32_t a, uint32_t b)
{
    uint32_t la = a & 0xffff, lb = b & 0xffff;

    if (la != lb)
        return la > lb ? -1 : 1;
    return cmp_ascending(a, b);
}

static void swap(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a;

    *a = *b;
    *b = t;
}

/* Hoare partition around the middle element; recurse into the smaller half. */
static void quicksort(uint32_t *v, int lo, int hi, cmp_fn cmp)
{
    while (lo < hi) {
        uint32_t pivot = v[lo + (hi - lo) / 2];
        int i = lo - 1, j = hi + 1;

        for (;;) {
            do i++; while (cmp(v[i], pivot) < 0);
            do j--; while (cmp(v[j], pivot) > 0);
            if (i >= j)
                break;
            swap(&v[i], &v[j]);
        }
        if (j - lo < hi - j) {
            quicksort(v, lo, j, cmp);
            lo = j + 1;
        } else {
            quicksort(v, j + 1, hi, cmp);
            hi = j;
        }
    }
}

static void insertion_sort(uint32_t *v, int n, cmp_fn cmp)
{
    for (int i = 1; i < n; i++) {
        uint32_t x = v[i];
        int j = i - 1;

        for (; j >= 0 && cmp(v[j], x) > 0; j--)
            v[j + 1] = v[j];
        v[j + 1] = x;
    }
}

/* Weighted sum of a sorted array; a sorting bug shows up as a different value. */
static uint32_t fold(const uint32_t *v, int n, cmp_fn cmp)
{
    uint32_t acc = 0;

    for (int i = 0; i < n; i++) {
        acc += v[i] * (uint32_t)(i + 1);
        if (i && cmp(v[i - 1], v[i]) > 0)
            acc ^= 0xBAD50127u;
    }
    return acc;
}

uint32_t bench_sort(uint32_t seed)
{
    static uint32_t a[QS_LEN], b[INS_LEN];
    uint32_t s = seed;

    for (int i = 0; i < QS_LEN; i++)
        a[i] = rng_next(&s) % 1000;           /* many duplicates */
    for (int i = 0; i < INS_LEN; i++)
        b[i] = rng_next(&s);

    quicksort(a, 0, QS_LEN - 1, cmp_ascending);
    insertion_sort(b, INS_LEN, cmp_low_descending);
    return fold(a, QS_LEN, cmp_ascending) ^ rotl32(fold(b, INS_LEN, cmp_low_descending), 11);
}
