/* fpmath: reading flags and setting modes on whichever unit the build computes on. */
#include "fpmath.h"

#ifdef __SSE2_MATH__
u32 fp_flags(void)
{
    u32 m, cleared;
    asm volatile ("stmxcsr %0" : "=m" (m));
    cleared = m & ~0x3fu;
    asm volatile ("ldmxcsr %0" : : "m" (cleared));
    return m & 0xffff;
}

void fp_mode(int rc, int pc, int ftz_daz)
{
    (void)pc;
    u32 m = 0x1f80 | (u32)rc << 13 | (ftz_daz ? 0x8040 : 0);
    asm volatile ("ldmxcsr %0" : : "m" (m));
}
#else
u32 fp_flags(void)
{
    unsigned short sw;
    asm volatile ("fnstsw %0; fnclex" : "=m" (sw));
    return sw;
}

void fp_mode(int rc, int pc, int ftz_daz)
{
    (void)ftz_daz;
    unsigned short cw = 0x7f | (unsigned short)(pc << 8 | rc << 10);
    asm volatile ("fldcw %0" : : "m" (cw));
}

void fpmath_sse(void) {}
#endif
