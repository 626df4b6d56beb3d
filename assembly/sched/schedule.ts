// Running the machine: which vcpu each physical CPU runs, for how long, and what
// happens at slice boundaries (xen/common/sched/core.c schedule()).
//
// run(budget) advances the machine by up to `budget` instructions' worth of time.
// Each step takes the physical CPU whose clock is furthest behind (virtual mode)
// or the next in turn (host mode), fires due timers, does the credit scheduler's
// accounting and ticks, decides what that CPU runs and runs it until the earliest
// of: its time slice, its next tick, the next timer deadline, the next accounting,
// or the budget. Invariants:
//  - A vcpu is on at most one physical CPU; V_processor names it (NO_PCPU if none)
//    and it is in RUNSTATE_running exactly while it is on one.
//  - The CPU (cpu/state.ts) holds the state of curVcpu only; every other vcpu's
//    state is in its record.
//  - In virtual mode time moves only by retired instructions or, when every
//    physical CPU is idle, by jumping to the next deadline; in host mode an idle
//    machine returns so the host can sleep until nextDeadline().

import { D_stat_instructions, V_stat_instructions, V_domain, V_processor } from "../domain/layout";
import { vcpuSave, vcpuLoad } from "../domain/vcpu";
import { curVcpu, setCurrent } from "../domain/current";
import { cpuRun } from "../cpu/interp";
import { countInstructions, clockSource, CLOCK_HOST, nowNs, setVirtualNow, nsPerInsn, NEVER } from "./time";
import { conringTail } from "../hypercall/conring";
import { hostEventPending, hostEventTaken } from "../event/evtchn-2l";
import { CONRING_SIZE } from "../layout";
import { nrPcpus, pcpuTime, pcpuCurr, pcpuSliceEnd, pcpuNextTick, pcpuPreempt, earliestPcpu } from "./pcpu";
import { runstateChange, runstateFor, NO_PCPU, RUNSTATE_running } from "./runstate";
import { vcpuRunnable } from "./runnable";
import { cschedPick, cschedBurn, cschedTick, cschedAcct, cschedAnyParked, runqStamp, CSCHED_TSLICE_NS, CSCHED_TICK_NS, CSCHED_ACCT_NS } from "./credit";
import { timersRun, periodicTimerWork } from "./timer";
import { updateVcpuSystemTime } from "./vcpu-time";
import { runstateGuestUpdate } from "./runstate-area";
import { loadSegments } from "../arch/failsafe";

export const EXIT_BUDGET: u32 = 0;   // ran the whole budget
export const EXIT_IDLE: u32 = 1;     // no vcpu is runnable (host mode: until nextDeadline)
export const EXIT_CONSOLE: u32 = 2;  // console output waiting to be drained
export const EXIT_HOST_EVENT: u32 = 3; // a port of the host (domain 0) became pending

/** How far an idle physical CPU may run ahead of a busy one (virtual mode). */
const IDLE_QUANTUM_NS: u64 = 100_000;

let nextAcct: u64 = CSCHED_ACCT_NS;
let rrPcpu: u32 = 0;
/** Earliest timer deadline seen at the last step (for the host's sleep in host mode). */
let nextTimer: u64 = NEVER;

export { vcpuRunnable };

/** Saves the CPU's state into the running vcpu's record (before it is read or destroyed). */
export function descheduleCurrent(): void {
  if (curVcpu != 0) {
    vcpuSave(curVcpu);
    setCurrent(0, 0, 0, 0);
  }
}

/** Takes `v` off its physical CPU for good (it is being destroyed). */
export function forgetVcpu(v: u32): void {
  let p = load<u32>(v + V_processor);
  if (p != NO_PCPU && p < nrPcpus) unchecked(pcpuCurr[p] = 0);
  store<u32>(v + V_processor, NO_PCPU);
  if (curVcpu == v) setCurrent(0, 0, 0, 0);
}

function switchOut(p: u32, now: u64): void {
  let v = unchecked(pcpuCurr[p]);
  unchecked(pcpuCurr[p] = 0);
  unchecked(pcpuPreempt[p] = false);
  store<u32>(v + V_processor, NO_PCPU);
  runstateChange(v, runstateFor(v), now);
  if (vcpuRunnable(v)) runqStamp(v);
}

function switchIn(p: u32, v: u32, now: u64): void {
  unchecked(pcpuCurr[p] = v);
  unchecked(pcpuSliceEnd[p] = now + CSCHED_TSLICE_NS);
  store<u32>(v + V_processor, p);
  runstateChange(v, RUNSTATE_running, now);
  updateVcpuSystemTime(v);
  periodicTimerWork(v, now);
}

// @ts-ignore: decorator
@inline function min64(a: u64, b: u64): u64 { return a < b ? a : b; }

