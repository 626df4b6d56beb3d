// Xen's emulation of privileged instructions for PV guests
// (xen/arch/x86/pv/emul-priv-op.c; fact sheet §5.9).
//
// A ring-1 kernel that executes a privileged instruction faults to Xen with #GP(0);
// Xen emulates what it supports and otherwise bounces the #GP. Here the handlers of
// those instructions call straight into this file. The virtual IOPL (physdev_op
// set_iopl, or the architectural_iopl assist) decides I/O and CLI/STI; there are no
// I/O devices, so permitted port reads return all ones and writes are dropped.

import { reg32, setReg32, EAX, EDX, ECX, cpl, cr0, setCr0, cr2, setCr2, cr3Mfn, cr4, setCr4, CR0_TS } from "../cpu/state";
import { raiseGP0 } from "../cpu/fault";
import { curVcpu, curDomain, curDomid } from "../domain/current";
import { V_iopl, V_dr, D_vm_assist } from "../domain/layout";
import { VMASST_TYPE_architectural_iopl } from "../public/xen";
import { xen_pfn_to_cr3, xen_cr3_to_pfn } from "../public/arch-x86";
import { nowNs, tscAt } from "../sched/time";
import { getPageAndType, putPageAndType, PGT_writable_page } from "../mm/page-ref";
import { writeHypercallPage } from "./hypercall-page";
import { newGuestCr3 } from "../mm/baseptr";
import { setReg } from "../cpu/state";
import { emulateCpuid } from "./cpuid";

/** Xen's iopl_ok: the kernel counts as CPL 1 (0 with architectural_iopl), user as 3. */
function ioplOk(): bool {
  let iopl = load<u32>(curVcpu + V_iopl) >> 12;
  let vcpl: u32 = cpl == 3 ? 3 : ((load<u32>(curDomain + D_vm_assist) & (1 << VMASST_TYPE_architectural_iopl)) ? 0 : 1);
  return vcpl <= iopl;
}

export function emulateCli(): void { if (!ioplOk()) raiseGP0(); }
export function emulateSti(): void { if (!ioplOk()) raiseGP0(); }

export function emulateIo(sz: u32, port: u32, isIn: bool): void {
  if (!ioplOk()) { raiseGP0(); return; }
  if (isIn) setReg(sz, EAX, 0xffffffff);
}

/** INS/OUTS: permitted only like IN/OUT; with no devices they move nothing useful. */
export function emulateIoString(sz: u32, isIn: bool): void {
  if (!ioplOk()) { raiseGP0(); return; }
  // No device ports exist: treat as a completed transfer of all-ones / discarded data.
  raiseGP0();
}

// Guest-visible CR4: PAE, and OSFXSR/OSXMMEXCPT, which Xen always enables and lets
// PV guests see (pv/domain.h PV_CR4_GUEST_VISIBLE_MASK).
const CR4_PAE: u32 = 1 << 5;
const CR4_OSFXSR: u32 = 1 << 9;
const CR4_OSXMMEXCPT: u32 = 1 << 10;
const CR4_XEN_VISIBLE: u32 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;

export function emulateMovFromCr(cr: u32, r: u32): void {
  if (cpl == 3) { raiseGP0(); return; }
  switch (cr) {
    case 0: setReg32(r, cr0); return;
    case 2: setReg32(r, cr2); return;
    case 3: setReg32(r, xen_pfn_to_cr3(cr3Mfn)); return;
    case 4: setReg32(r, cr4 | CR4_XEN_VISIBLE); return;
    default: raiseGP0(); return;
  }
}

