// Physical CPUs of the machine. The host runs them by time-slicing one interpreter:
// each has its own clock (virtual mode) and the vcpu it is running, and the
// scheduler always advances the one that is furthest behind.

import { NEVER } from "./time";

export const MAX_PCPUS: u32 = 16;
export let nrPcpus: u32 = 1;

/** Virtual time each physical CPU has reached (ns). */
export const pcpuTime: StaticArray<u64> = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
/** vcpu each is running (struct vcpu address), 0 = idle. */
export const pcpuCurr: StaticArray<u32> = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
/** When the running vcpu's time slice ends. */
export const pcpuSliceEnd: StaticArray<u64> = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
/** Next credit-scheduler tick. */
export const pcpuNextTick: StaticArray<u64> = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
/** Set when a woken vcpu should preempt the running one at the next chance. */
export const pcpuPreempt: StaticArray<bool> = [false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false];

export function setNrPcpus(n: u32): bool {
  if (n == 0 || n > MAX_PCPUS) return false;
  for (let p: u32 = 0; p < MAX_PCPUS; p++) if (unchecked(pcpuCurr[p]) != 0) return false;
  nrPcpus = n;
  return true;
}

/** The physical CPU with the earliest clock. */
export function earliestPcpu(): u32 {
  let best: u32 = 0;
  let t: u64 = NEVER;
  for (let p: u32 = 0; p < nrPcpus; p++) {
    let pt = unchecked(pcpuTime[p]);
    if (pt < t) { t = pt; best = p; }
  }
  return best;
}
