/*
 * mmutest — the validated MMU seen from ring 1 (docs/xen-abi-x86_32.md §4, §5.1,
 * §8.3): builds a second address space, pins it, switches to it and back, unpins
 * it; tries a writable mapping of a pinned table and mappings of frames that are
 * not the domain's; balloons frames out and in; writes an L1 entry directly with
 * the writable-pagetables assist; uses an LDT and a GDT of its own. Prints one
 * PASS/FAIL line per check and ends with "Test result: …".
 */
#include <console.h>
#include <hypercall.h>
#include <kernel.h>
#include <shared-info.h>
#include <string.h>
#include <test.h>
#include <traps.h>
#include <xen/memory.h>
#include <plat.h>
#include "mmutest.h"

#define VIRT_BASE   0xC0000000UL
#define PAGE        4096UL
#define M2P         ((const volatile uint32_t *)0xF5800000UL)
#define P_P 0x1ULL
#define P_RW 0x2ULL
#define P_AD 0x60ULL
#define EBUSY 16
#define EINVAL 22

/* The P2M the builder gave us: pfn -> mfn. */
static uint32_t *p2m;
/* Spare mapped VAs (512 KiB after the boot stack) and spare unmapped frames. */
static unsigned long spare_va0;
static unsigned long nr_pages;

static unsigned long spare_va(unsigned k) { return spare_va0 + k * PAGE; }
static unsigned long spare_pfn(unsigned k) { return nr_pages - 1 - k; }
static unsigned long va_of_mfn(uint32_t mfn) { return VIRT_BASE + M2P[mfn] * PAGE; }

/* Machine address of the L1 entry mapping va in the current tables. */
static uint64_t l1e_maddr(unsigned long va)
{
    const uint64_t *l3 = (const uint64_t *)xen_start_info->pt_base;
    const uint64_t *l2 = (const uint64_t *)va_of_mfn((uint32_t)(l3[va >> 30] >> 12));
    uint32_t l1 = (uint32_t)(l2[(va >> 21) & 511] >> 12);
    return ((uint64_t)l1 << 12) | (((va >> 12) & 511) * 8);
}

static long map(unsigned long va, uint32_t mfn, uint64_t flags)
{
    return HYPERVISOR_update_va_mapping(va, ((uint64_t)mfn << 12) | flags, UVMF_INVLPG);
}

