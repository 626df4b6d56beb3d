// fpu_taskswitch (hypercall 5; xen/arch/x86/pv/misc-hypercalls.c do_fpu_taskswitch).
//
// The PV guest's virtual CR0.TS: set, the next x87/MMX/SSE instruction (and fwait,
// as CR0.MP is set) raises #NM, which Xen bounces to the guest after clearing TS
// again (traps.c do_device_not_available; see arch/traps.ts). Clear, the FPU is
// usable. A mov to CR0 that changes only TS and clts reach the same bit.

import { cr0, setCr0, CR0_TS } from "../cpu/state";

export function doFpuTaskswitch(set: u32): i32 {
  setCr0(set != 0 ? cr0 | CR0_TS : cr0 & ~CR0_TS);
  return 0;
}
