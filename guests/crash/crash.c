/*
 * crash — divide by zero with no trap table at all.
 *
 * Xen finds no handler for #DE (a null selector in trap_ctxt[0]) and crashes the
 * domain, which the toolstack then reports with reason crash. Nothing here calls
 * traps_init().
 */
#include <console.h>
#include <kernel.h>

void kmain(void)
{
    /* volatile so gcc must load it and cannot prove the division faults. */
    volatile uint32_t divisor = 0;
    uint32_t quotient, remainder;

    printk("crash: dividing by zero without a #DE handler\n");
    /* An explicit divl: the C expression 1 / 0 is undefined behaviour that gcc
     * may fold or drop. */
    asm volatile ("divl %[d]"
                  : "=a" (quotient), "=d" (remainder)
                  : "a" (1), "d" (0), [d] "rm" (divisor));

    /* Only if the hypervisor resumed us. Power off rather than crash, so a test
     * can tell "crashed by the hypervisor" from "survived". */
    printk("crash: ERROR: survived a division by zero (quotient %u, remainder %u)\n",
           quotient, remainder);
    poweroff();
}
