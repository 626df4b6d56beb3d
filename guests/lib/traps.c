/*
 * traps.c — the virtual IDT for vectors 0..19 and the C side of exception entry
 * (entry.S builds the frame, do_trap() dispatches it).
 */
#include <traps.h>
#include <console.h>
#include <hypercall.h>
#include <kernel.h>
#include <shared-info.h>

extern const uint32_t trap_stubs[NR_TRAP_VECTORS];   /* entry.S */

static trap_handler_t handlers[NR_TRAP_VECTORS];

static const char *const names[NR_TRAP_VECTORS] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#CSO",
    "#TS", "#NP", "#SS", "#GP", "#PF", "#SPV", "#MF", "#AC", "#MC", "#XM",
};

const char *trap_name(unsigned int vector)
{
    return vector < NR_TRAP_VECTORS ? names[vector] : "#??";
}

long traps_init(void)
{
    /* One entry per vector plus the terminating zero entry. */
    static trap_info_t table[NR_TRAP_VECTORS + 1];

    for (unsigned int v = 0; v < NR_TRAP_VECTORS; v++) {
        trap_info_t *ti = &table[v];

        ti->vector = v;
        ti->cs = FLAT_RING1_CS;
        ti->address = trap_stubs[v];
        /* INT3/INTO from the kernel are allowed; other vectors are reachable only
         * as exceptions. Mask events on entry so an upcall cannot overwrite
         * vcpu_info.arch.cr2 before a #PF handler has read it. */
        TI_SET_DPL(ti, (v == X86_EXC_BP || v == X86_EXC_OF) ? 3 : 0);
        TI_SET_IF(ti, 1);
    }
    return HYPERVISOR_set_trap_table(table);
}

void set_trap_handler(unsigned int vector, trap_handler_t handler)
{
    if (vector < NR_TRAP_VECTORS)
        handlers[vector] = handler;
}

void unhandled_trap(const struct trap_frame *f)
{
    printk("Unhandled exception: vector %u (%s), error code 0x%04x, EIP %04x:%08x,"
           " EFLAGS 0x%08x\n", f->vector, trap_name(f->vector), f->error_code,
           f->cs, f->eip, f->eflags);
    if (f->vector == X86_EXC_PF) {
        if (vcpu_info0)
            printk("CR2 0x%08lx\n", READ_ONCE(vcpu_info0->arch.cr2));
        else
            printk("CR2 unknown (shared_info not mapped)\n");
    }
    printk("EAX %08x EBX %08x ECX %08x EDX %08x\n", f->eax, f->ebx, f->ecx, f->edx);
    printk("ESI %08x EDI %08x EBP %08x\n", f->esi, f->edi, f->ebp);
    crash();
}

/* Called from entry.S with the saved frame; returning resumes the frame. */
void do_trap(struct trap_frame *f);
void do_trap(struct trap_frame *f)
{
    trap_handler_t h = f->vector < NR_TRAP_VECTORS ? handlers[f->vector] : NULL;

    if (!h)
        unhandled_trap(f);
    h(f);
}
