// Grant host mappings of a PV guest (xen/arch/x86/pv/grant_table.c; fact sheet §7.4).
//
// A PV grant mapping is one L1 entry of the mapping domain's own validated page
// tables, written directly: the references it needs (general, plus a writable type
// reference for a writable mapping) are taken by the grant code before, and
// dropped by it after the entry is cleared again, so an entry made here holds
// exactly what an ordinary entry for the frame would. If the guest overwrites the
// entry itself, putPageFromL1e drops those references as for any entry, and a
// later unmap of the handle fails because the entry no longer names the frame.
//
// The entry is named by a linear address in the current address space (its L2
// entry must be present, its L1 a validated L1 table of the caller), or with
// GNTMAP_contains_pte by the machine address of the entry itself.

import { frameAddr } from "../layout";
import { mfnValid, typeInfo, PGT_type_mask, PGT_l1_page_table } from "../mm/frame-table";
import { getPage, putPage } from "../mm/page-ref";
import { pageInUse } from "../mm/mmu-update";
import { putPageFromL1e, pteMfnOf, _PAGE_PRESENT, _PAGE_RW, _PAGE_USER, _PAGE_ACCESSED, _PAGE_DIRTY } from "../mm/pt-validate";
import { _PAGE_NX_HI } from "../cpu/paging";
import { cr3Mfn } from "../cpu/state";
import { tlbFlushAll } from "../cpu/tlb";
import { GNTMAP_readonly, GNTMAP_application_map, GNTMAP_contains_pte, _GNTMAP_guest_avail0, GNTST_okay, GNTST_general_error } from "../public/grant-table";

/** Set by mapGuestL1e: the L1 table holding the entry it returned. */
let gl1mfn: u32 = 0;

/**
 * map_guest_l1e: host address of the L1 entry mapping `lin` in the current address
 * space, or 0 if no L1 table covers it (L3 or L2 entry not present, or a superpage).
 */
function mapGuestL1e(lin: u32): u32 {
  if (!mfnValid(cr3Mfn)) return 0;
  let e3 = load<u64>(frameAddr(cr3Mfn) + ((lin >>> 30) << 3));
  if (!(e3 & _PAGE_PRESENT)) return 0;
  let l2 = pteMfnOf(<u32>e3, <u32>(e3 >> 32));
  if (!mfnValid(l2)) return 0;
  let e2 = load<u64>(frameAddr(l2) + (((lin >>> 21) & 511) << 3));
  if (!(e2 & _PAGE_PRESENT) || (e2 & 0x80)) return 0;
  let l1 = pteMfnOf(<u32>e2, <u32>(e2 >> 32));
  if (!mfnValid(l1)) return 0;
  gl1mfn = l1;
  return frameAddr(l1) + (((lin >>> 12) & 511) << 3);
}

/** grant_to_pte_flags (low word): P A D, RW unless read-only, US for applications, AVL. */
function grantPteLo(flags: u32): u32 {
  let f = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY;
  if (flags & GNTMAP_application_map) f |= _PAGE_USER;
  if (!(flags & GNTMAP_readonly)) f |= _PAGE_RW;
  f |= ((flags >>> _GNTMAP_guest_avail0) & 7) << 9;
  return f;
}

/**
 * Finds the L1 entry a grant operation names and takes a reference on its table:
 * the entry's host address (gl1mfn set), or 0 if it names none the caller owns.
 */
