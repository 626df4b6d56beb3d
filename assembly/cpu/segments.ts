// Segment registers in protected mode (SDM Vol. 3A ch. 3 and 5).
//
// A PV guest's descriptors come from two places: Xen's reserved GDT page (entries
// 7168-7679, which hold the flat FLAT_RING1_* / FLAT_RING3_* segments every guest
// starts with) and the guest's own GDT frames installed with set_gdt (entries below
// 7168). Guest descriptors were validated by Xen's check_descriptor rules when the
// frames were installed, so here we apply the processor's own load-time checks.

import { CPU_SEGS, frameAddr } from "../layout";
import { FIRST_RESERVED_GDT_ENTRY } from "../public/arch-x86";
import { curVcpu } from "../domain/current";
import { V_gdt_ents, V_gdt_frames, V_ldt_ents, V_ldt_base, V_ldt_shadow } from "../domain/layout";
import { pvMapLdtShadowPage } from "../mm/ldt";
import { nrFrames } from "../mm/frame-table";
import { cpl, segCheckMask, setSegCheckMask, segWriteCheckMask, setSegWriteCheckMask, SS, CS, SEG_SEL, SEG_BASE, SEG_LIMIT, SEG_ATTR } from "./state";
import { raiseError, raisePF, EXC_GP, EXC_SS, EXC_NP } from "./fault";

// Descriptor attribute bits as cached: bits 40-55 of the descriptor, shifted down 40.
export const ATTR_ACCESSED: u32 = 0x0001;
export const ATTR_RW: u32 = 0x0002;      // data: writable; code: readable
export const ATTR_DC: u32 = 0x0004;      // data: expand-down; code: conforming
export const ATTR_CODE: u32 = 0x0008;
export const ATTR_S: u32 = 0x0010;       // code/data (not system)
export const ATTR_DPL_SHIFT: u32 = 5;
export const ATTR_P: u32 = 0x0080;
export const ATTR_DB: u32 = 0x4000;
export const ATTR_G: u32 = 0x8000;

/** Xen's reserved GDT entries seen by a 32-bit PV guest (fact sheet §2.3), from 7168. */
const XEN_GDT: StaticArray<u64> = [
  0,                      // 7168
  0x00af9b000000ffff,     // 7169 __HYPERVISOR_CS (ring 0)
  0x00cf93000000ffff,     // 7170 __HYPERVISOR_DS32 (ring 0)
  0x00cfbb000000ffff,     // 7171 FLAT_RING1_CS
  0x00cfb3000000ffff,     // 7172 FLAT_RING1_DS
  0x00cffb000000ffff,     // 7173 FLAT_RING3_CS
  0x00cff3000000ffff,     // 7174 FLAT_RING3_DS
];

/** Set when readDescriptor finds the selector outside its table. */
export let descBad: bool = false;

/**
 * Reads the descriptor named by `sel` (sets descBad if it is outside the tables).
 * An LDT page not mapped yet is mapped lazily (mm/ldt.ts); if that fails the guest
 * gets #PF at ldt_base + offset, as on Xen.
 */
export function readDescriptor(sel: u32): u64 { return readDescriptorEx(sel, true); }

/** As readDescriptor, but never maps an LDT page or raises a fault. */
export function peekDescriptor(sel: u32): u64 { return readDescriptorEx(sel, false); }

