// steal_page (xen/arch/x86/mm.c): takes a frame away from its owner so that it can
// be given to another domain (GNTTABOP_transfer).
//
// Only a frame nobody else holds can go: its owner's allocation reference must be
// its one reference, so no page table, pin, vcpu or grant mapping names it and it
// has no type. Xen-heap frames shared with the domain are not its to give.

import { mfnValid, frameOwner, countInfo, setCountInfo, setTypeInfo, PGC_allocated, PGC_xen_heap, PGC_count_mask } from "./frame-table";
import { unlinkDomainFrame } from "./page-list";
import { setGpfnFromMfn, INVALID_M2P_ENTRY } from "./m2p";
import { tlbFlushAll } from "../cpu/tlb";

/** Steals `mfn` from domain `d` (id `domid`): true with the frame unowned and uncounted. */
export function stealPage(d: u32, domid: u32, mfn: u32): bool {
  if (!mfnValid(mfn) || frameOwner(mfn) != domid) return false;
  let c = countInfo(mfn);
  if (c & PGC_xen_heap) return false;
  if ((c & (PGC_count_mask | PGC_allocated)) != (PGC_allocated | 1)) return false;
  setCountInfo(mfn, 0);
  setTypeInfo(mfn, 0);
  unlinkDomainFrame(d, mfn);
  setGpfnFromMfn(mfn, INVALID_M2P_ENTRY);
  tlbFlushAll();
  return true;
}
