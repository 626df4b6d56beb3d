/*
 * libgcc.c — the 64-bit division helpers gcc calls on i386 (there is no libgcc
 * for i386 on the build host, and a kernel should not depend on one anyway).
 *
 * Unsigned division is done by __udivmoddi4:
 *   - divisor < 2^32: two chained 32-bit `divl`s (high word, then remainder:low),
 *     each of which cannot overflow because its high part is below the divisor;
 *   - divisor >= 2^32: the quotient fits in 32 bits; classic shift-and-subtract
 *     long division over at most 32 quotient bits.
 * A zero divisor executes a real `divl` by zero, so the caller gets #DE exactly as
 * a hardware 64-bit divide would raise it.
 */
#include <stdint.h>

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem);
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
int64_t __divdi3(int64_t n, int64_t d);
int64_t __moddi3(int64_t n, int64_t d);
int64_t __divmoddi4(int64_t n, int64_t d, int64_t *rem);

/* (hi:lo) / d with hi < d; returns the quotient, stores the remainder. */
static inline uint32_t divl(uint32_t hi, uint32_t lo, uint32_t d, uint32_t *r)
{
    uint32_t q;

    /* volatile: never let gcc speculate a divl that may fault. */
    asm volatile ("divl %[d]" : "=a" (q), "=d" (*r) : "a" (lo), "d" (hi), [d] "rm" (d));
    return q;
}

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem)
{
    uint64_t q;

    if (!(d >> 32)) {
        uint32_t d32 = (uint32_t)d, r;
        uint32_t nhi = (uint32_t)(n >> 32);
        uint32_t qhi = 0;

        if (nhi >= d32 || !d32)        /* !d32: this divl raises #DE */
            qhi = divl(0, nhi, d32, &nhi);
        q = (uint64_t)qhi << 32 | divl(nhi, (uint32_t)n, d32, &r);
        if (rem)
            *rem = r;
        return q;
    }

    q = 0;
    if (n >= d) {
        /* n >= d >= 2^32: both high words are non-zero and shift >= 0. */
        int shift = __builtin_clz((uint32_t)(d >> 32)) -
                    __builtin_clz((uint32_t)(n >> 32));

        d <<= shift;
        for (int i = 0; i <= shift; i++) {
            q <<= 1;
            if (n >= d) {
                n -= d;
                q |= 1;
            }
            d >>= 1;
        }
    }
    if (rem)
        *rem = n;
    return q;
}

uint64_t __udivdi3(uint64_t n, uint64_t d)
{
    return __udivmoddi4(n, d, 0);
}

uint64_t __umoddi3(uint64_t n, uint64_t d)
{
    uint64_t r;

    __udivmoddi4(n, d, &r);
    return r;
}

/* Signed: divide magnitudes; the quotient is negative iff the signs differ, the
 * remainder takes the dividend's sign (C99 truncation toward zero). */
int64_t __divmoddi4(int64_t n, int64_t d, int64_t *rem)
{
    uint64_t un = n < 0 ? -(uint64_t)n : (uint64_t)n;
    uint64_t ud = d < 0 ? -(uint64_t)d : (uint64_t)d;
    uint64_t ur;
    uint64_t uq = __udivmoddi4(un, ud, &ur);

    if (rem)
        *rem = (int64_t)(n < 0 ? -ur : ur);       /* negate unsigned: no overflow */
    return (int64_t)((n < 0) != (d < 0) ? -uq : uq);
}

int64_t __divdi3(int64_t n, int64_t d)
{
    return __divmoddi4(n, d, 0);
}

int64_t __moddi3(int64_t n, int64_t d)
{
    int64_t r;

    __divmoddi4(n, d, &r);
    return r;
}
