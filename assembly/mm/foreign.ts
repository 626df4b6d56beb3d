// Resolving the "foreign domain" arguments of MMU hypercalls (Xen's get_pg_owner and
// the XSM_TARGET check of xsm_mmu_update).

import { DOMID_SELF, DOMID_IO, DOMID_XEN, DOMID_INVALID } from "../public/xen";
import { ESRCH, EPERM } from "../public/errno";
import { curDomid, curDomain } from "../domain/current";
import { domainLookupAddr } from "../domain/lookup";
import { D_flags, DOMF_privileged } from "../domain/layout";

/** Domain id named by `fd`, or a negative errno (-ESRCH unknown/self by number, -EPERM no rights). */
export function getPgOwner(fd: u32): i32 {
  fd &= 0xffff;
  if (fd == DOMID_SELF) return <i32>curDomid;
  // Naming oneself by number is refused (xen/common/page_alloc.c get_pg_owner).
  if (fd == curDomid) return -ESRCH;
  if (fd == DOMID_IO) return <i32>DOMID_IO;
  let privileged = (load<u32>(curDomain + D_flags) & DOMF_privileged) != 0;
  if (fd == DOMID_XEN) return privileged ? <i32>DOMID_XEN : -EPERM;
  if (domainLookupAddr(fd) == 0) return -ESRCH;
  return privileged ? <i32>fd : -EPERM;
}
