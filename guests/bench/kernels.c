/*
 * kernels.c — the kernel table main.c calls through.
 */
#include "bench.h"

const struct bench_kernel bench_kernels[] = {
    { "hash",    bench_hash },
    { "list",    bench_list },
    { "sort",    bench_sort },
    { "matrix",  bench_matrix },
    { "strings", bench_strings },
    { "div64",   bench_div64 },
    { "state",   bench_state },
};

const unsigned int bench_nr_kernels = sizeof(bench_kernels) / sizeof(bench_kernels[0]);
