// System instructions: segment-register moves, far-pointer loads, descriptor-table
// reads, and the privileged instructions a PV kernel may try, which go to Xen's PV
// emulation (arch/emul-priv-op.ts) exactly where real hardware would fault to Xen.

import { segSel, SS, CS, cpl, cr0, reg32, setReg, EDX } from "../state";
import { flags, setFlagsRaw, materialize, ZF, ARITH, maskOf } from "../flags";
import { readE, writeE, readG, writeG, regField, rmField, eIsReg, ea, eaSeg, imm, addr16 } from "../operand";
import { segLin, ptrRead, loadHost, writeLin } from "../mem";
import { faulted, raiseGP0, raiseUD, raiseError, raise, EXC_GP, EXC_BR } from "../fault";
import { loadDataSeg, readDescriptor, descBad, descAttrOf, descLimitOf, ATTR_S, ATTR_CODE, ATTR_DC, ATTR_RW, ATTR_P, ATTR_DPL_SHIFT } from "../segments";
import { signal, SIG_SHADOW } from "../signal";
import {
  emulateCli, emulateSti, emulateIo, emulateMovFromCr, emulateMovToCr, emulateMovFromDr, emulateMovToDr,
  emulateRdmsr, emulateWrmsr, emulateClts, emulateWbinvd, emulateRdtsc, emulateSysenter,
} from "../../arch/emul-priv-op";
import { emulateCpuid } from "../../arch/cpuid";

/** mov Ev, Sreg */
export function movES(sz: u32): void {
  let s = regField();
  if (s > 5) { raiseUD(); return; }
  // To a register the selector is zero-extended; to memory only 16 bits are written.
  if (eIsReg()) setReg(sz, rmField(), segSel(s));
  else writeE(16, segSel(s));
}

/** mov Sreg, Ew */
export function movSE(): void {
  let s = regField();
  if (s > 5 || s == CS) { raiseUD(); return; }
  let v = readE(16);
  if (faulted()) return;
  if (loadDataSeg(s, v) && s == SS) signal(SIG_SHADOW);
}

/** LES/LDS/LSS/LFS/LGS Gv, Mp */
export function loadFarPtr(sz: u32, seg: u32): void {
  let n = sz >> 3;
  let lin = segLin(eaSeg(), ea(), n + 2, false);
  let h = ptrRead(lin, n + 2);
  if (faulted()) return;
  let off = loadHost(sz, h);
  let sel = load<u16>(h + n);
  if (!loadDataSeg(seg, sel)) return;
  writeG(sz, off);
}

/** BOUND Gv, Ma: #BR when the index is outside [lower, upper]. */
export function bound(sz: u32): void {
  let n = sz >> 3;
  let lin = segLin(eaSeg(), ea(), 2 * n, false);
  let h = ptrRead(lin, 2 * n);
  if (faulted()) return;
  let idx: i32, lo: i32, hi: i32;
  if (sz == 16) { idx = <i32><i16>readG(16); lo = <i32>load<i16>(h); hi = <i32>load<i16>(h, 2); }
  else { idx = <i32>readG(32); lo = load<i32>(h); hi = load<i32>(h, 4); }
  if (idx < lo || idx > hi) raise(EXC_BR);
}

/** ARPL Ew, Gw: raise the RPL of the destination selector to the source's. */
export function arpl(): void {
  let d = readE(16);
  if (faulted()) return;
  let s = readG(16);
  materialize(ZF);
  if ((d & 3) < (s & 3)) {
    writeE(16, (d & ~3) | (s & 3));
    if (faulted()) return;
    setFlagsRaw(flags | ZF);
  } else {
    setFlagsRaw(flags & ~ZF);
  }
}

/** SLDT: the LDT selector Xen loads for MMUEXT_SET_LDT is never guest-visible; reads 0. */
export function sldt(): void { writeE(eIsReg() ? 32 : 16, 0); }
/** STR: PV guests have no task register of their own; reads 0. */
export function strTr(): void { writeE(eIsReg() ? 32 : 16, 0); }

/** SGDT/SIDT (which = 0/1): store limit and base of Xen's tables; not privileged. */
export function sgdt(which: u32): void {
  // The guest sees the limits of the tables as Xen installs them for it: the GDT
  // spans all 7680 entries; the IDT is Xen's. Bases are Xen's (above the guest's
  // reach); report the hypervisor-hole start as an opaque value.
  let limit: u32 = which == 0 ? 0xefff : 0xfff;
  let lin = segLin(eaSeg(), ea(), 6, true);
  writeLinPair(lin, limit, 0xf5800000);
}
function writeLinPair(lin: u32, limit: u32, base: u32): void {
  writeLin(16, lin, limit);
  if (faulted()) return;
  writeLin(32, lin + 2, base);
}

