/*
 * kernel.c — start-of-day state and shutting the domain down.
 */
#include <kernel.h>
#include <hypercall.h>

/* Set by head.S (after it cleared .bss) before kmain() runs. */
start_info_t *xen_start_info;

void shutdown(unsigned int reason)
{
    struct sched_shutdown arg = { .reason = reason };

    HYPERVISOR_sched_op(SCHEDOP_shutdown, &arg);
    /* Not reached on a working hypervisor. Try the pre-3.0.2 interface, then
     * stay out of the way: there is nothing else a PV kernel can do. */
    HYPERVISOR_sched_op_compat(SCHEDOP_shutdown, reason);
    for (;;)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

void poweroff(void)
{
    shutdown(SHUTDOWN_poweroff);
}

void crash(void)
{
    shutdown(SHUTDOWN_crash);
}
