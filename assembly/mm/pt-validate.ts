// Validation of PAE page tables, as xen/arch/x86/mm.c does it for 32-bit PV guests.
//
// This file keeps the central safety invariant of paravirtual paging: a guest can
// only ever reach, through any page table the CPU may walk, frames it owns, and it
// can never write a frame that is in use as a page table or descriptor table.
//
//   * Promoting a frame to Ln (first type reference) checks every present entry and
//     takes the reference that entry needs; on the first failure the references
//     taken so far are dropped again in reverse order and the error is returned.
//   * Demoting (last type reference dropped) releases every entry's reference.
//   * Updating one entry (mod_lN_entry) takes the new reference before writing the
//     entry and drops the old one after.
//
// References an entry holds on its target (fact sheet §4.2):
//   L1 present, RW   → general + writable type      L1 present, RO → general
//   L2 present       → general + L1 type (or, read-only, a linear L2 reference)
//   L3 slots 0-2     → general + L2 type            L3 slot 3 → L2 | pae_xen_l2
//
// Entries are 64-bit; Xen checks flags in a 24-bit view: PTE bits 0-11 plus bits
// 52-63 moved down to 12-23 (get_pte_flags).

import { frameAddr } from "../layout";
import {
  mfnValid, frameOwner, typeInfo, setTypeInfo, ft, FT_LINEAR,
  PGT_type_mask, PGT_count_mask, PGT_validated, PGT_pae_xen_l2, PGT_l1_page_table, PGT_l2_page_table,
  PGT_l3_page_table, PGT_writable_page, PGT_seg_desc_page,
} from "./frame-table";
import { getOwnerAndReference, getPage, putPage, getPageType, putPageType, getPageAndType, putPageAndType } from "./page-ref";
import { m2pL2Entry, M2P_L2_SLOTS } from "./m2p";
import { domainIsPrivileged } from "../domain/lookup";
import { EINVAL, EBUSY, EPERM } from "../public/errno";
import { DOMID_INVALID, DOMID_IO } from "../public/xen";
import { L2_XEN_FIRST } from "../public/arch-x86";
import { tlbFlushAll } from "../cpu/tlb";
import { validateSegdescPage } from "./segdesc";
import { pvDestroyDomainLdts } from "./ldt";

export const _PAGE_PRESENT: u32 = 0x001;
export const _PAGE_RW: u32 = 0x002;
export const _PAGE_USER: u32 = 0x004;
export const _PAGE_ACCESSED: u32 = 0x020;
export const _PAGE_DIRTY: u32 = 0x040;

// Disallowed flags in the 24-bit view (x86_64/page.h; release build of Xen).
const L1_DISALLOW_MASK: u32 = 0x000098;  // PWT PCD PAT
const L2_DISALLOW_MASK: u32 = 0x000198;  // PWT PCD PSE G
const L3_DISALLOW_MASK: u32 = 0xfff198;  // PWT PCD PSE G, and bits 52-63 (NX included)
// Flags a guest may change without re-validation (FASTPATH_FLAG_WHITELIST):
// NX, AVL high, AVL, G, D, A, US.
const FASTPATH_WHITELIST: u32 = 0x800000 | 0x7ff000 | 0xe00 | 0x100 | 0x040 | 0x020 | 0x004;

/** Xen's 24-bit flag view of a PTE. */
// @ts-ignore: decorator
@inline export function pteFlags(lo: u32, hi: u32): u32 { return (lo & 0xfff) | ((hi >>> 20) << 12); }

/** Frame number of a PTE, or 0xffffffff when it cannot name a frame of this machine. */
// @ts-ignore: decorator
@inline export function pteMfnOf(lo: u32, hi: u32): u32 {
  return (hi & 0xfffff) != 0 ? 0xffffffff : lo >>> 12;
}

/** True if any bit outside `ignore` (24-bit flags) or the frame differs. */
// @ts-ignore: decorator
@inline function pteChanged(olo: u32, ohi: u32, nlo: u32, nhi: u32, keep: u32): bool {
  let diffFlags = pteFlags(olo ^ nlo, ohi ^ nhi) & keep;
  let diffMfn = ((olo ^ nlo) >>> 12) | ((ohi ^ nhi) & 0xfffff);
  return diffFlags != 0 || diffMfn != 0;
}

// ── L1 ──────────────────────────────────────────────────────────────────────────────

