// Layouts of struct domain and struct vcpu.
//
// Each lives in one Xen-heap machine frame (owner DOMID_XEN) allocated when the
// domain or vcpu is created, so the number of domains and vcpus is bounded only by
// machine memory. Fields are raw u32/u64 at these offsets (STYLE: hot state at known
// offsets, no managed objects).

// ── struct domain ───────────────────────────────────────────────────────────────────
//   +0    domain_id          +28  page_list_head      +96   vcpu[32] (struct vcpu addr)
//   +4    flags (DOMF_*)     +32  page_list_tail      +224  accounting (see below)
//   +8    pause_count        +36  xenheap_pages       +1024 event channels (event/)
//   +12   shutdown_code      +40  xen_list_head
//   +16   shutdown_reason    +44  max_vcpus
//   +20   tot_pages          +48  vm_assist
//   +24   max_pages          +52  shared_info_mfn
//                            +56  crash record (vector, eip, error, len, bytes[16])
export const D_domain_id: u32 = 0;
export const D_flags: u32 = 4;
export const D_pause_count: u32 = 8;
export const D_shutdown_code: u32 = 12;
export const D_shutdown_reason: u32 = 16;
export const D_tot_pages: u32 = 20;
export const D_max_pages: u32 = 24;
export const D_page_list_head: u32 = 28;
export const D_page_list_tail: u32 = 32;
export const D_xenheap_pages: u32 = 36;
export const D_xen_list_head: u32 = 40;
export const D_max_vcpus: u32 = 44;
export const D_vm_assist: u32 = 48;
export const D_shared_info_mfn: u32 = 52;
export const D_crash_vector: u32 = 56;
export const D_crash_eip: u32 = 60;
export const D_crash_error: u32 = 64;
export const D_crash_len: u32 = 68;
export const D_crash_bytes: u32 = 72;   // 16 bytes
export const D_self_mfn: u32 = 88;
export const D_vcpu: u32 = 96;           // u32[32]
export const MAX_VIRT_CPUS: u32 = 32;
// Accounting (issue: per-domain usage data).
export const D_stat_instructions: u32 = 224;  // u64
export const D_stat_hypercalls: u32 = 232;    // u64 total
export const D_stat_faults: u32 = 240;        // u64 exceptions bounced
export const D_stat_hypercall_nr: u32 = 256;  // u32[64]
export const D_handle: u32 = 512;             // xen_domain_handle_t (16 bytes)
export const D_crash_reason: u32 = 528;
export const D_next: u32 = 532;          // next domain on the machine's domain list (addr)
// The last #UD raised by the CPU in this domain: EIP, instruction bytes, and whether
// the opcode is one the core does not implement (rather than an architectural #UD).
export const D_ud_count: u32 = 536;
export const D_ud_eip: u32 = 540;
export const D_ud_unimplemented: u32 = 544;
export const D_ud_len: u32 = 548;
export const D_ud_bytes: u32 = 552;      // 16 bytes
// Event channels (event/): two port-table frames of 512 ports each, allocated as the
// domain's ports grow, and the domain-wide (global and per-domain) VIRQ bindings.
export const D_evtchn_table: u32 = 1024;      // u32[2] host addresses, 0 = not allocated
export const D_valid_evtchns: u32 = 1032;     // ports below this have a record
export const D_virq_to_evtchn: u32 = 1036;    // u16[NR_VIRQS] for non-per-vcpu VIRQs
export const D_poll_mask: u32 = 1084;         // bit n: vcpu n is in SCHEDOP_poll
// Credit scheduler (sched/credit.ts).
export const D_weight: u32 = 1088;
export const D_cap: u32 = 1092;               // percent of one physical CPU, 0 = none
export const D_active_vcpus: u32 = 1096;      // vcpus on the credit scheduler's active list
// More accounting.
export const D_stat_events_sent: u32 = 1104;     // u64
export const D_stat_events_received: u32 = 1112; // u64
// The guest's pseudo-physical E820 set by the toolstack (XENMEM_memory_map), up to
// E820_MAX_DOMAIN entries of 20 bytes.
export const D_nr_e820: u32 = 800;
export const D_e820: u32 = 804;
export const E820_MAX_DOMAIN: u32 = 8;
// Grant table (grant/grant-table.ts): host address of its record, 0 = none.
export const D_grant_table: u32 = 1120;
export const D_SIZE_USED: u32 = 1124;

export const DOMF_privileged: u32 = 1 << 0;
export const DOMF_shutdown: u32 = 1 << 1;   // has shut down (see shutdown_reason)
export const DOMF_dying: u32 = 1 << 2;      // being destroyed
export const DOMF_crash_info: u32 = 1 << 3; // crash record valid
export const DOMF_paused_by_ctl: u32 = 1 << 4;

