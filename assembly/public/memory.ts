// memory_op (#12): xen/include/public/memory.h as seen by a 32-bit guest (fact
// sheet §8.3). `cmd` bits 5:0 name the operation; bits 31:6 are the extent to start
// from (Xen's continuation encoding; guests pass 0).

export const MEMOP_EXTENT_SHIFT: u32 = 6;
export const MEMOP_CMD_MASK: u32 = (1 << MEMOP_EXTENT_SHIFT) - 1;

export const XENMEM_increase_reservation: u32 = 0;
export const XENMEM_decrease_reservation: u32 = 1;
export const XENMEM_maximum_ram_page: u32 = 2;
export const XENMEM_current_reservation: u32 = 3;
export const XENMEM_maximum_reservation: u32 = 4;
export const XENMEM_machphys_mfn_list: u32 = 5;
export const XENMEM_populate_physmap: u32 = 6;
export const XENMEM_add_to_physmap: u32 = 7;
export const XENMEM_memory_map: u32 = 9;
export const XENMEM_machine_memory_map: u32 = 10;
export const XENMEM_exchange: u32 = 11;
export const XENMEM_machphys_mapping: u32 = 12;
export const XENMEM_set_memory_map: u32 = 13;
export const XENMEM_maximum_gpfn: u32 = 14;
export const XENMEM_machphys_compat_mfn_list: u32 = 25;

/**
 * struct xen_memory_reservation (20 bytes):
 *   +0  extent_start  IN/OUT  guest pointer to u32 frame numbers (may be NULL for
 *                             increase_reservation)
 *   +4  nr_extents    IN
 *   +8  extent_order  IN      each extent is 2^order frames (at most 9 for a domU)
 *   +12 mem_flags     IN      bits 7:0 address-bit limit (0 = none), node bits above
 *   +16 domid         IN      u16, DOMID_SELF for an unprivileged caller
 * Errors are short counts: the number of extents done.
 */
export const XMR_extent_start: u32 = 0;
export const XMR_nr_extents: u32 = 4;
export const XMR_extent_order: u32 = 8;
export const XMR_mem_flags: u32 = 12;
export const XMR_domid: u32 = 16;
export const XMR_SIZE: u32 = 20;

/** Largest extent order a domain without I/O resources may ask for (domu_max_order). */
export const DOMU_MAX_ORDER: u32 = 9;

/** struct xen_machphys_mfn_list: max_extents IN, extent_start IN, nr_extents OUT. */
export const XMML_max_extents: u32 = 0;
export const XMML_extent_start: u32 = 4;
export const XMML_nr_extents: u32 = 8;
export const XMML_SIZE: u32 = 12;

/** struct xen_machphys_mapping: v_start, v_end, max_mfn (all OUT). */
export const XMM_SIZE: u32 = 12;
export const MACH2PHYS_COMPAT_VIRT_START: u32 = 0xf5800000;
export const MACH2PHYS_COMPAT_VIRT_END: u32 = 0xffe00000;

/**
 * struct xen_memory_map (8 bytes): nr_entries IN capacity / OUT count, buffer → an
 * array of packed E820 entries { addr u64, size u64, type u32 } (20 bytes each).
 * -ENOSYS when the toolstack set no map.
 */
export const XMMAP_nr_entries: u32 = 0;
export const XMMAP_buffer: u32 = 4;
export const E820_ENTRY_SIZE: u32 = 20;
export const E820_RAM: u32 = 1;
