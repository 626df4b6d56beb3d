// The MMU invariant checker: an independent audit of the frame table, every
// domain's validated page tables, the vcpus' references and the software TLB.
//
// It recomputes from scratch what the reference counts must be — one general
// reference per allocation, per present entry of a validated table, per pin, per
// vcpu CR3, GDT frame and mapped LDT page, per grant device mapping and host
// mapping by domain 0; one type reference per RW L1 entry, per present L2/L3 entry,
// per pin, CR3, GDT and LDT use and writable grant mapping — and compares them with
// the frame table; and each active grant's pins with the mappings of it. It also checks what the safety argument of pt-validate.ts rests on:
// no frame typed as a page table or descriptor page is reachable through a writable
// L1 entry; every entry maps only a frame its table's owner may map; Xen's slots and
// the hypervisor hole are intact; and every live TLB entry agrees with a fresh walk
// of the current tables (no stale translation). Slow on purpose; called by tests.
//
// Results: the number of violations; the first one's code and frame in mmCheckCode,
// mmCheckMfn, mmCheckAux.

import { frameAddr, TLB_BASE, TLB_ENTRIES, TLB_ENTRY_SIZE, PAGE_MASK } from "../layout";
import {
  nrFrames, frameTableBase, FRAME_SIZE, ft, FT_LINEAR, frameOwner, countInfo, typeInfo, PGC_count_mask, PGC_allocated, PGC_xen_heap,
  PGT_type_mask, PGT_count_mask, PGT_validated, PGT_pinned, PGT_pae_xen_l2, PGT_l1_page_table, PGT_l2_page_table,
  PGT_l3_page_table, PGT_seg_desc_page, PGT_writable_page,
} from "./frame-table";
import { m2pL2Entry, M2P_L2_SLOTS } from "./m2p";
import { domainListHead } from "../domain/domain";
import { domainLookupAddr, domainIsPrivileged } from "../domain/lookup";
import {
  D_next, D_max_vcpus, D_vcpu, D_domain_id, V_cr3_mfn, V_gdt_ents, V_gdt_frames, V_ldt_shadow, V_ldt_mapcnt,
} from "../domain/layout";
import { L2_XEN_FIRST } from "../public/arch-x86";
import { DOMID_XEN, DOMID_INVALID } from "../public/xen";
import { tlbGen, T_KR, T_KW, T_UR, T_UW, T_MFN } from "../cpu/tlb";
import { cr3Mfn } from "../cpu/state";
import { gtOf, nrGrantEntries, activeEntry, ACT_mfn, ACT_domid, ACT_pin, ACT_audit, GNTPIN_devr_inc, GNTPIN_devw_inc, GNTPIN_hstr_inc, GNTPIN_hstw_inc } from "../grant/grant-table";
import { maptrackEntry, maptrackLimit, MT_flags, MT_mfn, MT_domid, MT_ref, MT_orphan } from "../grant/maptrack";
import { GNTMAP_host_map, GNTMAP_device_map, GNTMAP_readonly } from "../public/grant-table";

export const MMCHK_COUNT: u32 = 1;        // general count differs from the references found
export const MMCHK_TYPE_COUNT: u32 = 2;   // type count differs from the type references found
export const MMCHK_WRITABLE_PT: u32 = 3;  // RW L1 entry maps a frame not typed writable
export const MMCHK_FOREIGN: u32 = 4;      // an entry maps a frame its table's owner may not map
export const MMCHK_BAD_ENTRY: u32 = 5;    // an entry with disallowed flags or target type
export const MMCHK_XEN_SLOTS: u32 = 6;    // Xen's L2 slots or the L3 tail were changed
export const MMCHK_UNVALIDATED: u32 = 7;  // a table in use that is not validated
export const MMCHK_STALE_TLB: u32 = 8;    // a live TLB entry a fresh walk does not give
export const MMCHK_LINEAR: u32 = 9;       // linear page-table counts disagree
export const MMCHK_PIN: u32 = 10;         // pinned frame without a table type
export const MMCHK_GRANT: u32 = 11;       // a maptrack entry disagrees with the granting entry
export const MMCHK_GRANT_PIN: u32 = 12;   // an active grant's pins differ from the mappings of it