export function emulateMovToCr(cr: u32, r: u32): void {
  if (cpl == 3) { raiseGP0(); return; }
  let v = reg32(r);
  switch (cr) {
    case 0:
      // Only TS may change (fpu_taskswitch).
      if ((v ^ cr0) & ~CR0_TS) { raiseGP0(); return; }
      setCr0(v);
      return;
    case 2: setCr2(v); return;
    case 3: {
      let rc = newGuestCr3(xen_cr3_to_pfn(v));
      if (rc != 0) raiseGP0();
      return;
    }
    case 4: setCr4(v & ~CR4_XEN_VISIBLE); return;
    default: raiseGP0(); return;
  }
}

export function emulateMovFromDr(dr: u32, r: u32): void {
  if (cpl == 3) { raiseGP0(); return; }
  let i = (dr == 4 || dr == 5) ? dr + 2 : dr; // DR4/5 alias DR6/7 (CR4.DE is clear)
  setReg32(r, load<u32>(curVcpu + V_dr + (i << 2)));
}

export function emulateMovToDr(dr: u32, r: u32): void {
  if (cpl == 3) { raiseGP0(); return; }
  let i = (dr == 4 || dr == 5) ? dr + 2 : dr;
  store<u32>(curVcpu + V_dr + (i << 2), reg32(r));
}

export function emulateClts(): void {
  if (cpl == 3) { raiseGP0(); return; }
  setCr0(cr0 & ~CR0_TS);
}

/** WBINVD: needs I/O privileges to do anything; otherwise silently ignored. */
export function emulateWbinvd(): void {
  if (cpl == 3) { raiseGP0(); return; }
}

export function emulateRdtsc(): void {
  let t = tscAt(nowNs());
  setReg32(EAX, <u32>t);
  setReg32(EDX, <u32>(t >> 32));
}

const MSR_IA32_TSC: u32 = 0x10;
const MSR_IA32_MISC_ENABLE: u32 = 0x1a0;
const MSR_IA32_CR_PAT: u32 = 0x277;
const MSR_EFER: u32 = 0xc0000080;
const MSR_XEN_HYPERCALL_PAGE: u32 = 0x40000000;
const XEN_MSR_PAT: u64 = 0x0000050100070406;

export function emulateRdmsr(): void {
  if (cpl == 3) { raiseGP0(); return; }
  let msr = reg32(ECX);
  let v: u64;
  switch (msr) {
    case MSR_IA32_TSC: v = tscAt(nowNs()); break;
    case MSR_IA32_MISC_ENABLE: v = 1 << 0 | 1 << 11 | 1 << 12; break; // fast strings; no BTS/PEBS
    case MSR_IA32_CR_PAT: v = XEN_MSR_PAT; break;
    case MSR_EFER: v = 1 << 11; break; // NXE
    default: raiseGP0(); return;
  }
  setReg32(EAX, <u32>v);
  setReg32(EDX, <u32>(v >> 32));
}

export function emulateWrmsr(): void {
  if (cpl == 3) { raiseGP0(); return; }
  let msr = reg32(ECX);
  let v = (<u64>reg32(EDX) << 32) | <u64>reg32(EAX);
  switch (msr) {
    case MSR_XEN_HYPERCALL_PAGE: {
      // (mfn << 12) | page index; only index 0 exists (xen/arch/x86/msr.c).
      if ((v & 0xfff) != 0) { raiseGP0(); return; }
      let mfn = <u32>(v >> 12);
      if ((v >> 44) != 0 || getPageAndType(mfn, curDomid, PGT_writable_page) != 0) { raiseGP0(); return; }
      writeHypercallPage(mfn);
      putPageAndType(mfn);
      return;
    }
    // Writing the PAT, EFER or MISC_ENABLE with the value Xen reports is accepted.
    case MSR_IA32_CR_PAT: if (v != XEN_MSR_PAT) raiseGP0(); return;
    case MSR_EFER: if (v != (1 << 11)) raiseGP0(); return;
    default: raiseGP0(); return;
  }
}

/** SYSENTER: no sysenter callback support yet, so #GP(0) as Xen gives without one. */
export function emulateSysenter(): void { raiseGP0(); }

export { emulateCpuid };
