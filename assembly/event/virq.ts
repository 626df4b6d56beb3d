// Virtual IRQs (xen/include/public/xen.h VIRQ_*; xen/common/event_channel.c
// send_guest_vcpu_virq/send_guest_global_virq; fact sheet §6.3).
//
// Per-vcpu VIRQs (TIMER, DEBUG, XENOPROF, XENPMU) are bound once per vcpu and
// notify that vcpu; the others are bound domain-wide (on vcpu 0, movable with
// bind_vcpu). Global VIRQs belong to the hardware domain, the host.

import { D_virq_to_evtchn, D_domain_id, V_virq_to_evtchn } from "../domain/layout";
import { VIRQ_TIMER, VIRQ_DEBUG, VIRQ_XENOPROF, VIRQ_XENPMU, VIRQ_ARGO, NR_VIRQS } from "../public/xen";
import { evtchnPortSetPending, domainVcpu } from "./event-channel";
import { domainLookupAddr } from "../domain/lookup";

export function virqIsPerVcpu(virq: u32): bool {
  return virq == VIRQ_TIMER || virq == VIRQ_DEBUG || virq == VIRQ_XENOPROF || virq == VIRQ_XENPMU;
}

export function virqIsGlobal(virq: u32): bool {
  return !virqIsPerVcpu(virq) && virq != VIRQ_ARGO;
}

/** Address of the u16 slot recording `virq`'s port: vcpu `v`'s or the domain's. */
export function virqSlot(d: u32, v: u32, virq: u32): u32 {
  return virqIsPerVcpu(virq) ? v + V_virq_to_evtchn + (virq << 1) : d + D_virq_to_evtchn + (virq << 1);
}

/** send_guest_vcpu_virq: raise a per-vcpu VIRQ on vcpu `v` of `d`, if bound. */
export function sendGuestVcpuVirq(d: u32, v: u32, virq: u32): void {
  let port = <u32>load<u16>(v + V_virq_to_evtchn + (virq << 1));
  if (port != 0) evtchnPortSetPending(d, port);
}

/** send_guest_global_virq: raise a domain-wide VIRQ of `d`, if bound. */
export function sendGuestGlobalVirq(d: u32, virq: u32): void {
  if (virq >= NR_VIRQS) return;
  let port = <u32>load<u16>(d + D_virq_to_evtchn + (virq << 1));
  if (port != 0) evtchnPortSetPending(d, port);
}

/** send_global_virq: raise a global VIRQ in its owner (the host domain). */
export function sendGlobalVirq(virq: u32): void {
  let d0 = domainLookupAddr(0);
  if (d0 != 0 && load<u32>(d0 + D_domain_id) == 0) sendGuestGlobalVirq(d0, virq);
}

/** Raises `virq` for a domain as the host's debug keys would (VIRQ_DEBUG on every vcpu). */
export function sendVirqToDomain(d: u32, virq: u32, nrVcpus: u32): void {
  if (virqIsPerVcpu(virq)) {
    for (let i: u32 = 0; i < nrVcpus; i++) {
      let v = domainVcpu(d, i);
      if (v != 0) sendGuestVcpuVirq(d, v, virq);
    }
  } else {
    sendGuestGlobalVirq(d, virq);
  }
}
