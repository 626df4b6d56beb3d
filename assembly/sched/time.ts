// System time and the TSC.
//
// Xen's "system time" is nanoseconds since boot; guests read it through vcpu_time_info
// and rdtsc. Two clock sources (ARCHITECTURE decision 4):
//   virtual  time advances with retired instructions (nsPerInsn each), so a run is
//            reproducible bit for bit. The scheduler sets "now" to the time of the
//            physical CPU it is running at the start of a slice; within the slice
//            time moves on with each instruction retired (cpu/interp.ts counts
//            them), so rdtsc and vcpu_time_info never stand still.
//   host     time is the host's monotonic clock (an import), for interactive use.
// The virtual TSC runs at TSC_KHZ in both cases.

export const CLOCK_VIRTUAL: u32 = 0;
export const CLOCK_HOST: u32 = 1;
export const TSC_KHZ: u32 = 1000000;          // 1 GHz: one TSC tick per nanosecond
/** A time no deadline reaches. */
export const NEVER: u64 = 0xffffffffffffffff;

import { sliceProgress } from "../cpu/interp";

@external("env", "hostNowNs")
declare function hostNowNs(): f64;

export let clockSource: u32 = CLOCK_VIRTUAL;
/** Virtual nanoseconds per retired instruction (1 = a 1 GHz, one-instruction-per-cycle CPU). */
export let nsPerInsn: u64 = 1;
/** Instructions retired by the whole machine since boot. */
export let machineInstructions: u64 = 0;
let virtualNs: u64 = 0;
let hostEpoch: f64 = 0;

export function setClockSource(src: u32): void {
  clockSource = src;
  if (src == CLOCK_HOST) hostEpoch = hostNowNs() - <f64>virtualNs;
}

export function setNsPerInsn(n: u32): void { nsPerInsn = n == 0 ? 1 : <u64>n; }

export function countInstructions(n: u64): void { machineInstructions += n; }

/** Virtual mode: the scheduler moves "now" to the physical CPU it runs next. */
export function setVirtualNow(ns: u64): void { virtualNs = ns; }

/** Current system time in ns. */
export function nowNs(): u64 {
  if (clockSource == CLOCK_HOST) return <u64>(hostNowNs() - hostEpoch);
  return virtualNs + <u64>sliceProgress() * nsPerInsn;
}

/** The TSC for system time `ns` (1 GHz). */
export function tscAt(ns: u64): u64 { return ns; }
