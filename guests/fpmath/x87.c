/*
 * fpmath x87 checks: each x87 instruction the compiler does not emit by itself,
 * run by inline assembly over extended-precision operands (including the
 * encodings the 387 rejects), printing results and the status word.
 */
#include "fpmath.h"

#ifndef __SSE2_MATH__
typedef struct { u64 m; unsigned short se; } __attribute__((packed)) x80;

static const x80 X[] = {
    { 0x8000000000000000ull, 0x3fff }, { 0x8000000000000000ull, 0x4000 }, { 0xc000000000000000ull, 0xbfff },
    { 0xc90fdaa22168c235ull, 0x4000 }, { 0x0000000000000123ull, 0x0000 }, { 0x8000000000000001ull, 0x0000 },
    { 0x4000000000000000ull, 0x3fff }, { 0x8000000000000000ull, 0x7fff }, { 0x8000000000000000ull, 0xffff },
    { 0xc000000000000001ull, 0x7fff }, { 0xa000000000000000ull, 0x7fff }, { 0, 0 }, { 0, 0x8000 },
    { 0xffffffffffffffffull, 0x7ffe }, { 0x8000000000000000ull, 0x0001 }, { 0xad78ebc5ac620000ull, 0x4041 },
    { 0x8000000000000000ull, 0x3ffe }, { 0xf1206f3b4e9a8000ull, 0x4010 }, { 0xfffffffffffffff7ull, 0xc03d },
    { 0xb504f333f9de6484ull, 0x3fff }, { 0xc000000000000000ull, 0x3fff }, { 0xa000000000000000ull, 0x4001 },
};
#define NX (sizeof(X) / sizeof(X[0]))

static void p80(const x80 *r) { printf(" %04x:%016llx", r->se, r->m); }

static u32 sw(void)
{
    unsigned short s;
    asm volatile ("fnstsw %0; fnclex" : "=m" (s));
    return s;
}

static void binary(void)
{
    for (unsigned i = 0; i < NX; i++)
        for (unsigned j = 0; j < NX; j++) {
            x80 r[3];
            u32 s[3];
            asm volatile ("fninit; fldt %1; fldt %2; fprem; fstpt %0; fstp %%st(0)" : "=m" (r[0]) : "m" (X[j]), "m" (X[i]));
            s[0] = sw();
            asm volatile ("fninit; fldt %1; fldt %2; fprem1; fstpt %0; fstp %%st(0)" : "=m" (r[1]) : "m" (X[j]), "m" (X[i]));
            s[1] = sw();
            asm volatile ("fninit; fldt %1; fldt %2; fscale; fstpt %0; fstp %%st(0)" : "=m" (r[2]) : "m" (X[j]), "m" (X[i]));
            s[2] = sw();
            u32 fl;
            asm volatile ("fninit; fldt %1; fldt %2; fcomi %%st(1), %%st; pushf; pop %0; fstp %%st(0); fstp %%st(0)"
                          : "=r" (fl) : "m" (X[j]), "m" (X[i]));
            u32 s3 = sw();
            u32 fu;
            asm volatile ("fninit; fldt %1; fldt %2; fucomip %%st(1), %%st; pushf; pop %0; fstp %%st(0)"
                          : "=r" (fu) : "m" (X[j]), "m" (X[i]));
            u32 s4 = sw();
            x80 ar[4];
            asm volatile ("fninit; fldt %4; fldt %5; fadd %%st(1), %%st; fstpt %0;"
                          "fldt %5; fsubr %%st(1), %%st; fstpt %1;"
                          "fldt %5; fmul %%st(1), %%st; fstpt %2;"
                          "fldt %5; fdivr %%st(1), %%st; fstpt %3; fstp %%st(0)"
                          : "=m" (ar[0]), "=m" (ar[1]), "=m" (ar[2]), "=m" (ar[3]) : "m" (X[j]), "m" (X[i]));
            u32 s5 = sw();
            unsigned short cc;
            asm volatile ("fninit; fldt %1; fldt %2; fucompp; fnstsw %0" : "=m" (cc) : "m" (X[j]), "m" (X[i]));
            u32 s6 = sw();
            printf("x87 b %02u %02u", i, j);
            for (int k = 0; k < 3; k++) { p80(&r[k]); printf(" %04x", s[k]); }
            printf(" %03x %04x %03x %04x", fl & 0x8d5, s3, fu & 0x8d5, s4);
            for (int k = 0; k < 4; k++) p80(&ar[k]);
            printf(" %04x %04x %04x\n", s5, cc, s6);
        }
}

