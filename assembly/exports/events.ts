// Core exports: event channels as domain 0 (the host's xenstored and console back
// ends bind and signal guests through these, with the checks a dom0 faces).
// See assembly/index.ts.

import { XFER_BASE, XFER_SIZE } from "../layout";
import { domainLookupAddr } from "../domain/lookup";
import { D_max_vcpus } from "../domain/layout";
import {
  evtchnAllocUnbound, evtchnBindInterdomain, evtchnBindVirq, evtchnClose, evtchnSend, evtchnStatus, evtchnUnmask,
  outPort, outStatus, outVcpu, outDom, outRemotePort,
} from "../event/event-channel";
import { portIsValid } from "../event/evtchn-table";
import { evtchnIsPending, evtchnIsMasked, evtchnClearPending } from "../event/evtchn-2l";
import { sendVirqToDomain } from "../event/virq";
import { ESRCH, EINVAL } from "../public/errno";
import { NR_VIRQS } from "../public/xen";
import { D_valid_evtchns } from "../domain/layout";

// @ts-ignore: decorator
@inline function dom0(): u32 { return domainLookupAddr(0); }

/** A port in `domid` that `remoteDom` may bind (the toolstack's store/console ports). Port or -errno. */
export function evtchnHostAllocUnbound(domid: u32, remoteDom: u32): i32 {
  let rc = evtchnAllocUnbound(dom0(), domid, remoteDom);
  return rc < 0 ? rc : <i32>outPort;
}

/** Binds a host port to `remoteDom`'s unbound port. Local port or -errno. */
export function evtchnHostBindInterdomain(remoteDom: u32, remotePort: u32): i32 {
  let rc = evtchnBindInterdomain(dom0(), remoteDom, remotePort);
  return rc < 0 ? rc : <i32>outPort;
}

/** Binds a global VIRQ (VIRQ_DOM_EXC, VIRQ_CONSOLE...) to a host port. Port or -errno. */
export function evtchnHostBindVirq(virq: u32): i32 {
  let rc = evtchnBindVirq(dom0(), virq, 0);
  return rc < 0 ? rc : <i32>outPort;
}

export function evtchnHostSend(port: u32): i32 { return evtchnSend(dom0(), port, 0); }
export function evtchnHostClose(port: u32): i32 { return evtchnClose(dom0(), port); }
export function evtchnHostUnmask(port: u32): i32 { return evtchnUnmask(dom0(), port); }

/** EVTCHNOP_status as domain 0, into the transfer buffer: status, vcpu, dom, remote port. */
export function evtchnHostStatus(domid: u32, port: u32): i32 {
  let rc = evtchnStatus(dom0(), domid, port);
  if (rc < 0) return rc;
  store<u32>(XFER_BASE, outStatus);
  store<u32>(XFER_BASE + 4, outVcpu);
  store<u32>(XFER_BASE + 8, outDom);
  store<u32>(XFER_BASE + 12, outRemotePort);
  return 0;
}

/**
 * Takes the host's pending, unmasked ports: writes them (u32 each) to the transfer
 * buffer, clears their pending bits, returns how many.
 */
export function evtchnHostPending(): i32 {
  let d = dom0();
  let valid = load<u32>(d + D_valid_evtchns);
  let n: u32 = 0;
  let max = XFER_SIZE / 4;
  for (let p: u32 = 1; p < valid && n < max; p++) {
    if (!evtchnIsPending(d, p) || evtchnIsMasked(d, p)) continue;
    evtchnClearPending(d, p);
    store<u32>(XFER_BASE + (n << 2), p);
    n++;
  }
  return <i32>n;
}

/** Is `port` of `domid` pending (the guest has not acknowledged it yet)? 1, 0 or -errno. */
export function evtchnIsPendingFor(domid: u32, port: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  if (!portIsValid(d, port)) return -EINVAL;
  return evtchnIsPending(d, port) ? 1 : 0;
}

/** Raises `virq` in a domain as Xen's debug keys do (VIRQ_DEBUG: every vcpu). */
export function domainSendVirq(domid: u32, virq: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0) return -ESRCH;
  if (virq >= NR_VIRQS) return -EINVAL;
  sendVirqToDomain(d, virq, load<u32>(d + D_max_vcpus));
  return 0;
}
