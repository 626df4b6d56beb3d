// set_timer_op (#15): the calling vcpu's single-shot timer (xen/common/sched/core.c
// do_set_timer_op; fact sheet §6.6). EBX/ECX = low/high half of an absolute system
// time in ns; 0 cancels. Expiry raises VIRQ_TIMER.

import { curVcpu } from "../domain/current";
import { V_singleshot_deadline } from "../domain/layout";
import { nowNs } from "../sched/time";
import { setSingleshot } from "./vcpu-op";

/** Timeouts this far ahead (or negative) are guest bugs, mapped to a near deadline as upstream does. */
const TIMEOUT_SANITY_LIMIT: u64 = <u64>1 << 50;
const FALLBACK_TIMEOUT_NS: u64 = 100_000_000;

export function doSetTimerOp(lo: u32, hi: u32): i32 {
  let timeout = (<u64>hi << 32) | <u64>lo;
  if (timeout == 0) {
    store<u64>(curVcpu + V_singleshot_deadline, 0);
    return 0;
  }
  let now = nowNs();
  if (<i64>timeout < 0 || (timeout > now && timeout - now > TIMEOUT_SANITY_LIMIT)) timeout = now + FALLBACK_TIMEOUT_NS;
  setSingleshot(curVcpu, timeout);
  return 0;
}
