// The credit scheduler (xen/common/sched/credit.c, "credit1").
//
// Each domain has a weight (default 256) and a cap (percent of one physical CPU,
// 0 = none). Every 30 ms (the accounting period) the machine's credit — 300 per
// physical CPU, one credit per 100 us of CPU — is shared among the domains that
// have active vcpus in proportion to weight; running burns credit at the same rate.
// Priorities: BOOST (a vcpu woken while UNDER, until the next 10 ms tick), UNDER
// (credit >= 0), OVER (credit < 0). The run queue is ordered by priority, then by
// when the vcpu joined it. Invariants:
//  - Only active vcpus earn credit. A vcpu becomes active when a tick finds it
//    running and stops being active when its credit exceeds one time slice (its
//    credit is then halved), so a vcpu that blocks stops earning.
//  - A capped domain's vcpu whose credit falls below -cap is parked (VPF_parked:
//    not runnable) until accounting brings its credit back to >= 0.
//  - Blocked vcpus consume nothing: credit is burnt only for time actually run.

import { domainListHead } from "../domain/domain";
import {
  D_next, D_max_vcpus, D_vcpu, D_weight, D_cap, D_active_vcpus, V_credit, V_pri, V_csched_flags, V_credit_residual,
  V_domain, V_pause_flags, VPF_parked, V_runq_seq, V_processor,
} from "../domain/layout";
import { vcpuRunnable } from "./runnable";
import { NO_PCPU } from "./runstate";
import { vcpuWake, vcpuSleep } from "./wake";

export const CSCHED_DEFAULT_WEIGHT: u32 = 256;
export const CSCHED_MAX_WEIGHT: u32 = 65535;
export const CSCHED_TICK_NS: u64 = 10_000_000;       // 10 ms
export const CSCHED_ACCT_NS: u64 = 30_000_000;       // 3 ticks
export const CSCHED_TSLICE_NS: u64 = 30_000_000;     // default sched_credit_tslice_ms
export const CSCHED_CREDITS_PER_MSEC: i64 = 10;
export const CSCHED_CREDITS_PER_TSLICE: i32 = 300;
export const CSCHED_CREDITS_PER_ACCT: i32 = 300;

export const CSCHED_PRI_TS_BOOST: i32 = 0;
export const CSCHED_PRI_TS_UNDER: i32 = -1;
export const CSCHED_PRI_TS_OVER: i32 = -2;

export const CSCHED_FLAG_ACTIVE: u32 = 1 << 0;
export const CSCHED_FLAG_PARKED: u32 = 1 << 1;

let runqSeq: u64 = 0;
/** Signed sum of the active vcpus' credit after the last accounting. */
let creditBalance: i32 = 0;

export function cschedDomInit(d: u32): void {
  store<u32>(d + D_weight, CSCHED_DEFAULT_WEIGHT);
  store<u32>(d + D_cap, 0);
  store<u32>(d + D_active_vcpus, 0);
}

export function cschedVcpuInit(v: u32): void {
  store<i32>(v + V_credit, 0);
  store<i32>(v + V_pri, CSCHED_PRI_TS_UNDER);
  store<u32>(v + V_csched_flags, 0);
  store<u32>(v + V_credit_residual, 0);
  store<u32>(v + V_processor, NO_PCPU);
}

/** Puts `v` at the tail of its priority class in the run queue. */
export function runqStamp(v: u32): void {
  store<u64>(v + V_runq_seq, ++runqSeq);
}

/** burn_credits: charge `ns` of running time. */
export function cschedBurn(v: u32, ns: u64): void {
  let val = <i64>ns * CSCHED_CREDITS_PER_MSEC + <i64>load<u32>(v + V_credit_residual);
  let credits = val / 1_000_000;
  store<u32>(v + V_credit_residual, <u32>(val % 1_000_000));
  store<i32>(v + V_credit, load<i32>(v + V_credit) - <i32>credits);
}

function acctStart(v: u32): void {
  let f = load<u32>(v + V_csched_flags);
  if (f & CSCHED_FLAG_ACTIVE) return;
  store<u32>(v + V_csched_flags, f | CSCHED_FLAG_ACTIVE);
  let d = load<u32>(v + V_domain);
  store<u32>(d + D_active_vcpus, load<u32>(d + D_active_vcpus) + 1);
}

function acctStop(v: u32): void {
  let f = load<u32>(v + V_csched_flags);
  if (!(f & CSCHED_FLAG_ACTIVE)) return;
  store<u32>(v + V_csched_flags, f & ~CSCHED_FLAG_ACTIVE);
  let d = load<u32>(v + V_domain);
  store<u32>(d + D_active_vcpus, load<u32>(d + D_active_vcpus) - 1);
}

/** csched_tick for the vcpu running on a physical CPU: end a boost, join accounting. */
export function cschedTick(v: u32): void {
  if (load<i32>(v + V_pri) == CSCHED_PRI_TS_BOOST) store<i32>(v + V_pri, CSCHED_PRI_TS_UNDER);
  acctStart(v);
}

/** csched_unit_wake: a vcpu woken while UNDER (and not parked) is boosted. */
export function cschedWake(v: u32): void {
  if (load<i32>(v + V_pri) == CSCHED_PRI_TS_UNDER && !(load<u32>(v + V_csched_flags) & CSCHED_FLAG_PARKED)) {
    store<i32>(v + V_pri, CSCHED_PRI_TS_BOOST);
  }
}

