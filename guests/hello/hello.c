/*
 * hello — the smallest useful guest: greet, show what the domain builder passed
 * in start_info, power off.
 */
#include <console.h>
#include <kernel.h>

void kmain(void)
{
    printk("Hello from a Xen PV guest on pvwasm!\n");
    printk("start_info.magic: %.32s\n", xen_start_info->magic);
    printk("nr_pages: %lu\n", xen_start_info->nr_pages);
    printk("cmdline: %.1024s\n", xen_start_info->cmd_line);
    poweroff();
}
