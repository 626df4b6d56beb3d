// Core exports: memory-management checks and the toolstack's memory settings. See
// assembly/index.ts.

import { XFER_BASE } from "../layout";
import { domainLookupAddr } from "../domain/lookup";
import { D_nr_e820, D_e820, E820_MAX_DOMAIN } from "../domain/layout";
import { E820_ENTRY_SIZE } from "../public/memory";
import { EINVAL, ESRCH } from "../public/errno";
import { mmCheckAll, mmCheckCode, mmCheckMfn, mmCheckAux } from "../mm/mm-check";

/**
 * Audits the frame table, page tables, vcpu references and the TLB. Returns the
 * number of violations; the first one is described in the transfer buffer:
 * +0 code (mm/mm-check.ts MMCHK_*), +4 frame, +8 detail.
 */
export function mmCheck(): u32 {
  let n = mmCheckAll();
  store<u32>(XFER_BASE, mmCheckCode);
  store<u32>(XFER_BASE + 4, mmCheckMfn);
  store<u32>(XFER_BASE + 8, mmCheckAux);
  return n;
}

/**
 * Sets the guest's pseudo-physical E820 (libxl's XENMEM_set_memory_map): `count`
 * packed 20-byte entries from the transfer buffer, at most E820_MAX_DOMAIN.
 */
export function domainSetMemoryMap(domid: u32, count: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  if (count > E820_MAX_DOMAIN) return -EINVAL;
  memory.copy(d + D_e820, XFER_BASE, count * E820_ENTRY_SIZE);
  store<u32>(d + D_nr_e820, count);
  return 0;
}
