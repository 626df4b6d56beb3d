// Page ownership: which domain holds which frames (Xen's page_list and
// assign_pages / free_domheap_page).
//
// A domain's RAM frames are on its page list (counted in tot_pages); the Xen-heap
// frames Xen allocates on its behalf (struct domain and vcpus, shared_info, event and
// grant pages) are on its xen list. Both are doubly linked through the frame table.

import {
  ft, FT_NEXT, FT_PREV, FT_OWNER, FT_COUNT, NO_FRAME, allocFrame, freeFrame,
  PGC_allocated, PGC_xen_heap, nrFrames, frameIsFree, takeFreeFrame, FT_TYPE, PGT_writable_page, PGT_validated,
} from "./frame-table";
import { domainLookupAddr } from "../domain/lookup";
import { D_page_list_head, D_page_list_tail, D_tot_pages, D_max_pages, D_xen_list_head, D_xenheap_pages } from "../domain/layout";
import { DOMID_XEN, DOMID_INVALID } from "../public/xen";

function listAdd(d: u32, headOff: u32, mfn: u32): void {
  let head = load<u32>(d + headOff);
  store<u32>(ft(mfn) + FT_NEXT, head);
  store<u32>(ft(mfn) + FT_PREV, NO_FRAME);
  if (head != NO_FRAME) store<u32>(ft(head) + FT_PREV, mfn);
  else if (headOff == D_page_list_head) store<u32>(d + D_page_list_tail, mfn);
  store<u32>(d + headOff, mfn);
}

function listDel(d: u32, headOff: u32, mfn: u32): void {
  let next = load<u32>(ft(mfn) + FT_NEXT);
  let prev = load<u32>(ft(mfn) + FT_PREV);
  if (prev != NO_FRAME) store<u32>(ft(prev) + FT_NEXT, next);
  else store<u32>(d + headOff, next);
  if (next != NO_FRAME) store<u32>(ft(next) + FT_PREV, prev);
  else if (headOff == D_page_list_head) store<u32>(d + D_page_list_tail, prev);
  store<u32>(ft(mfn) + FT_NEXT, NO_FRAME);
  store<u32>(ft(mfn) + FT_PREV, NO_FRAME);
}

/**
 * Allocates a RAM frame to domain `d` (struct domain address): owned by it, on its
 * page list, holding the allocation reference. NO_FRAME when memory is exhausted.
 */
export function allocDomainFrame(d: u32, domid: u32): u32 {
  let mfn = allocFrame();
  if (mfn == NO_FRAME) return NO_FRAME;
  store<u32>(ft(mfn) + FT_OWNER, domid);
  store<u32>(ft(mfn) + FT_COUNT, PGC_allocated | 1);
  listAdd(d, D_page_list_head, mfn);
  store<u32>(d + D_tot_pages, load<u32>(d + D_tot_pages) + 1);
  return mfn;
}

/** Allocates a frame private to Xen (struct domain, struct vcpu, the M2P...). */
export function allocXenPrivateFrame(): u32 {
  let mfn = allocFrame();
  if (mfn == NO_FRAME) return NO_FRAME;
  store<u32>(ft(mfn) + FT_OWNER, DOMID_XEN);
  store<u32>(ft(mfn) + FT_COUNT, PGC_xen_heap | 1);
  return mfn;
}

/** Frees a frame from allocXenPrivateFrame. */
export function freeXenPrivateFrame(mfn: u32): void { freeFrame(mfn); }

/**
 * Allocates a Xen-heap frame shared with domain `d` (Xen's share_xen_page_with_guest):
 * owned by the domain so it may map it (shared_info, grant-table frames), but not
 * part of its RAM. Like Xen, it holds a permanent writable type reference: Xen writes
 * these frames itself, so they must never become a page table or descriptor page.
 */