static long mmuext1(unsigned int cmd, unsigned long arg1, unsigned long arg2)
{
    mmuext_op_t op = { .cmd = cmd };
    op.arg1.mfn = arg1;
    op.arg2.nr_ents = arg2;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void test_address_space(void)
{
    uint32_t l3 = p2m[spare_pfn(0)], l2 = p2m[spare_pfn(1)], l1 = p2m[spare_pfn(2)], data = p2m[spare_pfn(3)];
    const uint64_t *kl2 = (const uint64_t *)va_of_mfn((uint32_t)(((const uint64_t *)xen_start_info->pt_base)[3] >> 12));
    uint64_t *w;
    long rc;

    /* Fill the new tables through writable scratch mappings. */
    check(map(spare_va(0), l2, P_P | P_RW | P_AD) == 0, "map the new L2 writable to fill it");
    w = (uint64_t *)spare_va(0);
    for (unsigned i = 0; i < 428; i++)
        w[i] = kl2[i];
    w[400] = ((uint64_t)l1 << 12) | P_P | P_RW;          /* VA 0xF2000000 */
    check(map(spare_va(1), l1, P_P | P_RW | P_AD) == 0, "map the new L1 writable to fill it");
    w = (uint64_t *)spare_va(1);
    w[0] = ((uint64_t)data << 12) | P_P | P_RW | P_AD;
    check(map(spare_va(2), l3, P_P | P_RW | P_AD) == 0, "map the new L3 writable to fill it");
    w = (uint64_t *)spare_va(2);
    w[3] = ((uint64_t)l2 << 12) | P_P;
    check(map(spare_va(3), data, P_P | P_RW | P_AD) == 0, "map the data frame");
    *(volatile uint32_t *)spare_va(3) = 0x600dcafe;
    /* Tables must not be mapped writable when they are validated. */
    for (unsigned k = 0; k < 3; k++)
        map(spare_va(k), p2m[spare_pfn(k)], P_P | P_AD);

    rc = mmuext1(MMUEXT_PIN_L3_TABLE, l3, 0);
    check(rc == 0, "pin the new L3 (validates L3, L2 and L1): %ld", rc);
    rc = map(spare_va(4), l1, P_P | P_RW | P_AD);
    check(rc == -EBUSY, "a writable mapping of the pinned tree's L1 is refused: %ld", rc);
    rc = map(spare_va(4), l2, P_P | P_RW | P_AD);
    check(rc == -EBUSY, "a writable mapping of its L2 is refused: %ld", rc);

    uint32_t boot = p2m[(xen_start_info->pt_base - VIRT_BASE) / PAGE];
    rc = mmuext1(MMUEXT_NEW_BASEPTR, l3, 0);
    check(rc == 0, "switch to the new address space: %ld", rc);
    check(rc == 0 && *(volatile uint32_t *)0xF2000000UL == 0x600dcafe,
          "the new space maps the data frame at 0xF2000000");
    rc = mmuext1(MMUEXT_NEW_BASEPTR, boot, 0);
    check(rc == 0, "switch back to the boot address space: %ld", rc);
    rc = mmuext1(MMUEXT_UNPIN_TABLE, l3, 0);
    check(rc == 0, "unpin the new L3: %ld", rc);
    rc = map(spare_va(4), l1, P_P | P_RW | P_AD);
    check(rc == 0, "after the unpin the old L1 is plain memory again: %ld", rc);
    map(spare_va(4), 0, 0);
    rc = mmuext1(MMUEXT_UNPIN_TABLE, l3, 0);
    check(rc == -EINVAL, "unpinning twice is refused: %ld", rc);
}

static void test_foreign_frames(void)
{
    long rc = map(spare_va(5), 0, P_P);
    check(rc == -EBUSY, "mapping a frame owned by Xen is refused: %ld", rc);
    unsigned long top = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    rc = map(spare_va(5), (uint32_t)top - 1, P_P);
    check(rc == -EBUSY, "mapping a frame owned by nobody is refused: %ld", rc);
    rc = map(spare_va(5), 0xfff00, P_P);
    check(rc == -1, "mapping a frame beyond RAM needs I/O rights (-EPERM): %ld", rc);
    map(spare_va(5), p2m[(spare_va(5) - VIRT_BASE) / PAGE], P_P | P_RW | P_AD);
}

static void test_balloon(void)
{
    domid_t self = DOMID_SELF;
    long before = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    xen_pfn_t frames[2] = { p2m[spare_pfn(10)], p2m[spare_pfn(11)] };
    struct xen_memory_reservation r = { .nr_extents = 2, .extent_order = 0, .domid = DOMID_SELF };
    long rc;

    r.extent_start = frames;
    rc = HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
    check(rc == 2, "balloon out two frames: %ld", rc);
    check(HYPERVISOR_memory_op(XENMEM_current_reservation, &self) == before - 2,
          "current_reservation dropped by two");
    rc = map(spare_va(6), frames[0], P_P);
    check(rc == -EBUSY, "a ballooned-out frame can no longer be mapped: %ld", rc);

    frames[0] = 0; frames[1] = 0;
    r.nr_extents = 1;
    rc = HYPERVISOR_memory_op(XENMEM_increase_reservation, &r);
    check(rc == 1, "balloon one frame back in: %ld (mfn 0x%lx)", rc, frames[0]);
    mmu_update_t u = { .ptr = ((uint64_t)frames[0] << 12) | MMU_MACHPHYS_UPDATE, .val = spare_pfn(10) };
    rc = HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
    check(rc == 0 && M2P[frames[0]] == spare_pfn(10), "MMU_MACHPHYS_UPDATE sets its M2P entry: %ld", rc);
    p2m[spare_pfn(10)] = frames[0];

    frames[0] = spare_pfn(11);
    rc = HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
    check(rc == 1 && M2P[frames[0]] == spare_pfn(11), "populate_physmap returns a frame with its M2P set: %ld", rc);
    p2m[spare_pfn(11)] = frames[0];
    check(HYPERVISOR_memory_op(XENMEM_current_reservation, &self) == before, "back to the original reservation");
    rc = map(spare_va(6), frames[0], P_P | P_RW | P_AD);
    check(rc == 0, "and the new frame maps writable: %ld", rc);
    map(spare_va(6), p2m[(spare_va(6) - VIRT_BASE) / PAGE], P_P | P_RW | P_AD);
}

/* Writable page tables: plain stores to our own (read-only mapped) L1. */
extern const char ptwr_bad_insn[], ptwr_bad_resume[];
static volatile unsigned ptwr_faults;
static void ptwr_pf(struct trap_frame *f)
{
    if (f->eip != (uint32_t)ptwr_bad_insn)
        unhandled_trap(f);
    ptwr_faults++;
    f->eip = (uint32_t)ptwr_bad_resume;
}

static void test_ptwr(void)
{
    uint64_t ma = l1e_maddr(spare_va(7));
    uint32_t l1mfn = (uint32_t)(ma >> 12);
    volatile uint64_t *l1 = (volatile uint64_t *)va_of_mfn(l1mfn);
    volatile uint32_t *pte = (volatile uint32_t *)&l1[(ma & 0xfff) / 8];
    uint32_t data = p2m[spare_pfn(12)];
    uint64_t saved = l1[(ma & 0xfff) / 8];

    check(HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables) == 0,
          "enable the writable-pagetables assist");
    pte[1] = 0;
    pte[0] = (data << 12) | 0x63;
    mmuext1(MMUEXT_INVLPG_LOCAL, spare_va(7), 0);
    *(volatile uint32_t *)spare_va(7) = 0xfeedf00d;
    check(l1[(ma & 0xfff) / 8] == (((uint64_t)data << 12) | 0x63), "a store to our L1 entry was validated and applied");
    map(spare_va(8), data, P_P | P_AD);
    check(*(volatile uint32_t *)spare_va(8) == 0xfeedf00d, "the new mapping reaches the frame we named");

    set_trap_handler(X86_EXC_PF, ptwr_pf);
    asm volatile("ptwr_bad_insn: movl %[v], (%[p])\n\t.globl ptwr_bad_insn\n"
                 "ptwr_bad_resume:\n\t.globl ptwr_bad_resume"
                 :: [v] "r" ((uint32_t)(0x00000063)), [p] "r" (pte) : "memory");
    set_trap_handler(X86_EXC_PF, NULL);
    check(ptwr_faults == 1, "a store mapping a Xen frame is refused with #PF (%u)", ptwr_faults);
    check((l1[(ma & 0xfff) / 8] >> 12) == data, "and the entry is unchanged");

    /* CMPXCHG8B, as PAE kernels update entries atomically. */
    uint64_t old = l1[(ma & 0xfff) / 8], nv = ((uint64_t)data << 12) | 0x61;
    uint32_t lo = (uint32_t)old, hi = (uint32_t)(old >> 32);
    asm volatile("lock cmpxchg8b %0" : "+m" (l1[(ma & 0xfff) / 8]), "+a" (lo), "+d" (hi)
                 : "b" ((uint32_t)nv), "c" ((uint32_t)(nv >> 32)) : "memory", "cc");
    check(l1[(ma & 0xfff) / 8] == nv, "cmpxchg8b on our L1 entry is emulated (RW dropped)");
    /* Upper half first with an address no frame has: accepted with P cleared. */
    pte[1] = 0x10;
    check((pte[0] & 1) == 0 && pte[1] == 0x10, "an upper-half store making a bad entry clears P (0x%08x%08x)", pte[1], pte[0]);
    pte[1] = 0;
    pte[0] = (data << 12) | 0x61;
    check(l1[(ma & 0xfff) / 8] == nv, "the lower half completes a valid entry");
    l1[(ma & 0xfff) / 8] = saved;
    mmuext1(MMUEXT_INVLPG_LOCAL, spare_va(7), 0);
    HYPERVISOR_vm_assist(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables);
}

