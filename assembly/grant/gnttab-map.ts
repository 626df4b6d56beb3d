// Mapping and unmapping grants (xen/common/grant_table.c map_grant_ref,
// unmap_common, unmap_common_complete; fact sheet §7.4).
//
// `ld` is the mapping domain (struct domain address): a guest through the
// hypercall, or the host as domain 0 through a core export. Every operation is
// checked in full before anything changes, and any failure undoes what was taken,
// so a refused operation leaves the tables exactly as they were.
//
// References (what keeps a granted frame alive and typed while it is mapped):
//   * device map: one general reference, plus a writable type reference unless
//     read-only, held by the mapping;
//   * host map by a guest: the same, held by the L1 entry the map wrote
//     (arch/pv-grant-table.ts) — an entry like any other to the MMU;
//   * host map by domain 0: the host has no page tables; the mapping itself holds
//     the references, and the host reads the frame in the core's memory.
// The granting domain therefore cannot free a mapped frame (its allocation reference
// can go, the frame stays until the last mapping does) nor give a writably mapped
// frame another type.

import { getOwnerAndReference, getPage, putPage, getPageType, putPageType, PGT_writable_page } from "../mm/page-ref";
import { domainLookupAddr } from "../domain/lookup";
import { D_domain_id } from "../domain/layout";
import { createGrantPvMapping, replaceGrantPvMapping } from "../arch/pv-grant-table";
import {
  gtOf, nrGrantEntries, sharedEntry, activeEntry, ACT_pin, ACT_domid, ACT_mfn, GNTPIN_hstw_inc, GNTPIN_hstr_inc,
  GNTPIN_devw_inc, GNTPIN_devr_inc, GNTPIN_hstw_mask, GNTPIN_devw_mask, GNTPIN_overflow,
} from "./grant-table";
import { getMaptrackHandle, putMaptrackHandle, maptrackEntry, maptrackLimit, MAPTRACK_TAIL, MT_ref, MT_flags, MT_domid, MT_mfn, MT_orphan } from "./maptrack";
import { setStatusV1, gnttabClearFlags, getPagedFrame, pagedMfn } from "./grant-status";
import {
  GNTMAP_device_map, GNTMAP_host_map, GNTMAP_readonly, GTF_reading, GTF_writing, GNTST_okay, GNTST_general_error,
  GNTST_bad_domain, GNTST_bad_gntref, GNTST_bad_handle, GNTST_no_device_space,
} from "../public/grant-table";
import { DOMID_FIRST_RESERVED, DOMID_INVALID } from "../public/xen";

/** Results of a successful mapGrantRef. */
export let mapHandle: u32 = 0;
export let mapMfn: u32 = 0;

// @ts-ignore: decorator
@inline function domidOf(d: u32): u32 { return load<u32>(d + D_domain_id); }

/** The host (domain 0) maps into its own address space: no page-table entry. */
// @ts-ignore: decorator
@inline function isHost(d: u32): bool { return domidOf(d) == 0; }

// @ts-ignore: decorator
@inline function pinInc(flags: u32, device: bool): u32 {
  let ro = (flags & GNTMAP_readonly) != 0;
  return device ? (ro ? GNTPIN_devr_inc : GNTPIN_devw_inc) : (ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc);
}

/** Pin increments of a mapping with `flags` (both parts). */
function pinsOf(flags: u32): u32 {
  let p: u32 = 0;
  if (flags & GNTMAP_device_map) p += pinInc(flags, true);
  if (flags & GNTMAP_host_map) p += pinInc(flags, false);
  return p;
}

/** Clears GTF_writing / GTF_reading once no pin needs them (after a `readonly` use ends). */
export function clearStatusAfter(shah: u32, act: u32, readonly: bool): void {
  let pin = load<u32>(act + ACT_pin);
  let clear: u32 = 0;
  if (!readonly && (pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)) == 0) clear |= GTF_writing;
  if (pin == 0) clear |= GTF_reading;
  if (clear != 0) gnttabClearFlags(shah, clear);
}

