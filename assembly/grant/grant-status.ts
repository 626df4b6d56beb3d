// The GTF flag protocol on a granting domain's shared entries, and finding the
// frame an entry names (xen/common/grant_table.c _set_status_v1,
// gnttab_clear_flags, get_paged_frame).
//
// A guest writes its entries at any time; Xen reads an entry once per step and
// works from that copy. Xen sets GTF_reading (and GTF_writing for writable access)
// while an entry is pinned, and clears them when the last pin needing them goes; the
// guest checks them before revoking a grant. The core is single-threaded, so the
// compare-and-exchange Xen retries against a racing guest always succeeds here.

import { mfnValid } from "../mm/frame-table";
import { getPage } from "../mm/page-ref";
import { ACT_pin } from "./grant-table";
import {
  GTF_permit_access, GTF_type_mask, GTF_sub_page, GTF_readonly, GTF_reading, GTF_writing,
  GNTST_okay, GNTST_general_error, GNTST_bad_page,
} from "../public/grant-table";

/**
 * _set_status_v1: checks an unpinned entry grants `ldomid` access (for a mapping,
 * not a sub-page grant) and sets GTF_reading, plus GTF_writing unless `readonly`
 * (refused for a GTF_readonly grant). GNTST_okay or GNTST_general_error.
 */
export function setStatusV1(shah: u32, act: u32, readonly: bool, mapflag: bool, ldomid: u32): i32 {
  let flags = <u32>load<u16>(shah);
  let domid = <u32>load<u16>(shah, 2);
  let mask: u32 = GTF_type_mask | (mapflag ? GTF_sub_page : 0);
  if (load<u32>(act + ACT_pin) == 0 && ((flags & mask) != GTF_permit_access || domid != ldomid)) return GNTST_general_error;
  let nflags = flags | GTF_reading;
  if (!readonly) {
    if (flags & GTF_readonly) return GNTST_general_error;
    nflags |= GTF_writing;
  }
  store<u16>(shah, <u16>nflags);
  return GNTST_okay;
}

/** gnttab_clear_flags: clears `mask` in the entry's flags. */
// @ts-ignore: decorator
@inline export function gnttabClearFlags(shah: u32, mask: u32): void {
  store<u16>(shah, load<u16>(shah) & <u16>~mask);
}

/** Set by getPagedFrame on success. */
export let pagedMfn: u32 = 0;

/**
 * get_paged_frame for a PV (untranslated) domain: the frame number is the MFN, and
 * it must be one `domid` owns. Takes a general reference (in pagedMfn). GNTST_*.
 */
export function getPagedFrame(gfn: u32, domid: u32): i32 {
  if (!mfnValid(gfn) || !getPage(gfn, domid)) return GNTST_bad_page;
  pagedMfn = gfn;
  return GNTST_okay;
}
