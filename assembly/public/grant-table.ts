// grant_table_op (xen/include/public/grant_table.h). Fact sheet §7.
//
//   grant_table_op(cmd, uops, count)   (#20)
// uops points to `count` structs of the command's type (laid out below for x86_32).
// The call returns 0, or a negative errno when the whole call fails (-EFAULT for an
// unreadable array, -EINVAL for a negative count or bits above the command number,
// -ENOSYS for an unknown command); each struct's `status` says how its own operation
// went (GNTST_*).
//
// A domain's grant table is an array of grant_entry_v1 in Xen-allocated frames it
// shares with Xen: 8 bytes per entry, 512 per frame.
//
//   grant_entry_v1 (8)    +0 flags u16 (GTF_*)  +2 domid u16 (grantee)  +4 frame u32 (MFN)

// ── commands ─────────────────────────────────────────────────────────────────────────
export const GNTTABOP_map_grant_ref: u32 = 0;
//   gnttab_map_grant_ref (32): +0 host_addr u64 IN  +8 flags u32 IN (GNTMAP_*)
//     +12 ref u32 IN  +16 dom u16 IN (granting domain, by number: DOMID_SELF is not
//     looked up)  +18 status i16 OUT  +20 handle u32 OUT  +24 dev_bus_addr u64 OUT
export const GNTTABOP_unmap_grant_ref: u32 = 1;
//   gnttab_unmap_grant_ref (24): +0 host_addr u64 IN (0: not the host mapping)
//     +8 dev_bus_addr u64 IN (0: not the device mapping)  +16 handle u32 IN
//     +20 status i16 OUT
export const GNTTABOP_setup_table: u32 = 2;
//   gnttab_setup_table (16): +0 dom u16 IN  +4 nr_frames u32 IN  +8 status i16 OUT
//     +12 frame_list u32 IN, pointer to nr_frames u32 MFNs OUT. count must be 1.
export const GNTTABOP_dump_table: u32 = 3;
//   gnttab_dump_table (4): +0 dom u16 IN  +2 status i16 OUT. Debugging: the table's
//     entries in use go to the hypervisor log.
export const GNTTABOP_transfer: u32 = 4;
//   gnttab_transfer (16): +0 mfn u32 IN  +4 domid u16 IN  +8 ref u32 IN  +12 status i16 OUT
export const GNTTABOP_copy: u32 = 5;
//   gnttab_copy (24): +0 source.u (ref or gmfn) u32  +4 source.domid u16
//     +6 source.offset u16  +8 dest.u u32  +12 dest.domid u16  +14 dest.offset u16
//     +16 len u16  +18 flags u16 (GNTCOPY_*)  +20 status i16 OUT
export const GNTTABOP_query_size: u32 = 6;
//   gnttab_query_size (16): +0 dom u16 IN  +4 nr_frames u32 OUT  +8 max_nr_frames u32 OUT
//     +12 status i16 OUT. count must be 1.
export const GNTTABOP_unmap_and_replace: u32 = 7;
//   gnttab_unmap_and_replace (24): +0 host_addr u64  +8 new_addr u64  +16 handle u32
//     +20 status i16 OUT
export const GNTTABOP_set_version: u32 = 8;
//   gnttab_set_version (4): +0 version u32 IN/OUT
export const GNTTABOP_get_status_frames: u32 = 9;
//   gnttab_get_status_frames (12): +0 nr_frames u32  +4 dom u16  +6 status i16 OUT
//     +8 frame_list u32, pointer to u64 frames OUT
export const GNTTABOP_get_version: u32 = 10;
//   gnttab_get_version (8): +0 dom u16  +2 pad  +4 version u32 OUT
export const GNTTABOP_swap_grant_ref: u32 = 11;
//   gnttab_swap_grant_ref (12): +0 ref_a u32  +4 ref_b u32  +8 status i16 OUT
export const GNTTABOP_cache_flush: u32 = 12;
//   gnttab_cache_flush (16): +0 dev_bus_addr u64 (or ref u32)  +8 offset u16  +10 length u16
//     +12 op u32 (GNTTAB_CACHE_CLEAN 1, GNTTAB_CACHE_INVAL 2). x86 is cache-coherent:
//     cleaning succeeds, invalidating alone is -EOPNOTSUPP.