// ── struct vcpu ─────────────────────────────────────────────────────────────────────
//   +0   vcpu_id             +160 cr0 cr2 cr3_mfn cr4   +304 gdt_ents ldt_base ldt_ents
//   +4   domain (addr)       +176 dr[8]                 +316 vcpu_info_mfn, _offset
//   +8   pause_flags (VPF_*) +208 kernel_ss kernel_sp   +324 iopl
//   +12  vflags (VCPU_*)     +216 event cs/eip,         +384 trap_ctxt[256]
//   +16  regs[8]                  failsafe cs/eip       +2432 fpu (FXSAVE image)
//   +48  eip +52 eflags      +232 failsafe_flags        +2944 accounting
//   +56  cpl                 +240 gdt_frames[16]
//   +64  segs[6] x 16
export const V_vcpu_id: u32 = 0;
export const V_domain: u32 = 4;
export const V_pause_flags: u32 = 8;
export const V_vflags: u32 = 12;
export const V_regs: u32 = 16;
export const V_eip: u32 = 48;
export const V_eflags: u32 = 52;
export const V_cpl: u32 = 56;
export const V_segs: u32 = 64;
export const V_cr0: u32 = 160;
export const V_cr2: u32 = 164;
export const V_cr3_mfn: u32 = 168;
export const V_cr4: u32 = 172;
export const V_dr: u32 = 176;
export const V_kernel_ss: u32 = 208;
export const V_kernel_sp: u32 = 212;
export const V_event_cs: u32 = 216;
export const V_event_eip: u32 = 220;
export const V_failsafe_cs: u32 = 224;
export const V_failsafe_eip: u32 = 228;
export const V_failsafe_flags: u32 = 232;
export const V_gdt_frames: u32 = 240;
export const V_gdt_ents: u32 = 304;
export const V_ldt_base: u32 = 308;
export const V_ldt_ents: u32 = 312;
export const V_vcpu_info_mfn: u32 = 316;
export const V_vcpu_info_offset: u32 = 320;
export const V_iopl: u32 = 324;
export const V_trap_ctxt: u32 = 384;
export const V_fpu: u32 = 2432;
export const V_stat_instructions: u32 = 2944; // u64
export const V_stat_hypercalls: u32 = 2952;   // u64
export const V_stat_faults: u32 = 2960;       // u64
// Event channels: per-vcpu VIRQ bindings and SCHEDOP_poll state.
export const V_virq_to_evtchn: u32 = 3072;    // u16[NR_VIRQS]
export const V_poll_evtchn: u32 = 3120;       // i32: port polled alone, -1 any, 0 none
// Timers (sched/timer.ts); system times in ns, 0 = not armed.
export const V_singleshot_deadline: u32 = 3128; // u64
export const V_periodic_period: u32 = 3136;     // u64
export const V_periodic_last: u32 = 3144;       // u64 last periodic event
export const V_poll_deadline: u32 = 3152;       // u64
// Credit scheduler (sched/credit.ts).
export const V_credit: u32 = 3160;            // i32
export const V_pri: u32 = 3164;               // i32 CSCHED_PRI_*
export const V_csched_flags: u32 = 3168;      // CSCHED_FLAG_*
export const V_processor: u32 = 3172;         // pcpu running it, or NO_PCPU
export const V_runq_seq: u32 = 3176;          // u64 order of entry to the run queue
// Runstate (VCPUOP_get_runstate_info).
export const V_runstate_state: u32 = 3184;
export const V_runstate_guest: u32 = 3188;    // registered runstate area (guest VA), 0 = none
export const V_runstate_entry: u32 = 3192;    // u64
export const V_runstate_time: u32 = 3200;     // u64[4]
// More accounting.
export const V_stat_events_sent: u32 = 3232;     // u64
export const V_stat_events_received: u32 = 3240; // u64
export const V_credit_residual: u32 = 3256;  // sub-credit remainder of burnt time (ns * 10)
export const V_vcpu_info_ref: u32 = 3248;     // frame registered with VCPUOP_register_vcpu_info (type ref held), or NO_FRAME
export const V_stat_hypercall_nr: u32 = 3264; // u32[64]
// Lazily mapped LDT pages (mm/ldt.ts): MFN + 1 of each of the 16 pages an LDT of
// 8192 entries spans (0 = not mapped), and how many are mapped.
export const V_ldt_shadow: u32 = 2976;        // u32[16]
export const V_ldt_mapcnt: u32 = 3040;
export const V_SIZE_USED: u32 = 3520;

// pause_flags: reasons the vcpu cannot run (any set bit = not runnable).
export const VPF_blocked: u32 = 1 << 0;  // SCHEDOP_block
export const VPF_down: u32 = 1 << 1;     // not up (VCPUOP_down or never brought up)
export const VPF_shutdown: u32 = 1 << 2; // domain shut down
export const VPF_paused: u32 = 1 << 3;   // domain paused by the toolstack
export const VPF_parked: u32 = 1 << 4;   // capped out by the credit scheduler

// vflags
export const VCPU_initialised: u32 = 1 << 0;
