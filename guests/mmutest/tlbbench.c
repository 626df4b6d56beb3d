/*
 * tlbbench.c — the TLB-miss-heavy workload of `npm run bench` (mmutest
 * tlbbench=N flush=0|1): N rounds of reading one word from each of the 1024 pages
 * of the boot mapping; with flush=1 each round starts with MMUEXT_TLB_FLUSH_LOCAL, so
 * every read misses the TLB and walks the page tables; flush=0 is the reference
 * (the same reads, hitting).
 */
#include <console.h>
#include <hypercall.h>
#include <kernel.h>
#include <plat.h>
#include "mmutest.h"

void tlb_bench(unsigned long rounds, bool flush)
{
    const volatile uint32_t *base = (const volatile uint32_t *)0xC0000000UL;
    uint32_t sum = 0;
    mmuext_op_t op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

    for (unsigned long r = 0; r < rounds; r++) {
        if (flush)
            HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
        else
            HYPERVISOR_mmuext_op(&op, 0, NULL, DOMID_SELF);
        for (unsigned long p = 0; p < 1024; p++)
            sum += base[p * 1024];
    }
    printk("tlbbench: done (%x)\n", sum);
}
