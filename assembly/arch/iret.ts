// HYPERVISOR_iret for 32-bit PV guests (xen/arch/x86/pv/iret.c compat_iret;
// fact sheet §5.7).
//
// The guest jumps to hypercall-page stub 23, which pushes EAX and enters Xen with
// the stack holding: EAX, EIP, CS, EFLAGS [, ESP, SS when returning to ring 2/3].
// EFLAGS.IF in the frame becomes the new evtchn_upcall_mask (inverted), which is how
// a guest re-enables events atomically with its return.

import { reg32, setReg32, ESP, CS, SS, EAX, setEip, cpl } from "../cpu/state";
import { setFlags, IF, IOPL_MASK, VM, RF, NT, TF } from "../cpu/flags";
import { checkCodeSelector, checkStackSelector, setSegFromDescriptor } from "../cpu/segments";
import { getGuestU32, putGuestU32, copyFailed } from "../mm/guest-copy";
import { curVcpu, curDomain, curVcpuInfo } from "../domain/current";
import { V_iopl, V_kernel_sp, V_kernel_ss, V_trap_ctxt, D_vm_assist } from "../domain/layout";
import { VCPU_INFO_evtchn_upcall_mask, VMASST_TYPE_architectural_iopl } from "../public/xen";
import { TRAP_INFO_SIZE, TRAP_INFO_cs, TRAP_INFO_address, TRAP_INFO_flags, TI_FLAG_IF } from "../public/arch-x86";
import { setCpl } from "./privilege";
import { nullInaccessibleSegs } from "./far";
import { domainCrashCurrent, CRASH_IRET_FAULT } from "./crash";
import { EXC_GP } from "../cpu/fault";

export function doIret(): i32 {
  let sp = reg32(ESP);
  let eax = getGuestU32(sp);
  if (copyFailed) { domainCrashCurrent(CRASH_IRET_FAULT); return 0; }
  let ip = getGuestU32(sp + 4);
  if (copyFailed) { domainCrashCurrent(CRASH_IRET_FAULT); return 0; }
  let cs = getGuestU32(sp + 8) & 0xffff;
  if (copyFailed) { domainCrashCurrent(CRASH_IRET_FAULT); return 0; }
  let fl = getGuestU32(sp + 12);
  if (copyFailed) { domainCrashCurrent(CRASH_IRET_FAULT); return 0; }

  if (load<u32>(curDomain + D_vm_assist) & (1 << VMASST_TYPE_architectural_iopl)) {
    store<u32>(curVcpu + V_iopl, fl & IOPL_MASK);
  }
  let newFlags = (fl & ~IOPL_MASK) | IF;

  if (fl & VM) {
    // No virtual-8086 mode: Xen delivers #GP to the guest instead, copying the frame
    // (as a vm86 frame) to the kernel stack below kernel_sp.
    let ksp = load<u32>(curVcpu + V_kernel_sp) - 40;
    for (let i: u32 = 1; i < 10; i++) {
      let x = getGuestU32(sp + (i << 2));
      if (copyFailed || !putGuestU32(ksp + (i << 2), x)) { domainCrashCurrent(CRASH_IRET_FAULT); return 0; }
    }
    if (!putGuestU32(ksp, 0)) { domainCrashCurrent(CRASH_IRET_FAULT); return 0; }
    let t = curVcpu + V_trap_ctxt + EXC_GP * TRAP_INFO_SIZE;
    if (load<u8>(t + TRAP_INFO_flags) & TI_FLAG_IF) fl &= ~IF;
    let gcs = <u32>load<u16>(t + TRAP_INFO_cs);
    let kss = load<u32>(curVcpu + V_kernel_ss);
    let csd = checkCodeSelector(gcs, gcs & 3);
    let ssd = checkStackSelector(kss, gcs & 3);
    if (csd == 0 || ssd == 0 || (gcs & 3) == 0) { domainCrashCurrent(CRASH_IRET_FAULT); return 0; }
    setSegFromDescriptor(CS, gcs, csd);
    setCpl(gcs & 3);
    setSegFromDescriptor(SS, kss, ssd);
    setReg32(ESP, ksp);
    setEip(load<u32>(t + TRAP_INFO_address));
    setFlags(newFlags & ~(VM | RF | NT | TF));
    store<u8>(curVcpuInfo + VCPU_INFO_evtchn_upcall_mask, (fl & IF) ? 0 : 1);
    return <i32>eax;
  }

  let rpl = cs & 3;
  if (rpl == 0) { domainCrashCurrent(CRASH_IRET_FAULT); return 0; }
  let csd = checkCodeSelector(cs, rpl);
  if (csd == 0) { domainCrashCurrent(CRASH_IRET_FAULT); return 0; }
  if (rpl == 1) {
    setSegFromDescriptor(CS, cs, csd);
    setCpl(1);
    setReg32(ESP, sp + 16);
  } else {
    let nsp = getGuestU32(sp + 16);
    if (copyFailed) { domainCrashCurrent(CRASH_IRET_FAULT); return 0; }
    let ss = getGuestU32(sp + 20) & 0xffff;
    if (copyFailed) { domainCrashCurrent(CRASH_IRET_FAULT); return 0; }
    let ssd = checkStackSelector(ss, rpl);
    if (ssd == 0) { domainCrashCurrent(CRASH_IRET_FAULT); return 0; }
    setSegFromDescriptor(CS, cs, csd);
    setCpl(rpl);
    setSegFromDescriptor(SS, ss, ssd);
    setReg32(ESP, nsp);
    // The hardware iret Xen returns with nulls data segments the new ring may not use.
    nullInaccessibleSegs();
  }
  setEip(ip);
  setFlags(newFlags & ~VM);
  store<u8>(curVcpuInfo + VCPU_INFO_evtchn_upcall_mask, (fl & IF) ? 0 : 1);
  return <i32>eax;
}