function readDescriptorEx(sel: u32, mayMap: bool): u64 {
  descBad = false;
  let index = sel >> 3;
  if (sel & 4) {
    let v = curVcpu;
    if (v == 0 || index >= load<u32>(v + V_ldt_ents)) { descBad = true; return 0; }
    let off = index << 3;
    let m = load<u32>(v + V_ldt_shadow + ((off >> 12) << 2));
    let mfn = m - 1;
    if (m == 0) {
      mfn = mayMap ? pvMapLdtShadowPage(v, off) : 0xffffffff;
      if (mfn == 0xffffffff) {
        if (mayMap) raisePF(load<u32>(v + V_ldt_base) + off, 0);
        descBad = true;
        return 0;
      }
    }
    return load<u64>(frameAddr(mfn) + (off & 0xfff));
  }
  if (index >= FIRST_RESERVED_GDT_ENTRY) {
    let x = index - FIRST_RESERVED_GDT_ENTRY;
    if (x >= <u32>XEN_GDT.length) { descBad = x >= 512; return 0; }
    return unchecked(XEN_GDT[x]);
  }
  let ents = curVcpu ? load<u32>(curVcpu + V_gdt_ents) : 0;
  if (index >= ents) {
    // Guest frames beyond `entries` read as zero (not present) up to the reserved page.
    return 0;
  }
  let mfn = load<u32>(curVcpu + V_gdt_frames + ((index >> 9) << 2));
  if (!(mfn < nrFrames)) { descBad = true; return 0; }
  return load<u64>(frameAddr(mfn) + ((index & 511) << 3));
}

// @ts-ignore: decorator
@inline export function descBaseOf(d: u64): u32 {
  let lo = <u32>d, hi = <u32>(d >> 32);
  return (lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000);
}
// @ts-ignore: decorator
@inline export function descLimitOf(d: u64): u32 {
  let lo = <u32>d, hi = <u32>(d >> 32);
  let lim = (lo & 0xffff) | (hi & 0x000f0000);
  return (hi & 0x00800000) ? ((lim << 12) | 0xfff) : lim;
}
// @ts-ignore: decorator
@inline export function descAttrOf(d: u64): u32 { return <u32>(d >> 40) & 0xf0ff; }

/** True when accesses through a segment with this cache need no checks. */
function isFlat(attr: u32, limit: u32): bool {
  if (!(attr & ATTR_P) || !(attr & ATTR_S)) return false;
  if (attr & ATTR_CODE) return (attr & ATTR_RW) != 0 && limit == 0xffffffff;
  return (attr & ATTR_RW) != 0 && !(attr & ATTR_DC) && limit == 0xffffffff;
}

/** Loads a segment cache without checks (descriptor already validated by the caller). */
export function setSegCache(seg: u32, sel: u32, base: u32, limit: u32, attr: u32): void {
  let p = CPU_SEGS + (seg << 4);
  store<u32>(p + SEG_SEL, sel & 0xffff);
  store<u32>(p + SEG_BASE, base);
  store<u32>(p + SEG_LIMIT, limit);
  store<u32>(p + SEG_ATTR, attr);
  let m = segCheckMask & ~(<u32>1 << seg);
  let flat = isFlat(attr, limit);
  if (!flat) m |= <u32>1 << seg;
  setSegCheckMask(m);
  let w = segWriteCheckMask & ~(<u32>1 << seg);
  if (!flat || (attr & ATTR_CODE)) w |= <u32>1 << seg;
  setSegWriteCheckMask(w);
}

export function setSegFromDescriptor(seg: u32, sel: u32, d: u64): void {
  setSegCache(seg, sel, descBaseOf(d), descLimitOf(d), descAttrOf(d));
}

/**
 * MOV/POP to DS, ES, FS, GS or SS in protected mode (SDM Vol. 2B "MOV" operation).
 * Returns false with #GP/#SS/#NP pending on failure.
 */
