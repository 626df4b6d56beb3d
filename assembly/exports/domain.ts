// Core exports: the toolstack's domctls on domains. See assembly/index.ts.

import { XFER_BASE, XFER_SIZE, frameAddr } from "../layout";
import { nrFrames, frameOwner, countInfo, typeInfo, NO_FRAME } from "../mm/frame-table";
import { setGpfnFromMfn, getGpfnFromMfn } from "../mm/m2p";
import { allocDomainFrame } from "../mm/page-list";
import { getPage, putPage, getPageType, putPageAndType, PGT_l1_page_table, PGT_l2_page_table, PGT_l3_page_table } from "../mm/page-ref";
import { typeInfo as ti, setTypeInfo, PGT_pinned } from "../mm/frame-table";
import { domainCreate as createDomain, domainDestroy as destroyDomain, domainPause, domainUnpause, domainShutdown, CREATEF_privileged } from "../domain/domain";
import { domainLookupAddr } from "../domain/lookup";
import { D_flags, D_shutdown_reason, D_tot_pages, D_max_pages, D_max_vcpus, D_vcpu, D_shared_info_mfn, D_xenheap_pages, D_crash_vector, D_crash_eip, D_crash_len, D_crash_bytes, D_crash_reason, D_stat_instructions, D_stat_hypercalls, D_stat_faults, D_stat_hypercall_nr, D_pause_count, D_handle, D_vm_assist, V_pause_flags, V_eip, D_ud_count } from "../domain/layout";
import { setVcpuContext as setContext } from "../arch/vcpu-context";
import { writeHypercallPage } from "../arch/hypercall-page";
import { descheduleCurrent, forgetVcpu } from "../sched/schedule";
import { curDomain } from "../domain/current";
import { codeFrameWritten } from "../cpu/code-cache";
import { EINVAL, ENOMEM, ESRCH, EBUSY, EPERM } from "../public/errno";

// ── domains (the toolstack's domctls) ────────────────────────────────────────────────

/** Creates a paused domain. Returns domid or -errno. */
export function domainCreate(domid: u32, maxVcpus: u32, maxPages: u32, privileged: u32): i32 {
  if (domid == 0) return -EINVAL;
  return createDomain(domid, maxVcpus, maxPages, privileged ? CREATEF_privileged : 0);
}

export function domainDestroy(domid: u32): i32 {
  if (domid == 0) return -EPERM;
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  if (curDomain == d) descheduleCurrent();
  let n = load<u32>(d + D_max_vcpus);
  for (let i: u32 = 0; i < n; i++) {
    let v = load<u32>(d + D_vcpu + (i << 2));
    if (v != 0) forgetVcpu(v);
  }
  return destroyDomain(domid);
}

export function domainPauseCtl(domid: u32, pause: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0 || domid == 0) return -ESRCH;
  if (pause) domainPause(d); else domainUnpause(d);
  return 0;
}

export function domainShutdownCtl(domid: u32, reason: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0 || domid == 0) return -ESRCH;
  domainShutdown(d, reason & 0xff);
  return 0;
}

/**
 * Allocates up to `count` frames to the domain (at most XFER_SIZE/4 per call) and
 * writes their MFNs to the transfer buffer. Returns how many, or -errno.
 */
export function domainAllocFrames(domid: u32, count: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0 || domid == 0) return -ESRCH;
  if (count > XFER_SIZE / 4) return -EINVAL;
  let i: u32 = 0;
  for (; i < count; i++) {
    if (load<u32>(d + D_tot_pages) >= load<u32>(d + D_max_pages)) break;
    let mfn = allocDomainFrame(d, domid);
    if (mfn == NO_FRAME) break;
    store<u32>(XFER_BASE + (i << 2), mfn);
  }
  if (i == 0 && count > 0) return -ENOMEM;
  return <i32>i;
}

/** M2P[mfn] = pfn for `count` (mfn, pfn) pairs in the transfer buffer, frames of `domid` only. */
export function domainSetM2p(domid: u32, count: u32): i32 {
  if (count > XFER_SIZE / 8) return -EINVAL;
  for (let i: u32 = 0; i < count; i++) {
    let mfn = load<u32>(XFER_BASE + (i << 3));
    let pfn = load<u32>(XFER_BASE + (i << 3) + 4);
    if (!getPage(mfn, domid)) return -EINVAL;
    setGpfnFromMfn(mfn, pfn);
    putPage(mfn);
  }
  return 0;
}

export function m2pLookup(mfn: u32): u32 { return getGpfnFromMfn(mfn); }

/**
 * Privileged foreign mapping of one frame of `domid` (xc_map_foreign_range): returns
 * the host address of its 4 KiB, or -errno if the domain does not own it. Writable
 * access is refused for frames in use as page tables or descriptor tables.
 */
export function mapForeign(domid: u32, mfn: u32, writable: u32): i32 {
  if (domainLookupAddr(domid) == 0) return -ESRCH;
  if (!getPage(mfn, domid)) return -EINVAL;
  let rc: i32 = <i32>frameAddr(mfn);
  if (writable) {
    let t = ti(mfn);
    let inUse = (t & 0x1ffffff) != 0 && (t >>> 29) != 7;
    if (inUse) rc = -EBUSY;
    else codeFrameWritten(mfn); // the host is about to write it
  }
  putPage(mfn);
  return rc;
}