/**
 * map_grant_ref: maps grant `ref` of domain `dom` for `ld`. Returns GNTST_*; on
 * success mapHandle and mapMfn are set (dev_bus_addr = mapMfn << 12).
 */
export function mapGrantRef(ld: u32, hostLo: u32, hostHi: u32, flags: u32, ref: u32, dom: u32): i32 {
  if ((flags & (GNTMAP_device_map | GNTMAP_host_map)) == 0) return GNTST_bad_gntref;
  // The granting domain by number (DOMID_SELF is not looked up).
  let rd = dom < DOMID_FIRST_RESERVED ? domainLookupAddr(dom) : 0;
  if (rd == 0) return GNTST_bad_domain;
  let ldomid = domidOf(ld);
  let lgt = gtOf(ld), rgt = gtOf(rd);
  let handle = getMaptrackHandle(lgt);
  if (handle == MAPTRACK_TAIL) return GNTST_no_device_space;

  let rc = GNTST_okay;
  let ro = (flags & GNTMAP_readonly) != 0;
  if (ref >= nrGrantEntries(rgt)) { putMaptrackHandle(lgt, handle); return GNTST_bad_gntref; }
  let act = activeEntry(rgt, ref);
  let shah = sharedEntry(rgt, ref);
  let pin = load<u32>(act + ACT_pin);
  // Already pinned: only by the same grantee, and no count may overflow.
  if (pin != 0 && (<u32>load<u16>(act + ACT_domid) != ldomid || (pin & GNTPIN_overflow) != 0)) {
    putMaptrackHandle(lgt, handle);
    return GNTST_general_error;
  }
  let haveRef = false;
  if (pin == 0 || (!ro && (pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)) == 0)) {
    rc = setStatusV1(shah, act, ro, true, ldomid);
    if (rc != GNTST_okay) { putMaptrackHandle(lgt, handle); return rc; }
    if (pin == 0) {
      rc = getPagedFrame(load<u32>(shah, 4), domidOf(rd));
      if (rc != GNTST_okay) {
        clearStatusAfter(shah, act, ro);
        putMaptrackHandle(lgt, handle);
        return rc;
      }
      store<u16>(act + ACT_domid, <u16>ldomid);
      store<u32>(act + ACT_mfn, pagedMfn);
      haveRef = true;
    }
  }
  store<u32>(act + ACT_pin, load<u32>(act + ACT_pin) + pinsOf(flags));
  let mfn = load<u32>(act + ACT_mfn);

  // References for the mapping; the frame must (still) be the granting domain's.
  let refcnt: u32 = 0, typecnt: u32 = 0;
  let owner = haveRef ? domidOf(rd) : getOwnerAndReference(mfn);
  if (owner != DOMID_INVALID) refcnt = 1; // taken even on a frame of someone else
  let owned = owner == domidOf(rd);
  let hostMapped = false;
  if (!owned) {
    rc = GNTST_general_error;
  } else {
    if ((flags & GNTMAP_device_map) && !ro) {
      if (getPageType(mfn, PGT_writable_page) != 0) rc = GNTST_general_error; else typecnt++;
    }
    if (rc == GNTST_okay && (flags & GNTMAP_host_map)) {
      // device_map took the first reference: the host part needs its own.
      if (flags & GNTMAP_device_map) {
        if (getPage(mfn, domidOf(rd))) refcnt++; else rc = GNTST_general_error;
      }
      if (rc == GNTST_okay && !ro) {
        if (getPageType(mfn, PGT_writable_page) != 0) rc = GNTST_general_error; else typecnt++;
      }
      if (rc == GNTST_okay && !isHost(ld)) {
        rc = createGrantPvMapping(hostLo, hostHi, mfn, flags, ldomid);
        if (rc == GNTST_okay) hostMapped = true;
      }
    }
  }
  if (rc != GNTST_okay) {
    // undo_out: the mapping's references, its pins, the flags it set, its handle.
    if (hostMapped) replaceGrantPvMapping(hostLo, hostHi, mfn, 0, 0, flags, ldomid);
    while (typecnt-- > 0) putPageType(mfn);
    while (refcnt-- > 0) putPage(mfn);
    store<u32>(act + ACT_pin, load<u32>(act + ACT_pin) - pinsOf(flags));
    clearStatusAfter(shah, act, ro);
    putMaptrackHandle(lgt, handle);
    return rc;
  }
  let mt = maptrackEntry(lgt, handle);
  store<u32>(mt + MT_ref, ref);
  store<u16>(mt + MT_domid, <u16>dom);
  store<u32>(mt + MT_mfn, mfn);
  store<u16>(mt + MT_flags, <u16>(flags & 0x7fff));
  mapHandle = handle;
  mapMfn = mfn;
  return GNTST_okay;
}

