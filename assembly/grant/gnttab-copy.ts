// GNTTABOP_copy: the hypervisor copies bytes between two frames, either named by a
// grant reference of some domain or by a frame number of the caller's own
// (xen/common/grant_table.c gnttab_copy_one, acquire_grant_for_copy,
// release_grant_for_copy; fact sheet §7.4).
//
// For the duration of one copy each grant side is pinned (GTF_reading, and
// GTF_writing for the destination) and each frame holds a general reference, the
// destination also a writable type reference; all of it is released before the
// next operation, so between hypercalls no copy leaves a trace in any count.
//
// The host copies as domain 0; its "own frames" are the pages of the transfer
// buffer (host pages, exports/grants.ts): a side naming frame k with DOMID_SELF is
// host page k.

import { frameAddr, PAGE_SIZE, XFER_BASE, XFER_SIZE } from "../layout";
import { getOwnerAndReference, putPage, getPageType, putPageType, PGT_writable_page } from "../mm/page-ref";
import { codeFrameWritten } from "../cpu/code-invalidate";
import { domainLookupAddr } from "../domain/lookup";
import { D_domain_id, D_flags, DOMF_dying } from "../domain/layout";
import {
  gtOf, nrGrantEntries, sharedEntry, activeEntry, ACT_pin, ACT_domid, ACT_mfn, GNTPIN_hstw_inc, GNTPIN_hstr_inc,
  GNTPIN_hstw_mask, GNTPIN_devw_mask, GNTPIN_overflow,
} from "./grant-table";
import { setStatusV1, getPagedFrame, pagedMfn } from "./grant-status";
import { clearStatusAfter } from "./gnttab-map";
import {
  GNTCOPY_source_gref, GNTCOPY_dest_gref, GNTST_okay, GNTST_general_error, GNTST_bad_domain, GNTST_bad_gntref,
  GNTST_permission_denied, GNTST_bad_copy_arg,
} from "../public/grant-table";
import { DOMID_SELF, DOMID_INVALID } from "../public/xen";

/**
 * Host address of domain 0's page `k`: pages 1-15 of the transfer buffer (page 0
 * holds the host's operation structs). 0 for any other number.
 */
export function hostPageAddr(k: u32): u32 {
  return k >= 1 && k < XFER_SIZE / PAGE_SIZE ? XFER_BASE + k * PAGE_SIZE : 0;
}

// @ts-ignore: decorator
@inline function domidOf(d: u32): u32 { return load<u32>(d + D_domain_id); }

// One side of a copy once claimed.
let bufMfn: u32 = 0;      // frame holding a reference (NO frame for a host page)
let bufAddr: u32 = 0;     // host address of byte 0 of the page

/**
 * acquire_grant_for_copy: pins grant `ref` of `rd` for `ldomid` and takes a general
 * reference on its frame (bufMfn, bufAddr). GNTST_*.
 */
function acquireGrantForCopy(rd: u32, ref: u32, ldomid: u32, readonly: bool): i32 {
  let rgt = gtOf(rd);
  if (ref >= nrGrantEntries(rgt)) return GNTST_bad_gntref;
  let act = activeEntry(rgt, ref);
  let shah = sharedEntry(rgt, ref);
  let pin = load<u32>(act + ACT_pin);
  if (pin != 0 && (<u32>load<u16>(act + ACT_domid) != ldomid || (pin & GNTPIN_overflow) != 0)) return GNTST_general_error;
  let page: u32;
  if (pin == 0 || (!readonly && (pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)) == 0)) {
    let rc = setStatusV1(shah, act, readonly, false, ldomid);
    if (rc != GNTST_okay) return rc;
    rc = getPagedFrame(load<u32>(shah, 4), domidOf(rd));
    if (rc != GNTST_okay) { clearStatusAfter(shah, act, readonly); return rc; }
    page = pagedMfn;
    if (pin == 0) {
      store<u16>(act + ACT_domid, <u16>ldomid);
      store<u32>(act + ACT_mfn, page);
    }
  } else {
    // Pinned already: the frame is alive through its mappings, unless its owner is
    // dying and Xen stops making promises about it.
    page = load<u32>(act + ACT_mfn);
    let owner = getOwnerAndReference(page);
    if (owner != domidOf(rd) || (load<u32>(rd + D_flags) & DOMF_dying) != 0) {
      if (owner != DOMID_INVALID) putPage(page);
      clearStatusAfter(shah, act, readonly);
      return GNTST_bad_domain;
    }
  }
  store<u32>(act + ACT_pin, load<u32>(act + ACT_pin) + (readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc));
  // The reference is on `page`; the bytes are those of the active frame (they
  // differ only if the guest rewrote a pinned entry's frame, as on Xen).
  bufMfn = page;
  bufAddr = frameAddr(load<u32>(act + ACT_mfn));
  return GNTST_okay;
}