export function allocXenSharedFrame(d: u32, domid: u32): u32 {
  let mfn = allocFrame();
  if (mfn == NO_FRAME) return NO_FRAME;
  store<u32>(ft(mfn) + FT_OWNER, domid);
  store<u32>(ft(mfn) + FT_COUNT, PGC_allocated | PGC_xen_heap | 1);
  store<u32>(ft(mfn) + FT_TYPE, PGT_writable_page | PGT_validated | 1);
  listAdd(d, D_xen_list_head, mfn);
  store<u32>(d + D_xenheap_pages, load<u32>(d + D_xenheap_pages) + 1);
  return mfn;
}

/**
 * Called when a frame's reference count reaches zero: takes it off its owner's list
 * and returns it to the free pool (Xen's free_domheap_page).
 */
export function releaseFrame(mfn: u32): void {
  let r = ft(mfn);
  let owner = load<u32>(r + FT_OWNER);
  let xenHeap = (load<u32>(r + FT_COUNT) & PGC_xen_heap) != 0;
  if (owner != DOMID_INVALID) {
    let d = domainLookupAddr(owner);
    if (d != 0) {
      if (xenHeap) {
        listDel(d, D_xen_list_head, mfn);
        store<u32>(d + D_xenheap_pages, load<u32>(d + D_xenheap_pages) - 1);
      } else {
        listDel(d, D_page_list_head, mfn);
        store<u32>(d + D_tot_pages, load<u32>(d + D_tot_pages) - 1);
      }
    }
  }
  freeFrame(mfn);
}

/**
 * Allocates 2^order contiguous, naturally aligned frames to domain `d`, all below
 * `limit` (alloc_domheap_pages with MEMF_bits), within its max_pages. Returns the
 * first MFN or NO_FRAME.
 */
export function allocDomainExtent(d: u32, domid: u32, order: u32, limit: u32): u32 {
  let n: u32 = 1 << order;
  if (<u64>load<u32>(d + D_tot_pages) + n > <u64>load<u32>(d + D_max_pages)) return NO_FRAME;
  if (limit > nrFrames) limit = nrFrames;
  let first = NO_FRAME;
  if (order == 0 && limit == nrFrames) {
    first = allocFrame();
  } else {
    for (let m: u32 = 0; m + n <= limit; m += n) {
      let ok = true;
      for (let j: u32 = 0; j < n && ok; j++) ok = frameIsFree(m + j);
      if (ok) { first = m; break; }
    }
    if (first != NO_FRAME) for (let j: u32 = 0; j < n; j++) takeFreeFrame(first + j);
  }
  if (first == NO_FRAME) return NO_FRAME;
  for (let j: u32 = 0; j < n; j++) {
    let mfn = first + j;
    store<u32>(ft(mfn) + FT_OWNER, domid);
    store<u32>(ft(mfn) + FT_COUNT, PGC_allocated | 1);
    listAdd(d, D_page_list_head, mfn);
  }
  store<u32>(d + D_tot_pages, load<u32>(d + D_tot_pages) + n);
  return first;
}

/**
 * Takes RAM frame `mfn` off `d`'s page list and out of its tot_pages, leaving it
 * unowned (steal_page's unlink). The caller has already cleared its counts.
 */
export function unlinkDomainFrame(d: u32, mfn: u32): void {
  listDel(d, D_page_list_head, mfn);
  store<u32>(d + D_tot_pages, load<u32>(d + D_tot_pages) - 1);
  store<u32>(ft(mfn) + FT_OWNER, DOMID_INVALID);
}

/**
 * assign_pages with MEMF_no_refcount: gives the unowned frame `mfn` to `d` as RAM
 * holding its allocation reference. The caller accounted it in tot_pages already.
 */
export function assignReservedFrame(d: u32, domid: u32, mfn: u32): void {
  store<u32>(ft(mfn) + FT_OWNER, domid);
  store<u32>(ft(mfn) + FT_COUNT, PGC_allocated | 1);
  listAdd(d, D_page_list_head, mfn);
}
