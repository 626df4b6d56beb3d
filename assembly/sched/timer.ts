// vcpu timers (xen/common/sched/core.c: singleshot, periodic and poll timers;
// fact sheet §6.6).
//
// Deadlines are absolute system times in ns, 0 = not armed. They are checked at
// slice boundaries only — the scheduler ends a slice at the earliest deadline —
// so the interpreter's hot loop never looks at time. Invariants:
//  - The periodic timer runs only while its vcpu is on a physical CPU (as Xen stops
//    it at deschedule); switching a vcpu in fires it at once if a period has passed.
//  - A poll deadline is armed only while the vcpu is in SCHEDOP_poll.

import { domainListHead } from "../domain/domain";
import {
  D_next, D_max_vcpus, D_vcpu, D_poll_mask, V_domain, V_vcpu_id, V_singleshot_deadline, V_periodic_period,
  V_periodic_last, V_poll_deadline, V_poll_evtchn, V_processor,
} from "../domain/layout";
import { VIRQ_TIMER } from "../public/xen";
import { sendGuestVcpuVirq } from "../event/virq";
import { vcpuUnblock } from "./wake";
import { NO_PCPU } from "./runstate";
import { NEVER } from "./time";
import { requestExit } from "../cpu/signal";
import { curVcpu } from "../domain/current";

export const DEFAULT_PERIODIC_PERIOD_NS: u64 = 10_000_000;  // 100 Hz, as Xen starts PV vcpus

export function sendTimerEvent(v: u32): void {
  sendGuestVcpuVirq(load<u32>(v + V_domain), v, VIRQ_TIMER);
}

/** The vcpu's timers changed: end the running slice so the scheduler re-reads them. */
export function timerChanged(v: u32): void {
  if (v == curVcpu) requestExit();
}

/** vcpu_periodic_timer_work when `v` is switched in at `now`. */
export function periodicTimerWork(v: u32, now: u64): void {
  let period = load<u64>(v + V_periodic_period);
  if (period == 0) return;
  if (now >= load<u64>(v + V_periodic_last) + period) {
    store<u64>(v + V_periodic_last, now);
    sendTimerEvent(v);
  }
}

/** poll_timer_fn: the poll timed out; SCHEDOP_poll returns 0. */
function pollTimeout(v: u32): void {
  let d = load<u32>(v + V_domain);
  let bit: u32 = 1 << load<u32>(v + V_vcpu_id);
  let mask = load<u32>(d + D_poll_mask);
  if (mask & bit) {
    store<u32>(d + D_poll_mask, mask & ~bit);
    store<i32>(v + V_poll_evtchn, 0);
    vcpuUnblock(v);
  }
}

/** Fires every timer due at `now`; returns the next deadline (NEVER if none). */
export function timersRun(now: u64): u64 {
  let next = NEVER;
  for (let d = domainListHead; d != 0; d = load<u32>(d + D_next)) {
    let n = load<u32>(d + D_max_vcpus);
    for (let i: u32 = 0; i < n; i++) {
      let v = load<u32>(d + D_vcpu + (i << 2));
      if (v == 0) continue;
      let t = load<u64>(v + V_singleshot_deadline);
      if (t != 0) {
        if (t <= now) { store<u64>(v + V_singleshot_deadline, 0); sendTimerEvent(v); }
        else if (t < next) next = t;
      }
      t = load<u64>(v + V_poll_deadline);
      if (t != 0) {
        if (t <= now) { store<u64>(v + V_poll_deadline, 0); pollTimeout(v); }
        else if (t < next) next = t;
      }
      let period = load<u64>(v + V_periodic_period);
      if (period != 0 && load<u32>(v + V_processor) != NO_PCPU) {
        t = load<u64>(v + V_periodic_last) + period;
        if (t <= now) { store<u64>(v + V_periodic_last, now); sendTimerEvent(v); t = now + period; }
        if (t < next) next = t;
      }
    }
  }
  return next;
}
