// Core exports: testing and inspection. See assembly/index.ts.

import { XFER_BASE } from "../layout";
import { domainLookupAddr } from "../domain/lookup";
import { D_max_vcpus, D_vcpu, V_pause_flags, V_eip, V_regs, V_eflags, V_cpl, V_kernel_ss, V_kernel_sp, V_event_cs, V_event_eip, V_failsafe_cs, V_failsafe_eip, V_cr3_mfn, V_segs, V_trap_ctxt, V_fpu } from "../domain/layout";
import { descheduleCurrent } from "../sched/schedule";
import { curDomain } from "../domain/current";
import { EINVAL, ESRCH } from "../public/errno";
import { hypercallFromGuest, hypercallRestarted } from "../arch/hypercall-entry";
import { vcpuLoad } from "../domain/vcpu";
import { reg32, setReg32, EAX, EBX, ECX, EDX, ESI, EDI } from "../cpu/state";
import { clearPending } from "../cpu/fault";
import { areaToImage, imageToLive, MXCSR_MASK } from "../cpu/fpu/fpu-image";

// ── testing ──────────────────────────────────────────────────────────────────────────


/**
 * Makes vcpu `vcpu` of `domid` issue hypercall `nr` with the given arguments, as if
 * it had executed int $0x82 at its current EIP, and returns EAX. Unit tests use this
 * to pin down hypercall semantics without writing a guest for each case.
 */
export function hypercallAsGuest(domid: u32, vcpu: u32, nr: u32, a1: u32, a2: u32, a3: u32, a4: u32, a5: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0 || domid == 0) return -ESRCH;
  if (vcpu >= load<u32>(d + D_max_vcpus)) return -EINVAL;
  let v = load<u32>(d + D_vcpu + (vcpu << 2));
  if (v == 0) return -EINVAL;
  if (curDomain != 0) descheduleCurrent();
  vcpuLoad(v);
  setReg32(EAX, nr); setReg32(EBX, a1); setReg32(ECX, a2); setReg32(EDX, a3); setReg32(ESI, a4); setReg32(EDI, a5);
  hypercallFromGuest();
  // A continued call runs again with its registers advanced, as the vcpu would when
  // it re-executed the int $0x82 (bounded: a call waiting on the host stays restarted).
  for (let i = 0; i < 4096 && hypercallRestarted; i++) {
    setReg32(EAX, nr);
    hypercallFromGuest();
  }
  clearPending();
  let rc = <i32>reg32(EAX);
  descheduleCurrent();
  return rc;
}

/**
 * Part of vcpu `vcpu`'s record in the transfer buffer:
 *   +0 regs[8]  +32 eip  +36 eflags  +40 cpl  +44 kernel_ss  +48 kernel_sp
 *   +52 event_cs  +56 event_eip  +60 failsafe_cs  +64 failsafe_eip  +68 pause_flags
 *   +72 cr3 mfn  +76 seg selectors[6] (u16)  +88 trap_ctxt[256] (8 bytes each)
 */
export function vcpuGetState(domid: u32, vcpu: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  if (vcpu >= load<u32>(d + D_max_vcpus)) return -EINVAL;
  let v = load<u32>(d + D_vcpu + (vcpu << 2));
  if (v == 0) return -EINVAL;
  if (curDomain == d) descheduleCurrent();
  let x = XFER_BASE;
  memory.copy(x, v + V_regs, 32);
  store<u32>(x + 32, load<u32>(v + V_eip));
  store<u32>(x + 36, load<u32>(v + V_eflags));
  store<u32>(x + 40, load<u32>(v + V_cpl));
  store<u32>(x + 44, load<u32>(v + V_kernel_ss));
  store<u32>(x + 48, load<u32>(v + V_kernel_sp));
  store<u32>(x + 52, load<u32>(v + V_event_cs));
  store<u32>(x + 56, load<u32>(v + V_event_eip));
  store<u32>(x + 60, load<u32>(v + V_failsafe_cs));
  store<u32>(x + 64, load<u32>(v + V_failsafe_eip));
  store<u32>(x + 68, load<u32>(v + V_pause_flags));
  store<u32>(x + 72, load<u32>(v + V_cr3_mfn));
  for (let s: u32 = 0; s < 6; s++) store<u16>(x + 76 + (s << 1), <u16>load<u32>(v + V_segs + (s << 4)));
  memory.copy(x + 88, v + V_trap_ctxt, 2048);
  return 0;
}

/**
 * The FPU/SSE state of vcpu `vcpu` as the architectural FXSAVE image (512 bytes) in
 * the transfer buffer: FCW, FSW, abridged FTW, FOP, FIP, FCS, FDP, FDS, MXCSR,
 * MXCSR_MASK, ST0-ST7 in stack order, XMM0-XMM7.
 */
export function vcpuGetFpu(domid: u32, vcpu: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  if (vcpu >= load<u32>(d + D_max_vcpus)) return -EINVAL;
  let v = load<u32>(d + D_vcpu + (vcpu << 2));
  if (v == 0) return -EINVAL;
  if (curDomain == d) descheduleCurrent();
  areaToImage(v + V_fpu, XFER_BASE);
  return 0;
}

/**
 * Replaces vcpu `vcpu`'s FPU/SSE state with the 512-byte FXSAVE image in the transfer
 * buffer (the layout vcpuGetFpu produces). -EINVAL if MXCSR has reserved bits set.
 */
export function vcpuSetFpu(domid: u32, vcpu: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  if (vcpu >= load<u32>(d + D_max_vcpus)) return -EINVAL;
  let v = load<u32>(d + D_vcpu + (vcpu << 2));
  if (v == 0) return -EINVAL;
  if (load<u32>(XFER_BASE + 24) & ~MXCSR_MASK) return -EINVAL;
  if (curDomain == d) descheduleCurrent();
  memory.copy(v + V_fpu, XFER_BASE, 512);
  store<u32>(v + V_fpu + 28, MXCSR_MASK);
  imageToLive(v + V_fpu);
  return 0;
}
