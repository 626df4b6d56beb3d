// GNTTABOP_transfer: a PV domain gives one of its frames to another domain, into a
// slot that domain marked GTF_accept_transfer for it (xen/common/grant_table.c
// gnttab_transfer, gnttab_prepare_for_transfer; fact sheet §7.4).
//
// The frame is stolen first (it must be held by nothing but its owner's allocation,
// mm/steal-page.ts); from then on it is lost to the sender whatever happens: if the
// recipient cannot take it (no such domain, dying, at its max_pages, or the slot is
// not a matching accept_transfer entry) it is freed. Only a frame that could not be
// stolen (GNTST_bad_page) stays with the sender.

import { mfnValid, freeFrame } from "../mm/frame-table";
import { stealPage } from "../mm/steal-page";
import { assignReservedFrame } from "../mm/page-list";
import { setGpfnFromMfn } from "../mm/m2p";
import { domainLookupAddr } from "../domain/lookup";
import { D_domain_id, D_flags, D_tot_pages, D_max_pages, DOMF_dying } from "../domain/layout";
import { gtOf, nrGrantEntries, sharedEntry } from "./grant-table";
import {
  GTF_accept_transfer, GTF_transfer_committed, GTF_transfer_completed, GNTST_okay, GNTST_general_error,
  GNTST_bad_domain, GNTST_bad_page,
} from "../public/grant-table";
import { DOMID_FIRST_RESERVED } from "../public/xen";

/** gnttab_prepare_for_transfer: marks slot `ref` of `e` committed if it accepts from `ldomid`. */
function prepareForTransfer(e: u32, ldomid: u32, ref: u32): bool {
  let gt = gtOf(e);
  if (ref >= nrGrantEntries(gt)) return false;
  let shah = sharedEntry(gt, ref);
  let flags = load<u16>(shah);
  if (flags != GTF_accept_transfer || <u32>load<u16>(shah, 2) != ldomid) return false;
  store<u16>(shah, flags | GTF_transfer_committed);
  return true;
}

/** One transfer of frame `mfn` from `ld` to domain `domid`, slot `ref`. GNTST_*. */
export function gnttabTransferOne(ld: u32, mfn: u32, domid: u32, ref: u32): i32 {
  let ldomid = load<u32>(ld + D_domain_id);
  if (!mfnValid(mfn) || !stealPage(ld, ldomid, mfn)) return GNTST_bad_page;
  let e = domid < DOMID_FIRST_RESERVED ? domainLookupAddr(domid) : 0;
  if (e == 0) { freeFrame(mfn); return GNTST_bad_domain; }
  if ((load<u32>(e + D_flags) & DOMF_dying) != 0 || load<u32>(e + D_tot_pages) >= load<u32>(e + D_max_pages)) {
    freeFrame(mfn);
    return GNTST_general_error;
  }
  // Reserve the page in e's allocation, then claim the slot.
  store<u32>(e + D_tot_pages, load<u32>(e + D_tot_pages) + 1);
  if (!prepareForTransfer(e, ldomid, ref)) {
    store<u32>(e + D_tot_pages, load<u32>(e + D_tot_pages) - 1);
    freeFrame(mfn);
    return GNTST_general_error;
  }
  assignReservedFrame(e, domid, mfn);
  // Tell the recipient about its new frame: the slot held the pseudo-physical frame
  // it goes to; it now holds the machine frame.
  let shah = sharedEntry(gtOf(e), ref);
  setGpfnFromMfn(mfn, load<u32>(shah, 4));
  store<u32>(shah, mfn, 4);
  store<u16>(shah, load<u16>(shah) | GTF_transfer_completed);
  return GNTST_okay;
}