function lockedL1e(addrLo: u32, addrHi: u32, flags: u32, domid: u32): u32 {
  let pe: u32 = 0;
  if (flags & GNTMAP_contains_pte) {
    // A misaligned entry address would corrupt its neighbours.
    if ((addrLo & 7) != 0 || addrHi >= 0x1000) return 0;
    gl1mfn = (addrHi << 20) | (addrLo >>> 12);
    if (!mfnValid(gl1mfn)) return 0;
    pe = frameAddr(gl1mfn) + (addrLo & 0xfff);
  } else {
    // A 32-bit guest names linear addresses below 4 GiB only.
    if (addrHi != 0) return 0;
    pe = mapGuestL1e(addrLo);
    if (pe == 0) return 0;
  }
  if (!getPage(gl1mfn, domid)) return 0;
  // page_lock: a validated table in use, and an L1.
  if (!pageInUse(gl1mfn) || (typeInfo(gl1mfn) & PGT_type_mask) != PGT_l1_page_table) {
    putPage(gl1mfn);
    return 0;
  }
  return pe;
}

/** create_grant_pv_mapping: points the named L1 entry at `mfn`. GNTST_*. */
export function createGrantPvMapping(addrLo: u32, addrHi: u32, mfn: u32, flags: u32, domid: u32): i32 {
  let pe = lockedL1e(addrLo, addrHi, flags, domid);
  if (pe == 0) return GNTST_general_error;
  let olo = load<u32>(pe), ohi = load<u32>(pe, 4);
  store<u32>(pe, (mfn << 12) | grantPteLo(flags));
  store<u32>(pe, (mfn >>> 20) | _PAGE_NX_HI, 4);
  putPage(gl1mfn);
  // What the entry mapped before is released as any replaced entry is.
  putPageFromL1e(olo, ohi, domid);
  if (olo & _PAGE_PRESENT) tlbFlushAll();
  return GNTST_okay;
}

/**
 * steal_linear_address: clears the L1 entry mapping `lin` and returns it in
 * stolenLo/Hi (its references go with it). False if there is no such entry.
 */
let stolenLo: u32 = 0, stolenHi: u32 = 0;
function stealLinearAddress(lin: u32, domid: u32): bool {
  let pe = lockedL1e(lin, 0, 0, domid);
  if (pe == 0) return false;
  stolenLo = load<u32>(pe);
  stolenHi = load<u32>(pe, 4);
  store<u64>(pe, 0);
  putPage(gl1mfn);
  if (stolenLo & _PAGE_PRESENT) tlbFlushAll();
  return true;
}

/**
 * replace_grant_pv_mapping: the named entry must still map `frame` with the
 * grant's present and RW bits; it is cleared, or with `newLo` (unmap_and_replace)
 * given the entry that mapped that address (which is zapped). The grant code drops
 * the mapping's references afterwards. GNTST_*.
 */
export function replaceGrantPvMapping(addrLo: u32, addrHi: u32, frame: u32, newLo: u32, newHi: u32, flags: u32, domid: u32): i32 {
  let nlo: u32 = 0, nhi: u32 = 0;
  let haveNew = (newLo | newHi) != 0;
  if (flags & GNTMAP_contains_pte) {
    if (haveNew) return GNTST_general_error; // replace is not available in this mode
  } else {
    if (addrHi != 0 || newHi != 0) return GNTST_general_error;
    if (haveNew) {
      if (!stealLinearAddress(newLo, domid)) return GNTST_general_error;
      nlo = stolenLo;
      nhi = stolenHi;
    }
  }
  let rc = GNTST_general_error;
  let pe = lockedL1e(addrLo, addrHi, flags, domid);
  if (pe != 0) {
    let olo = load<u32>(pe), ohi = load<u32>(pe, 4);
    let want = grantPteLo(flags);
    if ((olo & _PAGE_PRESENT) && pteMfnOf(olo, ohi) == frame && ((olo ^ want) & (_PAGE_PRESENT | _PAGE_RW)) == 0) {
      store<u32>(pe, nlo);
      store<u32>(pe, nhi, 4);
      tlbFlushAll();
      rc = GNTST_okay;
    }
    putPage(gl1mfn);
  }
  // On failure the stolen entry's references are still ours to drop.
  if (rc != GNTST_okay) putPageFromL1e(nlo, nhi, domid);
  return rc;
}
