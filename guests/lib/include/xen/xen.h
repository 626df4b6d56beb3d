/*
 * xen/xen.h — the core Xen PV guest ABI: hypercall numbers, domain ids, console_io,
 * vm_assist, page-table update commands, and the start_info / shared_info /
 * vcpu_info structures a kernel finds at boot.
 *
 * Facts from docs/xen-abi-x86_32.md §1.3, §1.4, §3.1–3.5, §4.4–4.7, §8.1, §8.5
 * (restating xen/include/public/xen.h). Names are Xen's so one grep spans both.
 * The #defines are usable from assembly.
 */
#ifndef XEN_XEN_H
#define XEN_XEN_H

#include <xen/arch-x86_32.h>

/*
 * Hypercall numbers. Call number n through the hypercall page at offset n * 32
 * (`call hypercall_page + n*32`), or with `int $0x82` and EAX = n. Arguments go in
 * EBX, ECX, EDX, ESI, EDI; the result (>= 0, or -errno) comes back in EAX.
 */
#define __HYPERVISOR_set_trap_table                0
#define __HYPERVISOR_mmu_update                    1
#define __HYPERVISOR_set_gdt                       2
#define __HYPERVISOR_stack_switch                  3
#define __HYPERVISOR_set_callbacks                 4
#define __HYPERVISOR_fpu_taskswitch                5
#define __HYPERVISOR_sched_op_compat               6
#define __HYPERVISOR_platform_op                   7
#define __HYPERVISOR_set_debugreg                  8
#define __HYPERVISOR_get_debugreg                  9
#define __HYPERVISOR_update_descriptor            10
/* 11 is unused */
#define __HYPERVISOR_memory_op                    12
#define __HYPERVISOR_multicall                    13
#define __HYPERVISOR_update_va_mapping            14
#define __HYPERVISOR_set_timer_op                 15
#define __HYPERVISOR_event_channel_op_compat      16
#define __HYPERVISOR_xen_version                  17
#define __HYPERVISOR_console_io                   18
#define __HYPERVISOR_physdev_op_compat            19
#define __HYPERVISOR_grant_table_op               20
#define __HYPERVISOR_vm_assist                    21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                         23   /* jump to it, never call (§5.7) */
#define __HYPERVISOR_vcpu_op                      24
#define __HYPERVISOR_set_segment_base             25   /* x86-64 only: -ENOSYS here */
#define __HYPERVISOR_mmuext_op                    26
#define __HYPERVISOR_xsm_op                       27
#define __HYPERVISOR_nmi_op                       28
#define __HYPERVISOR_sched_op                     29
#define __HYPERVISOR_callback_op                  30
#define __HYPERVISOR_xenoprof_op                  31
#define __HYPERVISOR_event_channel_op             32
#define __HYPERVISOR_physdev_op                   33
#define __HYPERVISOR_hvm_op                       34
#define __HYPERVISOR_sysctl                       35
#define __HYPERVISOR_domctl                       36
#define __HYPERVISOR_kexec_op                     37
#define __HYPERVISOR_tmem_op                      38
#define __HYPERVISOR_argo_op                      39
#define __HYPERVISOR_xenpmu_op                    40
#define __HYPERVISOR_dm_op                        41
#define __HYPERVISOR_hypfs_op                     42
#define __HYPERVISOR_arch_0                       48   /* x86: mca */
#define __HYPERVISOR_arch_1                       49   /* x86: paging_domctl_cont */

/* The hypercall page: 128 stubs of 32 bytes. */
#define HYPERCALL_STUB_SIZE   32
#define HYPERCALL_NR_STUBS    128

/* Domain ids (domid_t is 16 bits). */
#define DOMID_FIRST_RESERVED  0x7FF0
#define DOMID_SELF            0x7FF0   /* "the caller"; use it, not your own number */
#define DOMID_IO              0x7FF1
#define DOMID_XEN             0x7FF2
#define DOMID_COW             0x7FF3
#define DOMID_INVALID         0x7FF4
#define DOMID_ANY             0x7FF5
#define DOMID_IDLE            0x7FFF
#define DOMID_MASK            0x7FFF

/* console_io(cmd, count, buffer) commands (§8.1). write returns 0; read returns
 * the number of bytes read (0 when there is no input). */
