// The lazily mapped LDT of a PV vcpu (xen/arch/x86/pv/mm.c pv_map_ldt_shadow_page,
// pv/descriptor-tables.c pv_destroy_ldt; fact sheet §4.8).
//
// MMUEXT_SET_LDT only records a linear base and an entry count. The first descriptor
// access that touches an LDT page looks up the guest kernel's mapping of
// ldt_base + offset, takes a seg_desc type reference on that frame (validating its
// 512 descriptors) and remembers it in the vcpu's shadow slots; from then on the CPU
// reads descriptors straight from that frame.
//
// Invariants:
//   * every non-zero shadow slot holds exactly one general and one seg_desc type
//     reference on its frame, and V_ldt_mapcnt counts the non-zero slots;
//   * the shadow is dropped whenever the LDT base/size or the page-table base
//     changes, and when a read-only mapping of a seg_desc frame is removed (Xen's
//     put_page_from_l1e), so a stale LDT page is never used.

import { frameAddr, PAGE_MASK } from "../layout";
import { V_ldt_base, V_ldt_ents, V_ldt_shadow, V_ldt_mapcnt, V_cr3_mfn, D_vcpu, D_max_vcpus, V_domain, D_domain_id } from "../domain/layout";
import { nrFrames, PGT_seg_desc_page } from "./frame-table";
import { getPage, putPage, getPageType, putPageAndType } from "./page-ref";
import { domainLookupAddr } from "../domain/lookup";

const PRESENT: u32 = 1;
const PSE: u32 = 0x80;

/** Guest kernel L1 entry (low word) mapping `lin` under the vcpu's CR3, or 0. */
function guestEffL1e(cr3: u32, lin: u32): u32 {
  if (!(cr3 < nrFrames)) return 0;
  let p3 = frameAddr(cr3) + ((lin >>> 30) << 3);
  let e3 = load<u32>(p3);
  if (!(e3 & PRESENT) || load<u32>(p3, 4) & 0xfffff) return 0;
  if (!((e3 >>> 12) < nrFrames)) return 0;
  let p2 = frameAddr(e3 >>> 12) + (((lin >>> 21) & 511) << 3);
  let e2 = load<u32>(p2);
  if ((e2 & (PRESENT | PSE)) != PRESENT || load<u32>(p2, 4) & 0xfffff) return 0;
  if (!((e2 >>> 12) < nrFrames)) return 0;
  let p1 = frameAddr(e2 >>> 12) + (((lin >>> 12) & 511) << 3);
  if (load<u32>(p1, 4) & 0xfffff) return 0;
  return load<u32>(p1);
}

/**
 * Maps the LDT page holding byte `offset` of vcpu `v`'s LDT (pv_map_ldt_shadow_page).
 * Returns the frame, or 0xffffffff when the guest mapping is absent or the frame
 * cannot become a descriptor page.
 */
export function pvMapLdtShadowPage(v: u32, offset: u32): u32 {
  let slot = v + V_ldt_shadow + ((offset >> 12) << 2);
  let have = load<u32>(slot);
  if (have != 0) return have - 1;
  if ((offset >> 3) >= load<u32>(v + V_ldt_ents)) return 0xffffffff;
  let lin = load<u32>(v + V_ldt_base) + offset;
  let l1e = guestEffL1e(load<u32>(v + V_cr3_mfn), lin & PAGE_MASK);
  if (!(l1e & PRESENT)) return 0xffffffff;
  let mfn = l1e >>> 12;
  let domid = load<u32>(load<u32>(v + V_domain) + D_domain_id);
  if (!getPage(mfn, domid)) return 0xffffffff;
  if (getPageType(mfn, PGT_seg_desc_page) != 0) { putPage(mfn); return 0xffffffff; }
  store<u32>(slot, mfn + 1);
  store<u32>(v + V_ldt_mapcnt, load<u32>(v + V_ldt_mapcnt) + 1);
  return mfn;
}

/** Drops every shadow LDT mapping of vcpu `v` (pv_destroy_ldt); true if any existed. */
export function pvDestroyLdt(v: u32): bool {
  if (load<u32>(v + V_ldt_mapcnt) == 0) return false;
  for (let i: u32 = 0; i < 16; i++) {
    let slot = v + V_ldt_shadow + (i << 2);
    let m = load<u32>(slot);
    if (m == 0) continue;
    store<u32>(slot, 0);
    putPageAndType(m - 1);
  }
  store<u32>(v + V_ldt_mapcnt, 0);
  return true;
}

/** Drops the shadow LDTs of every vcpu of `domid` (put_page_from_l1e's LDT case). */
export function pvDestroyDomainLdts(domid: u32): void {
  let d = domainLookupAddr(domid);
  if (d == 0) return;
  let n = load<u32>(d + D_max_vcpus);
  for (let i: u32 = 0; i < n; i++) {
    let v = load<u32>(d + D_vcpu + (i << 2));
    if (v != 0) pvDestroyLdt(v);
  }
}
