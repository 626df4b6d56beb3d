/*
 * pagefault.c — a #PF from ring 1 reaches our own handler with Xen's bounce frame
 * and CR2 in vcpu_info, and HYPERVISOR_iret resumes the interrupted code with a
 * handler-chosen EIP and EAX (docs/xen-abi-x86_32.md §5.7–5.9).
 */
#include <console.h>
#include <shared-info.h>
#include <test.h>
#include <traps.h>
#include "selftest.h"

/* Below VIRT_BASE, not mapped by the builder for this image. */
#define FAULT_VA    0x00400000UL
#define PF_MARKER   0xFA17ED00UL

uint32_t probe_read(const uint32_t *addr, uint32_t *damaged);
extern const char probe_read_insn[], probe_read_resume[];

/* What the handler saw, for checking after the return. */
static volatile struct {
    unsigned int count;
    uint32_t error_code, cr2, eip, cs, saved_mask, eflags;
} pf;

static void pf_handler(struct trap_frame *f)
{
    if (f->eip != (uint32_t)probe_read_insn)
        unhandled_trap(f);          /* not ours: a real bug, report it */
    pf.count++;
    pf.error_code = f->error_code;
    pf.cr2 = READ_ONCE(vcpu_info0->arch.cr2);
    pf.eip = f->eip;
    pf.cs = f->cs;
    pf.saved_mask = f->saved_upcall_mask;
    pf.eflags = f->eflags;
    /* Skip the faulting load and tell the probe we were here. */
    f->eip = (uint32_t)probe_read_resume;
    f->eax = PF_MARKER + pf.count;
}

void check_page_fault(void)
{
    long rc;

    rc = map_shared_info();
    if (rc)
        test_error("map_shared_info failed: %ld", rc);
    rc = traps_init();
    if (rc)
        test_error("set_trap_table failed: %ld", rc);
    set_trap_handler(X86_EXC_PF, pf_handler);

    /* Twice: the second run shows the first return left a sane stack. */
    for (unsigned int i = 1; i <= 2; i++) {
        uint32_t damaged = 0;
        uint32_t v = probe_read((const uint32_t *)FAULT_VA, &damaged);

        check(pf.count == i && v == PF_MARKER + i,
              "#PF %u: handler ran and iret resumed at the fixup (EAX 0x%08x)", i, v);
        check(pf.eip == (uint32_t)probe_read_insn,
              "#PF %u: frame EIP 0x%08x is the faulting load", i, pf.eip);
        check(pf.error_code == 0,
              "#PF %u: error code 0x%x (read, not present, supervisor)", i, pf.error_code);
        check(pf.cr2 == FAULT_VA, "#PF %u: vcpu_info.arch.cr2 = 0x%08x", i, pf.cr2);
        check(pf.cs == FLAT_RING1_CS && pf.saved_mask == 1 && !(pf.eflags & 0x200),
              "#PF %u: frame CS 0x%04x, saved mask %u, EFLAGS 0x%08x (IF = !mask)",
              i, pf.cs, pf.saved_mask, pf.eflags);
        check(damaged == 0, "#PF %u: registers preserved across delivery and iret"
              " (damage mask 0x%x)", i, damaged);
    }
    check(vcpu_info0->evtchn_upcall_mask == 1,
          "events still masked after HYPERVISOR_iret (mask %u)",
          vcpu_info0->evtchn_upcall_mask);
    set_trap_handler(X86_EXC_PF, NULL);
}
