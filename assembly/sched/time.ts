// System time and the TSC.
//
// Xen's "system time" is nanoseconds since boot; guests read it through vcpu_time_info
// and rdtsc. Two clock sources (ARCHITECTURE decision 4):
//   virtual  time advances with retired instructions (VIRTUAL_NS_PER_INSN each), so a
//            run is reproducible bit for bit;
//   host     time is the host's monotonic clock (an import), for interactive use.
// The virtual TSC runs at TSC_KHZ in both cases.

export const CLOCK_VIRTUAL: u32 = 0;
export const CLOCK_HOST: u32 = 1;
export const TSC_KHZ: u32 = 1000000;          // 1 GHz: one TSC tick per nanosecond
export const VIRTUAL_NS_PER_INSN: u64 = 1;

@external("env", "hostNowNs")
declare function hostNowNs(): f64;

export let clockSource: u32 = CLOCK_VIRTUAL;
/** Instructions retired by the whole machine since boot. */
export let machineInstructions: u64 = 0;
let hostEpoch: f64 = 0;

export function setClockSource(src: u32): void {
  clockSource = src;
  if (src == CLOCK_HOST) hostEpoch = hostNowNs() - <f64>virtualNow();
}

export function countInstructions(n: u64): void { machineInstructions += n; }

function virtualNow(): u64 { return machineInstructions * VIRTUAL_NS_PER_INSN; }

/** Current system time in ns. */
export function nowNs(): u64 {
  if (clockSource == CLOCK_HOST) return <u64>(hostNowNs() - hostEpoch);
  return virtualNow();
}

/** The TSC for system time `ns` (1 GHz). */
export function tscAt(ns: u64): u64 { return ns; }
