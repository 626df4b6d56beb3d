// The port table: one 8-byte record per event-channel port of a domain
// (Xen's struct evtchn, xen/common/event_channel.c get_free_port/evtchn_init).
//
// Invariants:
//  - Records live in up to two Xen-heap frames of 512 ports, allocated as the port
//    space grows; D_valid_evtchns only ever grows, in steps of EVTCHNS_PER_BUCKET,
//    and every port below it has a record (port_is_valid).
//  - Port 0 is ECS_RESERVED from creation to destruction and is never handed out.
//  - A free port is all zeros: state ECS_FREE, notifying vcpu 0.
//
//   record:  +0 state u8  +1 notify_vcpu_id u8  +2 u16 remote domid (unbound,
//            interdomain) or virq (virq)  +4 u32 remote port (interdomain)

import { frameAddr, PAGE_SIZE } from "../layout";
import { D_evtchn_table, D_valid_evtchns } from "../domain/layout";
import { allocXenPrivateFrame, freeXenPrivateFrame } from "../mm/page-list";
import { NO_FRAME } from "../mm/frame-table";
import { ENOMEM, ENOSPC } from "../public/errno";
import { EVTCHN_2L_NR_CHANNELS } from "../public/event-channel";

export const ECS_FREE: u32 = 0;
export const ECS_RESERVED: u32 = 1;
export const ECS_UNBOUND: u32 = 2;
export const ECS_INTERDOMAIN: u32 = 3;
export const ECS_PIRQ: u32 = 4;
export const ECS_VIRQ: u32 = 5;
export const ECS_IPI: u32 = 6;

export const EVTCHN_RECORD_SIZE: u32 = 8;
export const EVTCHN_state: u32 = 0;
export const EVTCHN_notify_vcpu_id: u32 = 1;
export const EVTCHN_remote_dom: u32 = 2;   // also: virq
export const EVTCHN_remote_port: u32 = 4;

const PORTS_PER_FRAME: u32 = PAGE_SIZE / EVTCHN_RECORD_SIZE;  // 512
/** Growth step of the valid port range, as Xen's buckets. */
export const EVTCHNS_PER_BUCKET: u32 = 64;

/** The most ports a domain can have (the 2-level ABI's limit for 32-bit guests). */
// @ts-ignore: decorator
@inline export function maxEvtchns(_d: u32): u32 { return EVTCHN_2L_NR_CHANNELS; }

// @ts-ignore: decorator
@inline export function portIsValid(d: u32, port: u32): bool { return port < load<u32>(d + D_valid_evtchns); }

/** Host address of `port`'s record; the port must be valid. */
// @ts-ignore: decorator
@inline export function evtchnFromPort(d: u32, port: u32): u32 {
  // SAFETY: callers checked portIsValid, so the frame covering `port` exists.
  return load<u32>(d + D_evtchn_table + ((port / PORTS_PER_FRAME) << 2)) + (port % PORTS_PER_FRAME) * EVTCHN_RECORD_SIZE;
}

// @ts-ignore: decorator
@inline export function evtchnState(c: u32): u32 { return <u32>load<u8>(c + EVTCHN_state); }

/** Sets up port 0 (reserved). false if the first table frame cannot be allocated. */
export function evtchnInit(d: u32): bool {
  store<u32>(d + D_evtchn_table, 0);
  store<u32>(d + D_evtchn_table + 4, 0);
  store<u32>(d + D_valid_evtchns, 0);
  if (!growPorts(d)) return false;
  store<u8>(evtchnFromPort(d, 0) + EVTCHN_state, <u8>ECS_RESERVED);
  return true;
}

function growPorts(d: u32): bool {
  let valid = load<u32>(d + D_valid_evtchns);
  let f = valid / PORTS_PER_FRAME;
  let slot = d + D_evtchn_table + (f << 2);
  if (load<u32>(slot) == 0) {
    let m = allocXenPrivateFrame();
    if (m == NO_FRAME) return false;
    store<u32>(slot, frameAddr(m));
  }
  store<u32>(d + D_valid_evtchns, valid + EVTCHNS_PER_BUCKET);
  return true;
}

/** Lowest free port, growing the table if needed; -ENOSPC when all are in use. */
export function getFreePort(d: u32): i32 {
  let valid = load<u32>(d + D_valid_evtchns);
  for (let p: u32 = 1; p < valid; p++) {
    if (evtchnState(evtchnFromPort(d, p)) == ECS_FREE) return <i32>p;
  }
  if (valid >= maxEvtchns(d)) return -ENOSPC;
  if (!growPorts(d)) return -ENOMEM;
  return <i32>valid;
}

/** Releases the table frames (the ports must all be closed). */
export function evtchnFreeTables(d: u32): void {
  for (let f: u32 = 0; f < 2; f++) {
    let a = load<u32>(d + D_evtchn_table + (f << 2));
    if (a != 0) freeXenPrivateFrame((a - frameAddr(0)) >> 12);
    store<u32>(d + D_evtchn_table + (f << 2), 0);
  }
  store<u32>(d + D_valid_evtchns, 0);
}
