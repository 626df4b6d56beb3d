// Domain lifecycle: create, pause, shut down, destroy (xen/common/domain.c).
//
// A domain is created paused with all its vcpus down; the toolstack fills its memory,
// sets vcpu 0's context and unpauses it. Shutdown (by the guest, or a crash) stops
// every vcpu and records the reason for the toolstack; destroy then releases every
// frame the domain held, in the order Xen's domain_relinquish_resources uses so that
// page-table references unwind completely even if the guest built reference loops.

import { frameAddr, PAGE_SIZE } from "../layout";
import {
  D_domain_id, D_flags, D_pause_count, D_shutdown_code, D_shutdown_reason, D_tot_pages, D_max_pages,
  D_page_list_head, D_page_list_tail, D_xenheap_pages, D_xen_list_head, D_max_vcpus, D_vm_assist,
  D_shared_info_mfn, D_self_mfn, D_vcpu, MAX_VIRT_CPUS, DOMF_privileged, DOMF_shutdown, DOMF_dying,
  V_pause_flags, VPF_shutdown, D_next,
} from "./layout";
import { domainLookupAddr, domainTableSet } from "./lookup";
import { vcpuCreate, vcpuDestroy } from "./vcpu";
import {
  nrFrames, frameOwner, setFrameOwner, countInfo, setCountInfo, typeInfo, setTypeInfo, NO_FRAME,
  PGC_allocated, PGC_xen_heap, PGT_pinned, PGT_validated, PGT_type_mask, PGT_l2_page_table, PGT_l3_page_table,
} from "../mm/frame-table";
import { allocXenPrivateFrame, freeXenPrivateFrame, allocXenSharedFrame } from "../mm/page-list";
import { putPage, putPageType, putPageAndType } from "../mm/page-ref";
import { devalidatePage } from "../mm/pt-validate";
import { EINVAL, EEXIST, ENOMEM, ESRCH } from "../public/errno";
import { DOMID_FIRST_RESERVED, DOMID_INVALID, SHARED_INFO_vcpu_info, VCPU_INFO_SIZE, VCPU_INFO_evtchn_upcall_mask, XEN_LEGACY_MAX_VCPUS } from "../public/xen";
import { curDomain } from "./current";
import { requestExit } from "../cpu/signal";
import { tlbFlushAll } from "../cpu/tlb";
import { evtchnInit, evtchnFreeTables } from "../event/evtchn-table";
import { evtchnDestroy } from "../event/event-channel";
import { grantTableInit } from "../grant/grant-table";
import { gnttabReleaseMappings, gnttabDomainDestroy } from "../grant/gnttab-release";
import { sendGlobalVirq } from "../event/virq";
import { VIRQ_DOM_EXC } from "../public/xen";
import { cschedDomInit } from "../sched/credit";
import { updateDomainWallclock } from "../sched/vcpu-time";
import { vcpuWake, vcpuSleep } from "../sched/wake";

export const CREATEF_privileged: u32 = 1 << 0;

/** First domain on the machine's list of domains (struct domain address, 0 = none). */
export let domainListHead: u32 = 0;

function listLink(d: u32): void {
  store<u32>(d + D_next, domainListHead);
  domainListHead = d;
}

function listUnlink(d: u32): void {
  if (domainListHead == d) { domainListHead = load<u32>(d + D_next); return; }
  let p = domainListHead;
  while (p != 0) {
    let n = load<u32>(p + D_next);
    if (n == d) { store<u32>(p + D_next, load<u32>(d + D_next)); return; }
    p = n;
  }
}

/** Creates domain `domid` (paused, vcpus down). Returns domid or a negative errno. */
export function domainCreate(domid: u32, maxVcpus: u32, maxPages: u32, flags: u32): i32 {
  if (domid >= DOMID_FIRST_RESERVED) return -EINVAL;
  if (maxVcpus > MAX_VIRT_CPUS) return -EINVAL;
  if (domainLookupAddr(domid) != 0) return -EEXIST;
  let dm = allocXenPrivateFrame();
  if (dm == NO_FRAME) return -ENOMEM;
  let d = frameAddr(dm);
  store<u32>(d + D_domain_id, domid);
  store<u32>(d + D_flags, (flags & CREATEF_privileged) ? DOMF_privileged : 0);
  store<u32>(d + D_pause_count, 1);
  store<i32>(d + D_shutdown_code, -1);
  store<u32>(d + D_max_pages, maxPages);
  store<u32>(d + D_page_list_head, NO_FRAME);
  store<u32>(d + D_page_list_tail, NO_FRAME);
  store<u32>(d + D_xen_list_head, NO_FRAME);
  store<u32>(d + D_self_mfn, dm);
  for (let i: u32 = 0; i < MAX_VIRT_CPUS; i++) store<u32>(d + D_vcpu + (i << 2), 0);

  let si = allocXenSharedFrame(d, domid);
  if (si == NO_FRAME) { freeXenPrivateFrame(dm); return -ENOMEM; }
  store<u32>(d + D_shared_info_mfn, si);
  // Every vcpu starts with events masked (fact sheet §3.6).
  for (let i: u32 = 0; i < XEN_LEGACY_MAX_VCPUS; i++) {
    store<u8>(frameAddr(si) + SHARED_INFO_vcpu_info + i * VCPU_INFO_SIZE + VCPU_INFO_evtchn_upcall_mask, 1);
  }
  store<u32>(d + D_max_vcpus, maxVcpus);
  updateDomainWallclock(d);
  cschedDomInit(d);
  if (!evtchnInit(d)) {
    evtchnFreeTables(d);
    releaseSharedInfo(si);
    freeXenPrivateFrame(dm);
    return -ENOMEM;
  }
  if (!grantTableInit(d, domid)) {
    // Half-built: the frames it did get are the domain's; destroy takes them back.
    domainTableSet(domid, d);
    listLink(d);
    domainDestroy(domid);
    return -ENOMEM;
  }
  domainTableSet(domid, d);
  listLink(d);
  for (let i: u32 = 0; i < maxVcpus; i++) {
    if (vcpuCreate(d, i) == 0) {
      domainDestroy(domid);
      return -ENOMEM;
    }
  }
  return <i32>domid;
}

