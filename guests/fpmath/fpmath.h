/*
 * fpmath.h — floating-point results printed as bits, for comparing the core with
 * the host CPU. The same objects link into a Xen PV guest and a native Linux
 * program (<plat.h>); every line of output must match between the two.
 *
 * fpmath-x87 (-mfpmath=387) and fpmath-sse (-msse2 -mfpmath=sse) are two builds of
 * the same sources; the SSE build also runs the SSE2/MMX intrinsic checks.
 */
#ifndef FPMATH_H
#define FPMATH_H

#include <plat.h>

typedef unsigned long long u64;
typedef unsigned int u32;

static inline u64 dbits(double d) { u64 u; memcpy(&u, &d, 8); return u; }
static inline double bitsd(u64 u) { double d; memcpy(&d, &u, 8); return d; }
static inline u32 fbits(float f) { u32 u; memcpy(&u, &f, 4); return u; }
static inline float bitsf(u32 u) { float f; memcpy(&f, &u, 4); return f; }

/* Exception flags (x87 status word / MXCSR), read and cleared. */
u32 fp_flags(void);
/* Sets the rounding mode 0-3 (x87: also precision control 0/2/3 in pc). */
void fp_mode(int rc, int pc, int ftz_daz);

extern const u64 fp_dv[];    /* main.c: the double operands */
extern const unsigned fp_ndv;

void fpmath_x87(void);   /* x87.c: instruction-level checks (x87 build only) */
void fpmath_sse(void);   /* sse.c: SSE2 and MMX checks (SSE build only) */

#endif
