/*
 * spin — a CPU-bound domain that never blocks: for the scheduler's fairness tests.
 * It counts loop iterations forever; the host stops it.
 */
#include <console.h>
#include <compiler.h>

volatile unsigned long spins;

void kmain(void)
{
    printk("spin: running\n");
    for (;;)
        spins++;
}