/**
 * get_page_from_l1e: references the frame a present L1 entry maps. `pgOwner` is the
 * domain whose frames may be mapped (FD), `l1eOwner` the owner of the page table.
 */
export function getPageFromL1e(lo: u32, hi: u32, l1eOwner: u32, pgOwner: u32): i32 {
  let fl = pteFlags(lo, hi);
  if (fl & L1_DISALLOW_MASK) return -EINVAL;
  let mfn = pteMfnOf(lo, hi);
  if (!mfnValid(mfn)) {
    // Not RAM of this machine (MMIO or beyond the end): needs I/O memory rights,
    // which no guest here has. INVALID_MFN (all ones) is rejected as invalid.
    let allOnes = (lo >>> 12) == 0xfffff && (hi & 0xfffff) == 0xfffff;
    return allOnes ? -EINVAL : -EPERM;
  }
  // A free frame (or one whose count would overflow) has no owner to check against.
  let real = getOwnerAndReference(mfn);
  if (real == DOMID_INVALID) return -EBUSY;
  if (real != pgOwner) {
    // Only a privileged FD may pass on the right to map another domain's frames
    // (xsm_priv_mapping); FD == the table's owner never may.
    if (pgOwner == l1eOwner || pgOwner == DOMID_IO || !domainIsPrivileged(pgOwner)) {
      putPage(mfn);
      return -EBUSY;
    }
  }
  if ((fl & _PAGE_RW) && getPageType(mfn, PGT_writable_page) != 0) {
    putPage(mfn);
    return -EBUSY;
  }
  return 0;
}

export function putPageFromL1e(lo: u32, hi: u32, l1eOwner: u32): void {
  if (!(lo & _PAGE_PRESENT)) return;
  let mfn = pteMfnOf(lo, hi);
  if (!mfnValid(mfn)) return;
  if (lo & _PAGE_RW) { putPageAndType(mfn); return; }
  // Removing a read-only mapping of a descriptor page in use: the LDT may have been
  // mapped through it, so every vcpu of the owner forgets its shadow LDT.
  let t = typeInfo(mfn);
  if ((t & PGT_type_mask) == PGT_seg_desc_page && (t & PGT_count_mask) != 0 && frameOwner(mfn) == l1eOwner) {
    pvDestroyDomainLdts(l1eOwner);
  }
  putPage(mfn);
}

function promoteL1(mfn: u32, owner: u32): i32 {
  let p = frameAddr(mfn);
  for (let i: u32 = 0; i < 512; i++) {
    let lo = load<u32>(p + (i << 3));
    if (!(lo & _PAGE_PRESENT)) continue;
    let rc = getPageFromL1e(lo, load<u32>(p + (i << 3) + 4), owner, owner);
    if (rc != 0) {
      while (i-- > 0) putPageFromL1e(load<u32>(p + (i << 3)), load<u32>(p + (i << 3) + 4), owner);
      return rc;
    }
  }
  return 0;
}

function demoteL1(mfn: u32): void {
  let p = frameAddr(mfn);
  let owner = frameOwner(mfn);
  for (let i: u32 = 0; i < 512; i++) putPageFromL1e(load<u32>(p + (i << 3)), load<u32>(p + (i << 3) + 4), owner);
}

// ── linear page tables (fact sheet §4.3; Xen's define_get_linear_pagetable) ────────
// A page's FT_LINEAR count is > 0 while it contains linear entries and < 0 while it
// is the target of linear entries elsewhere; it may not be both.

// Xen keeps this count in a signed 16-bit field; its limits are kept here too.
const LINEAR_MAX: i32 = 32767;
const LINEAR_MIN: i32 = -32768;

function incLinearEntries(mfn: u32): bool {
  let c = load<i32>(ft(mfn) + FT_LINEAR);
  if (c < 0 || c >= LINEAR_MAX) return false;
  store<i32>(ft(mfn) + FT_LINEAR, c + 1);
  return true;
}
function decLinearEntries(mfn: u32): void {
  store<i32>(ft(mfn) + FT_LINEAR, load<i32>(ft(mfn) + FT_LINEAR) - 1);
}
function incLinearUses(mfn: u32): bool {
  let c = load<i32>(ft(mfn) + FT_LINEAR);
  if (c > 0 || c <= LINEAR_MIN) return false;
  store<i32>(ft(mfn) + FT_LINEAR, c - 1);
  return true;
}
function decLinearUses(mfn: u32): void {
  store<i32>(ft(mfn) + FT_LINEAR, load<i32>(ft(mfn) + FT_LINEAR) + 1);
}

