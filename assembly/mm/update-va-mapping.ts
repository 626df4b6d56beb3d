// update_va_mapping and update_va_mapping_otherdomain (xen/arch/x86/mm.c
// __do_update_va_mapping; fact sheet §4.7): a checked write of the L1 entry that maps
// `va` in the current address space, then the requested TLB flush.

import { frameAddr } from "../layout";
import { cr3Mfn } from "../cpu/state";
import { tlbFlushAll, tlbFlushPage } from "../cpu/tlb";
import { curDomid } from "../domain/current";
import { EINVAL } from "../public/errno";
import { UVMF_FLUSHTYPE_MASK, UVMF_TLB_FLUSH, UVMF_INVLPG, UVMF_LOCAL, UVMF_ALL } from "../public/xen";
import { nrFrames, typeInfo, PGT_type_mask, PGT_l1_page_table } from "./frame-table";
import { getPage, putPage } from "./page-ref";
import { modL1Entry, pteMfnOf, _PAGE_PRESENT } from "./pt-validate";
import { pageInUse } from "./mmu-update";
import { getPgOwner, xsmTarget } from "./foreign";
import { checkVcpuMask } from "./vcpumask";

const PSE: u32 = 0x80;

/** map_guest_l1e: the L1 frame mapping `va` (via present, non-PSE L3/L2 entries), or 0xffffffff. */
export function guestL1Frame(va: u32): u32 {
  if (!(cr3Mfn < nrFrames)) return 0xffffffff;
  let e3 = frameAddr(cr3Mfn) + ((va >>> 30) << 3);
  let lo3 = load<u32>(e3);
  if (!(lo3 & _PAGE_PRESENT)) return 0xffffffff;
  let l2 = pteMfnOf(lo3, load<u32>(e3, 4));
  if (!(l2 < nrFrames)) return 0xffffffff;
  let e2 = frameAddr(l2) + (((va >>> 21) & 511) << 3);
  let lo2 = load<u32>(e2);
  if (!(lo2 & _PAGE_PRESENT) || (lo2 & PSE)) return 0xffffffff;
  let l1 = pteMfnOf(lo2, load<u32>(e2, 4));
  return l1 < nrFrames ? l1 : 0xffffffff;
}

function updateVaMapping(va: u32, lo: u32, hi: u32, flags: u32, pgOwner: u32): i32 {
  // xsm_update_va_mapping: rights over the data-frame owner (DOMID_IO included).
  let xrc = xsmTarget(pgOwner);
  if (xrc != 0) return xrc;
  let l1 = guestL1Frame(va);
  if (l1 == 0xffffffff || !getPage(l1, curDomid)) return -EINVAL;
  if (!pageInUse(l1) || (typeInfo(l1) & PGT_type_mask) != PGT_l1_page_table) { putPage(l1); return -EINVAL; }
  let rc = modL1Entry(frameAddr(l1) + (((va >>> 12) & 511) << 3), lo, hi, curDomid, pgOwner, false);
  putPage(l1);
  if (rc != 0) return rc;
  let kind = flags & UVMF_FLUSHTYPE_MASK;
  if (kind == UVMF_TLB_FLUSH || kind == UVMF_INVLPG) {
    let bmap = flags & ~UVMF_FLUSHTYPE_MASK;
    if (bmap != UVMF_LOCAL && bmap != UVMF_ALL) rc = checkVcpuMask(bmap);
    if (kind == UVMF_TLB_FLUSH) tlbFlushAll(); else tlbFlushPage(va);
  }
  return rc;
}

export function doUpdateVaMapping(va: u32, lo: u32, hi: u32, flags: u32): i32 {
  return updateVaMapping(va, lo, hi, flags, curDomid);
}

export function doUpdateVaMappingOtherdomain(va: u32, lo: u32, hi: u32, flags: u32, domid: u32): i32 {
  let pg = getPgOwner(domid);
  if (pg < 0) return pg;
  return updateVaMapping(va, lo, hi, flags, <u32>pg);
}
