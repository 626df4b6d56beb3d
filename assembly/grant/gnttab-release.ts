// Grants and domain destruction, in both directions (xen/common/grant_table.c
// gnttab_release_mappings, grant_table_destroy; xen/common/domain.c domain_kill).
//
// The dying domain as mapper: every mapping it holds of another domain's grant is
// released — the pins on the granting entry go and the GTF flags are cleared as an
// unmap would. A device mapping's references are dropped here; a PV host mapping's
// references belong to its L1 entry and go when the dying domain's page tables are
// torn down (Xen's gnttab_release_host_mappings is false for PV).
//
// The dying domain as granter: mappings other domains hold of its grants stay in
// place, and so do the references they hold, so the frames outlive the domain (the
// MMU makes them ownerless). Xen keeps the domain as a zombie until the last such
// mapping goes; here the mappings are marked MT_orphan instead, with the frame
// recorded in the maptrack entry, so their owners can still unmap them normally and
// the domain id can be reused at once.

import { D_domain_id, D_next } from "../domain/layout";
import { domainLookupAddr } from "../domain/lookup";
import { domainListHead } from "../domain/domain";
import { putPage, putPageType } from "../mm/page-ref";
import { gtOf, nrGrantEntries, sharedEntry, activeEntry, ACT_pin, grantTableDestroy } from "./grant-table";
import { maptrackEntry, maptrackLimit, MT_ref, MT_flags, MT_domid, MT_mfn, MT_orphan } from "./maptrack";
import { clearStatusAfter } from "./gnttab-map";
import {
  GNTMAP_device_map, GNTMAP_host_map, GNTMAP_readonly,
} from "../public/grant-table";
import { GNTPIN_devr_inc, GNTPIN_devw_inc, GNTPIN_hstr_inc, GNTPIN_hstw_inc } from "./grant-table";

/** gnttab_release_mappings: drops every mapping dying domain `d` holds. */
export function gnttabReleaseMappings(d: u32): void {
  let gt = gtOf(d);
  if (gt == 0) return;
  // The host has no page tables: its host mappings hold their references themselves.
  let holdsHostRefs = load<u32>(d + D_domain_id) == 0;
  let limit = maptrackLimit(gt);
  for (let h: u32 = 0; h < limit; h++) {
    let map = maptrackEntry(gt, h);
    let flags = <u32>load<u16>(map + MT_flags);
    if ((flags & (GNTMAP_device_map | GNTMAP_host_map)) == 0) continue;
    let mfn = load<u32>(map + MT_mfn);
    let ro = (flags & GNTMAP_readonly) != 0;
    let pins: u32 = 0;
    if (flags & GNTMAP_device_map) {
      pins += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
      if (!ro) putPageType(mfn);
      putPage(mfn);
    }
    if (flags & GNTMAP_host_map) {
      pins += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
      if (holdsHostRefs) {
        if (!ro) putPageType(mfn);
        putPage(mfn);
      }
    }
    store<u16>(map + MT_flags, 0);
    if (flags & MT_orphan) continue;
    let rd = domainLookupAddr(<u32>load<u16>(map + MT_domid));
    if (rd == 0) continue;
    let rgt = gtOf(rd);
    let ref = load<u32>(map + MT_ref);
    if (ref >= nrGrantEntries(rgt)) continue;
    let act = activeEntry(rgt, ref);
    store<u32>(act + ACT_pin, load<u32>(act + ACT_pin) - pins);
    clearStatusAfter(sharedEntry(rgt, ref), act, ro);
  }
}

/** Marks every other domain's mapping of `d`'s grants as orphaned (see above). */
export function gnttabOrphanGrantsOf(d: u32): void {
  let domid = load<u32>(d + D_domain_id);
  for (let l = domainListHead; l != 0; l = load<u32>(l + D_next)) {
    if (l == d) continue;
    let gt = gtOf(l);
    if (gt == 0) continue;
    let limit = maptrackLimit(gt);
    for (let h: u32 = 0; h < limit; h++) {
      let map = maptrackEntry(gt, h);
      let flags = <u32>load<u16>(map + MT_flags);
      if ((flags & (GNTMAP_device_map | GNTMAP_host_map)) == 0 || (flags & MT_orphan) != 0) continue;
      if (<u32>load<u16>(map + MT_domid) != domid) continue;
      store<u16>(map + MT_flags, <u16>(flags | MT_orphan));
    }
  }
}

/** The grant side of destroying `d`: its table goes; mappings of it become orphans. */
export function gnttabDomainDestroy(d: u32): void {
  gnttabOrphanGrantsOf(d);
  grantTableDestroy(d);
}
