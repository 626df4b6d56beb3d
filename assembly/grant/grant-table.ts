// A domain's grant table (xen/common/grant_table.c struct grant_table,
// grant_table_init, gnttab_grow_table, grant_table_destroy; fact sheet §7.1).
//
// Three kinds of frame make up a table:
//   * shared frames: the grant_entry_v1 array, Xen-heap frames shared with the
//     domain (owner = the domain, PGC_xen_heap) so it can map and write them;
//   * active frames: Xen's private shadow of each entry in use (who pinned it, how
//     often, which frame), never visible to a guest;
//   * the record frame below, and the maptrack (maptrack.ts): the handles of the
//     mappings this domain holds of other domains' grants.
//
// Record (one Xen-private frame per domain):
//   +0  version          +16 maptrack_limit    +32 maptrack_dir (MFN or NO_FRAME)
//   +4  nr_grant_frames  +20 maptrack_head     +64 shared[64]  MFNs
//   +8  max_grant_frames +24 maptrack_tail     +320 active[128] MFNs
//   +12 max_maptrack_frames                    +832 self MFN
//
// Active entry (16 bytes, 256 per frame):
//   +0 pin u32 (GNTPIN_* counts)  +4 domid u16 (grantee)  +8 mfn u32  +12 audit u32
// (`audit` is scratch for the MMU checker, mm/mm-check.ts).
//
// Invariants:
//   * Only the version 1 layout exists; the table grows, never shrinks, up to
//     max_grant_frames, and an active frame exists for every shared entry.
//   * An active entry with pin != 0 names the grantee and frame of every mapping
//     and copy under way; its counts equal the maptrack entries (of any domain)
//     that refer to it, plus copies in progress (none between hypercalls).
//   * The GTF_reading / GTF_writing bits Xen sets in a shared entry are cleared
//     again when the pins that need them go (the guest may clear them itself too).

import { frameAddr, PAGE_SIZE } from "../layout";
import { NO_FRAME } from "../mm/frame-table";
import { allocXenPrivateFrame, freeXenPrivateFrame, allocXenSharedFrame } from "../mm/page-list";
import { D_grant_table } from "../domain/layout";
import {
  GRANT_ENTRY_V1_SIZE, GRANT_ENTRIES_PER_FRAME, INITIAL_NR_GRANT_FRAMES, DEFAULT_MAX_GRANT_FRAMES,
  DEFAULT_MAX_MAPTRACK_FRAMES,
} from "../public/grant-table";

export const GT_version: u32 = 0;
export const GT_nr_grant_frames: u32 = 4;
export const GT_max_grant_frames: u32 = 8;
export const GT_max_maptrack_frames: u32 = 12;
export const GT_maptrack_limit: u32 = 16;
export const GT_maptrack_head: u32 = 20;
export const GT_maptrack_tail: u32 = 24;
export const GT_maptrack_dir: u32 = 32;
export const GT_shared: u32 = 64;
export const GT_active: u32 = 320;
export const GT_self: u32 = 832;

/** Hard upper bounds the record has room for. */
export const GT_MAX_GRANT_FRAMES: u32 = 64;
export const GT_MAX_MAPTRACK_FRAMES: u32 = 1024;

export const ACT_pin: u32 = 0;
export const ACT_domid: u32 = 4;
export const ACT_mfn: u32 = 8;
export const ACT_audit: u32 = 12;
export const ACTIVE_ENTRY_SIZE: u32 = 16;
export const ACGNT_PER_PAGE: u32 = PAGE_SIZE / ACTIVE_ENTRY_SIZE;

// Pin counts (xen/common/grant_table.c GNTPIN_*), 8 bits each.
export const GNTPIN_hstw_inc: u32 = 1 << 0;
export const GNTPIN_hstw_mask: u32 = 0xff << 0;
export const GNTPIN_hstr_inc: u32 = 1 << 8;
export const GNTPIN_hstr_mask: u32 = 0xff << 8;
export const GNTPIN_devw_inc: u32 = 1 << 16;
export const GNTPIN_devw_mask: u32 = 0xff << 16;
export const GNTPIN_devr_inc: u32 = 1 << 24;
export const GNTPIN_devr_mask: u32 = 0xff << 24;
/** A count about to overflow refuses new pins. */
export const GNTPIN_overflow: u32 = 0x80808080;

/** The record of `d`'s grant table (host address), 0 if it has none. */
// @ts-ignore: decorator
@inline export function gtOf(d: u32): u32 { return load<u32>(d + D_grant_table); }

// @ts-ignore: decorator
@inline export function nrGrantFrames(gt: u32): u32 { return load<u32>(gt + GT_nr_grant_frames); }

/** Number of grant references the table holds now. */
// @ts-ignore: decorator
@inline export function nrGrantEntries(gt: u32): u32 { return nrGrantFrames(gt) * GRANT_ENTRIES_PER_FRAME; }

/** Host address of shared entry `ref` (ref < nrGrantEntries). */
// @ts-ignore: decorator
@inline export function sharedEntry(gt: u32, ref: u32): u32 {
  return frameAddr(load<u32>(gt + GT_shared + ((ref / GRANT_ENTRIES_PER_FRAME) << 2))) + (ref % GRANT_ENTRIES_PER_FRAME) * GRANT_ENTRY_V1_SIZE;
}

