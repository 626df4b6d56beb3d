// The domain table: domid → struct domain.

import { DOMTAB_BASE, DOMTAB_ENTRIES } from "../layout";

/** struct domain address of `domid`, or 0 if there is no such domain. */
export function domainLookupAddr(domid: u32): u32 {
  if (domid >= DOMTAB_ENTRIES) return 0;
  return load<u32>(DOMTAB_BASE + (domid << 2));
}

export function domainTableSet(domid: u32, d: u32): void {
  store<u32>(DOMTAB_BASE + (domid << 2), d);
}

import { D_flags, DOMF_privileged } from "./layout";

export function domainIsPrivileged(domid: u32): bool {
  let d = domainLookupAddr(domid);
  return d != 0 && (load<u32>(d + D_flags) & DOMF_privileged) != 0;
}