static void unary(void)
{
    static const char *const RC[] = { "rn", "rd", "ru", "rz" };
    for (unsigned i = 0; i < NX; i++) {
        x80 e, m, q, rnd[4];
        u32 s0, s1, s2, s3[4], sx;
        asm volatile ("fninit; fldt %2; fxtract; fstpt %0; fstpt %1" : "=m" (m), "=m" (e) : "m" (X[i]));
        s0 = sw();
        asm volatile ("fninit; fldt %1; fsqrt; fstpt %0" : "=m" (q) : "m" (X[i]));
        s1 = sw();
        for (int rc = 0; rc < 4; rc++) {
            unsigned short cw = 0x37f | rc << 10;
            asm volatile ("fninit; fldcw %2; fldt %1; frndint; fstpt %0" : "=m" (rnd[rc]) : "m" (X[i]), "m" (cw));
            s3[rc] = sw();
        }
        unsigned short xa;
        asm volatile ("fninit; fldt %1; fxam; fnstsw %0; fstp %%st(0)" : "=m" (xa) : "m" (X[i]));
        sx = sw();
        short i16; int i32; long long i64; float f32; double f64; unsigned char bcd[10];
        asm volatile ("fninit; fldt %5; fists %0; fistl %1; fistpll %2; fldt %5; fsts %3; fstpl %4"
                      : "=m" (i16), "=m" (i32), "=m" (i64), "=m" (f32), "=m" (f64) : "m" (X[i]));
        s2 = sw();
        asm volatile ("fninit; fldt %1; fbstp %0" : "=m" (bcd) : "m" (X[i]));
        u32 sb = sw();
        x80 back;
        asm volatile ("fninit; fbld %1; fstpt %0" : "=m" (back) : "m" (bcd));
        u32 sbb = sw();
        unsigned short tst;
        asm volatile ("fninit; fldt %1; ftst; fnstsw %0; fchs; fabs; fstp %%st(0)" : "=m" (tst) : "m" (X[i]));
        u32 st = sw();
        printf("x87 u %02u", i);
        p80(&e); p80(&m); printf(" %04x", s0);
        p80(&q); printf(" %04x", s1);
        for (int rc = 0; rc < 4; rc++) { printf(" %s", RC[rc]); p80(&rnd[rc]); printf(" %04x", s3[rc]); }
        printf(" %04x %04x %04x %08x %016llx %08x %016llx %04x", xa, sx, (unsigned short)i16, (u32)i32, (u64)i64,
               fbits(f32), dbits(f64), s2);
        for (int k = 9; k >= 0; k--) printf("%s%02x", k == 9 ? " " : "", bcd[k]);
        printf(" %04x", sb); p80(&back); printf(" %04x %04x %04x\n", sbb, tst, st);
    }
}

static void constants(void)
{
    for (int rc = 0; rc < 4; rc++) {
        unsigned short cw = 0x37f | rc << 10;
        x80 k[7];
        asm volatile ("fninit; fldcw %7; fld1; fldl2t; fldl2e; fldpi; fldlg2; fldln2; fldz;"
                      "fstpt %6; fstpt %5; fstpt %4; fstpt %3; fstpt %2; fstpt %1; fstpt %0"
                      : "=m" (k[0]), "=m" (k[1]), "=m" (k[2]), "=m" (k[3]), "=m" (k[4]), "=m" (k[5]), "=m" (k[6])
                      : "m" (cw));
        printf("x87 const %d", rc);
        for (int i = 0; i < 7; i++) p80(&k[i]);
        printf(" %04x\n", sw());
    }
}

