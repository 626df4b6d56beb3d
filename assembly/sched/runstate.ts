// vcpu runstate accounting (xen/common/sched/core.c vcpu_runstate_change).
//
// Invariant: a vcpu is in exactly one RUNSTATE_* at a time, entered at
// V_runstate_entry; time[state] holds the ns spent in each state before that. The
// state of a vcpu that is not running follows from its pause flags (runstateFor).

import { V_runstate_state, V_runstate_entry, V_runstate_time, V_pause_flags, VPF_blocked, V_processor } from "../domain/layout";
import { RUNSTATE_running, RUNSTATE_runnable, RUNSTATE_blocked, RUNSTATE_offline } from "../public/vcpu";
import { nowNs } from "./time";
import { vcpuRunnable } from "./runnable";

export const NO_PCPU: u32 = 0xffffffff;

export function runstateChange(v: u32, state: u32, now: u64): void {
  let old = load<u32>(v + V_runstate_state);
  let entry = load<u64>(v + V_runstate_entry);
  if (now > entry) {
    let t = v + V_runstate_time + (old << 3);
    store<u64>(t, load<u64>(t) + (now - entry));
    store<u64>(v + V_runstate_entry, now);
  }
  store<u32>(v + V_runstate_state, state);
}

/** The state a vcpu that is not on a physical CPU is in. */
export function runstateFor(v: u32): u32 {
  if (load<u32>(v + V_pause_flags) & VPF_blocked) return RUNSTATE_blocked;
  return vcpuRunnable(v) ? RUNSTATE_runnable : RUNSTATE_offline;
}

/** Brings a vcpu that is not running up to date with its flags. */
export function runstateSync(v: u32): void {
  if (load<u32>(v + V_processor) != NO_PCPU) return;
  let s = runstateFor(v);
  if (s != load<u32>(v + V_runstate_state)) runstateChange(v, s, nowNs());
}

/** Time spent in `state` up to now (the running total plus the current stint). */
export function runstateTime(v: u32, state: u32, now: u64): u64 {
  let t = load<u64>(v + V_runstate_time + (state << 3));
  if (load<u32>(v + V_runstate_state) == state) {
    let entry = load<u64>(v + V_runstate_entry);
    if (now > entry) t += now - entry;
  }
  return t;
}

export { RUNSTATE_running, RUNSTATE_runnable, RUNSTATE_blocked, RUNSTATE_offline };
