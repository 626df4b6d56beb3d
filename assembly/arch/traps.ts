// Delivering exceptions and events to a PV guest: Xen's bounce frame
// (xen/arch/x86/x86_64/compat/entry.S compat_create_bounce_frame; fact sheet §5.8).
//
// The guest kernel registers handlers in a virtual IDT (set_trap_table). When the CPU
// raises an exception, Xen builds a frame on the guest kernel's stack — switching to
// kernel_ss:kernel_sp first if the guest was in ring 2/3 — and resumes the guest at
// the handler. The frame is a native interrupt frame except that the CS slot carries
// the saved evtchn_upcall_mask in bits 16-23 and EFLAGS.IF reflects that mask.
// A missing handler, or a fault while writing the frame, crashes the domain.

import { reg32, setReg32, ESP, SS, CS, cpl, eip, setEip, segSel, setCr2, cr0, setCr0, CR0_TS } from "../cpu/state";
import { getFlags, setFlags, IF, IOPL_MASK, TF, VM, RF, NT } from "../cpu/flags";
import {
  pendingVector, pendingError, pendingHasError, pendingSoftware, pendingCr2, clearPending, faulted,
  EXC_PF, EXC_GP, EXC_BP, EXC_OF, EXC_NM, PFEC_PRESENT, PFEC_WRITE, PFEC_USER, PFEC_RSVD, PFEC_INSN,
} from "../cpu/fault";
import { ptwrDoPageFault } from "../mm/ptwr";
import { pushAt, stack32 } from "../cpu/ops/stack";
import { checkCodeSelector, checkStackSelector, setSegFromDescriptor } from "../cpu/segments";
import { curVcpu, curDomain, curVcpuInfo } from "../domain/current";
import { V_trap_ctxt, V_kernel_ss, V_kernel_sp, V_event_cs, V_event_eip, V_iopl, V_stat_faults, D_vm_assist, D_stat_faults } from "../domain/layout";
import { VCPU_INFO_evtchn_upcall_mask, VCPU_INFO_evtchn_upcall_pending, VCPU_INFO_arch_cr2, VMASST_TYPE_architectural_iopl } from "../public/xen";
import { TRAP_INFO_SIZE, TRAP_INFO_flags, TRAP_INFO_cs, TRAP_INFO_address, TI_FLAG_IF, TI_FLAG_DPL_MASK } from "../public/arch-x86";
import { setCpl } from "./privilege";
import { faultCapture, captureFault } from "../cpu/fault-capture";
import { domainCrashCurrent, noteDelivering, CRASH_NO_HANDLER, CRASH_BOUNCE_FAULT } from "./crash";

// @ts-ignore: decorator
@inline function trapEntry(vec: u32): u32 { return curVcpu + V_trap_ctxt + vec * TRAP_INFO_SIZE; }

/**
 * Builds a bounce frame and enters the handler cs:ip. `maskEvents` sets the upcall
 * mask (interrupt-gate semantics). Returns false if the domain had to be crashed.
 */
export function bounce(cs: u32, ip: u32, hasErr: bool, err: u32, maskEvents: bool): bool {
  if ((cs & 0xfffc) == 0) { domainCrashCurrent(CRASH_NO_HANDLER); return false; }
  // Xen raises a handler selector's RPL 0 to 1 when it is registered.
  let target = cs & 3;
  let csd = checkCodeSelector(cs, target);
  if (csd == 0 || target == 0 || target > cpl) { domainCrashCurrent(CRASH_BOUNCE_FAULT); return false; }

  let vi = curVcpuInfo;
  let savedMask = <u32>load<u8>(vi + VCPU_INFO_evtchn_upcall_mask);
  let oldFlags = getFlags();
  let iopl: u32 = (load<u32>(curDomain + D_vm_assist) & (1 << VMASST_TYPE_architectural_iopl))
    ? load<u32>(curVcpu + V_iopl) : 0;
  let frameFlags = (oldFlags & ~(IF | IOPL_MASK)) | (savedMask ? 0 : IF) | iopl;
  let oldCs = segSel(CS);
  let oldEsp = reg32(ESP);
  let oldSs = segSel(SS);
  let fromOuter = (oldCs & 2) != 0;

  // Switch to the kernel stack when leaving ring 2/3.
  if (fromOuter) {
    let kss = load<u32>(curVcpu + V_kernel_ss);
    setCpl(target);
    let ssd = checkStackSelector(kss, target);
    if (ssd == 0) { domainCrashCurrent(CRASH_BOUNCE_FAULT); return false; }
    setSegFromDescriptor(SS, kss, ssd);
    setReg32(ESP, load<u32>(curVcpu + V_kernel_sp));
  }
  let sp = stack32() ? reg32(ESP) : reg32(ESP) & 0xffff;
  if (fromOuter) {
    sp = pushAt(32, sp, oldSs);
    sp = pushAt(32, sp, oldEsp);
  }
  sp = pushAt(32, sp, frameFlags);
  sp = pushAt(32, sp, (oldCs & 0xffff) | (savedMask << 16));
  sp = pushAt(32, sp, eip);
  if (hasErr) sp = pushAt(32, sp, err);
  if (faulted()) {
    clearPending();
    domainCrashCurrent(CRASH_BOUNCE_FAULT);
    return false;
  }
  if (stack32()) setReg32(ESP, sp); else setReg32(ESP, (reg32(ESP) & 0xffff0000) | (sp & 0xffff));
  if (maskEvents) store<u8>(vi + VCPU_INFO_evtchn_upcall_mask, 1);
  setSegFromDescriptor(CS, cs, csd);
  setCpl(target);
  setEip(ip);
  setFlags(getFlags() & ~(TF | VM | RF | NT));
  return true;
}