/* Masked stack faults, fxch/ffree/fincstp/fdecstp, fcmov, and the saved images. */
static void stack(void)
{
    x80 r[10];
    asm volatile ("fninit; fld1; fldpi; fldz; fld1; fldpi; fldz; fld1; fldpi; fldz;"
                  "fxch %%st(3); fincstp; fdecstp; ffree %%st(2);"
                  "fstpt %0; fstpt %1; fstpt %2; fstpt %3; fstpt %4; fstpt %5; fstpt %6; fstpt %7; fstpt %8; fstpt %9"
                  : "=m" (r[0]), "=m" (r[1]), "=m" (r[2]), "=m" (r[3]), "=m" (r[4]), "=m" (r[5]), "=m" (r[6]),
                    "=m" (r[7]), "=m" (r[8]), "=m" (r[9]));
    printf("x87 stack");
    for (int i = 0; i < 10; i++) p80(&r[i]);
    printf(" %04x\n", sw());

    unsigned char env[28], save[108], fx[512] __attribute__((aligned(16)));
    unsigned short cw = 0x0360;
    asm volatile ("fninit; fldcw %3; fldpi; fld1; fldz; fdiv %%st, %%st(1); fnstenv %0; fldenv %0; fnsave %1; frstor %1;"
                  "fxsave %2"
                  : "=m" (env), "=m" (save), "=m" (fx) : "m" (cw));
    printf("x87 env");
    for (int i = 0; i < 12; i++) printf(" %02x", env[i]);
    printf(" save");
    for (int i = 0; i < 12; i++) printf(" %02x", save[i]);
    for (int i = 28; i < 108; i++) printf("%02x", save[i]);
    printf(" fx");
    for (int i = 0; i < 24; i++) printf(" %02x", fx[i]);
    /* Bytes 28-31 (MXCSR_MASK) are implementation-specific: not compared. */
    for (int i = 24; i < 160; i++) if (i < 28 || i >= 32) printf("%02x", fx[i]);
    printf("\n");
    asm volatile ("fninit");

    /* The 16-bit protected-mode formats (operand-size prefix). */
    unsigned char env16[14], save16[94];
    asm volatile ("fninit; fldcw %2; fldpi; fld1; fldz; fdiv %%st, %%st(1); fnstenvs %0; fldenvs %0; fnsaves %1; frstors %1; fninit"
                  : "=m" (env16), "=m" (save16) : "m" (cw));
    printf("x87 env16");
    for (int i = 0; i < 6; i++) printf(" %02x", env16[i]);
    printf(" save16");
    for (int i = 0; i < 6; i++) printf(" %02x", save16[i]);
    for (int i = 14; i < 94; i++) printf("%02x", save16[i]);
    printf("\n");

    for (int cc = 0; cc < 4; cc++) {
        x80 out[8];
        u32 f = cc == 0 ? 0x001 : cc == 1 ? 0x040 : cc == 2 ? 0x004 : 0x000;
        asm volatile ("push %8; popf; fninit; fld1; fldpi;"
                      "fcmovb %%st(1), %%st; fstpt %0; fldpi; fcmove %%st(1), %%st; fstpt %1; fldpi; fcmovbe %%st(1), %%st; fstpt %2;"
                      "fldpi; fcmovu %%st(1), %%st; fstpt %3; fldpi; fcmovnb %%st(1), %%st; fstpt %4;"
                      "fldpi; fcmovne %%st(1), %%st; fstpt %5; fldpi; fcmovnbe %%st(1), %%st; fstpt %6;"
                      "fldpi; fcmovnu %%st(1), %%st; fstpt %7; fstp %%st(0)"
                      : "=m" (out[0]), "=m" (out[1]), "=m" (out[2]), "=m" (out[3]), "=m" (out[4]), "=m" (out[5]),
                        "=m" (out[6]), "=m" (out[7]) : "r" (f | 0x202) : "cc");
        printf("x87 fcmov %d", cc);
        for (int i = 0; i < 8; i++) printf(" %04x", out[i].se);
        printf("\n");
    }
}

/*
 * Unmasked exceptions without #MF: the exception is flagged by the arithmetic
 * instruction and only raised by the next waiting one, so fnstsw/fnclex (which do
 * not wait) observe the status and the delivered (bias-adjusted) result.
 */
static void unmasked(void)
{
    unsigned short cw = 0x0340;   /* all six exceptions unmasked, 64-bit precision */
    for (unsigned i = 0; i < NX; i++)
        for (unsigned j = 0; j < NX; j += 2) {
            x80 r[4], keep[2];
            unsigned short s[4];
            float f32 = 1.0f;
            int i32 = 0x12345678;
            asm volatile ("fninit; fldcw %10; fldt %11; fldt %12; fmul %%st(1), %%st; fnstsw %0; fnclex; fstpt %4;"
                          "fldt %12; fdivr %%st(1), %%st; fnstsw %1; fnclex; fstpt %5;"
                          "fldt %12; fadd %%st(1), %%st; fnstsw %2; fnclex; fstpt %6; fnclex; fstpt %7;"
                          "fldt %12; fsts %8; fnstsw %3; fnclex; fistpl %9; fnclex"
                          : "=m" (s[0]), "=m" (s[1]), "=m" (s[2]), "=m" (s[3]), "=m" (r[0]), "=m" (r[1]), "=m" (r[2]),
                            "=m" (keep[0]), "+m" (f32), "+m" (i32)
                          : "m" (cw), "m" (X[j]), "m" (X[i]));
            printf("x87 unmasked %02u %02u", i, j);
            for (int k = 0; k < 3; k++) { p80(&r[k]); printf(" %04x", s[k]); }
            p80(&keep[0]);
            printf(" %08x %04x %08x\n", fbits(f32), s[3], (u32)i32);
            (void)r[3]; (void)keep[1];
        }
    asm volatile ("fninit");
}

