// Choosing which vcpu runs, and running the machine for a budget of instructions.
//
// A vcpu is runnable when none of its pause flags is set and its domain is neither
// paused nor shut down. For now vcpus are run round-robin in fixed slices; the
// credit scheduler replaces pickNext.

import { domainListHead } from "../domain/domain";
import { D_next, D_max_vcpus, D_vcpu, D_pause_count, D_flags, DOMF_shutdown, DOMF_dying, V_pause_flags, V_domain, D_stat_instructions, V_stat_instructions } from "../domain/layout";
import { vcpuSave, vcpuLoad } from "../domain/vcpu";
import { curVcpu, setCurrent } from "../domain/current";
import { cpuRun } from "../cpu/interp";
import { countInstructions } from "./time";
import { conringTail } from "../hypercall/conring";
import { CONRING_SIZE } from "../layout";

export const EXIT_BUDGET: u32 = 0;   // ran the whole budget
export const EXIT_IDLE: u32 = 1;     // no vcpu is runnable
export const EXIT_CONSOLE: u32 = 2;  // console output waiting to be drained
export const SLICE: u32 = 100000;    // instructions per scheduling slice

let lastVcpu: u32 = 0;

export function vcpuRunnable(v: u32): bool {
  if (load<u32>(v + V_pause_flags) != 0) return false;
  let d = load<u32>(v + V_domain);
  return load<u32>(d + D_pause_count) == 0 && (load<u32>(d + D_flags) & (DOMF_shutdown | DOMF_dying)) == 0;
}

/** Next runnable vcpu after `lastVcpu` in domain-list order, wrapping; 0 if none. */
function pickNext(): u32 {
  let first: u32 = 0;
  let afterLast = lastVcpu == 0;
  for (let d = domainListHead; d != 0; d = load<u32>(d + D_next)) {
    let n = load<u32>(d + D_max_vcpus);
    for (let i: u32 = 0; i < n; i++) {
      let v = load<u32>(d + D_vcpu + (i << 2));
      if (v == 0) continue;
      if (v == lastVcpu) { afterLast = true; continue; }
      if (!vcpuRunnable(v)) continue;
      if (afterLast) return v;
      if (first == 0) first = v;
    }
  }
  if (first != 0) return first;
  return lastVcpu != 0 && vcpuRunnable(lastVcpu) ? lastVcpu : 0;
}

/** Deschedules the running vcpu (before it is destroyed or its state is read). */
export function descheduleCurrent(): void {
  if (curVcpu != 0) {
    vcpuSave(curVcpu);
    setCurrent(0, 0, 0, 0);
  }
}

export function forgetVcpu(v: u32): void {
  if (lastVcpu == v) lastVcpu = 0;
  if (curVcpu == v) setCurrent(0, 0, 0, 0);
}

/** Runs the machine for up to `budget` instructions; returns an EXIT_* reason. */
export function machineRun(budget: u32): u32 {
  let left = budget;
  while (left > 0) {
    if (conringTail > CONRING_SIZE / 2) return EXIT_CONSOLE;
    let v = pickNext();
    if (v == 0) return EXIT_IDLE;
    if (v != curVcpu) {
      if (curVcpu != 0) vcpuSave(curVcpu);
      vcpuLoad(v);
    }
    lastVcpu = v;
    let slice = left < SLICE ? left : SLICE;
    let n = cpuRun(slice);
    // A vcpu that blocks or shuts down at once still used the CPU: count at least one.
    if (n == 0) n = 1;
    left = n >= left ? 0 : left - n;
    countInstructions(<u64>n);
    let d = load<u32>(v + V_domain);
    store<u64>(d + D_stat_instructions, load<u64>(d + D_stat_instructions) + <u64>n);
    store<u64>(v + V_stat_instructions, load<u64>(v + V_stat_instructions) + <u64>n);
  }
  return EXIT_BUDGET;
}