/** Bytes of each command's struct (index = cmd). */
export const GNTTABOP_ARG_SIZE: StaticArray<u8> = [32, 24, 16, 4, 16, 24, 16, 24, 4, 12, 8, 12, 16];

// Command word: bits 0-11 the command; the rest must be zero (Xen's continuation
// argument, used only by cache_flush).
export const GNTTABOP_CMD_MASK: u32 = 0xfff;

// ── grant entry flags (GTF_*) ────────────────────────────────────────────────────────
export const GTF_invalid: u16 = 0;
export const GTF_permit_access: u16 = 1;    // domid may map or copy frame
export const GTF_accept_transfer: u16 = 2;  // domid may transfer a page into this slot
export const GTF_transitive: u16 = 3;       // v2 only
export const GTF_type_mask: u16 = 3;
export const GTF_readonly: u16 = 1 << 2;    // permit_access: no writable access
export const GTF_reading: u16 = 1 << 3;     // Xen: mapped or being copied from
export const GTF_writing: u16 = 1 << 4;     // Xen: mapped writable or being copied to
export const GTF_PWT: u16 = 1 << 5;
export const GTF_PCD: u16 = 1 << 6;
export const GTF_PAT: u16 = 1 << 7;
export const GTF_sub_page: u16 = 1 << 8;    // v2 only
export const GTF_transfer_committed: u16 = 1 << 2;  // accept_transfer: Xen is transferring
export const GTF_transfer_completed: u16 = 1 << 3;  // accept_transfer: frame holds the MFN

// ── map flags (GNTMAP_*) ─────────────────────────────────────────────────────────────
export const GNTMAP_device_map: u32 = 1 << 0;       // for device access: dev_bus_addr returned
export const GNTMAP_host_map: u32 = 1 << 1;         // for CPU access at host_addr
export const GNTMAP_readonly: u32 = 1 << 2;
export const GNTMAP_application_map: u32 = 1 << 3;  // the PTE gets _PAGE_USER
export const GNTMAP_contains_pte: u32 = 1 << 4;     // host_addr is the machine address of a PTE
export const _GNTMAP_guest_avail0: u32 = 16;        // bits 16-18 go to the PTE's AVL bits 9-11

// ── copy flags (GNTCOPY_*) ───────────────────────────────────────────────────────────
export const GNTCOPY_source_gref: u32 = 1 << 0;
export const GNTCOPY_dest_gref: u32 = 1 << 1;

// ── status codes (GNTST_*) ───────────────────────────────────────────────────────────
export const GNTST_okay: i32 = 0;
export const GNTST_general_error: i32 = -1;     // bad entry flags or domid, read-only, limits
export const GNTST_bad_domain: i32 = -2;
export const GNTST_bad_gntref: i32 = -3;        // ref out of range, or neither host nor device map
export const GNTST_bad_handle: i32 = -4;
export const GNTST_bad_virt_addr: i32 = -5;
export const GNTST_bad_dev_addr: i32 = -6;
export const GNTST_no_device_space: i32 = -7;   // out of maptrack handles
export const GNTST_permission_denied: i32 = -8;
export const GNTST_bad_page: i32 = -9;
export const GNTST_bad_copy_arg: i32 = -10;     // copy beyond the page
export const GNTST_address_too_big: i32 = -11;
export const GNTST_eagain: i32 = -12;
export const GNTST_no_space: i32 = -13;

// ── table geometry and limits ────────────────────────────────────────────────────────
export const GRANT_ENTRY_V1_SIZE: u32 = 8;
export const GRANT_ENTRIES_PER_FRAME: u32 = 512;
export const GNTTAB_NR_RESERVED_ENTRIES: u32 = 8;
export const GNTTAB_RESERVED_CONSOLE: u32 = 0;
export const GNTTAB_RESERVED_XENSTORE: u32 = 1;
export const INITIAL_NR_GRANT_FRAMES: u32 = 1;
/** Default per-domain limits (Xen's gnttab_max_frames, gnttab_max_maptrack_frames). */
export const DEFAULT_MAX_GRANT_FRAMES: u32 = 64;
export const DEFAULT_MAX_MAPTRACK_FRAMES: u32 = 1024;
