// Core exports: grant tables for the host as domain 0. The console and xenstore back
// ends reach guest pages only through these: they map and copy grants with exactly
// the checks a dom0 kernel's grant_table_op faces (the entry must grant domain 0
// access, read-only grants stay read-only, the frame must be the granter's). The
// toolstack also seeds the reserved entries and sets per-domain limits here.
// See assembly/index.ts.
//
// Host pages: for GNTTABOP_copy the host's "own frames" are pages 1-15 of the
// transfer buffer; a copy side with DOMID_SELF and no GNTCOPY_*_gref flag names
// host page `gmfn`. Page 0 holds the operation structs.

import { XFER_BASE, PAGE_SIZE, frameAddr } from "../layout";
import { domainLookupAddr } from "../domain/lookup";
import { EINVAL, ESRCH } from "../public/errno";
import { GNTMAP_host_map, GNTMAP_readonly } from "../public/grant-table";
import { mapGrantRef, unmapGrantRef, mapHandle, mapMfn } from "../grant/gnttab-map";
import { gnttabCopyOne } from "../grant/gnttab-copy";
import { gnttabDumpTable } from "../grant/gnttab-dump";
import {
  gtOf, nrGrantFrames, nrGrantEntries, sharedFrameMfn, activeEntry, grantTableSetLimits, gnttabGrowTable,
  GT_max_grant_frames, GT_max_maptrack_frames, ACT_pin, ACT_domid, ACT_mfn,
} from "../grant/grant-table";
import { maptrackLimit, maptrackEntry, MT_flags } from "../grant/maptrack";

// @ts-ignore: decorator
@inline function dom0(): u32 { return domainLookupAddr(0); }

/** The size of one gnttab_copy struct in the transfer buffer. */
const COPY_SIZE: u32 = 24;

/**
 * Maps grant `ref` of `domid` for the host (GNTMAP_host_map, read-only if asked).
 * Returns the handle, or a negative GNTST_* status; on success the frame's host
 * address is at +0 of the transfer buffer and its MFN at +4.
 */
export function gnttabHostMap(domid: u32, ref: u32, readonly: u32): i32 {
  let rc = mapGrantRef(dom0(), 0, 0, GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0), ref, domid & 0xffff);
  if (rc != 0) return rc;
  store<u32>(XFER_BASE, frameAddr(mapMfn));
  store<u32>(XFER_BASE + 4, mapMfn);
  return <i32>mapHandle;
}

/** Unmaps the host's mapping `handle`. GNTST_*. */
export function gnttabHostUnmap(handle: u32): i32 {
  // A non-zero host address selects the host part; the host has no entry to clear.
  return unmapGrantRef(dom0(), 1, 0, 0, 0, 0, 0, handle);
}

/**
 * GNTTABOP_copy as domain 0 for `count` gnttab_copy structs at the start of the
 * transfer buffer (each gets its status). 0, or -EINVAL if they do not fit page 0.
 */
export function gnttabHostCopy(count: u32): i32 {
  if (count > PAGE_SIZE / COPY_SIZE) return -EINVAL;
  let d = dom0();
  for (let i: u32 = 0; i < count; i++) {
    let op = XFER_BASE + i * COPY_SIZE;
    store<i16>(op + 20, <i16>gnttabCopyOne(d, op));
  }
  return 0;
}

/** The toolstack's grant limits for a domain (max_grant_frames, max_maptrack_frames). */
export function gnttabSetLimits(domid: u32, maxGrantFrames: u32, maxMaptrackFrames: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  return grantTableSetLimits(d, maxGrantFrames, maxMaptrackFrames) ? 0 : -EINVAL;
}

/**
 * MFN of frame `idx` of `domid`'s grant table, growing the table to include it (as
 * XENMEM_add_to_physmap of XENMAPSPACE_grant_table does for the toolstack's seeding).
 */
export function gnttabFrame(domid: u32, idx: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  let gt = gtOf(d);
  if (idx >= load<u32>(gt + GT_max_grant_frames)) return -EINVAL;
  if (idx >= nrGrantFrames(gt) && !gnttabGrowTable(d, domid, idx + 1)) return -EINVAL;
  return <i32>sharedFrameMfn(gt, idx);
}

/**
 * A domain's table in the transfer buffer: +0 nr_frames, +4 max_frames,
 * +8 maptrack_limit, +12 max_maptrack_frames, +16 live maptrack handles.
 */
export function gnttabInfo(domid: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  let gt = gtOf(d);
  let live: u32 = 0;
  let limit = maptrackLimit(gt);
  for (let h: u32 = 0; h < limit; h++) if (load<u16>(maptrackEntry(gt, h) + MT_flags) != 0) live++;
  store<u32>(XFER_BASE, nrGrantFrames(gt));
  store<u32>(XFER_BASE + 4, load<u32>(gt + GT_max_grant_frames));
  store<u32>(XFER_BASE + 8, limit);
  store<u32>(XFER_BASE + 12, load<u32>(gt + GT_max_maptrack_frames));
  store<u32>(XFER_BASE + 16, live);
  return 0;
}

/** Active entry `ref` of `domid` in the transfer buffer: +0 pin, +4 grantee, +8 mfn. */
export function gnttabActive(domid: u32, ref: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  let gt = gtOf(d);
  if (ref >= nrGrantEntries(gt)) return -EINVAL;
  let act = activeEntry(gt, ref);
  store<u32>(XFER_BASE, load<u32>(act + ACT_pin));
  store<u32>(XFER_BASE + 4, <u32>load<u16>(act + ACT_domid));
  store<u32>(XFER_BASE + 8, load<u32>(act + ACT_mfn));
  return 0;
}

/** GNTTABOP_dump_table as domain 0: `domid`'s table to the hypervisor log. GNTST_*. */
export function gnttabHostDump(domid: u32): i32 {
  return gnttabDumpTable(dom0(), domid & 0xffff);
}
