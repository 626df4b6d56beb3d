// xen_version (xen/include/public/version.h, features.h). Fact sheet §8.2.
//
//   xen_version(cmd, arg) — unknown cmd → -ENOSYS; unwritable arg → -EFAULT.

export const XENVER_version: u32 = 0;             // returns (major << 16) | minor
export const XENVER_extraversion: u32 = 1;        // OUT char[16]
export const XENVER_compile_info: u32 = 2;        // OUT xen_compile_info (144 bytes)
export const XENVER_capabilities: u32 = 3;        // OUT char[1024]
export const XENVER_changeset: u32 = 4;           // OUT char[64]
export const XENVER_platform_parameters: u32 = 5; // OUT { virt_start u32 }
export const XENVER_get_features: u32 = 6;        // IN submap_idx u32 @0, OUT submap u32 @4
export const XENVER_pagesize: u32 = 7;            // arg must be NULL; returns 4096
export const XENVER_guest_handle: u32 = 8;        // OUT u8[16]
export const XENVER_commandline: u32 = 9;         // OUT char[1024]
export const XENVER_build_id: u32 = 10;           // xen_varbuf
export const XENVER_extraversion2: u32 = 11;
export const XENVER_capabilities2: u32 = 12;
export const XENVER_changeset2: u32 = 13;
export const XENVER_commandline2: u32 = 14;

export const XEN_EXTRAVERSION_LEN: u32 = 16;
export const XEN_CAPABILITIES_INFO_LEN: u32 = 1024;
export const XEN_CHANGESET_INFO_LEN: u32 = 64;
export const XEN_COMMANDLINE_LEN: u32 = 1024;
export const XEN_COMPILE_INFO_SIZE: u32 = 144;
export const XEN_GUEST_HANDLE_LEN: u32 = 16;

// XENFEAT_* bits of submap 0.
export const XENFEAT_writable_page_tables: u32 = 0;
export const XENFEAT_writable_descriptor_tables: u32 = 1;
export const XENFEAT_auto_translated_physmap: u32 = 2;
export const XENFEAT_supervisor_mode_kernel: u32 = 3;
export const XENFEAT_pae_pgdir_above_4gb: u32 = 4;
export const XENFEAT_mmu_pt_update_preserve_ad: u32 = 5;
export const XENFEAT_highmem_assist: u32 = 6;
export const XENFEAT_gnttab_map_avail_bits: u32 = 7;
export const XENFEAT_dom0: u32 = 11;
export const XENFEAT_memory_op_vnode_supported: u32 = 13;
export const XENFEAT_direct_mapped: u32 = 17;
export const XENFEAT_runstate_phys_area: u32 = 18;
export const XENFEAT_vcpu_time_phys_area: u32 = 19;
export const XENFEAT_NR_SUBMAPS: u32 = 1;
