// Core Xen ABI numbers for x86_32 PAE guests (xen/include/public/xen.h).
//
// Hypercall numbers live in the hypercall table (src/gen/hypercall-table.ts), which
// generates the dispatcher; the constants here are the other numbers of xen.h.

// ── domain ids (domid_t = u16) ────────────────────────────────────────────────────────
export const DOMID_FIRST_RESERVED: u32 = 0x7ff0;
export const DOMID_SELF: u32 = 0x7ff0;      // "the caller"
export const DOMID_IO: u32 = 0x7ff1;        // owner of I/O frames
export const DOMID_XEN: u32 = 0x7ff2;       // owner of Xen's own frames
export const DOMID_COW: u32 = 0x7ff3;       // owner of shared copy-on-write frames
export const DOMID_INVALID: u32 = 0x7ff4;   // no owner (free frame)
export const DOMID_ANY: u32 = 0x7ff5;
export const DOMID_IDLE: u32 = 0x7fff;
export const DOMID_MASK: u32 = 0x7fff;

// ── VIRQs (bound with EVTCHNOP_bind_virq) ─────────────────────────────────────────────
export const VIRQ_TIMER: u32 = 0;     // per vcpu: timer expiry
export const VIRQ_DEBUG: u32 = 1;     // per vcpu: dump debug state
export const VIRQ_CONSOLE: u32 = 2;   // global: Xen console input
export const VIRQ_DOM_EXC: u32 = 3;   // global: a domain shut down or crashed
export const VIRQ_TBUF: u32 = 4;
export const VIRQ_DEBUGGER: u32 = 6;
export const VIRQ_XENOPROF: u32 = 7;
export const VIRQ_CON_RING: u32 = 8;
export const VIRQ_PCPU_STATE: u32 = 9;
export const VIRQ_MEM_EVENT: u32 = 10;
export const VIRQ_ARGO: u32 = 11;
export const VIRQ_ENOMEM: u32 = 12;
export const VIRQ_XENPMU: u32 = 13;
export const NR_VIRQS: u32 = 24;

// ── console_io ────────────────────────────────────────────────────────────────────────
export const CONSOLEIO_write: u32 = 0;
export const CONSOLEIO_read: u32 = 1;

// ── vm_assist ─────────────────────────────────────────────────────────────────────────
export const VMASST_CMD_enable: u32 = 0;
export const VMASST_CMD_disable: u32 = 1;
export const VMASST_TYPE_4gb_segments: u32 = 0;
export const VMASST_TYPE_4gb_segments_notify: u32 = 1;
export const VMASST_TYPE_writable_pagetables: u32 = 2;
export const VMASST_TYPE_pae_extended_cr3: u32 = 3;
export const VMASST_TYPE_architectural_iopl: u32 = 4;
export const VMASST_TYPE_runstate_update_flag: u32 = 5;
export const VMASST_TYPE_m2p_strict: u32 = 32;
/** The vm_assist types a 32-bit PV guest may set (bit n = type n). */
export const VMASST_VALID_MASK_32: u32 = 0x3f;

// ── mmu_update (struct mmu_update: ptr u64 @0, val u64 @8; 16 bytes) ──────────────────
export const MMU_NORMAL_PT_UPDATE: u32 = 0;
export const MMU_MACHPHYS_UPDATE: u32 = 1;
export const MMU_PT_UPDATE_PRESERVE_AD: u32 = 2;
export const MMU_PT_UPDATE_NO_TRANSLATE: u32 = 3;
export const MMU_UPDATE_SIZE: u32 = 16;

// ── mmuext_op (struct mmuext_op: cmd u32 @0, arg1 u32 @4, arg2 u32 @8; 12 bytes) ─────
export const MMUEXT_PIN_L1_TABLE: u32 = 0;
export const MMUEXT_PIN_L2_TABLE: u32 = 1;
export const MMUEXT_PIN_L3_TABLE: u32 = 2;
export const MMUEXT_PIN_L4_TABLE: u32 = 3;
export const MMUEXT_UNPIN_TABLE: u32 = 4;
export const MMUEXT_NEW_BASEPTR: u32 = 5;
export const MMUEXT_TLB_FLUSH_LOCAL: u32 = 6;
export const MMUEXT_INVLPG_LOCAL: u32 = 7;
export const MMUEXT_TLB_FLUSH_MULTI: u32 = 8;
export const MMUEXT_INVLPG_MULTI: u32 = 9;
export const MMUEXT_TLB_FLUSH_ALL: u32 = 10;
export const MMUEXT_INVLPG_ALL: u32 = 11;
export const MMUEXT_FLUSH_CACHE: u32 = 12;
export const MMUEXT_SET_LDT: u32 = 13;
export const MMUEXT_NEW_USER_BASEPTR: u32 = 15;
export const MMUEXT_CLEAR_PAGE: u32 = 16;
export const MMUEXT_COPY_PAGE: u32 = 17;
export const MMUEXT_FLUSH_CACHE_GLOBAL: u32 = 18;
export const MMUEXT_MARK_SUPER: u32 = 19;
export const MMUEXT_UNMARK_SUPER: u32 = 20;
export const MMUEXT_OP_SIZE: u32 = 12;