extern const char ldt_bad_insn[], ldt_bad_resume[];
static volatile unsigned ldt_faults;
static volatile uint32_t ldt_cr2;
static void ldt_pf(struct trap_frame *f)
{
    if (f->eip != (uint32_t)ldt_bad_insn)
        unhandled_trap(f);
    ldt_faults++;
    ldt_cr2 = vcpu_info0->arch.cr2;
    f->eip = (uint32_t)ldt_bad_resume;
}

static void test_descriptor_tables(void)
{
    uint32_t ldt = p2m[spare_pfn(13)], gdt = p2m[spare_pfn(14)];
    uint64_t *w;
    unsigned sel;
    long rc;

    /* A flat ring-1 data segment at LDT entry 1 and GDT entry 1. */
    map(spare_va(9), ldt, P_P | P_RW | P_AD);
    w = (uint64_t *)spare_va(9);
    w[1] = 0x00cfb2000000ffffULL;
    map(spare_va(9), ldt, P_P | P_AD);
    rc = mmuext1(MMUEXT_SET_LDT, spare_va(9), 2);
    check(rc == 0, "SET_LDT: %ld", rc);
    sel = 0x0d;
    asm volatile("mov %0, %%fs" :: "r" (sel));
    uint32_t probe = 0x5a5a1234, got;
    asm volatile("movl %%fs:(%1), %0" : "=r" (got) : "r" (&probe));
    check(got == probe, "a segment loaded from the lazily mapped LDT works");
    rc = map(spare_va(10), ldt, P_P | P_RW | P_AD);
    check(rc == -EBUSY, "the LDT page in use cannot be mapped writable: %ld", rc);
    sel = FLAT_RING1_DS;
    asm volatile("mov %0, %%fs" :: "r" (sel));
    /* An LDT page that is not mapped: #PF at ldt_base + offset. */
    rc = mmuext1(MMUEXT_SET_LDT, 0x00400000UL, 600);
    check(rc == 0, "SET_LDT at an unmapped address: %ld", rc);
    set_trap_handler(X86_EXC_PF, ldt_pf);
    sel = (513 << 3) | 4 | 1;
    asm volatile("ldt_bad_insn: mov %0, %%fs\n\t.globl ldt_bad_insn\nldt_bad_resume:\n\t.globl ldt_bad_resume" :: "r" (sel));
    set_trap_handler(X86_EXC_PF, NULL);
    check(ldt_faults == 1 && ldt_cr2 == 0x00400000UL + 513 * 8,
          "loading from an unmapped LDT page gives #PF with CR2 0x%08x", ldt_cr2);
    sel = FLAT_RING1_DS;
    asm volatile("mov %0, %%fs" :: "r" (sel));
    mmuext1(MMUEXT_SET_LDT, 0, 0);
    rc = map(spare_va(10), ldt, P_P | P_RW | P_AD);
    check(rc == 0, "after SET_LDT(0) it can: %ld", rc);
    map(spare_va(10), p2m[(spare_va(10) - VIRT_BASE) / PAGE], P_P | P_RW | P_AD);

    map(spare_va(11), gdt, P_P | P_RW | P_AD);
    w = (uint64_t *)spare_va(11);
    w[1] = 0x00cfb2000000ffffULL;
    map(spare_va(11), p2m[(spare_va(11) - VIRT_BASE) / PAGE], P_P | P_RW | P_AD);
    unsigned long frames[1] = { gdt };
    rc = HYPERVISOR_set_gdt(frames, 16);
    check(rc == 0, "set_gdt with one frame: %ld", rc);
    sel = 0x09;
    asm volatile("mov %0, %%gs" :: "r" (sel));
    asm volatile("movl %%gs:(%1), %0" : "=r" (got) : "r" (&probe));
    check(got == probe, "a segment loaded from our GDT works");
    rc = HYPERVISOR_update_descriptor((uint64_t)gdt << 12 | 16, 0x00cfb2000000ffffULL);
    check(rc == 0, "update_descriptor of entry 2: %ld", rc);
    rc = HYPERVISOR_update_descriptor((uint64_t)gdt << 12 | 16, 0x0000890000000067ULL);
    check(rc == -EINVAL, "a TSS descriptor is refused: %ld", rc);
    sel = FLAT_RING1_DS;
    asm volatile("mov %0, %%gs" :: "r" (sel));
    check(HYPERVISOR_set_gdt(frames, 0) == 0, "drop our GDT");
}

void kmain(void)
{
    unsigned long bench = cmdline_ulong(xen_start_info->cmd_line, "tlbbench", 0);
    if (bench) {
        tlb_bench(bench, cmdline_ulong(xen_start_info->cmd_line, "flush", 1) != 0);
        return;
    }
    printk("mmutest: the validated MMU from ring 1\n");
    p2m = (uint32_t *)xen_start_info->mfn_list;
    nr_pages = xen_start_info->nr_pages;
    spare_va0 = xen_start_info->pt_base + (xen_start_info->nr_pt_frames + 2) * PAGE;
    if (traps_init())
        test_error("set_trap_table failed");
    if (map_shared_info())
        test_error("map_shared_info failed");
    test_address_space();
    test_foreign_frames();
    test_balloon();
    test_ptwr();
    test_descriptor_tables();
    test_finish();
}
