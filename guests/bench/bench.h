/*
 * bench.h — a CoreMark-like CPU workload, written against <plat.h> only so the
 * same objects link into a Xen PV guest and into a native Linux program.
 *
 * Each kernel turns a 32-bit seed into a 32-bit result, deterministically and
 * without depending on addresses, so both builds compute the same checksum.
 */
#ifndef BENCH_H
#define BENCH_H

#include <plat.h>

struct bench_kernel {
    const char *name;
    uint32_t (*run)(uint32_t seed);
};

extern const struct bench_kernel bench_kernels[];
extern const unsigned int bench_nr_kernels;

uint32_t bench_hash(uint32_t seed);      /* hash.c */
uint32_t bench_list(uint32_t seed);      /* list.c */
uint32_t bench_sort(uint32_t seed);      /* sort.c */
uint32_t bench_matrix(uint32_t seed);    /* matrix.c */
uint32_t bench_strings(uint32_t seed);   /* strings.c */
uint32_t bench_div64(uint32_t seed);     /* div64.c */
uint32_t bench_state(uint32_t seed);     /* state.c */

uint32_t crc32_update(uint32_t crc, const void *buf, size_t len);
uint32_t fnv1a(const void *buf, size_t len);

/* xorshift32 (Marsaglia 2003). A zero state would stay zero, so it is replaced. */
static inline uint32_t rng_next(uint32_t *state)
{
    uint32_t x = *state ? *state : 0x9E3779B9u;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static inline uint32_t rotl32(uint32_t x, unsigned int r)
{
    return (x << (r & 31)) | (x >> ((32 - r) & 31));
}

#endif /* BENCH_H */
