/*
 * div64.c — 64-bit division and modulo, signed and unsigned, with divisors both
 * below and above 2^32. On i386 these compile to calls of __udivdi3, __umoddi3,
 * __divdi3 and __moddi3 (guests/lib/libc/libgcc.c).
 */
#include "bench.h"

#define ROUNDS 24

uint32_t bench_div64(uint32_t seed)
{
    uint32_t s = seed;
    uint64_t acc = 0;

    for (int i = 0; i < ROUNDS; i++) {
        uint64_t n = (uint64_t)rng_next(&s) << 32 | rng_next(&s);
        uint32_t r = rng_next(&s);
        /* Alternate small (32-bit) and large (64-bit) divisors, never < 2. */
        uint64_t d = (i & 1) ? ((uint64_t)(r >> 8) << 32 | rng_next(&s))
                             : (uint64_t)(r >> (r & 15));
        int64_t sn, sd;

        d |= 2;
        acc += n / d;
        acc ^= n % d;

        /* Signed: |sd| >= 2, so INT64_MIN / -1 cannot happen. */
        sn = (int64_t)n;
        sd = (r & 0x10000) ? -(int64_t)(d >> 1) : (int64_t)(d >> 1);
        acc += (uint64_t)(sn / sd);
        acc ^= (uint64_t)(sn % sd) << 7;
    }
    return (uint32_t)acc ^ (uint32_t)(acc >> 32);
}