/**
 * unmap_common + unmap_common_complete: removes the host part (if hostLo/Hi is
 * non-zero), the device part (if devBus is non-zero and matches the frame) or both
 * of mapping `handle` of `ld`; with newLo/Hi, the host entry takes over the mapping
 * of that address instead of being cleared (unmap_and_replace). GNTST_*.
 */
export function unmapGrantRef(ld: u32, hostLo: u32, hostHi: u32, devLo: u32, devHi: u32, newLo: u32, newHi: u32, handle: u32): i32 {
  let lgt = gtOf(ld);
  if (handle >= maptrackLimit(lgt)) return GNTST_bad_handle;
  let map = maptrackEntry(lgt, handle);
  let flags = <u32>load<u16>(map + MT_flags);
  if ((flags & (GNTMAP_device_map | GNTMAP_host_map)) == 0) return GNTST_bad_handle;
  let ldomid = domidOf(ld);
  let orphan = (flags & MT_orphan) != 0;
  let dom = <u32>load<u16>(map + MT_domid);
  let ref = load<u32>(map + MT_ref);
  let mfn = load<u32>(map + MT_mfn);
  let rd: u32 = 0, act: u32 = 0, shah: u32 = 0;
  if (!orphan) {
    rd = domainLookupAddr(dom);
    // Mappings of a destroyed domain's grants are orphaned, never left dangling.
    if (rd == 0 || ref >= nrGrantEntries(gtOf(rd))) return GNTST_bad_handle;
    act = activeEntry(gtOf(rd), ref);
    shah = sharedEntry(gtOf(rd), ref);
    mfn = load<u32>(act + ACT_mfn);
  }
  let devGiven = (devLo | devHi) != 0;
  if (devGiven && (devHi != (mfn >>> 20) || devLo != (mfn << 12))) return GNTST_general_error;
  let done: u32 = 0;
  let ro = flags & GNTMAP_readonly;
  if ((hostLo | hostHi) != 0 && (flags & GNTMAP_host_map)) {
    if (!isHost(ld)) {
      let rc = replaceGrantPvMapping(hostLo, hostHi, mfn, newLo, newHi, flags, ldomid);
      if (rc != GNTST_okay) return rc;
    }
    flags &= ~GNTMAP_host_map;
    done |= GNTMAP_host_map | ro;
  }
  if (devGiven && (flags & GNTMAP_device_map)) {
    flags &= ~GNTMAP_device_map;
    done |= GNTMAP_device_map | ro;
  }
  if ((flags & (GNTMAP_device_map | GNTMAP_host_map)) == 0) putMaptrackHandle(lgt, handle);
  else store<u16>(map + MT_flags, <u16>flags);
  if (done == 0) return GNTST_okay;

  // unmap_common_complete: drop what the removed parts held.
  if (done & GNTMAP_device_map) {
    if (!ro) putPageType(mfn);
    putPage(mfn);
  }
  if (done & GNTMAP_host_map) {
    if (!ro) putPageType(mfn);
    putPage(mfn);
  }
  if (!orphan) {
    store<u32>(act + ACT_pin, load<u32>(act + ACT_pin) - pinsOf(done));
    clearStatusAfter(shah, act, ro != 0);
  }
  return GNTST_okay;
}
