// The frame table: one record per machine frame (Xen's struct page_info).
//
//   +0  count_info  u32  general reference count (bits 0-25) | PGC_* flags
//   +4  type_info   u32  type (bits 29-31) | PGT_* flags | type count (bits 0-24)
//   +8  owner       u32  domid, DOMID_XEN for the hypervisor's frames,
//                        DOMID_INVALID for a free frame
//   +12 next        u32  next frame on the owner's page list or on the free list
//   +16 prev        u32  previous frame on the owner's page list
//   +20 linear      i32  linear page-table use count (mm/, fact sheet §4.3)
//   +24 gen         u32  flags private to the core (FRAME_* below)
//   +28 pad
//
// Invariants (the same as Xen's, xen/arch/x86/include/asm/mm.h):
//   * A frame with owner != DOMID_INVALID is on exactly one page list (its owner's,
//     or Xen's heap list) and has PGC_allocated set while the owner holds it.
//   * A frame's type changes only while its type count is 0.
//   * A frame returns to the free list only when its reference count reaches 0.

import { MACHINE_BASE, PAGE_SHIFT, PAGE_SIZE, MAX_FRAMES } from "../layout";
import { DOMID_INVALID } from "../public/xen";

export const FRAME_SIZE: u32 = 32;
export const FT_COUNT: u32 = 0;
export const FT_TYPE: u32 = 4;
export const FT_OWNER: u32 = 8;
export const FT_NEXT: u32 = 12;
export const FT_PREV: u32 = 16;
export const FT_LINEAR: u32 = 20;
export const FT_FLAGS: u32 = 24;

export const PGC_allocated: u32 = 1 << 31;
export const PGC_xen_heap: u32 = 1 << 30;
export const PGC_count_mask: u32 = (1 << 26) - 1;

export const PGT_none: u32 = 0 << 29;
export const PGT_l1_page_table: u32 = 1 << 29;
export const PGT_l2_page_table: u32 = 2 << 29;
export const PGT_l3_page_table: u32 = 3 << 29;
export const PGT_l4_page_table: u32 = 4 << 29;
export const PGT_seg_desc_page: u32 = 5 << 29;
export const PGT_shared_page: u32 = 6 << 29;
export const PGT_writable_page: u32 = 7 << 29;
export const PGT_type_mask: u32 = 7 << 29;
export const PGT_pinned: u32 = 1 << 28;
export const PGT_validated: u32 = 1 << 27;
export const PGT_pae_xen_l2: u32 = 1 << 26;
export const PGT_count_mask: u32 = (1 << 25) - 1;

/** End-of-list marker for page lists. */
export const NO_FRAME: u32 = 0xffffffff;

/** Frame holds decoded instructions in the code cache (writes must invalidate it). */
export const FRAME_CODE: u32 = 1 << 0;

export let nrFrames: u32 = 0;
export let frameTableBase: u32 = 0;
let freeHead: u32 = NO_FRAME;
export let nrFreeFrames: u32 = 0;

// @ts-ignore: decorator
@inline export function ft(mfn: u32): u32 { return frameTableBase + mfn * FRAME_SIZE; }
// @ts-ignore: decorator
@inline export function mfnValid(mfn: u32): bool { return mfn < nrFrames; }
// @ts-ignore: decorator
@inline export function frameOwner(mfn: u32): u32 { return load<u32>(ft(mfn) + FT_OWNER); }
// @ts-ignore: decorator
@inline export function countInfo(mfn: u32): u32 { return load<u32>(ft(mfn) + FT_COUNT); }
// @ts-ignore: decorator
@inline export function setCountInfo(mfn: u32, v: u32): void { store<u32>(ft(mfn) + FT_COUNT, v); }
// @ts-ignore: decorator
@inline export function typeInfo(mfn: u32): u32 { return load<u32>(ft(mfn) + FT_TYPE); }
// @ts-ignore: decorator
@inline export function setTypeInfo(mfn: u32, v: u32): void { store<u32>(ft(mfn) + FT_TYPE, v); }
// @ts-ignore: decorator
@inline export function frameFlags(mfn: u32): u32 { return load<u32>(ft(mfn) + FT_FLAGS); }
// @ts-ignore: decorator
@inline export function setFrameFlags(mfn: u32, v: u32): void { store<u32>(ft(mfn) + FT_FLAGS, v); }