/**
 * get_l2_linear_pagetable: a read-only L2 entry naming an already validated L2
 * (itself, or another one: then a general and an L2 type reference are taken, and
 * neither table may be on the other side of another linear link).
 */
function getL2LinearPagetable(lo: u32, hi: u32, l2mfn: u32, domid: u32): bool {
  if (lo & _PAGE_RW) return false;
  let target = pteMfnOf(lo, hi);
  if (target == l2mfn) return true; // self-map: no reference taken
  if (frameOwner(l2mfn) != domid) return false;
  if (!getPage(target, domid)) return false;
  if (!incLinearEntries(l2mfn)) { putPage(target); return false; }
  if (!incLinearUses(target)) { decLinearEntries(l2mfn); putPage(target); return false; }
  let t = typeInfo(target);
  if ((t & PGT_count_mask) == PGT_count_mask ||
      (t & (PGT_type_mask | PGT_validated)) != (PGT_l2_page_table | PGT_validated)) {
    decLinearUses(target);
    decLinearEntries(l2mfn);
    putPage(target);
    return false;
  }
  setTypeInfo(target, t + 1);
  return true;
}

// ── L2 ──────────────────────────────────────────────────────────────────────────────

/** True for the L2 slots a guest controls (not Xen's slots of a pae_xen_l2 table). */
// @ts-ignore: decorator
@inline export function isGuestL2Slot(type: u32, i: u32): bool {
  return !(type & PGT_pae_xen_l2) || i < L2_XEN_FIRST;
}

export function getPageFromL2e(lo: u32, hi: u32, l2mfn: u32, domid: u32): i32 {
  if (pteFlags(lo, hi) & L2_DISALLOW_MASK) return -EINVAL;
  let rc = getPageAndType(pteMfnOf(lo, hi), domid, PGT_l1_page_table);
  if (rc == -EINVAL && getL2LinearPagetable(lo, hi, l2mfn, domid)) rc = 0;
  return rc;
}

export function putPageFromL2e(lo: u32, hi: u32, l2mfn: u32): void {
  if (!(lo & _PAGE_PRESENT)) return;
  let mfn = pteMfnOf(lo, hi);
  if (mfn == l2mfn || !mfnValid(mfn)) return;
  if ((typeInfo(mfn) & PGT_type_mask) == PGT_l2_page_table) {
    // A linear reference: the target is an L2 like the table holding the entry.
    decLinearUses(mfn);
    decLinearEntries(l2mfn);
  }
  putPageAndType(mfn);
}

function promoteL2(mfn: u32, type: u32, owner: u32): i32 {
  let p = frameAddr(mfn);
  for (let i: u32 = 0; i < 512; i++) {
    if (!isGuestL2Slot(type, i)) continue;
    let lo = load<u32>(p + (i << 3));
    if (!(lo & _PAGE_PRESENT)) continue;
    let rc = getPageFromL2e(lo, load<u32>(p + (i << 3) + 4), mfn, owner);
    if (rc != 0) {
      while (i-- > 0) {
        if (isGuestL2Slot(type, i)) putPageFromL2e(load<u32>(p + (i << 3)), load<u32>(p + (i << 3) + 4), mfn);
      }
      return rc;
    }
  }
  if (type & PGT_pae_xen_l2) initXenPaeL2Slots(mfn);
  return 0;
}

/** Writes Xen's slots (the read-only M2P) into an L2 hooked into L3 slot 3. */
export function initXenPaeL2Slots(mfn: u32): void {
  let p = frameAddr(mfn);
  for (let i: u32 = L2_XEN_FIRST; i < 512; i++) {
    let j = i - L2_XEN_FIRST;
    store<u64>(p + (i << 3), j < M2P_L2_SLOTS ? m2pL2Entry(j) : 0);
  }
}

function demoteL2(mfn: u32, type: u32): void {
  let p = frameAddr(mfn);
  for (let i: i32 = 511; i >= 0; i--) {
    if (isGuestL2Slot(type, <u32>i)) putPageFromL2e(load<u32>(p + (i << 3)), load<u32>(p + (i << 3) + 4), mfn);
  }
}

// ── L3 ──────────────────────────────────────────────────────────────────────────────

