// Event-channel operations (xen/common/event_channel.c; fact sheet §6.1-6.3).
//
// Each function acts for domain `d` (struct domain address) — a guest through the
// hypercall, or the host as domain 0 through a core export — with arguments already
// copied in. They validate everything before changing anything, so a failed call
// leaves no trace. Invariants:
//  - An interdomain port and its peer always point at each other; closing either
//    end (or destroying its domain) turns the other end back into an unbound port
//    that accepts the closer again.
//  - A VIRQ port is recorded in exactly one virq_to_evtchn slot (the vcpu's for
//    per-vcpu VIRQs, the domain's otherwise), and that slot names no other port.
//  - Freeing a port clears its pending bit.

import {
  ECS_FREE, ECS_RESERVED, ECS_UNBOUND, ECS_INTERDOMAIN, ECS_PIRQ, ECS_VIRQ, ECS_IPI, EVTCHN_state, EVTCHN_notify_vcpu_id,
  EVTCHN_remote_dom, EVTCHN_remote_port, portIsValid, evtchnFromPort, evtchnState, getFreePort, evtchnFreeTables,
} from "./evtchn-table";
import { evtchn2lSetPending, evtchn2lUnmask, evtchnClearPending } from "./evtchn-2l";
import { virqIsGlobal, virqIsPerVcpu, virqSlot } from "./virq";
import {
  D_domain_id, D_flags, D_max_vcpus, D_vcpu, D_valid_evtchns, DOMF_privileged, DOMF_dying,
  D_stat_events_sent, D_stat_events_received, V_stat_events_sent, V_stat_events_received,
} from "../domain/layout";
import { domainLookupAddr } from "../domain/lookup";
import { EINVAL, ESRCH, ENOENT, EBUSY, EEXIST, EPERM } from "../public/errno";
import {
  EVTCHNSTAT_closed, EVTCHNSTAT_unbound, EVTCHNSTAT_interdomain, EVTCHNSTAT_pirq, EVTCHNSTAT_virq, EVTCHNSTAT_ipi,
} from "../public/event-channel";
import { DOMID_SELF, NR_VIRQS } from "../public/xen";

/** Results of the binding calls that report more than a status. */
export let outPort: u32 = 0;
export let outStatus: u32 = 0;
export let outVcpu: u32 = 0;
export let outDom: u32 = 0;
export let outRemotePort: u32 = 0;

// @ts-ignore: decorator
@inline function domid(d: u32): u32 { return load<u32>(d + D_domain_id); }

/** vcpu `id` of `d` (domain_vcpu), 0 if it has none. */
export function domainVcpu(d: u32, id: u32): u32 {
  return id < load<u32>(d + D_max_vcpus) ? load<u32>(d + D_vcpu + (id << 2)) : 0;
}

// @ts-ignore: decorator
@inline function isPrivileged(d: u32): bool { return (load<u32>(d + D_flags) & DOMF_privileged) != 0; }

/** The domain a `dom` argument names for caller `d`: itself, or (privileged) any. */
function targetDomain(d: u32, dom: u32): i32 {
  if (dom == DOMID_SELF || dom == domid(d)) return <i32>d;
  let t = domainLookupAddr(dom);
  if (t == 0) return -ESRCH;
  if (!isPrivileged(d)) return -EPERM;
  return <i32>t;
}

function setState(c: u32, state: u32, vcpu: u32, remoteDom: u32, remotePort: u32): void {
  store<u8>(c + EVTCHN_state, <u8>state);
  store<u8>(c + EVTCHN_notify_vcpu_id, <u8>vcpu);
  store<u16>(c + EVTCHN_remote_dom, <u16>remoteDom);
  store<u32>(c + EVTCHN_remote_port, remotePort);
}

/** evtchn_port_set_pending: raise `port` of `d` and count the delivery. */
export function evtchnPortSetPending(d: u32, port: u32): void {
  let c = evtchnFromPort(d, port);
  let vid = <u32>load<u8>(c + EVTCHN_notify_vcpu_id);
  store<u64>(d + D_stat_events_received, load<u64>(d + D_stat_events_received) + 1);
  let v = domainVcpu(d, vid);
  if (v != 0) store<u64>(v + V_stat_events_received, load<u64>(v + V_stat_events_received) + 1);
  evtchn2lSetPending(d, vid, port);
}

/** EVTCHNOP_alloc_unbound: a port in `dom` that `remoteDom` may bind. */
export function evtchnAllocUnbound(d: u32, dom: u32, remoteDom: u32): i32 {
  let t = targetDomain(d, dom);
  if (t < 0) return t;
  if (remoteDom == DOMID_SELF) remoteDom = domid(d);
  let port = getFreePort(<u32>t);
  if (port < 0) return port;
  setState(evtchnFromPort(<u32>t, <u32>port), ECS_UNBOUND, 0, remoteDom, 0);
  outPort = <u32>port;
  return 0;
}

