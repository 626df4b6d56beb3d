// Switching a vcpu's page-table base (Xen's new_guest_cr3 for 32-bit PV guests).
//
// The vcpu's CR3 holds a general and an L3 type reference on its L3 frame, which
// validates the whole tree the first time; switching takes the new reference before
// dropping the old one, and flushes the TLB.

import { cr3Mfn, setCr3Mfn } from "../cpu/state";
import { tlbFlushAll } from "../cpu/tlb";
import { curDomid, curVcpu } from "../domain/current";
import { V_cr3_mfn } from "../domain/layout";
import { NO_FRAME, nrFrames } from "./frame-table";
import { getPageAndType, putPageAndType, PGT_l3_page_table } from "./page-ref";
import { pvDestroyLdt } from "./ldt";

export function newGuestCr3(mfn: u32): i32 {
  let old = cr3Mfn;
  // 32-on-64: the new L3 goes into slot 0 of the vcpu's L4 via mod_l4_entry, so
  // the same L3 again is a no-op update; the LDT shadow is dropped either way.
  if (mfn == old) { pvDestroyLdt(curVcpu); tlbFlushAll(); return 0; }
  let rc = getPageAndType(mfn, curDomid, PGT_l3_page_table);
  if (rc != 0) return rc;
  pvDestroyLdt(curVcpu);
  setCr3Mfn(mfn);
  store<u32>(curVcpu + V_cr3_mfn, mfn);
  tlbFlushAll();
  if (old != NO_FRAME && old < nrFrames) putPageAndType(old);
  return 0;
}