// ── update_va_mapping flags ───────────────────────────────────────────────────────────
export const UVMF_NONE: u32 = 0;
export const UVMF_TLB_FLUSH: u32 = 1;
export const UVMF_INVLPG: u32 = 2;
export const UVMF_FLUSHTYPE_MASK: u32 = 3;
export const UVMF_MULTI: u32 = 0;
export const UVMF_LOCAL: u32 = 0;
export const UVMF_ALL: u32 = 4;

// ── multicall_entry (x86_32: op u32 @0, result u32 @4, args[6] u32 @8; 32 bytes) ─────
export const MULTICALL_ENTRY_SIZE: u32 = 32;

// ── struct start_info (x86_32: 1112 bytes) ────────────────────────────────────────────
export const START_INFO_magic: u32 = 0;          // char[32] "xen-3.0-x86_32p"
export const START_INFO_nr_pages: u32 = 32;
export const START_INFO_shared_info: u32 = 36;   // machine address
export const START_INFO_flags: u32 = 40;
export const START_INFO_store_mfn: u32 = 44;
export const START_INFO_store_evtchn: u32 = 48;
export const START_INFO_console_mfn: u32 = 52;
export const START_INFO_console_evtchn: u32 = 56;
export const START_INFO_pt_base: u32 = 60;       // virtual address of the L3
export const START_INFO_nr_pt_frames: u32 = 64;
export const START_INFO_mfn_list: u32 = 68;      // virtual address of the P2M
export const START_INFO_mod_start: u32 = 72;
export const START_INFO_mod_len: u32 = 76;
export const START_INFO_cmd_line: u32 = 80;      // char[1024]
export const START_INFO_first_p2m_pfn: u32 = 1104;
export const START_INFO_nr_p2m_frames: u32 = 1108;
export const START_INFO_SIZE: u32 = 1112;
export const MAX_GUEST_CMDLINE: u32 = 1024;

export const SIF_PRIVILEGED: u32 = 1 << 0;
export const SIF_INITDOMAIN: u32 = 1 << 1;

// ── struct shared_info (x86_32: 2344 bytes at the start of a page) ────────────────────
export const XEN_LEGACY_MAX_VCPUS: u32 = 32;
export const SHARED_INFO_vcpu_info: u32 = 0;          // vcpu_info[32], 64 bytes each
export const SHARED_INFO_evtchn_pending: u32 = 2048;  // u32[32]
export const SHARED_INFO_evtchn_mask: u32 = 2176;     // u32[32]
export const SHARED_INFO_wc_version: u32 = 2304;
export const SHARED_INFO_wc_sec: u32 = 2308;
export const SHARED_INFO_wc_nsec: u32 = 2312;
export const SHARED_INFO_arch_max_pfn: u32 = 2316;
export const SHARED_INFO_arch_pfn_to_mfn_frame_list_list: u32 = 2320;
export const SHARED_INFO_arch_nmi_reason: u32 = 2324;
export const SHARED_INFO_arch_p2m_cr3: u32 = 2328;
export const SHARED_INFO_arch_p2m_vaddr: u32 = 2332;
export const SHARED_INFO_arch_p2m_generation: u32 = 2336;
export const SHARED_INFO_arch_wc_sec_hi: u32 = 2340;

// ── struct vcpu_info (64 bytes) ───────────────────────────────────────────────────────
export const VCPU_INFO_SIZE: u32 = 64;
export const VCPU_INFO_evtchn_upcall_pending: u32 = 0;  // u8
export const VCPU_INFO_evtchn_upcall_mask: u32 = 1;     // u8
export const VCPU_INFO_evtchn_pending_sel: u32 = 4;     // u32
export const VCPU_INFO_arch_cr2: u32 = 8;               // u32
export const VCPU_INFO_time: u32 = 32;                  // struct vcpu_time_info

// ── struct vcpu_time_info (32 bytes) ──────────────────────────────────────────────────
export const VCPU_TIME_version: u32 = 0;
export const VCPU_TIME_tsc_timestamp: u32 = 8;
export const VCPU_TIME_system_time: u32 = 16;
export const VCPU_TIME_tsc_to_system_mul: u32 = 24;
export const VCPU_TIME_tsc_shift: u32 = 28;
export const VCPU_TIME_flags: u32 = 29;