/** EVTCHNOP_bind_interdomain: connect to `remoteDom`'s unbound port meant for us. */
export function evtchnBindInterdomain(d: u32, remoteDom: u32, remotePort: u32): i32 {
  let rd = remoteDom == DOMID_SELF ? d : domainLookupAddr(remoteDom);
  if (rd == 0) return -ESRCH;
  if (load<u32>(rd + D_flags) & DOMF_dying) return -ESRCH;
  let lport = getFreePort(d);
  if (lport < 0) return lport;
  if (!portIsValid(rd, remotePort)) return -EINVAL;
  let rchn = evtchnFromPort(rd, remotePort);
  if (evtchnState(rchn) != ECS_UNBOUND || <u32>load<u16>(rchn + EVTCHN_remote_dom) != domid(d)) return -EINVAL;
  // Loopback onto the very port we were about to take cannot happen: it is not free.
  let lchn = evtchnFromPort(d, <u32>lport);
  setState(lchn, ECS_INTERDOMAIN, 0, domid(rd), remotePort);
  store<u8>(rchn + EVTCHN_state, <u8>ECS_INTERDOMAIN);
  store<u16>(rchn + EVTCHN_remote_dom, <u16>domid(d));
  store<u32>(rchn + EVTCHN_remote_port, <u32>lport);
  // Notifications sent before the bind may have been lost: always start pending.
  evtchn2lSetPending(d, 0, <u32>lport);
  outPort = <u32>lport;
  return 0;
}

/** EVTCHNOP_bind_virq. */
export function evtchnBindVirq(d: u32, virq: u32, vcpu: u32): i32 {
  if (virq >= NR_VIRQS) return -EINVAL;
  if (!virqIsPerVcpu(virq) && vcpu != 0) return -EINVAL;
  // Global VIRQs belong to the hardware domain (domain 0, the host).
  if (virqIsGlobal(virq) && domid(d) != 0) return -EBUSY;
  let v = domainVcpu(d, vcpu);
  // The host domain has no vcpus: it binds domain-wide VIRQs only.
  if (v == 0 && !(domid(d) == 0 && !virqIsPerVcpu(virq))) return -ENOENT;
  let slot = virqSlot(d, v, virq);
  if (load<u16>(slot) != 0) return -EEXIST;
  let port = getFreePort(d);
  if (port < 0) return port;
  setState(evtchnFromPort(d, <u32>port), ECS_VIRQ, vcpu, virq, 0);
  store<u16>(slot, <u16>port);
  outPort = <u32>port;
  return 0;
}

/** EVTCHNOP_bind_ipi: a port for events to our own vcpu `vcpu`. */
export function evtchnBindIpi(d: u32, vcpu: u32): i32 {
  if (domainVcpu(d, vcpu) == 0) return -ENOENT;
  let port = getFreePort(d);
  if (port < 0) return port;
  setState(evtchnFromPort(d, <u32>port), ECS_IPI, vcpu, 0, 0);
  outPort = <u32>port;
  return 0;
}

/** evtchn_close: frees `port`; the peer of an interdomain port becomes unbound. */
export function evtchnClose(d: u32, port: u32): i32 {
  if (!portIsValid(d, port)) return -EINVAL;
  let c = evtchnFromPort(d, port);
  let st = evtchnState(c);
  switch (st) {
    case ECS_FREE: case ECS_RESERVED: return -EINVAL;
    case ECS_UNBOUND: case ECS_IPI: case ECS_PIRQ: break;
    case ECS_VIRQ: {
      let virq = <u32>load<u16>(c + EVTCHN_remote_dom);
      let v = virqIsPerVcpu(virq) ? domainVcpu(d, <u32>load<u8>(c + EVTCHN_notify_vcpu_id)) : 0;
      let slot = virqSlot(d, v, virq);
      if (<u32>load<u16>(slot) == port) store<u16>(slot, 0);
      break;
    }
    case ECS_INTERDOMAIN: {
      let rd = domainLookupAddr(<u32>load<u16>(c + EVTCHN_remote_dom));
      let rport = load<u32>(c + EVTCHN_remote_port);
      if (rd != 0 && portIsValid(rd, rport)) {
        let rc = evtchnFromPort(rd, rport);
        if (evtchnState(rc) == ECS_INTERDOMAIN && <u32>load<u16>(rc + EVTCHN_remote_dom) == domid(d) && load<u32>(rc + EVTCHN_remote_port) == port) {
          store<u8>(rc + EVTCHN_state, <u8>ECS_UNBOUND);
          store<u32>(rc + EVTCHN_remote_port, 0);
        }
      }
      break;
    }
    default: return -EINVAL;
  }
  evtchnClearPending(d, port);
  setState(c, ECS_FREE, 0, 0, 0);
  return 0;
}