/** The vcpu to run next: runnable, on no physical CPU, highest priority, queued first. */
export function cschedPick(): u32 {
  let best: u32 = 0;
  let bestPri: i32 = -0x7fffffff;
  let bestSeq: u64 = 0;
  for (let d = domainListHead; d != 0; d = load<u32>(d + D_next)) {
    let n = load<u32>(d + D_max_vcpus);
    for (let i: u32 = 0; i < n; i++) {
      let v = load<u32>(d + D_vcpu + (i << 2));
      if (v == 0 || load<u32>(v + V_processor) != NO_PCPU || !vcpuRunnable(v)) continue;
      let pri = load<i32>(v + V_pri);
      let seq = load<u64>(v + V_runq_seq);
      if (best == 0 || pri > bestPri || (pri == bestPri && seq < bestSeq)) { best = v; bestPri = pri; bestSeq = seq; }
    }
  }
  return best;
}

/** csched_acct: shares out one accounting period's credit among active vcpus. */
export function cschedAcct(nrPcpus: u32): void {
  let weightTotal: u64 = 0;
  for (let d = domainListHead; d != 0; d = load<u32>(d + D_next)) {
    let a = load<u32>(d + D_active_vcpus);
    if (a != 0) weightTotal += <u64>load<u32>(d + D_weight) * <u64>a;
  }
  if (weightTotal == 0) { creditBalance = 0; return; }
  let creditTotal: i64 = <i64>nrPcpus * <i64>CSCHED_CREDITS_PER_ACCT;
  let weightLeft: i64 = <i64>weightTotal;
  let balance: i32 = 0;
  for (let d = domainListHead; d != 0; d = load<u32>(d + D_next)) {
    let active = <i64>load<u32>(d + D_active_vcpus);
    if (active == 0) continue;
    let weight = <i64>load<u32>(d + D_weight);
    let cap = <i64>load<u32>(d + D_cap);
    weightLeft -= weight * active;
    // At most a domain may run all its active vcpus for a whole period, more only
    // when the machine as a whole is in debt.
    let creditPeak: i64 = active * <i64>CSCHED_CREDITS_PER_TSLICE;
    if (creditBalance < 0) creditPeak += (<i64>(-creditBalance) * weight * active + <i64>weightTotal - 1) / <i64>weightTotal;
    let creditCap: i64 = 0;
    if (cap != 0) {
      creditCap = (cap * <i64>CSCHED_CREDITS_PER_TSLICE + 99) / 100;
      if (creditCap < creditPeak) creditPeak = creditCap;
      creditCap = (creditCap + active - 1) / active;
    }
    let creditFair: i64 = (creditTotal * weight * active + <i64>weightTotal - 1) / <i64>weightTotal;
    if (creditFair >= creditPeak) {
      // Give the others a chance at what this domain cannot use.
      if (weightLeft != 0) creditTotal += ((creditFair - creditPeak) * <i64>weightTotal + weightLeft - 1) / weightLeft;
      creditFair = creditPeak;
    }
    creditFair = (creditFair + active - 1) / active;

    let n = load<u32>(d + D_max_vcpus);
    for (let i: u32 = 0; i < n; i++) {
      let v = load<u32>(d + D_vcpu + (i << 2));
      if (v == 0 || !(load<u32>(v + V_csched_flags) & CSCHED_FLAG_ACTIVE)) continue;
      let credit = load<i32>(v + V_credit) + <i32>creditFair;
      let f = load<u32>(v + V_csched_flags);
      if (credit < 0) {
        store<i32>(v + V_pri, CSCHED_PRI_TS_OVER);
        if (cap != 0 && <i64>credit < -creditCap && !(f & CSCHED_FLAG_PARKED)) {
          store<u32>(v + V_csched_flags, f | CSCHED_FLAG_PARKED);
          store<u32>(v + V_pause_flags, load<u32>(v + V_pause_flags) | VPF_parked);
          vcpuSleep(v);
        }
        if (credit < -CSCHED_CREDITS_PER_TSLICE) credit = -CSCHED_CREDITS_PER_TSLICE;
      } else {
        store<i32>(v + V_pri, CSCHED_PRI_TS_UNDER);
        if (f & CSCHED_FLAG_PARKED) {
          store<u32>(v + V_pause_flags, load<u32>(v + V_pause_flags) & ~VPF_parked);
          vcpuWake(v);
          store<u32>(v + V_csched_flags, load<u32>(v + V_csched_flags) & ~CSCHED_FLAG_PARKED);
        }
        if (credit > CSCHED_CREDITS_PER_TSLICE) {
          acctStop(v);
          credit /= 2;
        }
      }
      store<i32>(v + V_credit, credit);
      balance += credit;
    }
  }
  creditBalance = balance;
}

/** Removes a vcpu from accounting (it is being destroyed). */
export function cschedVcpuDestroy(v: u32): void {
  acctStop(v);
}

/** Is any vcpu parked (then accounting times matter even when the machine idles)? */
export function cschedAnyParked(): bool {
  for (let d = domainListHead; d != 0; d = load<u32>(d + D_next)) {
    if (load<u32>(d + D_cap) == 0) continue;
    let n = load<u32>(d + D_max_vcpus);
    for (let i: u32 = 0; i < n; i++) {
      let v = load<u32>(d + D_vcpu + (i << 2));
      if (v != 0 && (load<u32>(v + V_csched_flags) & CSCHED_FLAG_PARKED)) return true;
    }
  }
  return false;
}
