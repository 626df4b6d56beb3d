// HYPERVISOR_memory_op for a 32-bit PV guest (xen/common/memory.c,
// xen/common/compat/memory.c, xen/arch/x86/x86_64/compat/mm.c; fact sheet §8.3).
//
// The extent operations (increase/decrease_reservation, populate_physmap) report
// failure as a short count, never as an errno: the compat layer returns the extent
// reached when the reservation cannot be read or names an unusable array. A
// domain's allocation never exceeds its max_pages; decrease_reservation drops a
// frame's pin and allocation references and the frame is freed once its last
// mapping goes. The architecture operations (machphys_*, memory_map) switch on the
// whole command, so a non-zero start extent makes them unknown (-ENOSYS).

import { CPU_HCBUF, frameAddr } from "../layout";
import {
  MEMOP_EXTENT_SHIFT, MEMOP_CMD_MASK, XENMEM_increase_reservation, XENMEM_decrease_reservation,
  XENMEM_maximum_ram_page, XENMEM_current_reservation, XENMEM_maximum_reservation, XENMEM_machphys_mfn_list,
  XENMEM_populate_physmap, XENMEM_memory_map, XENMEM_machphys_mapping, XENMEM_maximum_gpfn,
  XENMEM_machphys_compat_mfn_list, XMR_extent_start, XMR_nr_extents, XMR_extent_order, XMR_mem_flags, XMR_domid,
  XMR_SIZE, DOMU_MAX_ORDER, XMML_max_extents, XMML_extent_start, XMML_nr_extents, XMML_SIZE, XMM_SIZE,
  MACH2PHYS_COMPAT_VIRT_START, MACH2PHYS_COMPAT_VIRT_END, XMMAP_nr_entries, XMMAP_buffer, E820_ENTRY_SIZE,
} from "../public/memory";
import { DOMID_SELF, SHARED_INFO_arch_max_pfn } from "../public/xen";
import { EFAULT, EINVAL, ENOSYS, ESRCH } from "../public/errno";
import { D_tot_pages, D_max_pages, D_shared_info_mfn, D_nr_e820, D_e820 } from "../domain/layout";
import { curDomid, curDomain } from "../domain/current";
import { domainLookupAddr } from "../domain/lookup";
import {
  nrFrames, mfnValid, countInfo, setCountInfo, typeInfo, setTypeInfo, NO_FRAME, PGC_allocated, PGC_xen_heap, PGT_pinned,
} from "./frame-table";
import { allocDomainExtent } from "./page-list";
import { getPage, putPage, putPageAndType } from "./page-ref";
import { setGpfnFromMfn, m2pFirstFrame, m2pFrameCount } from "./m2p";
import { copyFromGuest, copyToGuest, getGuestU32, putGuestU32, copyFailed, guestRangeOk } from "./guest-copy";
import { xsmTarget } from "./foreign";

/** rcu_lock_domain_by_any_id: DOMID_SELF or an existing domain; 0xffffffff if none. */
function anyDomid(id: u32): u32 {
  if (id == DOMID_SELF) return curDomid;
  return domainLookupAddr(id) != 0 ? id : 0xffffffff;
}

/** guest_remove_page for a PV domain: false if the frame is not one it may release. */
function guestRemovePage(d: u32, domid: u32, mfn: u32): bool {
  if (!mfnValid(mfn) || !getPage(mfn, domid)) return false;
  // Xen-heap frames shared with the guest (shared_info) are not its RAM.
  if (countInfo(mfn) & PGC_xen_heap) { putPage(mfn); return false; }
  let t = typeInfo(mfn);
  if (t & PGT_pinned) {
    setTypeInfo(mfn, t & ~PGT_pinned);
    putPageAndType(mfn);
  }
  let c = countInfo(mfn);
  if (c & PGC_allocated) {
    setCountInfo(mfn, c & ~PGC_allocated);
    putPage(mfn);
  }
  putPage(mfn);
  return true;
}

function reservationOp(op: u32, start: u32, arg: u32): i32 {
  let r = CPU_HCBUF;
  if (!copyFromGuest(r, arg, XMR_SIZE)) return <i32>start;
  let list = load<u32>(r + XMR_extent_start);
  let nr = load<u32>(r + XMR_nr_extents);
  let order = load<u32>(r + XMR_extent_order);
  let flags = load<u32>(r + XMR_mem_flags);
  let id = <u32>load<u16>(r + XMR_domid);
  // Too large to encode a continuation, or an array the guest cannot address.
  if (nr > (0xffffffff >> MEMOP_EXTENT_SHIFT)) return <i32>start;
  if (list != 0 && !guestRangeOk(list, nr << 2)) return <i32>start;
  if (start >= nr) return <i32>start;
  if (order > DOMU_MAX_ORDER) return <i32>start;
  // populate_on_demand needs a translated (HVM) domain.
  if (op == XENMEM_populate_physmap && (flags & (1 << 16))) return <i32>start;
  let limit = nrFrames;
  let bits = flags & 0xff;
  if (bits != 0 && bits < 32 - clz<u32>(nrFrames) + 12) {
    if (bits <= 12) return <i32>start;
    limit = <u32>1 << (bits - 12);
  }
  let domid = anyDomid(id);
  if (domid == 0xffffffff || xsmTarget(domid) != 0) return <i32>start;
  let d = domainLookupAddr(domid);
  let n: u32 = 1 << order;
  let i = start;
  for (; i < nr; i++) {
    if (op == XENMEM_increase_reservation) {
      let mfn = allocDomainExtent(d, domid, order, limit);
      if (mfn == NO_FRAME) break;
      if (list != 0 && !putGuestU32(list + (i << 2), mfn)) break;
    } else if (op == XENMEM_populate_physmap) {
      let gpfn = getGuestU32(list + (i << 2));
      if (copyFailed) break;
      let mfn = allocDomainExtent(d, domid, order, limit);
      if (mfn == NO_FRAME) break;
      for (let j: u32 = 0; j < n; j++) setGpfnFromMfn(mfn + j, gpfn + j);
      if (!putGuestU32(list + (i << 2), mfn)) break;
    } else {
      let gmfn = getGuestU32(list + (i << 2));
      if (copyFailed) break;
      let ok = true;
      for (let j: u32 = 0; j < n && ok; j++) ok = guestRemovePage(d, domid, gmfn + j);
      if (!ok) break;
    }
  }
  return <i32>i;
}

