// The maptrack: the mappings a domain holds of other domains' grants
// (xen/common/grant_table.c struct grant_mapping, get_maptrack_handle,
// put_maptrack_handle). A handle is an index into it.
//
// Entry (16 bytes, 256 per frame; frames are Xen-private, listed in a directory
// frame of up to 1024 MFNs):
//   +0 ref u32    the grant reference mapped; on the free list: the next free handle
//   +4 flags u16  GNTMAP_* of the mapping still in place (host and/or device part);
//                 0 = free. MT_orphan: the granting domain is gone (see below)
//   +6 domid u16  the granting domain
//   +8 mfn u32    the granted frame
//
// Invariants:
//   * A handle is live exactly while its flags hold GNTMAP_host_map or
//     GNTMAP_device_map; a live handle is on no free list.
//   * Free handles form one FIFO list (head, tail), so a handle just released is
//     the last to be handed out again: a stale handle is unlikely to name a new
//     mapping. The table grows a frame at a time up to max_maptrack_frames.
//   * MT_orphan marks a mapping whose granting domain was destroyed: its frame
//     stays alive through the references the mapping holds, and unmapping it still
//     works (Xen keeps such a domain as a zombie until the last mapping goes).

import { frameAddr, PAGE_SIZE } from "../layout";
import { NO_FRAME } from "../mm/frame-table";
import { allocXenPrivateFrame } from "../mm/page-list";
import { GT_maptrack_limit, GT_maptrack_head, GT_maptrack_tail, GT_maptrack_dir, GT_max_maptrack_frames } from "./grant-table";

export const MT_ref: u32 = 0;
export const MT_flags: u32 = 4;
export const MT_domid: u32 = 6;
export const MT_mfn: u32 = 8;
export const MAPTRACK_ENTRY_SIZE: u32 = 16;
export const MAPTRACK_PER_PAGE: u32 = PAGE_SIZE / MAPTRACK_ENTRY_SIZE;
export const MAPTRACK_TAIL: u32 = 0xffffffff;
/** Flag bit (beyond GNTMAP_*) of a mapping whose granting domain was destroyed. */
export const MT_orphan: u32 = 1 << 15;

// @ts-ignore: decorator
@inline export function maptrackLimit(gt: u32): u32 { return load<u32>(gt + GT_maptrack_limit); }

/** Host address of entry `handle` (handle < maptrackLimit). */
export function maptrackEntry(gt: u32, handle: u32): u32 {
  let dir = frameAddr(load<u32>(gt + GT_maptrack_dir));
  return frameAddr(load<u32>(dir + ((handle / MAPTRACK_PER_PAGE) << 2))) + (handle % MAPTRACK_PER_PAGE) * MAPTRACK_ENTRY_SIZE;
}

/** Adds one frame of free handles at the tail; false at the limit or without memory. */
function growMaptrack(gt: u32): bool {
  let limit = maptrackLimit(gt);
  let frames = limit / MAPTRACK_PER_PAGE;
  if (frames >= load<u32>(gt + GT_max_maptrack_frames)) return false;
  let dir = load<u32>(gt + GT_maptrack_dir);
  if (dir == NO_FRAME) {
    dir = allocXenPrivateFrame();
    if (dir == NO_FRAME) return false;
    memory.fill(frameAddr(dir), 0, PAGE_SIZE);
    store<u32>(gt + GT_maptrack_dir, dir);
  }
  let m = allocXenPrivateFrame();
  if (m == NO_FRAME) return false;
  let p = frameAddr(m);
  memory.fill(p, 0, PAGE_SIZE);
  for (let i: u32 = 0; i < MAPTRACK_PER_PAGE; i++) {
    store<u32>(p + i * MAPTRACK_ENTRY_SIZE + MT_ref, i + 1 < MAPTRACK_PER_PAGE ? limit + i + 1 : MAPTRACK_TAIL);
  }
  store<u32>(frameAddr(dir) + (frames << 2), m);
  store<u32>(gt + GT_maptrack_limit, limit + MAPTRACK_PER_PAGE);
  let tail = load<u32>(gt + GT_maptrack_tail);
  if (tail == MAPTRACK_TAIL) store<u32>(gt + GT_maptrack_head, limit);
  else store<u32>(maptrackEntry(gt, tail) + MT_ref, limit);
  store<u32>(gt + GT_maptrack_tail, limit + MAPTRACK_PER_PAGE - 1);
  return true;
}

/** get_maptrack_handle: a free handle, or MAPTRACK_TAIL when none can be had. */
export function getMaptrackHandle(gt: u32): u32 {
  let head = load<u32>(gt + GT_maptrack_head);
  if (head == MAPTRACK_TAIL) {
    if (!growMaptrack(gt)) return MAPTRACK_TAIL;
    head = load<u32>(gt + GT_maptrack_head);
  }
  let e = maptrackEntry(gt, head);
  let next = load<u32>(e + MT_ref);
  store<u32>(gt + GT_maptrack_head, next);
  if (next == MAPTRACK_TAIL) store<u32>(gt + GT_maptrack_tail, MAPTRACK_TAIL);
  store<u32>(e + MT_ref, 0);
  store<u16>(e + MT_flags, 0);
  return head;
}

/** put_maptrack_handle: returns a handle (its flags already 0) to the tail of the free list. */
export function putMaptrackHandle(gt: u32, handle: u32): void {
  let e = maptrackEntry(gt, handle);
  store<u16>(e + MT_flags, 0);
  store<u32>(e + MT_ref, MAPTRACK_TAIL);
  let tail = load<u32>(gt + GT_maptrack_tail);
  if (tail == MAPTRACK_TAIL) store<u32>(gt + GT_maptrack_head, handle);
  else store<u32>(maptrackEntry(gt, tail) + MT_ref, handle);
  store<u32>(gt + GT_maptrack_tail, handle);
}
