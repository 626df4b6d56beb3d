// The 2-level event-channel ABI (xen/common/event_2l.c; fact sheet §6.4).
//
// Pending and mask bits live in the domain's shared_info (port p: word p/32, bit
// p%32); each vcpu has a selector word and evtchn_upcall_pending in its vcpu_info.
// Invariants kept here:
//  - Xen only sets pending bits and never writes mask bits (the guest owns them).
//  - A selector bit and upcall_pending are raised only for a port that is pending
//    and unmasked, and only on the 0->1 edge of the port's pending bit or on unmask.
//  - The vcpu is kicked (woken) exactly when upcall_pending goes 0->1.
//  - Pollers are woken for a newly pending port whatever its mask.

import { frameAddr } from "../layout";
import { D_domain_id, D_shared_info_mfn, D_vcpu, D_max_vcpus, D_poll_mask, V_poll_evtchn, V_pause_flags, VPF_blocked } from "../domain/layout";
import { SHARED_INFO_evtchn_pending, SHARED_INFO_evtchn_mask, VCPU_INFO_evtchn_pending_sel, VCPU_INFO_evtchn_upcall_pending } from "../public/xen";
import { vcpuInfoAddr } from "../domain/vcpu";
import { vcpuKick, vcpuUnblock } from "../sched/wake";

// @ts-ignore: decorator
@inline function sharedInfo(d: u32): u32 { return frameAddr(load<u32>(d + D_shared_info_mfn)); }

// @ts-ignore: decorator
@inline function wordAddr(d: u32, base: u32, port: u32): u32 { return sharedInfo(d) + base + ((port >> 5) << 2); }

export function evtchnIsPending(d: u32, port: u32): bool {
  return (load<u32>(wordAddr(d, SHARED_INFO_evtchn_pending, port)) & (1 << (port & 31))) != 0;
}

export function evtchnIsMasked(d: u32, port: u32): bool {
  return (load<u32>(wordAddr(d, SHARED_INFO_evtchn_mask, port)) & (1 << (port & 31))) != 0;
}

export function evtchnClearPending(d: u32, port: u32): void {
  let a = wordAddr(d, SHARED_INFO_evtchn_pending, port);
  store<u32>(a, load<u32>(a) & ~(1 << (port & 31)));
}

/** vcpu `id` of `d`, or 0 (the host domain has none). */
// @ts-ignore: decorator
@inline function vcpuOf(d: u32, id: u32): u32 {
  return id < load<u32>(d + D_max_vcpus) ? load<u32>(d + D_vcpu + (id << 2)) : 0;
}

/** vcpu_mark_events_pending: raise upcall_pending; kick the vcpu on the 0->1 edge. */
export function vcpuMarkEventsPending(v: u32): void {
  let vi = vcpuInfoAddr(v);
  if (vi == 0) return;
  if (load<u8>(vi + VCPU_INFO_evtchn_upcall_pending) != 0) return;
  store<u8>(vi + VCPU_INFO_evtchn_upcall_pending, 1);
  vcpuKick(v);
}

/** Sets the selector bit for `port`'s word; true if it was clear. */
function setSelector(v: u32, port: u32): bool {
  let vi = vcpuInfoAddr(v);
  if (vi == 0) return false;
  let a = vi + VCPU_INFO_evtchn_pending_sel;
  let bit: u32 = 1 << (port >> 5);
  let old = load<u32>(a);
  store<u32>(a, old | bit);
  return (old & bit) == 0;
}

/**
 * Set when an unmasked port of the host (domain 0, which has no vcpus) becomes
 * pending: the run loop then returns (EXIT_HOST_EVENT) so the host's back ends can
 * answer without waiting for the budget to run out.
 */
export let hostEventPending: bool = false;
export function hostEventTaken(): void { hostEventPending = false; }

/** evtchn_2l_set_pending: port `port` of `d` becomes pending for vcpu `vcpuId`. */
export function evtchn2lSetPending(d: u32, vcpuId: u32, port: u32): void {
  let a = wordAddr(d, SHARED_INFO_evtchn_pending, port);
  let bit: u32 = 1 << (port & 31);
  let old = load<u32>(a);
  if (old & bit) return;
  store<u32>(a, old | bit);
  if (load<u32>(d + D_domain_id) == 0 && !evtchnIsMasked(d, port)) hostEventPending = true;
  let v = vcpuOf(d, vcpuId);
  if (v != 0 && !evtchnIsMasked(d, port) && setSelector(v, port)) vcpuMarkEventsPending(v);
  evtchnCheckPollers(d, port);
}

/** evtchn_2l_unmask: clear the mask; re-raise the upcall if the port is pending. */
export function evtchn2lUnmask(d: u32, vcpuId: u32, port: u32): void {
  let a = wordAddr(d, SHARED_INFO_evtchn_mask, port);
  let bit: u32 = 1 << (port & 31);
  let old = load<u32>(a);
  store<u32>(a, old & ~bit);
  if (!(old & bit) || !evtchnIsPending(d, port)) return;
  let v = vcpuOf(d, vcpuId);
  if (v != 0 && setSelector(v, port)) vcpuMarkEventsPending(v);
}

/** Wakes the domain's vcpus polling on `port` (or on any port). */
function evtchnCheckPollers(d: u32, port: u32): void {
  let mask = load<u32>(d + D_poll_mask);
  if (mask == 0) return;
  let n = load<u32>(d + D_max_vcpus);
  for (let i: u32 = 0; i < n && mask != 0; i++) {
    if (!(mask & (1 << i))) continue;
    let v = vcpuOf(d, i);
    if (v == 0) continue;
    let pe = load<i32>(v + V_poll_evtchn);
    if (pe > 0 && <u32>pe != port) continue;
    mask &= ~(1 << i);
    store<u32>(d + D_poll_mask, mask);
    store<i32>(v + V_poll_evtchn, 0);
    if (load<u32>(v + V_pause_flags) & VPF_blocked) vcpuUnblock(v);
  }
}