export let mmCheckCode: u32 = 0;
export let mmCheckMfn: u32 = 0;
export let mmCheckAux: u32 = 0;
let violations: u32 = 0;

function fail(code: u32, mfn: u32, aux: u32): void {
  if (violations == 0) { mmCheckCode = code; mmCheckMfn = mfn; mmCheckAux = aux; }
  violations++;
}

// Scratch after the frame table: per frame, expected general count, expected type
// count, expected linear entries and linear uses (4 x u32).
let scratch: u32 = 0;
// @ts-ignore: decorator
@inline function exp(mfn: u32, k: u32): u32 { return scratch + (mfn << 4) + (k << 2); }
function bump(mfn: u32, k: u32): void { store<u32>(exp(mfn, k), load<u32>(exp(mfn, k)) + 1); }

function ensureScratch(): bool {
  let base = (frameTableBase + nrFrames * FRAME_SIZE + 0xffff) & ~0xffff;
  let need = <i32>((<u64>base + (<u64>nrFrames << 4) + 0xffff) >> 16);
  let have = memory.size();
  if (need > have && memory.grow(need - have) < 0) return false;
  scratch = base;
  memory.fill(scratch, 0, nrFrames << 4);
  return true;
}

/**
 * The owner of a table may map frames of its own; a privileged one, anybody's; any
 * domain, a frame granted to it that it holds a host mapping of.
 */
function mayMap(tableOwner: u32, target: u32): bool {
  let o = frameOwner(target);
  if (o == tableOwner) return true;
  if (o != DOMID_XEN && o != DOMID_INVALID && domainIsPrivileged(tableOwner)) return true;
  return holdsHostMapping(tableOwner, target);
}

/** Does `domid` hold a live grant host mapping of frame `mfn` (orphaned or not)? */
function holdsHostMapping(domid: u32, mfn: u32): bool {
  let d = domainLookupAddr(domid);
  if (d == 0) return false;
  let gt = gtOf(d);
  if (gt == 0) return false;
  let limit = maptrackLimit(gt);
  for (let h: u32 = 0; h < limit; h++) {
    let m = maptrackEntry(gt, h);
    if ((<u32>load<u16>(m + MT_flags) & GNTMAP_host_map) != 0 && load<u32>(m + MT_mfn) == mfn) return true;
  }
  return false;
}

/** Pin increments a maptrack entry with `flags` accounts for. */
function pinsOf(flags: u32): u32 {
  let ro = (flags & GNTMAP_readonly) != 0;
  let p: u32 = 0;
  if (flags & GNTMAP_device_map) p += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
  if (flags & GNTMAP_host_map) p += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
  return p;
}

/**
 * Grant mappings: the references the mappings hold themselves (device mappings, and
 * the host's, which have no page-table entry), and every active entry's pins equal
 * to the mappings of it (copies pin only inside a hypercall).
 */
