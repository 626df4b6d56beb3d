// Core exports: scheduler parameters, physical CPUs, time. See assembly/index.ts.

import { XFER_BASE } from "../layout";
import { domainLookupAddr } from "../domain/lookup";
import { D_weight, D_cap } from "../domain/layout";
import { setNrPcpus, nrPcpus } from "../sched/pcpu";
import { setNsPerInsn as setNs, nsPerInsn } from "../sched/time";
import { nextDeadline } from "../sched/schedule";
import { CSCHED_MAX_WEIGHT } from "../sched/credit";
import { setWallclock as setWc } from "../sched/vcpu-time";
import { EINVAL, ESRCH, EBUSY } from "../public/errno";

/** Sets the number of physical CPUs (1-16); only while none is running a vcpu. */
export function setPcpus(n: u32): i32 {
  if (n == 0 || n > 16) return -EINVAL;
  return setNrPcpus(n) ? 0 : -EBUSY;
}
export function pcpuCount(): u32 { return nrPcpus; }

/** Virtual nanoseconds per retired instruction. */
export function setNsPerInsn(n: u32): i32 {
  if (n == 0 || n > 1000) return -EINVAL;
  setNs(n);
  return 0;
}
export function getNsPerInsn(): u32 { return <u32>nsPerInsn; }

/** XEN_DOMCTL_SCHEDOP_putinfo for credit: weight 1-65535 (0 = unchanged), cap 0-100*pcpus (~0 = unchanged). */
export function schedCreditSet(domid: u32, weight: u32, cap: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  if (weight > CSCHED_MAX_WEIGHT) return -EINVAL;
  if (cap != 0xffffffff && cap > 100 * nrPcpus) return -EINVAL;
  if (weight != 0) store<u32>(d + D_weight, weight);
  if (cap != 0xffffffff) store<u32>(d + D_cap, cap);
  return 0;
}

/** Weight and cap of a domain into the transfer buffer. */
export function schedCreditGet(domid: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  store<u32>(XFER_BASE, load<u32>(d + D_weight));
  store<u32>(XFER_BASE + 4, load<u32>(d + D_cap));
  return 0;
}

/** When the idle machine next has work (system time, ns; ~0 = never), as two halves. */
export function nextDeadlineLo(): u32 { return <u32>nextDeadline(); }
export function nextDeadlineHi(): u32 { return <u32>(nextDeadline() >> 32); }

/** The wallclock (UTC) at system time 0. */
export function setWallclock(secLo: u32, secHi: u32, nsec: u32): void {
  setWc((<u64>secHi << 32) | <u64>secLo, nsec);
}
