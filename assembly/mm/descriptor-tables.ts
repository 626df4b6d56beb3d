// Guest descriptor tables: set_gdt and update_descriptor
// (xen/arch/x86/pv/descriptor-tables.c; fact sheet §5.1, §5.2).
//
// Invariants:
//   * each of a vcpu's ceil(gdt_ents / 512) GDT frames holds one general and one
//     seg_desc type reference, so it is never writable through any mapping and its
//     512 descriptors have passed check_descriptor;
//   * a descriptor is only ever changed by update_descriptor, which checks it first;
//   * installing a new GDT takes every new reference before dropping the old ones,
//     and a failure leaves the old GDT in place.

import { frameAddr, CPU_HCBUF } from "../layout";
import { FIRST_RESERVED_GDT_ENTRY } from "../public/arch-x86";
import { EINVAL, EFAULT } from "../public/errno";
import { V_gdt_frames, V_gdt_ents } from "../domain/layout";
import { curVcpu, curDomid } from "../domain/current";
import { typeInfo, PGT_type_mask, PGT_seg_desc_page, PGT_writable_page } from "./frame-table";
import { getPage, putPage, getPageType, putPageType, putPageAndType } from "./page-ref";
import { checkDescriptor, fixedLo, fixedHi } from "./segdesc";
import { copyFromGuest, guestRangeOk } from "./guest-copy";
import { tlbFlushAll } from "../cpu/tlb";
import { codeFrameWritten } from "../cpu/code-invalidate";

/** pv_destroy_gdt: drops the vcpu's GDT frames. */
export function pvDestroyGdt(v: u32): void {
  let frames = (load<u32>(v + V_gdt_ents) + 511) >> 9;
  for (let i: u32 = 0; i < frames; i++) putPageAndType(load<u32>(v + V_gdt_frames + (i << 2)));
  for (let i: u32 = 0; i < 16; i++) store<u32>(v + V_gdt_frames + (i << 2), 0);
  store<u32>(v + V_gdt_ents, 0);
}

/**
 * pv_set_gdt: installs the `entries`-entry GDT whose frames are the u32 MFNs at host
 * address `frames` for vcpu `v` of domain `domid`. 0 or -EINVAL.
 */
export function pvSetGdt(v: u32, domid: u32, frames: u32, entries: u32): i32 {
  if (entries > FIRST_RESERVED_GDT_ENTRY) return -EINVAL;
  let n = (entries + 511) >> 9;
  let i: u32 = 0;
  for (; i < n; i++) {
    let mfn = load<u32>(frames + (i << 2));
    if (!getPage(mfn, domid)) break;
    if (getPageType(mfn, PGT_seg_desc_page) != 0) { putPage(mfn); break; }
  }
  if (i < n) {
    while (i-- > 0) putPageAndType(load<u32>(frames + (i << 2)));
    return -EINVAL;
  }
  pvDestroyGdt(v);
  store<u32>(v + V_gdt_ents, entries);
  for (i = 0; i < n; i++) store<u32>(v + V_gdt_frames + (i << 2), load<u32>(frames + (i << 2)));
  return 0;
}

/** HYPERVISOR_set_gdt(frame_list, entries): compat_set_gdt. */
export function doSetGdt(frameList: u32, entries: u32): i32 {
  if (entries > FIRST_RESERVED_GDT_ENTRY) return -EINVAL;
  let n = (entries + 511) >> 9;
  if (!guestRangeOk(frameList, n << 2)) return -EFAULT;
  let buf = CPU_HCBUF;
  if (!copyFromGuest(buf, frameList, n << 2)) return -EFAULT;
  let rc = pvSetGdt(curVcpu, curDomid, buf, entries);
  if (rc == 0) tlbFlushAll();
  return rc;
}

/** HYPERVISOR_update_descriptor(pa_lo, pa_hi, desc_lo, desc_hi). */
export function doUpdateDescriptor(paLo: u32, paHi: u32, descLo: u32, descHi: u32): i32 {
  let mfn = paHi != 0 ? 0xffffffff : paLo >>> 12;
  let got = getPage(mfn, curDomid);
  if ((paLo & 7) != 0 || !got || !checkDescriptor(descLo, descHi)) {
    if (got) putPage(mfn);
    return -EINVAL;
  }
  // A frame in use as a GDT/LDT keeps its type; anything else must be able to
  // take a writable reference (i.e. not be a page table in use).
  let type = (typeInfo(mfn) & PGT_type_mask) == PGT_seg_desc_page ? PGT_seg_desc_page : PGT_writable_page;
  if (getPageType(mfn, type) != 0) { putPage(mfn); return -EINVAL; }
  let p = frameAddr(mfn) + (paLo & 0xff8);
  store<u32>(p, fixedLo);
  store<u32>(p, fixedHi, 4);
  codeFrameWritten(mfn);
  putPageType(mfn);
  putPage(mfn);
  return 0;
}