function checkGrants(): void {
  for (let d = domainListHead; d != 0; d = load<u32>(d + D_next)) {
    let gt = gtOf(d);
    if (gt == 0) continue;
    let n = nrGrantEntries(gt);
    for (let r: u32 = 0; r < n; r++) store<u32>(activeEntry(gt, r) + ACT_audit, 0);
  }
  for (let d = domainListHead; d != 0; d = load<u32>(d + D_next)) {
    let gt = gtOf(d);
    if (gt == 0) continue;
    let ldomid = load<u32>(d + D_domain_id);
    let limit = maptrackLimit(gt);
    for (let h: u32 = 0; h < limit; h++) {
      let m = maptrackEntry(gt, h);
      let flags = <u32>load<u16>(m + MT_flags);
      if ((flags & (GNTMAP_host_map | GNTMAP_device_map)) == 0) continue;
      let mfn = load<u32>(m + MT_mfn);
      if (!(mfn < nrFrames)) { fail(MMCHK_GRANT, mfn, h); continue; }
      let ro = (flags & GNTMAP_readonly) != 0;
      if (flags & GNTMAP_device_map) { bump(mfn, 0); if (!ro) bump(mfn, 1); }
      if ((flags & GNTMAP_host_map) && ldomid == 0) { bump(mfn, 0); if (!ro) bump(mfn, 1); }
      if (flags & MT_orphan) continue;
      let rd = domainLookupAddr(<u32>load<u16>(m + MT_domid));
      let ref = load<u32>(m + MT_ref);
      if (rd == 0 || ref >= nrGrantEntries(gtOf(rd))) { fail(MMCHK_GRANT, mfn, h); continue; }
      let act = activeEntry(gtOf(rd), ref);
      if (load<u32>(act + ACT_mfn) != mfn || <u32>load<u16>(act + ACT_domid) != ldomid) fail(MMCHK_GRANT, mfn, h);
      store<u32>(act + ACT_audit, load<u32>(act + ACT_audit) + pinsOf(flags));
    }
  }
  for (let d = domainListHead; d != 0; d = load<u32>(d + D_next)) {
    let gt = gtOf(d);
    if (gt == 0) continue;
    let n = nrGrantEntries(gt);
    for (let r: u32 = 0; r < n; r++) {
      let act = activeEntry(gt, r);
      if (load<u32>(act + ACT_audit) != load<u32>(act + ACT_pin)) fail(MMCHK_GRANT_PIN, load<u32>(act + ACT_mfn), r);
    }
  }
}

function entryMfn(lo: u32, hi: u32): u32 { return (hi & 0xfffff) != 0 ? 0xffffffff : lo >>> 12; }

function checkL1(mfn: u32, owner: u32): void {
  let p = frameAddr(mfn);
  for (let i: u32 = 0; i < 512; i++) {
    let lo = load<u32>(p + (i << 3)), hi = load<u32>(p + (i << 3) + 4);
    if (!(lo & 1)) continue;
    if (lo & 0x98) fail(MMCHK_BAD_ENTRY, mfn, i);
    let t = entryMfn(lo, hi);
    if (!(t < nrFrames)) { fail(MMCHK_FOREIGN, mfn, i); continue; }
    if (!mayMap(owner, t)) fail(MMCHK_FOREIGN, mfn, i);
    bump(t, 0);
    if (lo & 2) {
      bump(t, 1);
      let tt = typeInfo(t);
      if ((tt & PGT_type_mask) != PGT_writable_page || (tt & PGT_count_mask) == 0) fail(MMCHK_WRITABLE_PT, mfn, i);
    }
  }
}

function checkL2(mfn: u32, type: u32, owner: u32): void {
  let p = frameAddr(mfn);
  let xen = (type & PGT_pae_xen_l2) != 0;
  for (let i: u32 = 0; i < 512; i++) {
    let lo = load<u32>(p + (i << 3)), hi = load<u32>(p + (i << 3) + 4);
    if (xen && i >= L2_XEN_FIRST) {
      let j = i - L2_XEN_FIRST;
      let want: u64 = j < M2P_L2_SLOTS ? m2pL2Entry(j) : 0;
      if (((<u64>hi << 32) | lo) != want) fail(MMCHK_XEN_SLOTS, mfn, i);
      continue;
    }
    if (!(lo & 1)) continue;
    if (lo & 0x198) fail(MMCHK_BAD_ENTRY, mfn, i);
    let t = entryMfn(lo, hi);
    if (!(t < nrFrames) || frameOwner(t) != owner) { fail(MMCHK_FOREIGN, mfn, i); continue; }
    if (t == mfn) {
      if (lo & 2) fail(MMCHK_BAD_ENTRY, mfn, i); // a self map must be read-only
      continue;
    }
    bump(t, 0); bump(t, 1);
    let tt = typeInfo(t) & PGT_type_mask;
    if (tt == PGT_l2_page_table) {
      if (lo & 2) fail(MMCHK_BAD_ENTRY, mfn, i);
      bump(mfn, 2); bump(t, 3);
    } else if (tt != PGT_l1_page_table) fail(MMCHK_BAD_ENTRY, mfn, i);
  }
}

