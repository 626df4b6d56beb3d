// Resolving the "foreign domain" arguments of MMU hypercalls (Xen's get_pg_owner)
// and the privilege check XSM's dummy policy applies to them (xsm_default_action
// with XSM_TARGET: a domain may act on itself; only a privileged domain on others).
//
// get_pg_owner only resolves the id; the privilege check is a separate step because
// upstream makes it at different points per hypercall (mmu_update per request,
// mmuext_op once per batch, update_va_mapping before the walk).

import { DOMID_SELF, DOMID_IO, DOMID_XEN } from "../public/xen";
import { ESRCH, EPERM } from "../public/errno";
import { curDomid, curDomain } from "../domain/current";
import { domainLookupAddr } from "../domain/lookup";
import { D_flags, DOMF_privileged } from "../domain/layout";

/** Domain id named by `fd` (get_pg_owner), or -ESRCH (unknown, or self by number). */
export function getPgOwner(fd: u32): i32 {
  fd &= 0xffff;
  if (fd == DOMID_SELF) return <i32>curDomid;
  // Naming oneself by number is refused (xen/arch/x86/mm.c get_pg_owner).
  if (fd == curDomid) return -ESRCH;
  if (fd == DOMID_IO || fd == DOMID_XEN) return <i32>fd;
  if (domainLookupAddr(fd) == 0) return -ESRCH;
  return <i32>fd;
}

/** True if the calling domain is privileged (is_control_domain). */
export function callerPrivileged(): bool {
  return curDomain != 0 && (load<u32>(curDomain + D_flags) & DOMF_privileged) != 0;
}

/** xsm_default_action(XSM_TARGET, current, target): 0 or -EPERM. */
export function xsmTarget(target: u32): i32 {
  if (target == curDomid || callerPrivileged()) return 0;
  return -EPERM;
}