export function getPageFromL3e(lo: u32, hi: u32, domid: u32, slot3: bool): i32 {
  if (pteFlags(lo, hi) & L3_DISALLOW_MASK) return -EINVAL;
  return getPageAndType(pteMfnOf(lo, hi), domid, slot3 ? PGT_l2_page_table | PGT_pae_xen_l2 : PGT_l2_page_table);
}

export function putPageFromL3e(lo: u32, hi: u32, l3mfn: u32): void {
  if (!(lo & _PAGE_PRESENT)) return;
  let mfn = pteMfnOf(lo, hi);
  if (mfn == l3mfn || !mfnValid(mfn)) return;
  putPageAndType(mfn);
}

/** adjust_guest_l3e for 32-bit guests: present L3 entries get RW and US. */
// @ts-ignore: decorator
@inline function adjustL3(lo: u32): u32 { return (lo & _PAGE_PRESENT) ? lo | _PAGE_RW | _PAGE_USER : lo; }

function promoteL3(mfn: u32, owner: u32): i32 {
  let p = frameAddr(mfn);
  // The whole page is visible to the MMU under 32-on-64 Xen: entries 4-511 are cleared.
  memory.fill(p + 32, 0, 4096 - 32);
  for (let i: u32 = 0; i < 4; i++) {
    let lo = load<u32>(p + (i << 3));
    let hi = load<u32>(p + (i << 3) + 4);
    let rc: i32 = 0;
    if (i == 3) {
      if (!(lo & _PAGE_PRESENT) || (pteFlags(lo, hi) & L3_DISALLOW_MASK)) rc = -EINVAL;
      else {
        rc = getPageFromL3e(lo, hi, owner, true);
        // The slot-3 L2 holds Xen's mappings: it may not be shared with another L3.
        if (rc == 0 && (typeInfo(pteMfnOf(lo, hi)) & PGT_count_mask) != 1) {
          putPageAndType(pteMfnOf(lo, hi));
          rc = -EINVAL;
        }
      }
    } else if (lo & _PAGE_PRESENT) {
      rc = getPageFromL3e(lo, hi, owner, false);
    }
    if (rc != 0) {
      // Undo in reverse, and take back the RW|US Xen added (unadjust_guest_l3e).
      while (i-- > 0) {
        let e = p + (i << 3);
        putPageFromL3e(load<u32>(e), load<u32>(e, 4), mfn);
        if (load<u32>(e) & _PAGE_PRESENT) store<u32>(e, load<u32>(e) & ~(_PAGE_RW | _PAGE_USER));
      }
      return rc;
    }
    store<u32>(p + (i << 3), adjustL3(lo));
  }
  return 0;
}

function demoteL3(mfn: u32): void {
  let p = frameAddr(mfn);
  for (let i: i32 = 3; i >= 0; i--) {
    let e = p + (i << 3);
    let lo = load<u32>(e);
    putPageFromL3e(lo, load<u32>(e, 4), mfn);
    // demote_l3_table unadjusts every entry whose reference it dropped.
    if ((lo & _PAGE_PRESENT) && pteMfnOf(lo, load<u32>(e, 4)) != mfn) store<u32>(e, lo & ~(_PAGE_RW | _PAGE_USER));
  }
}

// ── entry points used by page-ref.ts ────────────────────────────────────────────────

/** validate_page: promotes `mfn` to `type`. */
export function validatePage(mfn: u32, type: u32): i32 {
  let owner = frameOwner(mfn);
  switch (type & PGT_type_mask) {
    case PGT_l1_page_table: return promoteL1(mfn, owner);
    case PGT_l2_page_table: return promoteL2(mfn, type, owner);
    case PGT_l3_page_table: return promoteL3(mfn, owner);
    default: return validateSegdescPage(mfn);
  }
}


/** devalidate_page: releases every reference the entries of page table `mfn` hold. */
export function devalidatePage(mfn: u32, type: u32): void {
  switch (type & PGT_type_mask) {
    case PGT_l1_page_table: demoteL1(mfn); break;
    case PGT_l2_page_table: demoteL2(mfn, type); break;
    case PGT_l3_page_table: demoteL3(mfn); break;
  }
}

// ── single-entry updates (mod_l1_entry, mod_l2_entry, mod_l3_entry) ──────────────────

