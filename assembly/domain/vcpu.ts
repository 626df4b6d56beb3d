// vcpu records and moving a vcpu's state between its record and the CPU.
//
// The CPU (cpu/state.ts) holds the running vcpu's registers; vcpuSave/vcpuLoad copy
// them to and from the struct vcpu frame when the scheduler switches vcpus.

import { frameAddr, CPU_REGS, CPU_SEGS, CPU_FPU } from "../layout";
import {
  V_vcpu_id, V_domain, V_pause_flags, V_vflags, V_regs, V_eip, V_eflags, V_cpl, V_segs, V_cr0, V_cr2,
  V_cr3_mfn, V_cr4, V_vcpu_info_mfn, V_vcpu_info_offset, V_fpu, VPF_down, VCPU_initialised,
  D_vcpu, D_shared_info_mfn, D_domain_id, V_gdt_ents, V_gdt_frames,
} from "./layout";
import { allocXenPrivateFrame, freeXenPrivateFrame } from "../mm/page-list";
import { ft, NO_FRAME, nrFrames } from "../mm/frame-table";
import { putPageAndType } from "../mm/page-ref";
import { pvDestroyGdt } from "../mm/descriptor-tables";
import { pvDestroyLdt } from "../mm/ldt";
import { VCPU_INFO_SIZE, XEN_LEGACY_MAX_VCPUS } from "../public/xen";
import { eip, setEip, cpl, cr0, cr2, cr3Mfn, cr4, setCr0, setCr2, setCr3Mfn, setCr4, setSegCheckMask, CS } from "../cpu/state";
import { getFlags, setFlags } from "../cpu/flags";
import { setSegCache } from "../cpu/segments";
import { setCplRaw } from "../cpu/state";
import { tlbSetUser, tlbFlushAll } from "../cpu/tlb";
import { setCurrent } from "./current";
import { V_periodic_period, V_vcpu_info_ref, V_runstate_state } from "./layout";
import { cschedVcpuInit, cschedVcpuDestroy } from "../sched/credit";
import { DEFAULT_PERIODIC_PERIOD_NS } from "../sched/timer";
import { RUNSTATE_offline } from "../public/vcpu";
import { fpuResetArea } from "../cpu/fpu/fpu-image";

/** Allocates and initialises vcpu `id` of domain `d`; returns its address or 0. */
export function vcpuCreate(d: u32, id: u32): u32 {
  let m = allocXenPrivateFrame();
  if (m == NO_FRAME) return 0;
  let v = frameAddr(m);
  store<u32>(v + V_vcpu_id, id);
  store<u32>(v + V_domain, d);
  store<u32>(v + V_pause_flags, VPF_down);
  store<u32>(v + V_cr3_mfn, NO_FRAME);
  store<u32>(v + V_vcpu_info_ref, NO_FRAME);
  store<u64>(v + V_periodic_period, DEFAULT_PERIODIC_PERIOD_NS);
  store<u32>(v + V_runstate_state, RUNSTATE_offline);
  cschedVcpuInit(v);
  fpuResetArea(v + V_fpu);
  if (id < XEN_LEGACY_MAX_VCPUS) {
    store<u32>(v + V_vcpu_info_mfn, load<u32>(d + D_shared_info_mfn));
    store<u32>(v + V_vcpu_info_offset, id * VCPU_INFO_SIZE);
  } else {
    store<u32>(v + V_vcpu_info_mfn, NO_FRAME);
  }
  store<u32>(d + D_vcpu + (id << 2), v);
  return v;
}

/** Drops the vcpu's references (CR3, GDT frames) and frees its record. */
export function vcpuDestroy(d: u32, v: u32): void {
  let cr3 = load<u32>(v + V_cr3_mfn);
  if (cr3 != NO_FRAME && cr3 < nrFrames) putPageAndType(cr3);
  store<u32>(v + V_cr3_mfn, NO_FRAME);
  pvDestroyGdt(v);
  pvDestroyLdt(v);
  let vi = load<u32>(v + V_vcpu_info_ref);
  if (vi != NO_FRAME) putPageAndType(vi);
  store<u32>(v + V_vcpu_info_ref, NO_FRAME);
  cschedVcpuDestroy(v);
  freeXenPrivateFrame((v - frameAddr(0)) >> 12);
}

/** Host address of a vcpu's vcpu_info. */
export function vcpuInfoAddr(v: u32): u32 {
  let mfn = load<u32>(v + V_vcpu_info_mfn);
  if (mfn == NO_FRAME) return 0;
  return frameAddr(mfn) + load<u32>(v + V_vcpu_info_offset);
}

/** Copies the CPU's live state into the vcpu record. */
export function vcpuSave(v: u32): void {
  memory.copy(v + V_regs, CPU_REGS, 32);
  store<u32>(v + V_eip, eip);
  store<u32>(v + V_eflags, getFlags());
  store<u32>(v + V_cpl, cpl);
  memory.copy(v + V_segs, CPU_SEGS, 96);
  store<u32>(v + V_cr0, cr0);
  store<u32>(v + V_cr2, cr2);
  store<u32>(v + V_cr3_mfn, cr3Mfn);
  store<u32>(v + V_cr4, cr4);
  memory.copy(v + V_fpu, CPU_FPU, 512);
}

/** Makes vcpu `v` the running one: loads its record into the CPU. */
export function vcpuLoad(v: u32): void {
  let d = load<u32>(v + V_domain);
  memory.copy(CPU_REGS, v + V_regs, 32);
  store<u32>(CPU_REGS + 32, 0); // the always-zero slot
  setEip(load<u32>(v + V_eip));
  setFlags(load<u32>(v + V_eflags));
  let segs = v + V_segs;
  let mask: u32 = 0;
  setSegCheckMask(0);
  for (let s: u32 = 0; s < 6; s++) {
    let p = segs + (s << 4);
    setSegCache(s, load<u32>(p), load<u32>(p, 4), load<u32>(p, 8), load<u32>(p, 12));
  }
  setCr0(load<u32>(v + V_cr0));
  setCr2(load<u32>(v + V_cr2));
  setCr3Mfn(load<u32>(v + V_cr3_mfn));
  setCr4(load<u32>(v + V_cr4));
  memory.copy(CPU_FPU, v + V_fpu, 512);
  let c = load<u32>(v + V_cpl);
  setCplRaw(c);
  tlbSetUser(c == 3);
  tlbFlushAll();
  setCurrent(v, d, load<u32>(d + D_domain_id), vcpuInfoAddr(v));
}
