/*
 * bench — run every kernel per iteration and fold the results into one CRC.
 *
 * Usage (guest command line or native argv): iterations=N (decimal or 0x hex).
 * One iteration is about 166,000 instructions (valgrind --tool=lackey); the
 * default, ~0.66 G instructions, takes about 0.2 s natively on this machine.
 * Under an emulator pass a smaller N.
 */
#include "bench.h"

#define DEFAULT_ITERATIONS 4000

int plat_main(void)
{
    unsigned long n = cmdline_ulong(plat_cmdline(), "iterations", DEFAULT_ITERATIONS);
    uint32_t seed = 0x2545F491u, sum = 0;

    printf("bench: CoreMark-like workload, %lu iterations of %u kernels\n",
           n, bench_nr_kernels);
    for (unsigned long i = 0; i < n; i++) {
        for (unsigned int k = 0; k < bench_nr_kernels; k++) {
            uint32_t r = bench_kernels[k].run(seed);   /* through a function pointer */

            sum = crc32_update(sum, &r, sizeof(r));
            seed = (seed ^ r) * 0x9E3779B1u + k + 1;
        }
    }
    printf("bench: iterations=%lu checksum=0x%08x\n", n, sum);
    return 0;
}