export function loadDataSeg(seg: u32, sel: u32): bool {
  sel &= 0xffff;
  let rpl = sel & 3;
  if ((sel & 0xfffc) == 0) {
    if (seg == SS) { raiseError(EXC_GP, 0); return false; }
    setSegCache(seg, sel, 0, 0, 0); // null: any use faults
    return true;
  }
  let d = readDescriptor(sel);
  if (descBad) { raiseError(EXC_GP, sel & 0xfffc); return false; }
  let attr = descAttrOf(d);
  let dpl = (attr >> ATTR_DPL_SHIFT) & 3;
  if (seg == SS) {
    if (rpl != cpl || dpl != cpl || !(attr & ATTR_S) || (attr & ATTR_CODE) || !(attr & ATTR_RW)) {
      raiseError(EXC_GP, sel & 0xfffc); return false;
    }
    if (!(attr & ATTR_P)) { raiseError(EXC_SS, sel & 0xfffc); return false; }
  } else {
    if (!(attr & ATTR_S) || ((attr & ATTR_CODE) && !(attr & ATTR_RW))) {
      raiseError(EXC_GP, sel & 0xfffc); return false;
    }
    let conforming = (attr & ATTR_CODE) && (attr & ATTR_DC);
    if (!conforming && (rpl > dpl || cpl > dpl)) { raiseError(EXC_GP, sel & 0xfffc); return false; }
    if (!(attr & ATTR_P)) { raiseError(EXC_NP, sel & 0xfffc); return false; }
  }
  setSegFromDescriptor(seg, sel, d);
  return true;
}

/**
 * Checks a code selector that control is transferred to at privilege `rpl`
 * (trap-bounce targets, iret, far jumps to the same ring). Returns the descriptor or
 * 0 if it is unusable.
 */
export function checkCodeSelector(sel: u32, rpl: u32): u64 {
  if ((sel & 0xfffc) == 0) return 0;
  let d = readDescriptor(sel);
  if (descBad) return 0;
  let attr = descAttrOf(d);
  if (!(attr & ATTR_S) || !(attr & ATTR_CODE) || !(attr & ATTR_P)) return 0;
  let dpl = (attr >> ATTR_DPL_SHIFT) & 3;
  if (attr & ATTR_DC) { if (dpl > rpl) return 0; } else if (dpl != rpl) return 0;
  return d;
}

/** Checks a stack selector for ring `rpl`; returns its descriptor or 0. */
export function checkStackSelector(sel: u32, rpl: u32): u64 {
  if ((sel & 0xfffc) == 0 || (sel & 3) != rpl) return 0;
  let d = readDescriptor(sel);
  if (descBad) return 0;
  let attr = descAttrOf(d);
  let dpl = (attr >> ATTR_DPL_SHIFT) & 3;
  if (!(attr & ATTR_S) || (attr & ATTR_CODE) || !(attr & ATTR_RW) || !(attr & ATTR_P) || dpl != rpl) return 0;
  return d;
}

/** Limit and type checks for an access through a non-flat segment (SDM Vol. 3A §5.3). */
export function segLinChecked(seg: u32, off: u32, size: u32, write: bool): u32 {
  let p = CPU_SEGS + (seg << 4);
  let attr = load<u32>(p + SEG_ATTR);
  let limit = load<u32>(p + SEG_LIMIT);
  let base = load<u32>(p + SEG_BASE);
  let vec = seg == SS ? EXC_SS : EXC_GP;
  let ok = (attr & ATTR_P) != 0 && (attr & ATTR_S) != 0;
  if (ok) {
    if (attr & ATTR_CODE) ok = !write && (attr & ATTR_RW) != 0;
    else if (write) ok = (attr & ATTR_RW) != 0;
  }
  if (ok) {
    let last = off + size - 1;
    if (!(attr & ATTR_CODE) && (attr & ATTR_DC)) {
      // Expand-down: valid offsets are (limit, upper].
      let upper: u32 = (attr & ATTR_DB) ? 0xffffffff : 0xffff;
      ok = off > limit && last >= off && last <= upper;
    } else {
      ok = last >= off && last <= limit;
    }
  }
  if (!ok) { raiseError(vec, 0); return 0; }
  return base + off;
}

/** Loads CS for a transfer to a descriptor already checked by checkCodeSelector. */
export function loadCS(sel: u32, d: u64): void {
  setSegFromDescriptor(CS, sel, d);
}