#define CONSOLEIO_write   0
#define CONSOLEIO_read    1

/* vm_assist(cmd, type) (§8.5). */
#define VMASST_CMD_enable                   0
#define VMASST_CMD_disable                  1
#define VMASST_TYPE_4gb_segments            0
#define VMASST_TYPE_4gb_segments_notify     1
#define VMASST_TYPE_writable_pagetables     2
#define VMASST_TYPE_pae_extended_cr3        3
#define VMASST_TYPE_architectural_iopl      4
#define VMASST_TYPE_runstate_update_flag    5
#define VMASST_TYPE_m2p_strict             32   /* 64-bit guests only */

/* mmu_update commands: the low 3 bits of mmu_update.ptr (§4.5). */
#define MMU_NORMAL_PT_UPDATE        0   /* checked *ptr = val */
#define MMU_MACHPHYS_UPDATE         1   /* M2P[ptr >> 12] = val */
#define MMU_PT_UPDATE_PRESERVE_AD   2   /* as 0, keeping A/D already set */
#define MMU_PT_UPDATE_NO_TRANSLATE  3

/* mmuext_op commands (§4.6). */
#define MMUEXT_PIN_L1_TABLE       0
#define MMUEXT_PIN_L2_TABLE       1
#define MMUEXT_PIN_L3_TABLE       2
#define MMUEXT_PIN_L4_TABLE       3   /* accepted and ignored for 32-bit guests */
#define MMUEXT_UNPIN_TABLE        4
#define MMUEXT_NEW_BASEPTR        5
#define MMUEXT_TLB_FLUSH_LOCAL    6
#define MMUEXT_INVLPG_LOCAL       7
#define MMUEXT_TLB_FLUSH_MULTI    8
#define MMUEXT_INVLPG_MULTI       9
#define MMUEXT_TLB_FLUSH_ALL     10
#define MMUEXT_INVLPG_ALL        11
#define MMUEXT_FLUSH_CACHE       12
#define MMUEXT_SET_LDT           13
#define MMUEXT_NEW_USER_BASEPTR  15   /* x86-64 only: -EINVAL here */
#define MMUEXT_CLEAR_PAGE        16
#define MMUEXT_COPY_PAGE         17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER        19   /* removed: -EOPNOTSUPP */
#define MMUEXT_UNMARK_SUPER      20

/* update_va_mapping flags (§4.7): bits 1:0 say what to flush, bits 31:2 on which
 * vCPUs (0 = this one, 4 = all, otherwise a pointer to a vCPU bitmap). */
#define UVMF_NONE            0
#define UVMF_TLB_FLUSH       1
#define UVMF_INVLPG          2
#define UVMF_FLUSHTYPE_MASK  3
#define UVMF_MULTI           0
#define UVMF_LOCAL           0
#define UVMF_ALL             4

/* start_info.flags (§3.1). */
#define SIF_PRIVILEGED       (1 << 0)
#define SIF_INITDOMAIN       (1 << 1)
#define SIF_MULTIBOOT_MOD    (1 << 2)
#define SIF_MOD_START_PFN    (1 << 3)
#define SIF_VIRT_P2M_4TOOLS  (1 << 4)
#define SIF_PM_MASK          (0xFF << 8)

#define MAX_GUEST_CMDLINE     1024
#define XEN_LEGACY_MAX_VCPUS  32

#ifndef __ASSEMBLER__

typedef uint16_t domid_t;

/* One page-table update request (16 bytes). */
struct mmu_update {
    uint64_t ptr;   /* machine address of the entry | MMU_* command in bits 2:0 */
    uint64_t val;   /* new entry (or PFN for MMU_MACHPHYS_UPDATE) */
};
_Static_assert(sizeof(struct mmu_update) == 16, "mmu_update is 16 bytes");
typedef struct mmu_update mmu_update_t;

/* One extended MMU operation (12 bytes). */
struct mmuext_op {
    unsigned int cmd;                     /* MMUEXT_* */
    union {
        xen_pfn_t     mfn;                /* pin/unpin/new_baseptr/clear/copy dest */
        unsigned long linear_addr;        /* invlpg, set_ldt */
    } arg1;
    union {
        unsigned int  nr_ents;            /* SET_LDT */
        const void   *vcpumask;           /* *_MULTI: bitmap of vCPUs */
        xen_pfn_t     src_mfn;            /* COPY_PAGE */
    } arg2;
};
_Static_assert(sizeof(struct mmuext_op) == 12, "mmuext_op is 12 bytes");
typedef struct mmuext_op mmuext_op_t;