/** release_grant_for_copy: drops the pin acquireGrantForCopy took. */
function releaseGrantForCopy(rd: u32, ref: u32, readonly: bool): void {
  let rgt = gtOf(rd);
  let act = activeEntry(rgt, ref);
  store<u32>(act + ACT_pin, load<u32>(act + ACT_pin) - (readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc));
  clearStatusAfter(sharedEntry(rgt, ref), act, readonly);
}

/** The domain a copy side names, or 0 with `lockRc` set (gnttab_copy_lock_domain). */
let lockRc: i32 = 0;
function lockDomain(ld: u32, domid: u32, isGref: bool): u32 {
  // Only one's own frames may be named by number.
  if (domid != DOMID_SELF && !isGref) { lockRc = GNTST_permission_denied; return 0; }
  let d = domid == DOMID_SELF ? ld : domainLookupAddr(domid);
  if (d == 0) lockRc = GNTST_bad_domain;
  return d;
}

/**
 * Claims one side: a grant (pinned) or a frame of `d` (a host page for domain 0).
 * Sets bufMfn (0xffffffff: no frame reference) and bufAddr. GNTST_*.
 */
function claimBuf(ld: u32, d: u32, u: u32, isGref: bool, readonly: bool): i32 {
  if (isGref) {
    let rc = acquireGrantForCopy(d, u, domidOf(ld), readonly);
    if (rc != GNTST_okay) return rc;
  } else if (domidOf(d) == 0) {
    let a = hostPageAddr(u);
    if (a == 0) return GNTST_general_error;
    bufMfn = 0xffffffff;
    bufAddr = a;
    return GNTST_okay;
  } else {
    let rc = getPagedFrame(u, domidOf(d));
    if (rc != GNTST_okay) return rc;
    bufMfn = pagedMfn;
    bufAddr = frameAddr(pagedMfn);
  }
  if (!readonly && getPageType(bufMfn, PGT_writable_page) != 0) {
    // The destination cannot be written (a page table, say): give it all back.
    if (isGref) releaseGrantForCopy(d, u, readonly);
    putPage(bufMfn);
    return GNTST_general_error;
  }
  return GNTST_okay;
}

function releaseBuf(d: u32, u: u32, isGref: bool, readonly: bool, mfn: u32): void {
  if (isGref) releaseGrantForCopy(d, u, readonly);
  if (mfn == 0xffffffff) return;
  if (!readonly) putPageType(mfn);
  putPage(mfn);
}

/**
 * gnttab_copy_one for the gnttab_copy struct at host address `op` (already copied
 * in) on behalf of `ld`. Returns GNTST_*.
 */
export function gnttabCopyOne(ld: u32, op: u32): i32 {
  let flags = <u32>load<u16>(op, 18);
  let srcGref = (flags & GNTCOPY_source_gref) != 0, dstGref = (flags & GNTCOPY_dest_gref) != 0;
  let srcU = load<u32>(op, 0), srcDom = <u32>load<u16>(op, 4), srcOff = <u32>load<u16>(op, 6);
  let dstU = load<u32>(op, 8), dstDom = <u32>load<u16>(op, 12), dstOff = <u32>load<u16>(op, 14);
  let len = <u32>load<u16>(op, 16);
  let sd = lockDomain(ld, srcDom, srcGref);
  if (sd == 0) return lockRc;
  let dd = lockDomain(ld, dstDom, dstGref);
  if (dd == 0) return lockRc;

  let rc = claimBuf(ld, sd, srcU, srcGref, true);
  if (rc != GNTST_okay) return rc;
  let srcMfn = bufMfn, srcAddr = bufAddr;
  rc = claimBuf(ld, dd, dstU, dstGref, false);
  if (rc != GNTST_okay) { releaseBuf(sd, srcU, srcGref, true, srcMfn); return rc; }
  let dstMfn = bufMfn, dstAddr = bufAddr;

  if (srcOff + len > PAGE_SIZE || dstOff + len > PAGE_SIZE) {
    rc = GNTST_bad_copy_arg;
  } else {
    // SAFETY: both ranges lie inside one 4 KiB page each (checked just above), and
    // each page is a machine frame held by a reference or a host page.
    memory.copy(dstAddr + dstOff, srcAddr + srcOff, len);
    if (dstMfn != 0xffffffff) codeFrameWritten(dstMfn);
  }
  releaseBuf(dd, dstU, dstGref, false, dstMfn);
  releaseBuf(sd, srcU, srcGref, true, srcMfn);
  return rc;
}
