// The PAE page walk (SDM Vol. 3A §4.4) over the guest's own page tables.
//
// Direct paging: the tables hold machine frame numbers and every table reachable
// from CR3 has been validated by mm/ (so it maps only frames the domain may map and
// never a page-table frame writable). The walk therefore only checks presence and
// permissions, sets accessed/dirty bits as hardware does, and fills the TLB. It
// still bounds-checks every frame number it follows, so that even a bug in
// validation cannot make the core read outside machine memory.
//
// Privilege: rings 0-2 are supervisor; CR0.WP is always 1 (Xen's rule), so read-only
// PTEs bind the guest kernel too. L3 entries of PV guests carry no permissions of
// their own (Xen forces RW|US on them, fact sheet §4.3).

import { frameAddr, PAGE_MASK } from "../layout";
import { nrFrames, frameFlags, FRAME_CODE } from "../mm/frame-table";
import { cr3Mfn } from "./state";
import { raisePF, PFEC_PRESENT, PFEC_WRITE, PFEC_USER, PFEC_RSVD, PFEC_INSN } from "./fault";
import { tlbEntry, tlbGen, tlbCountMiss, T_KR, T_KW, T_UR, T_UW, T_KX, T_UX, T_DELTA, T_MFN } from "./tlb";

export const _PAGE_PRESENT: u32 = 0x001;
export const _PAGE_RW: u32 = 0x002;
export const _PAGE_USER: u32 = 0x004;
export const _PAGE_PWT: u32 = 0x008;
export const _PAGE_PCD: u32 = 0x010;
export const _PAGE_ACCESSED: u32 = 0x020;
export const _PAGE_DIRTY: u32 = 0x040;
export const _PAGE_PSE: u32 = 0x080;
export const _PAGE_PAT: u32 = 0x080;
export const _PAGE_GLOBAL: u32 = 0x100;
/** NX is bit 63: bit 31 of the high word. */
export const _PAGE_NX_HI: u32 = 0x80000000;

export const ACC_READ: u32 = 0;
export const ACC_WRITE: u32 = 1;
export const ACC_EXEC: u32 = 2;

/** Machine frame named by a PAE entry (bits 12-51). */
// @ts-ignore: decorator
@inline export function pteMfn(lo: u32, hi: u32): u32 {
  // Frames at or above 2^20 cannot exist in a wasm32 machine; fold the high bits in
  // so such an entry is rejected by the bounds check rather than aliased.
  return (lo >>> 12) | ((hi & 0xfffff) << 20) | ((hi & 0xfffff) != 0 ? 0x80000000 : 0);
}

function fault(lin: u32, access: u32, user: bool, code: u32): u32 {
  let err = code;
  if (access == ACC_WRITE) err |= PFEC_WRITE;
  if (user) err |= PFEC_USER;
  if (access == ACC_EXEC) err |= PFEC_INSN;
  raisePF(lin, err);
  return 0;
}

/**
 * Walks the page tables for `lin` and fills its TLB entry. Returns the entry's
 * address, or 0 with a #PF pending if the access is not allowed.
 */
export function tlbFill(lin: u32, access: u32, user: bool): u32 {
  tlbCountMiss();
  if (!(cr3Mfn < nrFrames)) return fault(lin, access, user, 0);
  let p3 = frameAddr(cr3Mfn) + ((lin >>> 30) << 3);
  let e3 = load<u32>(p3);
  if (!(e3 & _PAGE_PRESENT)) return fault(lin, access, user, 0);
  let m2 = pteMfn(e3, load<u32>(p3, 4));
  if (!(m2 < nrFrames)) return fault(lin, access, user, PFEC_PRESENT | PFEC_RSVD);

  let p2 = frameAddr(m2) + (((lin >>> 21) & 511) << 3);
  let e2 = load<u32>(p2);
  let e2hi = load<u32>(p2, 4);
  if (!(e2 & _PAGE_PRESENT)) return fault(lin, access, user, 0);
  // PV guests cannot use superpages; Xen's own slots are mapped with L1 tables too.
  if (e2 & _PAGE_PSE) return fault(lin, access, user, PFEC_PRESENT | PFEC_RSVD);
  let m1 = pteMfn(e2, e2hi);
  if (!(m1 < nrFrames)) return fault(lin, access, user, PFEC_PRESENT | PFEC_RSVD);

  let p1 = frameAddr(m1) + (((lin >>> 12) & 511) << 3);
  let e1 = load<u32>(p1);
  let e1hi = load<u32>(p1, 4);
  if (!(e1 & _PAGE_PRESENT)) return fault(lin, access, user, 0);
  let m = pteMfn(e1, e1hi);
  if (!(m < nrFrames)) return fault(lin, access, user, PFEC_PRESENT | PFEC_RSVD);

  let rw = (e2 & e1 & _PAGE_RW) != 0;
  let us = (e2 & e1 & _PAGE_USER) != 0;
  let nx = ((e2hi | e1hi) & _PAGE_NX_HI) != 0;
  if (user && !us) return fault(lin, access, user, PFEC_PRESENT);
  if (access == ACC_WRITE && !rw) return fault(lin, access, user, PFEC_PRESENT);
  if (access == ACC_EXEC && nx) return fault(lin, access, user, PFEC_PRESENT);

  // Accessed and dirty bits, as the hardware sets them.
  if (!(e2 & _PAGE_ACCESSED)) store<u32>(p2, e2 | _PAGE_ACCESSED);
  let new1 = e1 | _PAGE_ACCESSED;
  if (access == ACC_WRITE) new1 |= _PAGE_DIRTY;
  if (new1 != e1) store<u32>(p1, new1);
  let dirty = (new1 & _PAGE_DIRTY) != 0;
  let writable = rw && dirty && !(frameFlags(m) & FRAME_CODE);

  let key = (lin & PAGE_MASK) | tlbGen;
  let t = tlbEntry(lin);
  store<u32>(t + T_KR, key);
  store<u32>(t + T_KW, writable ? key : 0);
  store<u32>(t + T_UR, us ? key : 0);
  store<u32>(t + T_UW, us && writable ? key : 0);
  store<u32>(t + T_KX, nx ? 0 : key);
  store<u32>(t + T_UX, us && !nx ? key : 0);
  store<u32>(t + T_DELTA, frameAddr(m) - (lin & PAGE_MASK));
  store<u32>(t + T_MFN, m);
  return t;
}
