/*
 * hcbench — the null hypercall, timed by the host: `n` calls of xen_version(0)
 * (mode=1), or the same loop without the call (mode=0) as the reference.
 */
#include <hypercall.h>
#include <kernel.h>
#include <plat.h>

volatile unsigned long sink;

void kmain(void)
{
    const char *cmd = plat_cmdline();
    unsigned long n = cmdline_ulong(cmd, "n", 100000);
    bool call = cmdline_ulong(cmd, "mode", 1) != 0;

    if (call) {
        for (unsigned long i = 0; i < n; i++)
            sink += HYPERVISOR_xen_version(0, NULL);
    } else {
        for (unsigned long i = 0; i < n; i++)
            sink += i;
    }
    poweroff();
}