function checkL3(mfn: u32, owner: u32): void {
  let p = frameAddr(mfn);
  for (let i: u32 = 4; i < 512; i++) if (load<u64>(p + (i << 3)) != 0) { fail(MMCHK_XEN_SLOTS, mfn, i); break; }
  for (let i: u32 = 0; i < 4; i++) {
    let lo = load<u32>(p + (i << 3)), hi = load<u32>(p + (i << 3) + 4);
    if (!(lo & 1)) { if (i == 3) fail(MMCHK_BAD_ENTRY, mfn, i); continue; }
    if ((lo & 0x198) || (hi & 0xfff00000)) fail(MMCHK_BAD_ENTRY, mfn, i);
    let t = entryMfn(lo, hi);
    if (!(t < nrFrames) || frameOwner(t) != owner) { fail(MMCHK_FOREIGN, mfn, i); continue; }
    bump(t, 0); bump(t, 1);
    let tt = typeInfo(t);
    if ((tt & PGT_type_mask) != PGT_l2_page_table) fail(MMCHK_BAD_ENTRY, mfn, i);
    // Slot 3 holds the table with Xen's slots, never pinned nor in another slot
    // (read-only linear L2 entries may still name it, as on Xen).
    if (i == 3) {
      if (!(tt & PGT_pae_xen_l2) || (tt & PGT_pinned)) fail(MMCHK_BAD_ENTRY, mfn, i);
    } else if (tt & PGT_pae_xen_l2) fail(MMCHK_BAD_ENTRY, mfn, i);
  }
}

function checkVcpus(): void {
  for (let d = domainListHead; d != 0; d = load<u32>(d + D_next)) {
    let n = load<u32>(d + D_max_vcpus);
    for (let i: u32 = 0; i < n; i++) {
      let v = load<u32>(d + D_vcpu + (i << 2));
      if (v == 0) continue;
      let cr3 = load<u32>(v + V_cr3_mfn);
      if (cr3 < nrFrames) {
        bump(cr3, 0); bump(cr3, 1);
        let t = typeInfo(cr3);
        if ((t & (PGT_type_mask | PGT_validated)) != (PGT_l3_page_table | PGT_validated)) fail(MMCHK_BAD_ENTRY, cr3, 0x1000);
      }
      let frames = (load<u32>(v + V_gdt_ents) + 511) >> 9;
      for (let k: u32 = 0; k < frames && k < 16; k++) {
        let g = load<u32>(v + V_gdt_frames + (k << 2));
        if (!(g < nrFrames)) { fail(MMCHK_BAD_ENTRY, g, 0x2000); continue; }
        bump(g, 0); bump(g, 1);
        if ((typeInfo(g) & PGT_type_mask) != PGT_seg_desc_page) fail(MMCHK_BAD_ENTRY, g, 0x2000);
      }
      let mapped: u32 = 0;
      for (let k: u32 = 0; k < 16; k++) {
        let m = load<u32>(v + V_ldt_shadow + (k << 2));
        if (m == 0) continue;
        mapped++;
        let l = m - 1;
        if (!(l < nrFrames)) { fail(MMCHK_BAD_ENTRY, l, 0x3000); continue; }
        bump(l, 0); bump(l, 1);
        if ((typeInfo(l) & PGT_type_mask) != PGT_seg_desc_page) fail(MMCHK_BAD_ENTRY, l, 0x3000);
      }
      if (mapped != load<u32>(v + V_ldt_mapcnt)) fail(MMCHK_BAD_ENTRY, 0xffffffff, 0x3001);
    }
  }
}

/** Re-walks `lin` under the current CR3 without side effects: the final L1 entry, or 0. */
function walk(lin: u32): u64 {
  if (!(cr3Mfn < nrFrames)) return 0;
  let e3 = load<u64>(frameAddr(cr3Mfn) + ((lin >>> 30) << 3));
  if (!(e3 & 1) || (e3 >> 32) & 0xfffff || !((<u32>e3 >>> 12) < nrFrames)) return 0;
  let e2 = load<u64>(frameAddr(<u32>e3 >>> 12) + (((lin >>> 21) & 511) << 3));
  if (!(e2 & 1) || (e2 & 0x80) || (e2 >> 32) & 0xfffff || !((<u32>e2 >>> 12) < nrFrames)) return 0;
  let e1 = load<u64>(frameAddr(<u32>e2 >>> 12) + (((lin >>> 12) & 511) << 3));
  if (!(e1 & 1) || (e1 >> 32) & 0xfffff) return 0;
  // Effective permissions: RW and US only if both levels grant them.
  return e1 & ~(<u64>(~(<u32>e2) & 6));
}

