/*
 * fpbench — a floating-point workload: a double-precision matrix multiply, an
 * n-body step with square roots and a single-precision filter, folded into one
 * checksum of result bits. Usage: iterations=N. Built for the x87 and for SSE2
 * (build.flags), as a Xen PV guest and natively, like guests/bench.
 */
#include <plat.h>

#define N 24
#define BODIES 16

static double ma[N][N], mb[N][N], mc[N][N];
static double px[BODIES], py[BODIES], pz[BODIES], vx[BODIES], vy[BODIES], vz[BODIES], mass[BODIES];
static float sig[256], out[256];

static void setup(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            ma[i][j] = (double)((i * 7 + j * 3) % 17) / 8.0 - 1.0;
            mb[i][j] = (double)((i * 5 + j * 11) % 13) / 4.0 + 0.125;
        }
    for (int b = 0; b < BODIES; b++) {
        px[b] = b * 0.7; py[b] = (b % 4) * 1.3; pz[b] = (b % 3) * 0.9;
        vx[b] = vy[b] = vz[b] = 0; mass[b] = 1.0 + b * 0.01;
    }
    for (int i = 0; i < 256; i++) sig[i] = (float)((i * 37) % 101) / 50.0f - 1.0f;
}

static void matmul(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++) s += ma[i][k] * mb[k][j];
            mc[i][j] = s;
        }
    /* Feed back, scaled, so every iteration computes something new. */
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) ma[i][j] = mc[i][j] / (1.0 + (double)N * 8.0);
}

static void nbody(void)
{
    const double dt = 0.001;
    for (int a = 0; a < BODIES; a++)
        for (int b = a + 1; b < BODIES; b++) {
            double dx = px[b] - px[a], dy = py[b] - py[a], dz = pz[b] - pz[a];
            double d2 = dx * dx + dy * dy + dz * dz + 0.01;
            double mag = dt / (d2 * __builtin_sqrt(d2));
            vx[a] += dx * mass[b] * mag; vy[a] += dy * mass[b] * mag; vz[a] += dz * mass[b] * mag;
            vx[b] -= dx * mass[a] * mag; vy[b] -= dy * mass[a] * mag; vz[b] -= dz * mass[a] * mag;
        }
    for (int b = 0; b < BODIES; b++) { px[b] += dt * vx[b]; py[b] += dt * vy[b]; pz[b] += dt * vz[b]; }
}

static void filter(void)
{
    static const float taps[5] = { 0.1f, 0.2f, 0.4f, 0.2f, 0.1f };
    for (int i = 2; i < 254; i++) {
        float s = 0;
        for (int t = 0; t < 5; t++) s += taps[t] * sig[i + t - 2];
        out[i] = s;
    }
    for (int i = 2; i < 254; i++) sig[i] = out[i] * 1.01f - 0.001f * (float)i;
}

static uint32_t fold(uint32_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 16777619u;
    return h;
}

int plat_main(void)
{
    unsigned long n = cmdline_ulong(plat_cmdline(), "iterations", 2000);
    setup();
    for (unsigned long i = 0; i < n; i++) {
        matmul();
        nbody();
        filter();
    }
    uint32_t h = 2166136261u;
    h = fold(h, mc, sizeof(mc));
    h = fold(h, px, sizeof(px));
    h = fold(h, vz, sizeof(vz));
    h = fold(h, sig, sizeof(sig));
    printf("fpbench: iterations=%lu checksum=0x%08x\n", n, h);
    return 0;
}