/** Earliest clock among physical CPUs that are running something (NEVER if none). */
function busyTime(): u64 {
  let t = NEVER;
  for (let p: u32 = 0; p < nrPcpus; p++) if (unchecked(pcpuCurr[p]) != 0) t = min64(t, unchecked(pcpuTime[p]));
  return t;
}

/** Next moment the machine has something to do when nothing runs (NEVER: idle for good). */
export function nextDeadline(): u64 {
  return cschedAnyParked() ? min64(nextTimer, nextAcct) : nextTimer;
}

/** Runs the machine for up to `budget` instructions' worth of time; returns an EXIT_* reason. */
export function machineRun(budget: u32): u32 {
  let left = budget;
  let host = clockSource == CLOCK_HOST;
  while (left > 0) {
    if (conringTail > CONRING_SIZE / 2) return EXIT_CONSOLE;
    let p: u32;
    let now: u64;
    if (host) {
      p = rrPcpu;
      rrPcpu = rrPcpu + 1 >= nrPcpus ? 0 : rrPcpu + 1;
      now = nowNs();
    } else {
      p = earliestPcpu();
      now = unchecked(pcpuTime[p]);
      setVirtualNow(now);
    }
    nextTimer = timersRun(now);
    if (now >= nextAcct) {
      cschedAcct(nrPcpus);
      nextAcct = host ? now + CSCHED_ACCT_NS : nextAcct + CSCHED_ACCT_NS;
    }
    let v = unchecked(pcpuCurr[p]);
    if (now >= unchecked(pcpuNextTick[p])) {
      if (v != 0) cschedTick(v);
      unchecked(pcpuNextTick[p] = now + CSCHED_TICK_NS);
    }
    if (v != 0 && (!vcpuRunnable(v) || now >= unchecked(pcpuSliceEnd[p]) || unchecked(pcpuPreempt[p]))) {
      switchOut(p, now);
      v = 0;
    }
    // The host's back ends have work (a vcpu that just blocked waiting for them is off
    // its CPU by now, so their answer wakes it the ordinary way, with a boost).
    if (hostEventPending) { hostEventTaken(); return EXIT_HOST_EVENT; }
    if (v == 0) {
      v = cschedPick();
      if (v != 0) switchIn(p, v, now);
    }

    if (v == 0) {
      // This physical CPU idles.
      let busy = busyTime();
      let target = nextDeadline();
      if (host) {
        if (busy == NEVER) return EXIT_IDLE;
        continue;
      }
      if (busy != NEVER) {
        unchecked(pcpuTime[p] = min64(target, busy + IDLE_QUANTUM_NS));
        continue;
      }
      if (target == NEVER) return EXIT_IDLE;
      // Every CPU idles: jump to the deadline, counting the time against the budget.
      let span = <u64>left * nsPerInsn;
      let to = target - now > span ? now + span : target;
      let used = (to - now) / nsPerInsn;
      left = used >= <u64>left ? 0 : left - <u32>used;
      for (let q: u32 = 0; q < nrPcpus; q++) if (unchecked(pcpuTime[q]) < to) unchecked(pcpuTime[q] = to);
      setVirtualNow(to);
      continue;
    }

    if (v != curVcpu) {
      if (curVcpu != 0) vcpuSave(curVcpu);
      vcpuLoad(v);
      loadSegments();
      runstateGuestUpdate(v);
      if (!vcpuRunnable(v)) continue;  // crashed: no failsafe callback
    }
    let until = min64(min64(unchecked(pcpuSliceEnd[p]), unchecked(pcpuNextTick[p])), min64(nextTimer, nextAcct));
    let ns = until > now ? until - now : 1;
    let want = (ns + nsPerInsn - 1) / nsPerInsn;
    let slice = want < <u64>left ? <u32>want : left;
    let n = cpuRun(slice);
    // A vcpu that blocks or shuts down at once still used the CPU: count at least one.
    if (n == 0) n = 1;
    left = n >= left ? 0 : left - n;
    countInstructions(<u64>n);
    let ran: u64;
    if (host) {
      let t = nowNs();
      ran = t > now ? t - now : 0;
    } else {
      ran = <u64>n * nsPerInsn;
      unchecked(pcpuTime[p] = now + ran);
      setVirtualNow(now + ran);
    }
    cschedBurn(v, ran);
    let d = load<u32>(v + V_domain);
    store<u64>(d + D_stat_instructions, load<u64>(d + D_stat_instructions) + <u64>n);
    store<u64>(v + V_stat_instructions, load<u64>(v + V_stat_instructions) + <u64>n);
  }
  return EXIT_BUDGET;
}

/** The clock of the physical CPU `v` runs on, or the machine's time. */
export function vcpuNow(v: u32): u64 {
  let p = load<u32>(v + V_processor);
  if (clockSource != CLOCK_HOST && p != NO_PCPU && p < nrPcpus) return unchecked(pcpuTime[p]);
  return nowNs();
}