/**
 * Sets up machine memory of `frames` frames: grows the wasm memory to hold them and
 * the frame table, and puts every frame on the free list. Returns false when the
 * request cannot be satisfied.
 */
export function frameTableInit(frames: u32): bool {
  if (frames == 0 || frames > MAX_FRAMES) return false;
  let end = <u64>MACHINE_BASE + (<u64>frames << PAGE_SHIFT) + <u64>frames * FRAME_SIZE;
  let needPages = <i32>((end + 0xffff) >> 16);
  let have = memory.size();
  if (needPages > have && memory.grow(needPages - have) < 0) return false;
  nrFrames = frames;
  frameTableBase = MACHINE_BASE + (frames << PAGE_SHIFT);
  memory.fill(frameTableBase, 0, frames * FRAME_SIZE);
  // Free list in ascending MFN order, so allocation hands out low frames first.
  freeHead = NO_FRAME;
  for (let i = frames; i > 0; i--) {
    let mfn = i - 1;
    store<u32>(ft(mfn) + FT_OWNER, DOMID_INVALID);
    store<u32>(ft(mfn) + FT_NEXT, freeHead);
    store<u32>(ft(mfn) + FT_PREV, NO_FRAME);
    if (freeHead != NO_FRAME) store<u32>(ft(freeHead) + FT_PREV, mfn);
    freeHead = mfn;
  }
  nrFreeFrames = frames;
  return true;
}

/** Takes a frame off the free list (zeroed, no owner), or NO_FRAME if none is left. */
export function allocFrame(): u32 {
  let mfn = freeHead;
  if (mfn == NO_FRAME) return NO_FRAME;
  return takeFreeFrame(mfn);
}

/** True if `mfn` is on the free list (no owner, no references). */
export function frameIsFree(mfn: u32): bool {
  return load<u32>(ft(mfn) + FT_OWNER) == DOMID_INVALID && (load<u32>(ft(mfn) + FT_COUNT) & PGC_count_mask) == 0;
}

/**
 * Takes the free frame `mfn` off the free list (the list is doubly linked so any
 * frame can leave it, which contiguous multi-page allocations need). Zeroes it.
 */
export function takeFreeFrame(mfn: u32): u32 {
  let next = load<u32>(ft(mfn) + FT_NEXT);
  let prev = load<u32>(ft(mfn) + FT_PREV);
  if (prev != NO_FRAME) store<u32>(ft(prev) + FT_NEXT, next); else freeHead = next;
  if (next != NO_FRAME) store<u32>(ft(next) + FT_PREV, prev);
  nrFreeFrames--;
  let r = ft(mfn);
  store<u32>(r + FT_COUNT, 0);
  store<u32>(r + FT_TYPE, 0);
  store<u32>(r + FT_NEXT, NO_FRAME);
  store<u32>(r + FT_PREV, NO_FRAME);
  store<i32>(r + FT_LINEAR, 0);
  store<u32>(r + FT_FLAGS, 0);
  memory.fill(MACHINE_BASE + (mfn << PAGE_SHIFT), 0, PAGE_SIZE);
  return mfn;
}

/** Returns an unowned frame to the free list. */
export function freeFrame(mfn: u32): void {
  let r = ft(mfn);
  store<u32>(r + FT_OWNER, DOMID_INVALID);
  store<u32>(r + FT_COUNT, 0);
  store<u32>(r + FT_TYPE, 0);
  store<u32>(r + FT_NEXT, freeHead);
  store<u32>(r + FT_PREV, NO_FRAME);
  if (freeHead != NO_FRAME) store<u32>(ft(freeHead) + FT_PREV, mfn);
  freeHead = mfn;
  nrFreeFrames++;
}

export function setFrameOwner(mfn: u32, domid: u32): void { store<u32>(ft(mfn) + FT_OWNER, domid); }
