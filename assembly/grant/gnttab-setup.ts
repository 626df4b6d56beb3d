// The grant-table operations on the table itself (xen/common/grant_table.c
// gnttab_setup_table, gnttab_query_size, gnttab_set_version, gnttab_get_version,
// gnttab_get_status_frames, swap_grant_ref, cache_flush; fact sheet §7.2, §7.4),
// with arguments already copied in by hypercall/grant-table-op.ts.
//
// A `dom` argument may name the caller (DOMID_SELF or its own id) or, for a
// privileged caller, any domain (XSM's dummy policy, XSM_TARGET).

import { domainLookupAddr } from "../domain/lookup";
import { D_domain_id, D_flags, DOMF_privileged } from "../domain/layout";
import { mfnValid } from "../mm/frame-table";
import { getOwnerAndReference, putPage } from "../mm/page-ref";
import { gtOf, nrGrantEntries, nrGrantFrames, sharedEntry, activeEntry, gnttabGrowTable, ACT_pin, ACT_domid, ACT_mfn, GT_max_grant_frames } from "./grant-table";
import {
  GNTST_okay, GNTST_general_error, GNTST_bad_domain, GNTST_bad_gntref, GNTST_permission_denied, GNTST_eagain,
} from "../public/grant-table";
import { DOMID_SELF, DOMID_INVALID, DOMID_FIRST_RESERVED } from "../public/xen";
import { EINVAL, EPERM, EOPNOTSUPP } from "../public/errno";

// @ts-ignore: decorator
@inline function domidOf(d: u32): u32 { return load<u32>(d + D_domain_id); }

/** Set by targetDomain on failure: GNTST_bad_domain or GNTST_permission_denied. */
export let targetRc: i32 = 0;

/**
 * rcu_lock_domain_by_any_id plus xsm XSM_TARGET: the domain `dom` names for `ld`,
 * or 0 (targetRc says why).
 */
export function targetDomain(ld: u32, dom: u32): u32 {
  let d = dom == DOMID_SELF ? ld : dom < DOMID_FIRST_RESERVED ? domainLookupAddr(dom) : 0;
  if (d == 0) { targetRc = GNTST_bad_domain; return 0; }
  if (d != ld && (load<u32>(ld + D_flags) & DOMF_privileged) == 0) { targetRc = GNTST_permission_denied; return 0; }
  return d;
}

/**
 * GNTTABOP_setup_table: grows the table of the domain `dom` names to `nr` frames.
 * GNTST_*; on success the caller reports the first `nr` frames (setupDomain's).
 */
export let setupDomain: u32 = 0;
export function gnttabSetupTable(ld: u32, dom: u32, nr: u32): i32 {
  let d = targetDomain(ld, dom);
  if (d == 0) return targetRc;
  let gt = gtOf(d);
  if (nr > load<u32>(gt + GT_max_grant_frames)) return GNTST_general_error;
  if (nr > nrGrantFrames(gt) && !gnttabGrowTable(d, domidOf(d), nr)) return GNTST_general_error;
  setupDomain = d;
  return GNTST_okay;
}

/** GNTTABOP_swap_grant_ref on the caller's own table. GNTST_*. */
export function gnttabSwapGrantRef(ld: u32, a: u32, b: u32): i32 {
  let gt = gtOf(ld);
  let n = nrGrantEntries(gt);
  if (a >= n || b >= n) return GNTST_bad_gntref;
  if (a == b) return GNTST_okay;
  if (load<u32>(activeEntry(gt, a) + ACT_pin) != 0 || load<u32>(activeEntry(gt, b) + ACT_pin) != 0) return GNTST_eagain;
  let ea = sharedEntry(gt, a), eb = sharedEntry(gt, b);
  let t = load<u64>(ea);
  store<u64>(ea, load<u64>(eb));
  store<u64>(eb, t);
  return GNTST_okay;
}

export const GNTTAB_CACHE_CLEAN: u32 = 1 << 0;
export const GNTTAB_CACHE_INVAL: u32 = 1 << 1;
export const GNTTAB_CACHE_SOURCE_GREF: u32 = 1 << 31;

/**
 * cache_flush (x86): the frame at `devBus` must be the caller's or mapped through
 * one of the owner's grants to it. Cleaning is a no-op on a coherent machine;
 * invalidating alone is not supported on x86. 0 or -errno.
 */
export function gnttabCacheFlush(ld: u32, devLo: u32, devHi: u32, offset: u32, length: u32, op: u32): i32 {
  // GNTTAB_CACHE_SOURCE_GREF is outside the accepted bits: upstream refuses it here
  // already, before its own "unimplemented" check.
  if (offset >= 4096 || length > 4096 || offset + length > 4096 || (op & ~(GNTTAB_CACHE_INVAL | GNTTAB_CACHE_CLEAN)) != 0) return -EINVAL;
  if (length == 0 || op == 0) return 0;
  let mfn = devHi >= 0x1000 ? 0xffffffff : (devHi << 20) | (devLo >>> 12);
  if (!mfnValid(mfn)) return -EINVAL;
  let owner = getOwnerAndReference(mfn);
  if (owner == DOMID_INVALID || owner >= DOMID_FIRST_RESERVED) {
    if (owner != DOMID_INVALID) putPage(mfn);
    return -EPERM;
  }
  let ldomid = domidOf(ld);
  if (owner != ldomid) {
    // grant_map_exists: some entry of the owner's table pinned by us for this frame.
    let od = domainLookupAddr(owner);
    let found = false;
    if (od != 0) {
      let gt = gtOf(od);
      let n = nrGrantEntries(gt);
      for (let r: u32 = 0; r < n && !found; r++) {
        let act = activeEntry(gt, r);
        found = load<u32>(act + ACT_pin) != 0 && <u32>load<u16>(act + ACT_domid) == ldomid && load<u32>(act + ACT_mfn) == mfn;
      }
    }
    if (!found) { putPage(mfn); return -EINVAL; }
  }
  putPage(mfn);
  return (op & GNTTAB_CACHE_CLEAN) != 0 ? 0 : -EOPNOTSUPP;
}
