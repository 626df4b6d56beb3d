// Waking and putting vcpus to sleep (xen/common/sched/core.c vcpu_wake, vcpu_sleep,
// vcpu_unblock; xen/arch/x86 vcpu_kick).
//
// Every change that can make a vcpu runnable ends in vcpuWake, and every change
// that can stop one ends in vcpuSleep, so the runstate, the run queue order, boost
// and preemption are decided in one place.

import { V_pause_flags, VPF_blocked, V_processor, V_runstate_state, V_pri } from "../domain/layout";
import { curVcpu } from "../domain/current";
import { requestExit, signal, SIG_EVENT_CHECK } from "../cpu/signal";
import { vcpuRunnable } from "./runnable";
import { runstateChange, runstateSync, NO_PCPU, RUNSTATE_runnable } from "./runstate";
import { cschedWake, runqStamp } from "./credit";
import { nrPcpus, pcpuCurr, pcpuPreempt } from "./pcpu";
import { nowNs } from "./time";

/** A vcpu may have become runnable: queue it, boost it, and preempt if it deserves. */
export function vcpuWake(v: u32): void {
  if (load<u32>(v + V_processor) != NO_PCPU) return;
  if (!vcpuRunnable(v)) { runstateSync(v); return; }
  if (load<u32>(v + V_runstate_state) == RUNSTATE_runnable) return;
  runstateChange(v, RUNSTATE_runnable, nowNs());
  runqStamp(v);
  cschedWake(v);
  tickle(v);
}

/** A vcpu may have stopped being runnable: take it off its physical CPU. */
export function vcpuSleep(v: u32): void {
  let p = load<u32>(v + V_processor);
  if (p == NO_PCPU) { runstateSync(v); return; }
  unchecked(pcpuPreempt[p] = true);
  if (v == curVcpu) requestExit();
}

/** vcpu_unblock: wakes a vcpu blocked in SCHEDOP_block or SCHEDOP_poll. */
export function vcpuUnblock(v: u32): void {
  let f = load<u32>(v + V_pause_flags);
  if (!(f & VPF_blocked)) return;
  store<u32>(v + V_pause_flags, f & ~VPF_blocked);
  vcpuWake(v);
}

/** vcpu_kick: an event is pending for `v`: wake it, or have it look at once if running. */
export function vcpuKick(v: u32): void {
  if (v == curVcpu) signal(SIG_EVENT_CHECK);
  vcpuUnblock(v);
}

/** __runq_tickle: preempt a physical CPU running something of lower priority. */
function tickle(v: u32): void {
  let pri = load<i32>(v + V_pri);
  for (let p: u32 = 0; p < nrPcpus; p++) if (unchecked(pcpuCurr[p]) == 0) return;
  for (let p: u32 = 0; p < nrPcpus; p++) {
    let c = unchecked(pcpuCurr[p]);
    if (load<i32>(c + V_pri) < pri) {
      unchecked(pcpuPreempt[p] = true);
      if (c == curVcpu) requestExit();
      return;
    }
  }
}
