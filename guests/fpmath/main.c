/*
 * fpmath — compiler-generated floating point over a fixed set of awkward operands
 * (zeros, denormals, extremes, NaNs, infinities), in every rounding mode, with the
 * exception flags after each group. Output is hex bits only.
 */
#include "fpmath.h"

const u64 fp_dv[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x3fb999999999999aull, 0x3fd5555555555555ull, 0x4008000000000000ull, 0x7fe8000000000000ull,
    0xffe1ccf385ebc8a0ull, 0x0010000000000000ull, 0x000fffffffffffffull, 0x0000000000000001ull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000001ull, 0x7ff0000000000002ull,
    0xfff8000000000000ull, 0x4340000000000001ull, 0x400921fb54442d18ull, 0x0000b8157268fdafull,
    0xc1e0000000000000ull, 0x41dfffffffc00000ull, 0x3ff0000000000001ull, 0x4330000000000000ull,
};
#define DV fp_dv
#define NV (sizeof(fp_dv) / sizeof(fp_dv[0]))
const unsigned fp_ndv = NV;

static volatile double vd[NV];
static volatile float vf[NV];

static void doubles(const char *tag)
{
    for (unsigned i = 0; i < NV; i++) {
        for (unsigned j = 0; j < NV; j++) {
            double a = vd[i], b = vd[j];
            volatile double s = a + b, d = a - b, m = a * b, q = a / b;
            printf("%s d %02u %02u %016llx %016llx %016llx %016llx\n", tag, i, j,
                   dbits(s), dbits(d), dbits(m), dbits(q));
        }
        printf("%s flags %02u %04x\n", tag, i, fp_flags());
    }
}

static void floats(const char *tag)
{
    for (unsigned i = 0; i < NV; i++) {
        for (unsigned j = 0; j < NV; j += 2) {
            float a = vf[i], b = vf[j];
            volatile float s = a + b, d = a - b, m = a * b, q = a / b;
            printf("%s f %02u %02u %08x %08x %08x %08x\n", tag, i, j,
                   fbits(s), fbits(d), fbits(m), fbits(q));
        }
        printf("%s flags %02u %04x\n", tag, i, fp_flags());
    }
}

static void unary(const char *tag)
{
    for (unsigned i = 0; i < NV; i++) {
        double a = vd[i];
        volatile double r = __builtin_sqrt(a);
        volatile float rf = __builtin_sqrtf(vf[i]);
        volatile float nf = (float)a;
        volatile double wd = (double)vf[i];
        volatile int ti = (int)a;
        volatile int tf = (int)vf[i];
        volatile double back = (double)ti;
        volatile float backf = (float)(ti * 3 + 1);
        volatile unsigned tu = (unsigned)a;
        volatile double du = (double)(tu | 0x80000000u);
        printf("%s u %02u %016llx %08x %08x %016llx %08x %08x %016llx %08x %08x %016llx %04x\n", tag, i,
               dbits(r), fbits(rf), fbits(nf), dbits(wd), (u32)ti, (u32)tf, dbits(back), fbits(backf),
               tu, dbits(du), fp_flags());
    }
}

static void compares(const char *tag)
{
    for (unsigned i = 0; i < NV; i++) {
        u32 bits = 0;
        for (unsigned j = 0; j < NV; j++) {
            double a = vd[i], b = vd[j];
            bits = bits * 31 + ((a < b) | (a <= b) << 1 | (a == b) << 2 | (a != b) << 3 |
                                (a > b) << 4 | (a >= b) << 5 | __builtin_isunordered(a, b) << 6 |
                                (vf[i] < vf[j]) << 7 | (vf[i] == vf[j]) << 8);
        }
        printf("%s c %02u %08x %04x\n", tag, i, bits, fp_flags());
    }
}

/* A few loops that accumulate rounding: series, Newton's method, a small n-body step. */
static void loops(const char *tag)
{
    double e = 1, t = 1;
    for (int k = 1; k < 30; k++) { t /= k; e += t; }
    double x = 2, r = 1;
    for (int k = 0; k < 8; k++) r = 0.5 * (r + x / r);
    float h = 0;
    for (int k = 1; k < 2000; k++) h += 1.0f / (float)k;
    double px[3] = { 0, 1, 0.5 }, py[3] = { 0, 0, 0.8 }, vx[3] = { 0 }, vy[3] = { 0 };
    for (int s = 0; s < 50; s++) {
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++) {
                if (a == b) continue;
                double dx = px[b] - px[a], dy = py[b] - py[a];
                double d2 = dx * dx + dy * dy + 0.01;
                double inv = 1 / (d2 * __builtin_sqrt(d2));
                vx[a] += dx * inv * 0.001; vy[a] += dy * inv * 0.001;
            }
        for (int a = 0; a < 3; a++) { px[a] += vx[a]; py[a] += vy[a]; }
    }
    volatile double ve = e, vr = r, vpx = px[2], vpy = py[1];
    volatile float vh = h;
    printf("%s loops %016llx %016llx %08x %016llx %016llx %04x\n", tag, dbits(ve), dbits(vr), fbits(vh),
           dbits(vpx), dbits(vpy), fp_flags());
}

int plat_main(void)
{
    for (unsigned i = 0; i < NV; i++) { vd[i] = bitsd(DV[i]); vf[i] = (float)bitsd(DV[i]); }
    fp_flags();
    static const char *const TAGS[] = { "rn", "rd", "ru", "rz" };
    for (int rc = 0; rc < 4; rc++) {
        fp_mode(rc, 3, 0);
        doubles(TAGS[rc]);
        floats(TAGS[rc]);
        unary(TAGS[rc]);
        compares(TAGS[rc]);
        loops(TAGS[rc]);
    }
#ifdef __SSE2_MATH__
    fp_mode(0, 3, 1);
    doubles("ftz");
    floats("ftz");
    fp_mode(0, 3, 0);
    fpmath_sse();
#else
    fp_mode(0, 0, 0);
    doubles("pc24");
    loops("pc24");
    fp_mode(0, 2, 0);
    doubles("pc53");
    loops("pc53");
    fp_mode(0, 3, 0);
    fpmath_x87();
#endif
    printf("fpmath: done\n");
    return 0;
}
