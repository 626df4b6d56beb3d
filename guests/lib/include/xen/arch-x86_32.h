/*
 * xen/arch-x86_32.h — the x86_32 (PAE, "x86_32p") architecture part of the Xen PV
 * ABI: flat segment selectors, the hypervisor hole, the virtual IDT entry
 * (trap_info), the arch parts of vcpu_info / shared_info, and the PAE page-table
 * entry bits guests hand to mmu_update / update_va_mapping.
 *
 * Facts from docs/xen-abi-x86_32.md §2, §3.2, §3.4, §4.1, §5.3 (which restate
 * xen/include/public/arch-x86/xen-x86_32.h and arch-x86/xen.h). Layouts follow
 * the i386 System V ABI: 64-bit members are only 4-byte aligned, which is exactly
 * what gcc -m32 does, so plain C structs match.
 *
 * The #defines are usable from assembly (the structs are hidden from it).
 */
#ifndef XEN_ARCH_X86_32_H
#define XEN_ARCH_X86_32_H

/*
 * Flat 4 GiB segments Xen keeps in its reserved GDT page (entries 7171..7174) for
 * every vCPU. The guest kernel runs in ring 1 on FLAT_RING1_CS/DS; user mode in
 * ring 3. RPL is part of the selector value.
 */
#define FLAT_RING1_CS     0xE019   /* kernel code, DPL 1 */
#define FLAT_RING1_DS     0xE021   /* kernel data and stack, DPL 1 */
#define FLAT_RING1_SS     0xE021
#define FLAT_RING3_CS     0xE02B   /* user code, DPL 3 */
#define FLAT_RING3_DS     0xE033   /* user data and stack, DPL 3 */
#define FLAT_RING3_SS     0xE033
#define FLAT_KERNEL_CS    FLAT_RING1_CS
#define FLAT_KERNEL_DS    FLAT_RING1_DS
#define FLAT_KERNEL_SS    FLAT_RING1_SS
#define FLAT_USER_CS      FLAT_RING3_CS
#define FLAT_USER_DS      FLAT_RING3_DS
#define FLAT_USER_SS      FLAT_RING3_SS

/*
 * The hypervisor hole: [HYPERVISOR_VIRT_START, 4 GiB) belongs to Xen. Guests can
 * never map there, and hypercall buffers must lie entirely below it (else -EFAULT).
 * The read-only M2P table starts at MACH2PHYS_VIRT_START; its real end on
 * 32-on-64 Xen is 0xFFE00000 (ask XENMEM_machphys_mapping), the header's
 * MACH2PHYS_VIRT_END is the legacy 16 MiB bound.
 */
#define HYPERVISOR_VIRT_START  0xF5800000
#define MACH2PHYS_VIRT_START   0xF5800000
#define MACH2PHYS_VIRT_END     0xF6800000

/* Pages: 4 KiB everywhere (PV guests cannot use 2 MiB pages, §4.3). */
#define PAGE_SHIFT  12
#define PAGE_SIZE   4096
#define PAGE_MASK   (~(PAGE_SIZE - 1))

/*
 * PAE page-table entry bits (SDM Vol. 3A §4.4.2), 64-bit entries holding machine
 * frame numbers. Xen rejects PWT/PCD/PAT on L1 entries of ordinary domains, PS and G
 * on L2 entries, and every high bit on L3 entries (§4.3).
 */
#define _PAGE_PRESENT   0x001
#define _PAGE_RW        0x002
#define _PAGE_USER      0x004
#define _PAGE_PWT       0x008
#define _PAGE_PCD       0x010
#define _PAGE_ACCESSED  0x020
#define _PAGE_DIRTY     0x040
#define _PAGE_PAT       0x080   /* in an L1 entry */
#define _PAGE_PSE       0x080   /* in an L2 entry: rejected for PV */
#define _PAGE_GLOBAL    0x100
#define _PAGE_NX        (1ULL << 63)

/* Page-fault error code bits pushed in a #PF bounce frame (SDM Vol. 3A §4.7). */
#define PFEC_page_present   0x01
#define PFEC_write_access   0x02
#define PFEC_user_mode      0x04   /* set iff the guest was in ring 3 */
#define PFEC_reserved_bit   0x08
#define PFEC_insn_fetch     0x10

/* trap_info.flags: bits 1:0 = DPL checked for software INT n; bit 2 = mask events
 * on entry (like an interrupt gate clearing IF). */
#define TI_DPL_MASK   0x3
#define TI_IF         0x4
#define TI_GET_DPL(_ti)       ((_ti)->flags & TI_DPL_MASK)
#define TI_GET_IF(_ti)        ((_ti)->flags & TI_IF)
#define TI_SET_DPL(_ti, _dpl) ((_ti)->flags = ((_ti)->flags & ~TI_DPL_MASK) | (_dpl))
#define TI_SET_IF(_ti, _if)   ((_ti)->flags = ((_ti)->flags & ~TI_IF) | ((_if) ? TI_IF : 0))

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <stddef.h>

typedef unsigned long xen_pfn_t;     /* 4 bytes on x86_32 */
typedef unsigned long xen_ulong_t;   /* 4 bytes on x86_32 */

/*
 * One virtual IDT entry for set_trap_table (8 bytes). A table is terminated by an
 * entry whose address is 0. cs with RPL 0 is raised to 1 by Xen; a null cs makes
 * delivery through this vector crash the domain.
 */
struct trap_info {
    uint8_t       vector;    /* exception / interrupt vector, 0..255 */
    uint8_t       flags;     /* TI_DPL_MASK | TI_IF */
    uint16_t      cs;        /* handler code selector, normally FLAT_RING1_CS */
    unsigned long address;   /* handler EIP; 0 terminates the table */
};
_Static_assert(sizeof(struct trap_info) == 8, "trap_info is 8 bytes on x86_32");
typedef struct trap_info trap_info_t;

/* Arch part of vcpu_info (24 bytes). */
struct arch_vcpu_info {
    unsigned long cr2;       /* OUT: faulting linear address, written before a #PF bounce */
    unsigned long pad[5];
};
_Static_assert(sizeof(struct arch_vcpu_info) == 24, "arch_vcpu_info is 24 bytes");

/* Arch part of shared_info (28 bytes); mostly guest-maintained hints for tools. */
struct arch_shared_info {
    unsigned long max_pfn;                       /* number of valid P2M entries */
    xen_pfn_t     pfn_to_mfn_frame_list_list;    /* MFN, for save/restore tools */
    unsigned long nmi_reason;                    /* dom0: XEN_NMIREASON_* */
    unsigned long p2m_cr3;                       /* virtually mapped P2M (tools) */
    unsigned long p2m_vaddr;
    unsigned long p2m_generation;
    uint32_t      wc_sec_hi;                     /* high 32 bits of wallclock seconds */
};
_Static_assert(sizeof(struct arch_shared_info) == 28, "arch_shared_info is 28 bytes");

#endif /* __ASSEMBLER__ */
#endif /* XEN_ARCH_X86_32_H */