/*
 * Per-vCPU time base (32 bytes). Read like a seqlock: version is odd while Xen
 * updates it. now = system_time + (((tsc - tsc_timestamp) << tsc_shift) *
 * tsc_to_system_mul >> 32) (negative shift = right shift).
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;      /* TSC at the last update */
    uint64_t system_time;        /* ns since boot at tsc_timestamp */
    uint32_t tsc_to_system_mul;  /* 32.32 fixed point */
    int8_t   tsc_shift;
    uint8_t  flags;              /* XEN_PVCLOCK_* */
    uint8_t  pad1[2];
};
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info is 32 bytes");

/* Per-vCPU event and trap state (64 bytes), inside shared_info until moved. */
struct vcpu_info {
    uint8_t  evtchn_upcall_pending;  /* Xen sets it; guest clears before scanning */
    uint8_t  evtchn_upcall_mask;     /* the virtual "interrupts disabled" flag; 1 at boot */
    uint16_t pad0;
    xen_ulong_t evtchn_pending_sel;  /* bit i: evtchn_pending[i] may have work */
    struct arch_vcpu_info arch;      /* arch.cr2 at offset 8 */
    struct vcpu_time_info time;      /* at offset 32 */
};
_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info is 64 bytes");
_Static_assert(offsetof(struct vcpu_info, arch.cr2) == 8, "cr2 at offset 8");
typedef struct vcpu_info vcpu_info_t;

/* The shared_info page (first 2344 bytes of it); Xen-owned, mapped by the guest. */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[32];  /* port p = bit p%32 of word p/32 */
    xen_ulong_t evtchn_mask[32];
    uint32_t wc_version;             /* odd while the wallclock is being written */
    uint32_t wc_sec;                 /* wallclock at system time 0 */
    uint32_t wc_nsec;
    struct arch_shared_info arch;
};
_Static_assert(offsetof(struct shared_info, evtchn_pending) == 2048, "evtchn_pending");
_Static_assert(offsetof(struct shared_info, wc_version) == 2304, "wc_version");
_Static_assert(sizeof(struct shared_info) == 2344, "shared_info is 2344 bytes");
typedef struct shared_info shared_info_t;

/*
 * start_info (1112 bytes): the domain builder's message to the kernel; ESI points
 * at it on entry. Fields up to console are refilled on resume.
 */
struct start_info {
    char magic[32];              /* "xen-3.0-x86_32p" */
    unsigned long nr_pages;      /* pages allocated to the domain */
    unsigned long shared_info;   /* MACHINE address of the shared_info page */
    uint32_t flags;              /* SIF_* */
    xen_pfn_t store_mfn;         /* xenstore ring */
    uint32_t store_evtchn;
    union {
        struct {
            xen_pfn_t mfn;       /* console ring */
            uint32_t  evtchn;
        } domU;
        struct {
            uint32_t info_off;   /* dom0: offset of dom0_vga_console_info */
            uint32_t info_size;
        } dom0;
    } console;
    unsigned long pt_base;       /* VIRTUAL address of the bootstrap L3 */
    unsigned long nr_pt_frames;
    unsigned long mfn_list;      /* VIRTUAL address of the initial P2M array */
    unsigned long mod_start;     /* VA of the module (or PFN with SIF_MOD_START_PFN) */
    unsigned long mod_len;
    char cmd_line[MAX_GUEST_CMDLINE];
    unsigned long first_p2m_pfn; /* x86-64 INIT_P2M only */
    unsigned long nr_p2m_frames;
};
_Static_assert(offsetof(struct start_info, pt_base) == 60, "pt_base at 60");
_Static_assert(offsetof(struct start_info, cmd_line) == 80, "cmd_line at 80");
_Static_assert(sizeof(struct start_info) == 1112, "start_info is 1112 bytes");
typedef struct start_info start_info_t;

#endif /* __ASSEMBLER__ */
#endif /* XEN_XEN_H */