/** Calls vcpuWake or vcpuSleep on every vcpu of `d` after its runnability changed. */
function domainVcpusChanged(d: u32, wake: bool): void {
  let n = load<u32>(d + D_max_vcpus);
  for (let i: u32 = 0; i < n; i++) {
    let v = load<u32>(d + D_vcpu + (i << 2));
    if (v == 0) continue;
    if (wake) vcpuWake(v); else vcpuSleep(v);
  }
}

export function domainPause(d: u32): void {
  store<u32>(d + D_pause_count, load<u32>(d + D_pause_count) + 1);
  if (d == curDomain) requestExit();
  domainVcpusChanged(d, false);
}

export function domainUnpause(d: u32): void {
  let c = load<u32>(d + D_pause_count);
  if (c > 0) store<u32>(d + D_pause_count, c - 1);
  if (c == 1) domainVcpusChanged(d, true);
}

/** Frees a shared_info frame that never reached the domain's lists' users. */
function releaseSharedInfo(mfn: u32): void {
  setCountInfo(mfn, countInfo(mfn) & ~PGC_allocated);
  putPageType(mfn); // the permanent writable type of a shared Xen-heap frame
  putPage(mfn);
}

/** Stops every vcpu of the domain and records why (domain_shutdown). First reason wins. */
export function domainShutdown(d: u32, reason: u32): void {
  let f = load<u32>(d + D_flags);
  if (f & DOMF_shutdown) return;
  let code = load<i32>(d + D_shutdown_code);
  store<u32>(d + D_shutdown_reason, code >= 0 ? <u32>code : reason);
  store<u32>(d + D_flags, f | DOMF_shutdown);
  let n = load<u32>(d + D_max_vcpus);
  for (let i: u32 = 0; i < n; i++) {
    let v = load<u32>(d + D_vcpu + (i << 2));
    if (v != 0) store<u32>(v + V_pause_flags, load<u32>(v + V_pause_flags) | VPF_shutdown);
  }
  if (d == curDomain) requestExit();
  domainVcpusChanged(d, false);
  // Tell the host (the owner of VIRQ_DOM_EXC) that a domain needs attention.
  sendGlobalVirq(VIRQ_DOM_EXC);
}

/** Releases everything the domain holds and removes it. */
export function domainDestroy(domid: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  store<u32>(d + D_flags, load<u32>(d + D_flags) | DOMF_dying | DOMF_shutdown);
  if (d == curDomain) requestExit();
  // Event channels first, so peers see their ports unbound from now on.
  evtchnDestroy(d);
  // Then the mappings it holds of other domains' grants.
  gnttabReleaseMappings(d);

  // vcpus: drop their CR3 and GDT references and free their records.
  let n = load<u32>(d + D_max_vcpus);
  for (let i: u32 = 0; i < n; i++) {
    let v = load<u32>(d + D_vcpu + (i << 2));
    if (v != 0) vcpuDestroy(d, v);
    store<u32>(d + D_vcpu + (i << 2), 0);
  }

  // Pins and allocation references. Scanning the frame table (rather than the page
  // list, which these puts modify) keeps the walk valid while frames are freed.
  for (let mfn: u32 = 0; mfn < nrFrames; mfn++) {
    if (frameOwner(mfn) != domid) continue;
    let t = typeInfo(mfn);
    if (t & PGT_pinned) {
      setTypeInfo(mfn, t & ~PGT_pinned);
      putPageAndType(mfn);
    }
  }
  for (let mfn: u32 = 0; mfn < nrFrames; mfn++) {
    if (frameOwner(mfn) != domid) continue;
    let c = countInfo(mfn);
    if (c & PGC_allocated) {
      setCountInfo(mfn, c & ~PGC_allocated);
      // Xen-heap frames shared with the domain also drop their permanent writable type.
      if (c & PGC_xen_heap) putPageType(mfn);
      putPage(mfn);
    }
  }
  // Whatever page tables are still validated are held only by references among
  // themselves (linear page tables): devalidate them top-down to break the loops.
  forceDevalidate(domid, PGT_l3_page_table);
  forceDevalidate(domid, PGT_l2_page_table);

  // Its grant table goes; other domains' mappings of its grants become orphans.
  gnttabDomainDestroy(d);

  // Frames other domains still reference (grant mappings) outlive the domain; they
  // must not pass to a later domain that reuses this id.
  for (let mfn: u32 = 0; mfn < nrFrames; mfn++) {
    if (frameOwner(mfn) == domid) setFrameOwner(mfn, DOMID_INVALID);
  }
  tlbFlushAll();
  listUnlink(d);
  domainTableSet(domid, 0);
  freeXenPrivateFrame(load<u32>(d + D_self_mfn));
  sendGlobalVirq(VIRQ_DOM_EXC);
  return 0;
}

function forceDevalidate(domid: u32, type: u32): void {
  for (let mfn: u32 = 0; mfn < nrFrames; mfn++) {
    if (frameOwner(mfn) != domid) continue;
    let t = typeInfo(mfn);
    if ((t & PGT_type_mask) != type || !(t & PGT_validated)) continue;
    setTypeInfo(mfn, t & ~PGT_validated);
    devalidatePage(mfn, t);
  }
}