/** Host address of active entry `ref` (ref < nrGrantEntries). */
// @ts-ignore: decorator
@inline export function activeEntry(gt: u32, ref: u32): u32 {
  return frameAddr(load<u32>(gt + GT_active + ((ref / ACGNT_PER_PAGE) << 2))) + (ref % ACGNT_PER_PAGE) * ACTIVE_ENTRY_SIZE;
}

/** MFN of shared frame `i` (i < nrGrantFrames). */
// @ts-ignore: decorator
@inline export function sharedFrameMfn(gt: u32, i: u32): u32 { return load<u32>(gt + GT_shared + (i << 2)); }

/** Active frames needed for `n` shared frames. */
// @ts-ignore: decorator
@inline function activeFramesFor(n: u32): u32 { return (n * GRANT_ENTRIES_PER_FRAME + ACGNT_PER_PAGE - 1) / ACGNT_PER_PAGE; }

/**
 * gnttab_grow_table: grows `d`'s table to `req` shared frames (at least the
 * initial one). False when memory runs out; what was added so far stays (it is
 * consistent: shared frames are only counted once their active frames exist).
 */
export function gnttabGrowTable(d: u32, domid: u32, req: u32): bool {
  let gt = gtOf(d);
  if (req < INITIAL_NR_GRANT_FRAMES) req = INITIAL_NR_GRANT_FRAMES;
  let cur = nrGrantFrames(gt);
  while (cur < req) {
    let haveAct = activeFramesFor(cur), needAct = activeFramesFor(cur + 1);
    for (let a = haveAct; a < needAct; a++) {
      if (load<u32>(gt + GT_active + (a << 2)) != NO_FRAME) continue; // left by a failed grow
      let m = allocXenPrivateFrame();
      if (m == NO_FRAME) return false;
      memory.fill(frameAddr(m), 0, PAGE_SIZE);
      store<u32>(gt + GT_active + (a << 2), m);
    }
    let s = allocXenSharedFrame(d, domid);
    if (s == NO_FRAME) return false;
    store<u32>(gt + GT_shared + (cur << 2), s);
    cur++;
    store<u32>(gt + GT_nr_grant_frames, cur);
  }
  return true;
}

/** grant_table_init: the record and the initial frame of a new domain's table. */
export function grantTableInit(d: u32, domid: u32): bool {
  let m = allocXenPrivateFrame();
  if (m == NO_FRAME) return false;
  let gt = frameAddr(m);
  memory.fill(gt, 0, PAGE_SIZE);
  store<u32>(gt + GT_version, 1);
  store<u32>(gt + GT_max_grant_frames, DEFAULT_MAX_GRANT_FRAMES);
  store<u32>(gt + GT_max_maptrack_frames, DEFAULT_MAX_MAPTRACK_FRAMES);
  store<u32>(gt + GT_maptrack_head, 0xffffffff);
  store<u32>(gt + GT_maptrack_tail, 0xffffffff);
  store<u32>(gt + GT_maptrack_dir, NO_FRAME);
  store<u32>(gt + GT_self, m);
  memory.fill(gt + GT_active, 0xff, GT_MAX_GRANT_FRAMES * 2 * 4); // NO_FRAME
  store<u32>(d + D_grant_table, gt);
  return gnttabGrowTable(d, domid, INITIAL_NR_GRANT_FRAMES);
}

/**
 * grant_table_set_limits: the toolstack's per-domain maxima. A limit below what
 * the table already uses is refused (-1), as is one beyond what the record holds.
 */
export function grantTableSetLimits(d: u32, maxGrantFrames: u32, maxMaptrackFrames: u32): bool {
  let gt = gtOf(d);
  if (gt == 0) return false;
  if (maxGrantFrames < INITIAL_NR_GRANT_FRAMES || maxGrantFrames > GT_MAX_GRANT_FRAMES) return false;
  if (maxMaptrackFrames > GT_MAX_MAPTRACK_FRAMES) return false;
  if (maxGrantFrames < nrGrantFrames(gt)) return false;
  if (maxMaptrackFrames * 256 < load<u32>(gt + GT_maptrack_limit)) return false;
  store<u32>(gt + GT_max_grant_frames, maxGrantFrames);
  store<u32>(gt + GT_max_maptrack_frames, maxMaptrackFrames);
  return true;
}

/**
 * grant_table_destroy: frees the Xen-private frames (active, maptrack, record).
 * The shared frames are the domain's Xen-heap pages and go with its allocation.
 */
export function grantTableDestroy(d: u32): void {
  let gt = gtOf(d);
  if (gt == 0) return;
  // A failed grow may have left active frames beyond the counted shared frames.
  for (let a: u32 = 0; a < GT_MAX_GRANT_FRAMES * 2; a++) {
    let m = load<u32>(gt + GT_active + (a << 2));
    if (m != NO_FRAME) freeXenPrivateFrame(m);
  }
  let dir = load<u32>(gt + GT_maptrack_dir);
  if (dir != NO_FRAME) {
    let n = load<u32>(gt + GT_maptrack_limit) / 256;
    for (let i: u32 = 0; i < n; i++) freeXenPrivateFrame(load<u32>(frameAddr(dir) + (i << 2)));
    freeXenPrivateFrame(dir);
  }
  store<u32>(d + D_grant_table, 0);
  freeXenPrivateFrame(load<u32>(gt + GT_self));
}