/** XENMEM_current_reservation / maximum_reservation / maximum_gpfn. */
function reservationStat(op: u32, arg: u32): i32 {
  let id = getGuestU32(arg) & 0xffff;
  // A domid_t is 2 bytes: re-read them alone if the 4-byte read crossed into nothing.
  if (copyFailed) {
    if (!copyFromGuest(CPU_HCBUF, arg, 2)) return -EFAULT;
    id = <u32>load<u16>(CPU_HCBUF);
  }
  let domid = anyDomid(id);
  if (domid == 0xffffffff) return -ESRCH;
  let rc = xsmTarget(domid);
  if (rc != 0) return rc;
  let d = domainLookupAddr(domid);
  if (op == XENMEM_current_reservation) return <i32>load<u32>(d + D_tot_pages);
  if (op == XENMEM_maximum_reservation) return <i32>load<u32>(d + D_max_pages);
  // domain_get_maximum_gpfn: PV guests publish nr_pfns in arch_shared_info.max_pfn.
  let maxPfn = load<u32>(frameAddr(load<u32>(d + D_shared_info_mfn)) + SHARED_INFO_arch_max_pfn);
  return <i32>((maxPfn != 0 ? maxPfn : 1) - 1);
}

/** XENMEM_machphys_mfn_list: the first frame of each 2 MiB chunk of the M2P. */
function machphysMfnList(arg: u32): i32 {
  let x = CPU_HCBUF;
  if (!copyFromGuest(x, arg, XMML_SIZE)) return -EFAULT;
  let max = load<u32>(x + XMML_max_extents);
  let out = load<u32>(x + XMML_extent_start);
  let chunks = (m2pFrameCount() + 511) >> 9;
  let i: u32 = 0;
  for (; i != max && i < chunks; i++) {
    if (!putGuestU32(out + (i << 2), m2pFirstFrame() + (i << 9))) return -EFAULT;
  }
  store<u32>(x + XMML_nr_extents, i);
  return copyToGuest(arg, x, XMML_SIZE) ? 0 : -EFAULT;
}

function machphysMapping(arg: u32): i32 {
  let x = CPU_HCBUF;
  store<u32>(x, MACH2PHYS_COMPAT_VIRT_START);
  store<u32>(x + 4, MACH2PHYS_COMPAT_VIRT_END);
  store<u32>(x + 8, ((MACH2PHYS_COMPAT_VIRT_END - MACH2PHYS_COMPAT_VIRT_START) >> 2) - 1);
  return copyToGuest(arg, x, XMM_SIZE) ? 0 : -EFAULT;
}

function memoryMap(arg: u32): i32 {
  let x = CPU_HCBUF;
  if (!copyFromGuest(x, arg, 8)) return -EFAULT;
  let have = load<u32>(curDomain + D_nr_e820);
  if (have == 0) return -ENOSYS;
  let n = load<u32>(x + XMMAP_nr_entries);
  if (n > have) n = have;
  if (!copyToGuest(load<u32>(x + XMMAP_buffer), curDomain + D_e820, n * E820_ENTRY_SIZE)) return -EFAULT;
  store<u32>(x + XMMAP_nr_entries, n);
  return copyToGuest(arg, x, 8) ? 0 : -EFAULT;
}

export function doMemoryOp(cmd: u32, arg: u32): i32 {
  let op = cmd & MEMOP_CMD_MASK;
  let start = cmd >> MEMOP_EXTENT_SHIFT;
  switch (op) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
      return reservationOp(op, start, arg);
    case XENMEM_maximum_ram_page:
      return start != 0 ? -EINVAL : <i32>nrFrames;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
      return start != 0 ? -EINVAL : reservationStat(op, arg);
  }
  // compat_arch_memory_op: the whole command selects the operation.
  switch (cmd) {
    case XENMEM_machphys_mfn_list:
    case XENMEM_machphys_compat_mfn_list:
      return machphysMfnList(arg);
    case XENMEM_machphys_mapping:
      return machphysMapping(arg);
    case XENMEM_memory_map:
      return memoryMap(arg);
  }
  return -ENOSYS;
}