/* The memory-operand forms: m32/m64 reals and m16/m32 integers as second operand. */
#define MEMOP(insn, m) do {                                                          \
        asm volatile ("fninit; fldt %2; " insn " %3; fstpt %0; fnstsw %1"             \
                      : "=m" (r), "=m" (sw) : "m" (X[i]), "m" (m));                   \
        p80(&r); printf(" %04x", sw);                                                  \
    } while (0)

static void memforms(void)
{
    static const int IV[] = { 0, 1, -1, 3, 0x7fffffff, (int)0x80000000, 12345, -32768, 32767, 1000000007 };
    for (unsigned i = 0; i < NX; i++)
        for (unsigned j = 0; j < fp_ndv; j += 2) {
            double d = bitsd(fp_dv[j]);
            float f = (float)d;
            int n = IV[j % 10];
            short h = (short)n;
            x80 r;
            unsigned short sw;
            printf("x87 m %02u %02u", i, j);
            MEMOP("fadds", f); MEMOP("fmuls", f); MEMOP("fsubs", f); MEMOP("fsubrs", f); MEMOP("fdivs", f); MEMOP("fdivrs", f);
            MEMOP("faddl", d); MEMOP("fmull", d); MEMOP("fsubl", d); MEMOP("fsubrl", d); MEMOP("fdivl", d); MEMOP("fdivrl", d);
            MEMOP("fiaddl", n); MEMOP("fimull", n); MEMOP("fisubrl", n); MEMOP("fidivl", n);
            MEMOP("fiadds", h); MEMOP("fisubs", h); MEMOP("fidivrs", h);
            unsigned short c[6];
            asm volatile ("fninit; fldt %6; fcoms %7; fnstsw %0; fcoml %8; fnstsw %1; ficoml %9; fnstsw %2;"
                          "ficoms %10; fnstsw %3; fcomps %7; fnstsw %4; fldt %6; fcompl %8; fnstsw %5; fninit"
                          : "=m" (c[0]), "=m" (c[1]), "=m" (c[2]), "=m" (c[3]), "=m" (c[4]), "=m" (c[5])
                          : "m" (X[i]), "m" (f), "m" (d), "m" (n), "m" (h));
            for (int k = 0; k < 6; k++) printf(" %04x", c[k]);
            long long q;
            short w;
            asm volatile ("fninit; fildl %2; fildll %3; fmulp; fistpll %0; fnstsw %1; fnclex" : "=m" (q), "=m" (sw) : "m" (n), "m" (fp_dv[j]));
            printf(" %016llx %04x", (u64)q, sw);
            asm volatile ("fninit; filds %2; fldt %3; fmulp; fistps %0; fnstsw %1; fnclex" : "=m" (w), "=m" (sw) : "m" (h), "m" (X[i]));
            printf(" %04x %04x\n", (unsigned short)w, sw);
        }
    /* Stack faults with masked responses, fxam of an empty register, BCD with bad digits. */
    unsigned short sws[5], xa;
    x80 r[3];
    static const unsigned char badbcd[10] = { 0xab, 0xcd, 0xef, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0x80 };
    asm volatile ("fninit; fadd %%st(1), %%st; fnstsw %0; fnclex; fstpt %5; fxch %%st(3); fnstsw %1; fnclex;"
                  "fstpt %6; ffree %%st(0); fxam; fnstsw %2; fcom %%st(2); fnstsw %3; fnclex; fbld %8; fstpt %7; fnstsw %4; fninit"
                  : "=m" (sws[0]), "=m" (sws[1]), "=m" (xa), "=m" (sws[2]), "=m" (sws[3]), "=m" (r[0]), "=m" (r[1]), "=m" (r[2])
                  : "m" (badbcd));
    printf("x87 faults %04x %04x %04x %04x %04x", sws[0], sws[1], xa, sws[2], sws[3]);
    p80(&r[0]); p80(&r[1]); p80(&r[2]); printf("\n");
    asm volatile ("fninit");
}

void fpmath_x87(void)
{
    memforms();
    unmasked();
    binary();
    unary();
    constants();
    stack();
    asm volatile ("fninit");
}
#endif