/**
 * TLB coherence for one changed entry. The software TLB only ever holds
 * translations walked through present entries, and every change to a present
 * entry flushes it; so when the old entry was not present no live translation can
 * depend on it, and the flush is skipped (the common case when a guest fills new
 * tables). A present entry's change, the fast path included, always flushes.
 */
// @ts-ignore: decorator
@inline function flushIfWasPresent(olo: u32): void {
  if (olo & _PAGE_PRESENT) tlbFlushAll();
}

/** Optional OR of A/D bits from the old entry (MMU_PT_UPDATE_PRESERVE_AD). */
// @ts-ignore: decorator
@inline function withAD(nlo: u32, olo: u32, preserveAd: bool): u32 {
  return preserveAd ? nlo | (olo & (_PAGE_ACCESSED | _PAGE_DIRTY)) : nlo;
}

/** Updates the L1 entry at host address `pe` (in L1 table `l1mfn` of `ptOwner`). */
export function modL1Entry(pe: u32, nlo: u32, nhi: u32, ptOwner: u32, pgOwner: u32, preserveAd: bool): i32 {
  let olo = load<u32>(pe), ohi = load<u32>(pe, 4);
  if (nlo & _PAGE_PRESENT) {
    if (pteFlags(nlo, nhi) & L1_DISALLOW_MASK) return -EINVAL;
    if (!pteChanged(olo, ohi, nlo, nhi, ~FASTPATH_WHITELIST) && (olo & _PAGE_PRESENT)) {
      store<u32>(pe, withAD(nlo, olo, preserveAd));
      store<u32>(pe, nhi, 4);
      tlbFlushAll();
      return 0;
    }
    let rc = getPageFromL1e(nlo, nhi, ptOwner, pgOwner);
    if (rc != 0) return rc;
  }
  store<u32>(pe, withAD(nlo, olo, preserveAd));
  store<u32>(pe, nhi, 4);
  putPageFromL1e(olo, ohi, ptOwner);
  flushIfWasPresent(olo);
  return 0;
}

export function modL2Entry(pe: u32, slot: u32, nlo: u32, nhi: u32, l2mfn: u32, domid: u32, preserveAd: bool): i32 {
  if (!isGuestL2Slot(typeInfo(l2mfn), slot)) return -EPERM;
  let olo = load<u32>(pe), ohi = load<u32>(pe, 4);
  if (nlo & _PAGE_PRESENT) {
    if (pteFlags(nlo, nhi) & L2_DISALLOW_MASK) return -EINVAL;
    if (!pteChanged(olo, ohi, nlo, nhi, ~FASTPATH_WHITELIST) && (olo & _PAGE_PRESENT)) {
      store<u32>(pe, withAD(nlo, olo, preserveAd));
      store<u32>(pe, nhi, 4);
      tlbFlushAll();
      return 0;
    }
    let rc = getPageFromL2e(nlo, nhi, l2mfn, domid);
    if (rc != 0) return rc;
  }
  store<u32>(pe, withAD(nlo, olo, preserveAd));
  store<u32>(pe, nhi, 4);
  putPageFromL2e(olo, ohi, l2mfn);
  flushIfWasPresent(olo);
  return 0;
}

export function modL3Entry(pe: u32, slot: u32, nlo: u32, nhi: u32, l3mfn: u32, domid: u32, preserveAd: bool): i32 {
  // Slot 3 holds Xen's mappings and may never change; 4-511 do not exist for PAE.
  if (slot >= 3) return -EINVAL;
  let olo = load<u32>(pe), ohi = load<u32>(pe, 4);
  if (nlo & _PAGE_PRESENT) {
    if (pteFlags(nlo, nhi) & L3_DISALLOW_MASK) return -EINVAL;
    if (!pteChanged(olo, ohi, nlo, nhi, ~FASTPATH_WHITELIST) && (olo & _PAGE_PRESENT)) {
      store<u32>(pe, adjustL3(withAD(nlo, olo, preserveAd)));
      store<u32>(pe, nhi, 4);
      tlbFlushAll();
      return 0;
    }
    let rc = getPageFromL3e(nlo, nhi, domid, false);
    if (rc != 0) return rc;
  }
  store<u32>(pe, adjustL3(withAD(nlo, olo, preserveAd)));
  store<u32>(pe, nhi, 4);
  putPageFromL3e(olo, ohi, l3mfn);
  flushIfWasPresent(olo);
  return 0;
}
