// General and type references on frames (xen/arch/x86/mm.c get_page, put_page,
// _get_page_type, _put_page_type).
//
// Invariants:
//   * count_info counts every reference to a frame; the owner's allocation holds one
//     (PGC_allocated). At zero the frame is freed.
//   * type_info's count counts uses that need the frame to keep its type: page-table
//     links and pins for PT types, writable mappings for PGT_writable_page, GDT/LDT
//     use for PGT_seg_desc_page. A frame changes type only while that count is 0;
//     taking the first reference of a page-table type validates the whole page, and
//     dropping the last one devalidates it (drops what its entries reference).
//   * A frame that changes type, or is freed, is first flushed from every TLB, so no
//     stale writable translation survives into its life as a page table.

import {
  mfnValid, countInfo, setCountInfo, typeInfo, setTypeInfo, frameOwner,
  PGC_count_mask, PGT_type_mask, PGT_count_mask, PGT_validated, PGT_pae_xen_l2,
  PGT_writable_page, PGT_shared_page, PGT_l4_page_table, PGT_l1_page_table, PGT_l2_page_table,
  PGT_l3_page_table, PGT_seg_desc_page, PGT_none,
} from "./frame-table";
import { releaseFrame } from "./page-list";
import { setGpfnFromMfn, INVALID_M2P_ENTRY } from "./m2p";
import { tlbFlushAll } from "../cpu/tlb";
import { EINVAL } from "../public/errno";
import { DOMID_INVALID } from "../public/xen";
import { validatePage, devalidatePage } from "./pt-validate";

/**
 * Takes a general reference on an allocated frame and returns its owner
 * (page_get_owner_and_reference), or DOMID_INVALID if it is free or would overflow.
 */
export function getOwnerAndReference(mfn: u32): u32 {
  if (!mfnValid(mfn)) return DOMID_INVALID;
  let c = countInfo(mfn);
  // Count 0: not allocated. Count at or near the maximum: would wrap.
  if (((c + 2) & PGC_count_mask) <= 2) return DOMID_INVALID;
  let owner = frameOwner(mfn);
  // A frame kept alive only by foreign references after its owner died has no
  // owner any more: nobody may take new references to it.
  if (owner == DOMID_INVALID) return DOMID_INVALID;
  setCountInfo(mfn, c + 1);
  return owner;
}

/** get_page: a general reference on a frame owned by `domid`. */
export function getPage(mfn: u32, domid: u32): bool {
  let owner = getOwnerAndReference(mfn);
  if (owner == domid) return true;
  if (owner != DOMID_INVALID) putPage(mfn);
  return false;
}

/** put_page: drops a general reference; the last one frees the frame. */
export function putPage(mfn: u32): void {
  let c = countInfo(mfn) - 1;
  setCountInfo(mfn, c);
  if ((c & PGC_count_mask) == 0) {
    // Make sure nothing can still reach it through a cached translation.
    tlbFlushAll();
    let t = typeInfo(mfn);
    if ((t & PGT_type_mask) == PGT_writable_page) setTypeInfo(mfn, t & ~(PGT_type_mask | PGT_count_mask));
    setGpfnFromMfn(mfn, INVALID_M2P_ENTRY);
    releaseFrame(mfn);
  }
}

// @ts-ignore: decorator
@inline export function isPageTableType(t: u32): bool {
  let ty = t & PGT_type_mask;
  return ty >= PGT_l1_page_table && ty <= PGT_l4_page_table;
}

/**
 * _get_page_type: takes a type reference of `type` (a PGT_* type, possibly with
 * PGT_pae_xen_l2). Returns 0 or a negative errno (-EINVAL for a conflicting type or
 * the validation error of the first bad entry).
 */
export function getPageType(mfn: u32, type: u32): i32 {
  let x = typeInfo(mfn);
  let nx = x + 1;
  if ((nx & PGT_count_mask) == 0) return -EINVAL; // type count overflow
  if ((x & PGT_count_mask) == 0) {
    if ((x & PGT_type_mask) != type) {
      // Type change: flush stale TLB entries first (a frame about to become a page
      // table must not stay writable through a cached translation).
      tlbFlushAll();
      nx &= ~(PGT_type_mask | PGT_validated | PGT_pae_xen_l2);
      nx |= type;
      if (type == PGT_writable_page || type == PGT_shared_page || type == PGT_none) nx |= PGT_validated;
    }
  } else if ((x & (PGT_type_mask | PGT_pae_xen_l2)) != type) {
    return -EINVAL;
  } else if (!(x & PGT_validated)) {
    // Cannot happen in a single-threaded core: validation never yields half-way.
    return -EINVAL;
  }
  setTypeInfo(mfn, nx);
  if (!(nx & PGT_validated)) {
    let rc = validatePage(mfn, type);
    if (rc != 0) {
      setTypeInfo(mfn, 0);
      return rc;
    }
    setTypeInfo(mfn, typeInfo(mfn) | PGT_validated);
  }
  return 0;
}

/** _put_page_type: drops a type reference; the last one devalidates a page table. */
export function putPageType(mfn: u32): void {
  let x = typeInfo(mfn);
  let nx = x - 1;
  if ((nx & PGT_count_mask) == 0 && isPageTableType(x) && (x & PGT_validated)) {
    // Clear 'validated' before dropping what the entries reference.
    setTypeInfo(mfn, x & ~PGT_validated);
    devalidatePage(mfn, x);
    tlbFlushAll();
    setTypeInfo(mfn, (typeInfo(mfn) - 1) & ~(PGT_validated | PGT_pae_xen_l2));
    return;
  }
  setTypeInfo(mfn, nx);
}

/** get_page_and_type_from_mfn: -EINVAL if the frame is not `domid`'s. */
export function getPageAndType(mfn: u32, domid: u32, type: u32): i32 {
  if (!getPage(mfn, domid)) return -EINVAL;
  let rc = getPageType(mfn, type);
  if (rc != 0) putPage(mfn);
  return rc;
}

export function putPageAndType(mfn: u32): void {
  putPageType(mfn);
  putPage(mfn);
}

export { PGT_l1_page_table, PGT_l2_page_table, PGT_l3_page_table, PGT_seg_desc_page, PGT_writable_page };