/** SMSW: the low 16 bits of CR0 (32 bits to a register). */
export function smsw(): void {
  if (eIsReg()) setReg(32, rmField(), cr0);
  else writeE(16, cr0 & 0xffff);
}

/** VERR/VERW Ew: ZF = the segment is readable/writable at CPL and RPL. */
export function verrw(write: u32): void {
  let sel = readE(16);
  if (faulted()) return;
  materialize(ZF);
  let ok = false;
  if ((sel & 0xfffc) != 0) {
    let d = readDescriptor(sel);
    if (!descBad) {
      let attr = descAttrOf(d);
      let dpl = (attr >> ATTR_DPL_SHIFT) & 3;
      let conformingCode = (attr & ATTR_CODE) && (attr & ATTR_DC);
      if ((attr & ATTR_S) && (conformingCode || (dpl >= cpl && dpl >= (sel & 3)))) {
        if (write) ok = !(attr & ATTR_CODE) && (attr & ATTR_RW) != 0;
        else ok = !(attr & ATTR_CODE) || (attr & ATTR_RW) != 0;
      }
    }
  }
  setFlagsRaw(ok ? flags | ZF : flags & ~ZF);
}

/** LAR (kind 0) / LSL (kind 1) Gv, Ew. */
export function larLsl(sz: u32, kind: u32): void {
  let sel = readE(16);
  if (faulted()) return;
  materialize(ZF);
  let ok = false;
  let value: u32 = 0;
  if ((sel & 0xfffc) != 0) {
    let d = readDescriptor(sel);
    if (!descBad) {
      let attr = descAttrOf(d);
      let dpl = (attr >> ATTR_DPL_SHIFT) & 3;
      let conformingCode = (attr & ATTR_S) && (attr & ATTR_CODE) && (attr & ATTR_DC);
      let typ = attr & 0xf;
      // System types valid for LAR: 1,2,3,9,B,C (call gate only for LAR); LSL: 1,2,3,9,B.
      let sysOk = typ == 1 || typ == 2 || typ == 3 || typ == 9 || typ == 0xb || (kind == 0 && typ == 0xc);
      if (((attr & ATTR_S) || sysOk) && (conformingCode || (dpl >= cpl && dpl >= (sel & 3)))) {
        ok = true;
        value = kind == 0 ? <u32>(d >> 32) & 0x00f0ff00 : descLimitOf(d);
      }
    }
  }
  if (ok) {
    writeG(sz, value & maskOf(sz));
    setFlagsRaw(flags | ZF);
  } else {
    setFlagsRaw(flags & ~ZF);
  }
}

/** Instructions Xen never emulates for a PV guest (LGDT, LIDT, LLDT, LTR, LMSW, INVLPG, INVD, RDPMC, SYSEXIT). */
export function privGP(): void { raiseGP0(); }

export function clts(): void { emulateClts(); }
export function wbinvd(): void { emulateWbinvd(); }
export function cli(): void { emulateCli(); }
export function sti(): void { emulateSti(); }
export function rdtsc(): void { emulateRdtsc(); }
export function rdmsr(): void { emulateRdmsr(); }
export function wrmsr(): void { emulateWrmsr(); }
export function sysenter(): void { emulateSysenter(); }
export function cpuid(): void { emulateCpuid(); }

/** CR1, CR5, CR6 and CR7 do not exist: #UD, before any privilege check. */
// @ts-ignore: decorator
@inline function crExists(cr: u32): bool { return cr == 0 || cr == 2 || cr == 3 || cr == 4; }

/** mov r32, CRn */
export function movRC(): void {
  if (!crExists(regField())) { raiseUD(); return; }
  emulateMovFromCr(regField(), rmField());
}
/** mov CRn, r32 */
export function movCR(): void {
  if (!crExists(regField())) { raiseUD(); return; }
  emulateMovToCr(regField(), rmField());
}
export function movRD(): void { emulateMovFromDr(regField(), rmField()); }
export function movDR(): void { emulateMovToDr(regField(), rmField()); }

export function inImm(sz: u32): void { emulateIo(sz, imm() & 0xff, true); }
export function outImm(sz: u32): void { emulateIo(sz, imm() & 0xff, false); }
export function inDx(sz: u32): void { emulateIo(sz, reg32(EDX) & 0xffff, true); }
export function outDx(sz: u32): void { emulateIo(sz, reg32(EDX) & 0xffff, false); }
