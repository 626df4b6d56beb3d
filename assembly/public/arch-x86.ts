// x86_32 PAE specifics of the PV ABI (xen/include/public/arch-x86/xen-x86_32.h,
// arch-x86/xen.h). Fact sheet §2 and §5.

// The hypervisor hole: linear addresses at or above this are Xen's. The L2 hooked into
// L3 slot 3 has its entries from L2_XEN_FIRST on owned by Xen.
export const HYPERVISOR_VIRT_START: u32 = 0xf5800000;
export const MACH2PHYS_VIRT_START: u32 = 0xf5800000;
// 32-on-64 Xen keeps the read-only M2P up to here (XENMEM_machphys_mapping v_end).
export const MACH2PHYS_COMPAT_VIRT_END: u32 = 0xffe00000;
export const L2_XEN_FIRST: u32 = 428; // (HYPERVISOR_VIRT_START >> 21) & 511

// ── GDT: guest entries 0..7167, Xen's reserved page 7168..7679 ───────────────────────
export const FIRST_RESERVED_GDT_PAGE: u32 = 14;
export const FIRST_RESERVED_GDT_BYTE: u32 = 14 * 4096;
export const FIRST_RESERVED_GDT_ENTRY: u32 = 7168;
export const LAST_RESERVED_GDT_ENTRY: u32 = 7679;

export const FLAT_RING1_CS: u32 = 0xe019; // = FLAT_KERNEL_CS, DPL 1 4 GiB code
export const FLAT_RING1_DS: u32 = 0xe021; // = FLAT_KERNEL_DS/SS, DPL 1 4 GiB data
export const FLAT_RING1_SS: u32 = 0xe021;
export const FLAT_RING3_CS: u32 = 0xe02b; // = FLAT_USER_CS, DPL 3
export const FLAT_RING3_DS: u32 = 0xe033; // = FLAT_USER_DS/SS, DPL 3
export const FLAT_RING3_SS: u32 = 0xe033;
export const FLAT_KERNEL_CS: u32 = FLAT_RING1_CS;
export const FLAT_KERNEL_DS: u32 = FLAT_RING1_DS;
export const FLAT_KERNEL_SS: u32 = FLAT_RING1_SS;
export const FLAT_USER_CS: u32 = FLAT_RING3_CS;
export const FLAT_USER_DS: u32 = FLAT_RING3_DS;
export const FLAT_USER_SS: u32 = FLAT_RING3_SS;
export const __HYPERVISOR_CS: u32 = 0xe008;
export const __HYPERVISOR_DS32: u32 = 0xe010;

// ── struct trap_info (8 bytes): vector u8, flags u8 (DPL bits 1:0, bit 2 = mask
//    events on entry), cs u16, address u32. An array ends with address == 0. ─────────
export const TRAP_INFO_SIZE: u32 = 8;
export const TRAP_INFO_vector: u32 = 0;
export const TRAP_INFO_flags: u32 = 1;
export const TRAP_INFO_cs: u32 = 2;
export const TRAP_INFO_address: u32 = 4;
export const TI_FLAG_DPL_MASK: u32 = 3;
export const TI_FLAG_IF: u32 = 4;

// ── struct cpu_user_regs (68 bytes) ───────────────────────────────────────────────────
export const UREGS_ebx: u32 = 0;
export const UREGS_ecx: u32 = 4;
export const UREGS_edx: u32 = 8;
export const UREGS_esi: u32 = 12;
export const UREGS_edi: u32 = 16;
export const UREGS_ebp: u32 = 20;
export const UREGS_eax: u32 = 24;
export const UREGS_error_code: u32 = 28;
export const UREGS_entry_vector: u32 = 30;
export const UREGS_eip: u32 = 32;
export const UREGS_cs: u32 = 36;
export const UREGS_saved_upcall_mask: u32 = 38;
export const UREGS_eflags: u32 = 40;
export const UREGS_esp: u32 = 44;
export const UREGS_ss: u32 = 48;
export const UREGS_es: u32 = 52;
export const UREGS_ds: u32 = 56;
export const UREGS_fs: u32 = 60;
export const UREGS_gs: u32 = 64;
export const CPU_USER_REGS_SIZE: u32 = 68;

// ── struct vcpu_guest_context (2800 bytes) ────────────────────────────────────────────
export const VGC_fpu_ctxt: u32 = 0;
export const VGC_flags: u32 = 512;
export const VGC_user_regs: u32 = 516;
export const VGC_trap_ctxt: u32 = 584;
export const VGC_ldt_base: u32 = 2632;
export const VGC_ldt_ents: u32 = 2636;
export const VGC_gdt_frames: u32 = 2640;
export const VGC_gdt_ents: u32 = 2704;
export const VGC_kernel_ss: u32 = 2708;
export const VGC_kernel_sp: u32 = 2712;
export const VGC_ctrlreg: u32 = 2716;
export const VGC_debugreg: u32 = 2748;
export const VGC_event_callback_cs: u32 = 2780;
export const VGC_event_callback_eip: u32 = 2784;
export const VGC_failsafe_callback_cs: u32 = 2788;
export const VGC_failsafe_callback_eip: u32 = 2792;
export const VGC_vm_assist: u32 = 2796;
export const VCPU_GUEST_CONTEXT_SIZE: u32 = 2800;

export const VGCF_i387_valid: u32 = 1 << 0;
export const VGCF_in_kernel: u32 = 1 << 2;
export const VGCF_failsafe_disables_events: u32 = 1 << 3;
export const VGCF_syscall_disables_events: u32 = 1 << 4;
export const VGCF_online: u32 = 1 << 5;

// Forced-emulation prefix: ud2 ; .ascii "xen" (then cpuid).
export const XEN_EMULATE_PREFIX_0: u32 = 0x0f;
export const XEN_EMULATE_PREFIX_1: u32 = 0x0b;

// CR3 encoding for PAE PV guests: cr3 = (pfn << 12) | (pfn >> 20).
// @ts-ignore: decorator
@inline export function xen_pfn_to_cr3(pfn: u32): u32 { return (pfn << 12) | (pfn >>> 20); }
// @ts-ignore: decorator
@inline export function xen_cr3_to_pfn(cr3: u32): u32 { return (cr3 >>> 12) | (cr3 << 20); }
