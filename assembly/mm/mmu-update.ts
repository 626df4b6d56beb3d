// HYPERVISOR_mmu_update (xen/arch/x86/mm.c do_mmu_update; fact sheet §4.5).
//
// Each request names a machine address (low 3 bits: the command) and a value. A
// page-table entry of a page in use as a table goes through validation
// (pt-validate.ts); a page not in use as anything special is plain memory. Requests
// run in order and stop at the first failure; *pdone reports how many completed.

import { frameAddr, CPU_HCBUF } from "../layout";
import {
  DOMID_IO, MMU_NORMAL_PT_UPDATE, MMU_MACHPHYS_UPDATE, MMU_PT_UPDATE_PRESERVE_AD, MMU_PT_UPDATE_NO_TRANSLATE, MMU_UPDATE_SIZE,
} from "../public/xen";
import { EFAULT, EINVAL, EPERM, ENOSYS, ESRCH } from "../public/errno";
import { copyFromGuest, putGuestU32, getGuestU32, copyFailed, guestRangeOk } from "./guest-copy";
import { getPgOwner, xsmTarget } from "./foreign";
import { curDomid } from "../domain/current";
import { domainLookupAddr } from "../domain/lookup";
import { D_vcpu } from "../domain/layout";
import {
  typeInfo, nrFrames, PGT_type_mask, PGT_count_mask, PGT_validated,
  PGT_l1_page_table, PGT_l2_page_table, PGT_l3_page_table, PGT_writable_page,
} from "./frame-table";
import { getPage, putPage, getPageType, putPageType } from "./page-ref";
import { modL1Entry, modL2Entry, modL3Entry } from "./pt-validate";
import { setGpfnFromMfn } from "./m2p";
import { codeFrameWritten } from "../cpu/code-invalidate";

export const MMU_UPDATE_PREEMPTED: u32 = 0x80000000;

/** A page-table page Xen would page_lock: validated with a non-zero type count. */
// @ts-ignore: decorator
@inline export function pageInUse(mfn: u32): bool {
  let t = typeInfo(mfn);
  return (t & PGT_validated) != 0 && (t & PGT_count_mask) != 0;
}

/** Stores a 64-bit value into a frame that is plain (writable) memory. */
export function plainWrite(mfn: u32, off: u32, lo: u32, hi: u32): void {
  store<u32>(frameAddr(mfn) + off, lo);
  store<u32>(frameAddr(mfn) + off + 4, hi);
  codeFrameWritten(mfn);
}

export function doMmuUpdate(ureqs: u32, count: u32, pdone: u32, foreigndom: u32): i32 {
  let done: u32 = 0;
  // The continuation that only reports a final status (never produced here).
  if (count == MMU_UPDATE_PREEMPTED && ureqs == 0) return <i32>foreigndom;
  if (count & MMU_UPDATE_PREEMPTED) {
    count &= ~MMU_UPDATE_PREEMPTED;
    if (pdone != 0) { let v = getGuestU32(pdone); if (!copyFailed) done = v; }
  }
  if (<u64>count * MMU_UPDATE_SIZE > <u64>0xffffffff || !guestRangeOk(ureqs, count * MMU_UPDATE_SIZE)) return -EFAULT;

  // Bits 31:16 name the page-table owner (PFD + 1).
  let ptOwner = curDomid;
  let ptDom = foreigndom >> 16;
  let rc: i32 = 0;
  let i: u32 = 0;
  if (ptDom != 0) {
    let d = domainLookupAddr(ptDom - 1);
    if (d == 0) return -ESRCH;
    if (ptDom - 1 != curDomid) {
      if (load<u32>(d + D_vcpu) == 0) rc = -EINVAL;
      ptOwner = ptDom - 1;
    }
  }
  let pgOwner: u32 = 0;
  if (rc == 0) {
    let pg = getPgOwner(foreigndom & 0xffff);
    if (pg < 0) rc = pg; else pgOwner = <u32>pg;
  }

  let buf = CPU_HCBUF;
  for (; rc == 0 && i < count; i++) {
    if (!copyFromGuest(buf, ureqs + i * MMU_UPDATE_SIZE, MMU_UPDATE_SIZE)) { rc = -EFAULT; break; }
    let ptrLo = load<u32>(buf), ptrHi = load<u32>(buf, 4);
    let valLo = load<u32>(buf, 8), valHi = load<u32>(buf, 12);
    let cmd = ptrLo & 7;
    if (cmd == MMU_NORMAL_PT_UPDATE || cmd == MMU_PT_UPDATE_PRESERVE_AD || cmd == MMU_PT_UPDATE_NO_TRANSLATE) {
      // xsm_mmu_update: rights over the data-frame owner (DOMID_IO is everyone's)
      // and over the page-table owner.
      if (pgOwner != DOMID_IO) rc = xsmTarget(pgOwner);
      if (rc == 0) rc = xsmTarget(ptOwner);
      if (rc != 0) break;
      rc = mmuNormalUpdate(ptrLo - cmd, ptrHi, valLo, valHi, ptOwner, pgOwner, cmd == MMU_PT_UPDATE_PRESERVE_AD);
    } else if (cmd == MMU_MACHPHYS_UPDATE) {
      if (ptOwner != curDomid) { rc = -EPERM; break; }
      if (pgOwner != DOMID_IO) rc = xsmTarget(pgOwner);
      if (rc != 0) break;
      let mfn = ptrLo >>> 12;
      if (ptrHi != 0 || !getPage(mfn, pgOwner)) { rc = -EINVAL; break; }
      setGpfnFromMfn(mfn, valLo);
      putPage(mfn);
    } else {
      rc = -ENOSYS;
    }
    if (rc != 0) break;
  }
  if (pdone != 0) putGuestU32(pdone, done + i);
  return rc;
}

/** One MMU_NORMAL_PT_UPDATE / PRESERVE_AD request: `*(ptr) = val`, checked. */
export function mmuNormalUpdate(ptrLo: u32, ptrHi: u32, valLo: u32, valHi: u32, ptOwner: u32, pgOwner: u32, preserveAd: bool): i32 {
  if (ptrHi != 0) return -EINVAL;
  let mfn = ptrLo >>> 12;
  if (!getPage(mfn, ptOwner)) return -EINVAL;
  let off = ptrLo & 0xfff;
  let pe = frameAddr(mfn) + off;
  let rc: i32 = -EINVAL;
  if (pageInUse(mfn)) {
    switch (typeInfo(mfn) & PGT_type_mask) {
      case PGT_l1_page_table:
        rc = modL1Entry(pe, valLo, valHi, ptOwner, pgOwner, preserveAd);
        break;
      case PGT_l2_page_table:
        if (pgOwner == ptOwner) rc = modL2Entry(pe, off >> 3, valLo, valHi, mfn, ptOwner, preserveAd);
        break;
      case PGT_l3_page_table:
        if (pgOwner == ptOwner) rc = modL3Entry(pe, off >> 3, valLo, valHi, mfn, ptOwner, preserveAd);
        break;
      case PGT_writable_page:
        plainWrite(mfn, off, valLo, valHi);
        rc = 0;
        break;
    }
  } else if (getPageType(mfn, PGT_writable_page) == 0) {
    plainWrite(mfn, off, valLo, valHi);
    putPageType(mfn);
    rc = 0;
  }
  putPage(mfn);
  return rc;
}