function checkTlb(): void {
  for (let i: u32 = 0; i < TLB_ENTRIES; i++) {
    let t = TLB_BASE + i * TLB_ENTRY_SIZE;
    let kr = load<u32>(t + T_KR), kw = load<u32>(t + T_KW), ur = load<u32>(t + T_UR), uw = load<u32>(t + T_UW);
    let live = (kr & 0xfff) == tlbGen && kr != 0;
    if (!live) continue;
    let lin = kr & PAGE_MASK;
    let e = walk(lin);
    let mfn = load<u32>(t + T_MFN);
    if (!(e & 1) || <u32>(e >>> 12) != mfn) { fail(MMCHK_STALE_TLB, mfn, lin); continue; }
    if ((kw != 0 && kw == kr && !(e & 2)) || (ur != 0 && ur == kr && !(e & 4)) || (uw != 0 && uw == kr && (e & 6) != 6)) {
      fail(MMCHK_STALE_TLB, mfn, lin);
    }
  }
}

/** Runs every check; returns the number of violations found (0 = consistent). */
export function mmCheckAll(): u32 {
  violations = 0; mmCheckCode = 0; mmCheckMfn = 0; mmCheckAux = 0;
  if (nrFrames == 0 || !ensureScratch()) return 0;
  // References held by tables, pins and allocations.
  for (let mfn: u32 = 0; mfn < nrFrames; mfn++) {
    let c = countInfo(mfn), t = typeInfo(mfn), o = frameOwner(mfn);
    if (o == DOMID_XEN || o == DOMID_INVALID) continue;
    if (c & PGC_allocated) bump(mfn, 0);
    // A Xen-heap frame shared with a domain keeps its writable type for good.
    if ((c & PGC_xen_heap) != 0 && (c & PGC_allocated) != 0) {
      bump(mfn, 1);
      if ((t & PGT_type_mask) != PGT_writable_page) fail(MMCHK_BAD_ENTRY, mfn, 0x4000);
    }
    let ty = t & PGT_type_mask;
    let isTable = ty == PGT_l1_page_table || ty == PGT_l2_page_table || ty == PGT_l3_page_table;
    if (t & PGT_pinned) {
      if (!isTable) fail(MMCHK_PIN, mfn, t);
      bump(mfn, 0); bump(mfn, 1);
    }
    if ((t & PGT_count_mask) == 0) continue;
    if ((isTable || ty == PGT_seg_desc_page) && !(t & PGT_validated)) { fail(MMCHK_UNVALIDATED, mfn, t); continue; }
    if (ty == PGT_l1_page_table) checkL1(mfn, o);
    else if (ty == PGT_l2_page_table) checkL2(mfn, t, o);
    else if (ty == PGT_l3_page_table) checkL3(mfn, o);
  }
  checkVcpus();
  checkGrants();
  for (let mfn: u32 = 0; mfn < nrFrames; mfn++) {
    let o = frameOwner(mfn);
    if (o == DOMID_XEN) continue;
    let c = countInfo(mfn) & PGC_count_mask, t = typeInfo(mfn) & PGT_count_mask;
    if (o == DOMID_INVALID && c == 0) continue; // free
    if (c != load<u32>(exp(mfn, 0))) fail(MMCHK_COUNT, mfn, c);
    if (t != load<u32>(exp(mfn, 1))) fail(MMCHK_TYPE_COUNT, mfn, t);
    let lin = load<i32>(ft(mfn) + FT_LINEAR);
    let entries = <i32>load<u32>(exp(mfn, 2)), uses = <i32>load<u32>(exp(mfn, 3));
    if ((entries != 0 && uses != 0) || lin != entries - uses) fail(MMCHK_LINEAR, mfn, <u32>lin);
  }
  checkTlb();
  return violations;
}