/** Bounces exception `vec` through the guest's trap table. */
export function injectException(vec: u32, hasErr: bool, err: u32): bool {
  let t = trapEntry(vec);
  let cs = <u32>load<u16>(t + TRAP_INFO_cs);
  let ip = load<u32>(t + TRAP_INFO_address);
  let fl = <u32>load<u8>(t + TRAP_INFO_flags);
  noteDelivering(<i32>vec);
  countFault();
  return bounce(cs, ip, hasErr, err, (fl & TI_FLAG_IF) != 0);
}

function countFault(): void {
  store<u64>(curDomain + D_stat_faults, load<u64>(curDomain + D_stat_faults) + 1);
  store<u64>(curVcpu + V_stat_faults, load<u64>(curVcpu + V_stat_faults) + 1);
}

/** May the guest, in its current mode, invoke `int vec` through its trap table? */
function permitSoftint(vec: u32): bool {
  let dpl = <u32>load<u8>(trapEntry(vec) + TRAP_INFO_flags) & TI_FLAG_DPL_MASK;
  return dpl >= (cpl == 3 ? <u32>3 : <u32>1);
}

/**
 * Hands the pending exception of the instruction at `faultEip` to the guest.
 * EIP must already be set: to the faulting instruction for faults, past it for
 * software interrupts.
 */
export function deliverPending(): void {
  if (faultCapture) { captureFault(); return; } // differential tests only (cpu/fault-capture.ts)
  let vec = <u32>pendingVector;
  let hasErr = pendingHasError;
  let err = pendingError;
  let soft = pendingSoftware;
  let cr2 = pendingCr2;
  clearPending();
  if (soft) {
    // int3/into (and int $3/$4) go through Xen's DPL-3 IDT gates: delivered as #BP/#OF.
    if (vec == EXC_BP || vec == EXC_OF) { injectException(vec, false, 0); return; }
    // int $0x80 fast path (fact sheet §5.3).
    if (vec == 0x80 && (load<u16>(trapEntry(0x80) + TRAP_INFO_cs) & 0xfffc) != 0) {
      injectException(vec, false, 0);
      return;
    }
    // Any other int n hits a DPL-0 gate in Xen's IDT: #GP((n << 3) | 2), which Xen
    // turns into the software interrupt if the guest's trap-table DPL permits it.
    if (permitSoftint(vec)) { injectException(vec, false, 0); return; }
    injectException(EXC_GP, true, (vec << 3) | 2);
    return;
  }
  if (vec == EXC_PF) {
    // A kernel write to a read-only mapping of one of its L1 tables, with the
    // writable-pagetables assist on, is emulated instead (mm/ptwr.ts).
    if ((err & (PFEC_PRESENT | PFEC_WRITE | PFEC_USER | PFEC_RSVD | PFEC_INSN)) == (PFEC_PRESENT | PFEC_WRITE) &&
        ptwrDoPageFault(cr2)) return;
    store<u32>(curVcpuInfo + VCPU_INFO_arch_cr2, cr2);
    setCr2(cr2);
  }
  // Xen's PV ABI clears the virtual CR0.TS as it bounces #NM (traps.c
  // do_device_not_available); classic Xen kernels rely on it.
  if (vec == EXC_NM) setCr0(cr0 & ~CR0_TS);
  injectException(vec, hasErr, err);
}

/** Delivers an event upcall if one is pending and not masked (on every return to the guest). */
export function checkUpcall(): bool {
  let vi = curVcpuInfo;
  if (vi == 0) return false;
  if (load<u8>(vi + VCPU_INFO_evtchn_upcall_pending) == 0 || load<u8>(vi + VCPU_INFO_evtchn_upcall_mask) != 0) return false;
  // Like Xen, an unregistered (null) callback selector crashes the domain here.
  noteDelivering(-2);
  return bounce(load<u32>(curVcpu + V_event_cs), load<u32>(curVcpu + V_event_eip), false, 0, true);
}