/** evtchn_send: raise the other end of `port`. */
export function evtchnSend(d: u32, port: u32, senderVcpu: u32): i32 {
  if (!portIsValid(d, port)) return -EINVAL;
  let c = evtchnFromPort(d, port);
  let st = evtchnState(c);
  if (st == ECS_INTERDOMAIN) {
    let rd = domainLookupAddr(<u32>load<u16>(c + EVTCHN_remote_dom));
    if (rd != 0) evtchnPortSetPending(rd, load<u32>(c + EVTCHN_remote_port));
  } else if (st == ECS_IPI) {
    evtchnPortSetPending(d, port);
  } else if (st == ECS_UNBOUND) {
    // Nobody to tell yet: silently dropped, as upstream does.
    return 0;
  } else {
    return -EINVAL;
  }
  store<u64>(d + D_stat_events_sent, load<u64>(d + D_stat_events_sent) + 1);
  if (senderVcpu != 0) store<u64>(senderVcpu + V_stat_events_sent, load<u64>(senderVcpu + V_stat_events_sent) + 1);
  return 0;
}

/** EVTCHNOP_status for port `port` of `dom`. */
export function evtchnStatus(d: u32, dom: u32, port: u32): i32 {
  let t = targetDomain(d, dom);
  if (t < 0) return t;
  let td = <u32>t;
  if (!portIsValid(td, port)) return -EINVAL;
  let c = evtchnFromPort(td, port);
  outDom = 0;
  outRemotePort = 0;
  switch (evtchnState(c)) {
    case ECS_FREE: case ECS_RESERVED: outStatus = EVTCHNSTAT_closed; break;
    case ECS_UNBOUND: outStatus = EVTCHNSTAT_unbound; outDom = <u32>load<u16>(c + EVTCHN_remote_dom); break;
    case ECS_INTERDOMAIN:
      outStatus = EVTCHNSTAT_interdomain;
      outDom = <u32>load<u16>(c + EVTCHN_remote_dom);
      outRemotePort = load<u32>(c + EVTCHN_remote_port);
      break;
    case ECS_PIRQ: outStatus = EVTCHNSTAT_pirq; break;
    case ECS_VIRQ: outStatus = EVTCHNSTAT_virq; outDom = <u32>load<u16>(c + EVTCHN_remote_dom); break;
    case ECS_IPI: outStatus = EVTCHNSTAT_ipi; break;
    default: return -EINVAL;
  }
  outVcpu = <u32>load<u8>(c + EVTCHN_notify_vcpu_id);
  return 0;
}

/** EVTCHNOP_bind_vcpu: move notifications of `port` to vcpu `vcpu`. */
export function evtchnBindVcpu(d: u32, port: u32, vcpu: u32): i32 {
  if (domainVcpu(d, vcpu) == 0) return -ENOENT;
  if (!portIsValid(d, port)) return -EINVAL;
  let c = evtchnFromPort(d, port);
  let st = evtchnState(c);
  if (st == ECS_VIRQ) {
    if (virqIsPerVcpu(<u32>load<u16>(c + EVTCHN_remote_dom))) return -EINVAL;
  } else if (st != ECS_UNBOUND && st != ECS_INTERDOMAIN && st != ECS_PIRQ) {
    return -EINVAL;
  }
  store<u8>(c + EVTCHN_notify_vcpu_id, <u8>vcpu);
  return 0;
}

/** EVTCHNOP_unmask. */
export function evtchnUnmask(d: u32, port: u32): i32 {
  if (!portIsValid(d, port)) return -EINVAL;
  let c = evtchnFromPort(d, port);
  evtchn2lUnmask(d, <u32>load<u8>(c + EVTCHN_notify_vcpu_id), port);
  return 0;
}

/** Closes every port of `d` (EVTCHNOP_reset, and domain destruction). */
export function evtchnCloseAll(d: u32): void {
  let valid = load<u32>(d + D_valid_evtchns);
  for (let p: u32 = 1; p < valid; p++) {
    let st = evtchnState(evtchnFromPort(d, p));
    if (st != ECS_FREE && st != ECS_RESERVED) evtchnClose(d, p);
  }
}

/** EVTCHNOP_reset. */
export function evtchnReset(d: u32, dom: u32): i32 {
  let t = targetDomain(d, dom);
  if (t < 0) return t;
  evtchnCloseAll(<u32>t);
  return 0;
}

/** evtchn_destroy: closes every port (peers see them unbound) and frees the table. */
export function evtchnDestroy(d: u32): void {
  if (load<u32>(d + D_valid_evtchns) == 0) return;
  evtchnCloseAll(d);
  evtchnFreeTables(d);
}