/** Pins `mfn` as an L1/L2/L3 (level 1-3) table of `domid` (MMUEXT_PIN_Lx_TABLE). */
export function domainPinTable(domid: u32, level: u32, mfn: u32): i32 {
  if (domainLookupAddr(domid) == 0) return -ESRCH;
  let type: u32 = level == 1 ? PGT_l1_page_table : level == 2 ? PGT_l2_page_table : level == 3 ? PGT_l3_page_table : 0;
  if (type == 0) return -EINVAL;
  if (!getPage(mfn, domid)) return -EINVAL;
  let rc = getPageType(mfn, type);
  if (rc != 0) { putPage(mfn); return rc; }
  let t = ti(mfn);
  if (t & PGT_pinned) { putPageAndType(mfn); return -EINVAL; }
  setTypeInfo(mfn, t | PGT_pinned);
  return 0;
}

/** Writes the hypercall page into frame `mfn` of `domid` (XEN_DOMCTL_hypercall_init). */
export function domainHypercallInit(domid: u32, mfn: u32): i32 {
  if (domainLookupAddr(domid) == 0) return -ESRCH;
  if (!getPage(mfn, domid)) return -EINVAL;
  let t = ti(mfn);
  if ((t & 0x1ffffff) != 0 && (t >>> 29) != 7) { putPage(mfn); return -EBUSY; }
  writeHypercallPage(mfn);
  codeFrameWritten(mfn);
  putPage(mfn);
  return 0;
}

/** Sets vcpu `vcpu` of `domid` from the vcpu_guest_context in the transfer buffer. */
export function domainSetVcpuContext(domid: u32, vcpu: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0 || domid == 0) return -ESRCH;
  if (vcpu >= load<u32>(d + D_max_vcpus)) return -EINVAL;
  let v = load<u32>(d + D_vcpu + (vcpu << 2));
  if (v == 0) return -EINVAL;
  if (curDomain == d) descheduleCurrent();
  return setContext(d, v, XFER_BASE);
}

/** Sets the domain's 16-byte handle (UUID) from the transfer buffer. */
export function domainSetHandle(domid: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  memory.copy(d + D_handle, XFER_BASE, 16);
  return 0;
}

export function domainSharedInfoMfn(domid: u32): i32 {
  let d = domainLookupAddr(domid);
  return d == 0 ? -ESRCH : <i32>load<u32>(d + D_shared_info_mfn);
}

// Layout of the record domainGetInfo writes to the transfer buffer (src/core/core.ts).
//   +0 flags  +4 shutdown_reason  +8 tot_pages  +12 max_pages  +16 max_vcpus
//   +20 pause_count  +24 xenheap_pages  +28 vcpus online  +32 instructions u64
//   +40 hypercalls u64  +48 faults u64  +56 crash_reason  +60 crash_vector
//   +64 crash_eip  +68 crash_len  +72 crash_bytes[16]  +88 vcpu0 eip  +92 vm_assist
//   +96 hypercall counts u32[64]  +352 ud_count  +356 ud_eip  +360 ud_unimplemented
//   +364 ud_len  +368 ud_bytes[16]
export function domainGetInfo(domid: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  if (curDomain == d) descheduleCurrent();
  let x = XFER_BASE;
  store<u32>(x, load<u32>(d + D_flags));
  store<u32>(x + 4, load<u32>(d + D_shutdown_reason));
  store<u32>(x + 8, load<u32>(d + D_tot_pages));
  store<u32>(x + 12, load<u32>(d + D_max_pages));
  store<u32>(x + 16, load<u32>(d + D_max_vcpus));
  store<u32>(x + 20, load<u32>(d + D_pause_count));
  store<u32>(x + 24, load<u32>(d + D_xenheap_pages));
  let online: u32 = 0;
  let n = load<u32>(d + D_max_vcpus);
  for (let i: u32 = 0; i < n; i++) {
    let v = load<u32>(d + D_vcpu + (i << 2));
    if (v != 0 && (load<u32>(v + V_pause_flags) & 2) == 0) online++;
  }
  store<u32>(x + 28, online);
  store<u64>(x + 32, load<u64>(d + D_stat_instructions));
  store<u64>(x + 40, load<u64>(d + D_stat_hypercalls));
  store<u64>(x + 48, load<u64>(d + D_stat_faults));
  store<u32>(x + 56, load<u32>(d + D_crash_reason));
  store<i32>(x + 60, load<i32>(d + D_crash_vector));
  store<u32>(x + 64, load<u32>(d + D_crash_eip));
  store<u32>(x + 68, load<u32>(d + D_crash_len));
  memory.copy(x + 72, d + D_crash_bytes, 16);
  let v0 = n > 0 ? load<u32>(d + D_vcpu) : 0;
  store<u32>(x + 88, v0 != 0 ? load<u32>(v0 + V_eip) : 0);
  store<u32>(x + 92, load<u32>(d + D_vm_assist));
  memory.copy(x + 96, d + D_stat_hypercall_nr, 256);
  memory.copy(x + 352, d + D_ud_count, 32);
  return 0;
}

/** The frame-table record of `mfn` in the transfer buffer: count_info, type_info, owner. */
export function frameInfo(mfn: u32): i32 {
  if (mfn >= nrFrames) return -EINVAL;
  store<u32>(XFER_BASE, countInfo(mfn));
  store<u32>(XFER_BASE + 4, typeInfo(mfn));
  store<u32>(XFER_BASE + 8, frameOwner(mfn));
  return 0;
}

