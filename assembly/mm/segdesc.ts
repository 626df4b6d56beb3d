// Segment-descriptor pages (GDT/LDT frames): Xen's check_descriptor applied to every
// descriptor when a frame takes PGT_seg_desc_page (fact sheet §5.2).

import { frameAddr } from "../layout";
import { EINVAL } from "../public/errno";
import { HYPERVISOR_VIRT_START, FIRST_RESERVED_GDT_ENTRY, FLAT_RING1_CS } from "../public/arch-x86";

/** Result of the last checkDescriptor: the (possibly fixed-up) descriptor. */
export let fixedLo: u32 = 0;
export let fixedHi: u32 = 0;

/**
 * Checks descriptor (a = low dword, b = high dword) as Xen does for a 32-bit PV
 * guest; on success fixedLo/fixedHi hold what Xen would store.
 */
export function checkDescriptor(a: u32, b: u32): bool {
  fixedLo = a; fixedHi = b;
  if (!(b & (1 << 15))) return true;                     // not present: anything goes
  if ((b & (3 << 13)) == 0) b |= 1 << 13;                 // DPL 0 becomes 1
  if (b & (1 << 12)) {                                   // code or data
    if ((b & (1 << 11)) && (b & (1 << 21))) return false; // 64-bit code (L) refused
    let base = (a >>> 16) | ((b & 0xff) << 16) | (b & 0xff000000);
    let limit = (a & 0xffff) | (b & 0xf0000);
    if (base == 0 && (b & (1 << 23))) {
      let bytes = (<u64>limit << 12) | 0xfff;
      if (bytes >= <u64>HYPERVISOR_VIRT_START) { a |= 0xffff; b |= 0xf0000; }
    }
    fixedLo = a; fixedHi = b;
    return true;
  }
  let type = (b >> 8) & 0xf;
  if (type == 0) { fixedLo = a; fixedHi = b; return true; }
  if (type == 0xc) {                                     // 32-bit call gate
    if (b & 0xe0) return false;                          // reserved bits 5-7
    let sel = a >>> 16;
    let idx = sel >> 3;
    if (!((sel & 4) || idx < FIRST_RESERVED_GDT_ENTRY || (sel & ~3) == (FLAT_RING1_CS & ~3))) return false;
    // Every use of the gate must trap to Xen: gate DPL 0, the original DPL kept in
    // the target selector's RPL.
    let dpl = (b >> 13) & 3;
    sel = (sel & ~3) | dpl;
    a = (a & 0xffff) | (sel << 16);
    b &= ~(3 << 13);
    fixedLo = a; fixedHi = b;
    return true;
  }
  return false;
}

/** Validates all 512 descriptors of a frame becoming a GDT/LDT page. */
export function validateSegdescPage(mfn: u32): i32 {
  let p = frameAddr(mfn);
  for (let i: u32 = 0; i < 512; i++) {
    let a = load<u32>(p + (i << 3)), b = load<u32>(p + (i << 3) + 4);
    if (!checkDescriptor(a, b)) return -EINVAL;
    store<u32>(p + (i << 3), fixedLo);
    store<u32>(p + (i << 3) + 4, fixedHi);
  }
  return 0;
}
