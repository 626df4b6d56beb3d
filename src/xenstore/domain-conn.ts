// A domain's connection over its ring page: servicing it (requests in, replies and
// events out), starting it afresh (INTRODUCE, or the guest asking to reconnect), and
// giving up on it when the guest breaks the protocol (fact sheet xen-io §2.4).
//
// Whatever a domain does to its page, only its own connection suffers: a page that
// cannot be mapped any more gives error COMM (nothing is written, as the page is not
// ours); bad indices give RINGIDX and an oversized message PROTO, written into the
// page's error field. A given-up connection is ignored until the guest reconnects.

import type { Connection } from "./connection.js";
import { readRequests, ringSetU32, ringU32, writeResponses, RingInput, type RingAccess } from "./ring.js";
import { processMessage } from "./wire-funcs.js";
import type { Xenstored } from "./xenstored.js";
import {
  XENSTORE_CONNECTED, XENSTORE_ERROR_COMM, XENSTORE_RECONNECT, XENSTORE_SERVER_FEATURE_RECONNECTION,
  XS_RING_CONNECTION, XS_RING_ERROR, XS_RING_REQ_CONS, XS_RING_REQ_PROD, XS_RING_RSP_CONS, XS_RING_RSP_PROD,
  XS_RING_SERVER_FEATURES,
} from "./xs-wire.js";

export interface XsDomain {
  readonly domid: number;
  /** Store generation when xenstored first knew the domain. */
  readonly generation: number;
  introduced: boolean;
  conn?: Connection;
  /** Ring frame from INTRODUCE, and the local port bound to the domain's. */
  gfn: number;
  port: number;
  /** @releaseDomain already fired for a shutdown (RESUME re-arms it). */
  shutdown: boolean;
  /** Server features offered to it (SET_FEATURE may narrow them before INTRODUCE). */
  features: number;
  readonly input: RingInput;
  /** Service the ring at the next round even without an event. */
  kick: boolean;
}

export function newDomain(domid: number, generation: number, features: number): XsDomain {
  return { domid, generation, introduced: false, gfn: 0, port: 0, shutdown: false, features, input: new RingInput(), kick: false };
}

function notify(xs: Xenstored, d: XsDomain): void {
  if (d.port) xs.platform.notify(d.port);
}

/** Forgets everything queued or half-read on the connection. */
function clear(xs: Xenstored, d: XsDomain): Connection {
  const c = d.conn!;
  c.reset();
  d.input.reset();
  xs.forgetOutput(c);
  return c;
}

/** Empty queues, all four indices 0, no error. */
function resetRing(r: RingAccess): void {
  for (const off of [XS_RING_REQ_CONS, XS_RING_REQ_PROD, XS_RING_RSP_CONS, XS_RING_RSP_PROD, XS_RING_ERROR]) ringSetU32(r, off, 0);
}

/** A fresh start (INTRODUCE): features advertised, a waiting reconnect answered. */
export function resetDomainConn(xs: Xenstored, d: XsDomain): void {
  clear(xs, d).error = 0;
  let r: RingAccess;
  try { r = xs.platform.mapRing(d.domid, d.gfn); } catch { giveUp(xs, d, XENSTORE_ERROR_COMM); return; }
  resetRing(r);
  ringSetU32(r, XS_RING_SERVER_FEATURES, d.features);
  if (ringU32(r, XS_RING_CONNECTION) === XENSTORE_RECONNECT) {
    ringSetU32(r, XS_RING_CONNECTION, XENSTORE_CONNECTED);
    notify(xs, d);
  }
  d.kick = true;
}

/** Gives up on the connection: error recorded (and shown in the page when we have it). */
function giveUp(xs: Xenstored, d: XsDomain, error: number, r?: RingAccess): void {
  xs.log(`xenstored: domain ${d.domid}: connection dropped (error ${error})`);
  clear(xs, d).error = error;
  if (r) {
    ringSetU32(r, XS_RING_ERROR, error);
    notify(xs, d);
  }
}

/** Stalls a domain's input while `outstanding` replies wait to be taken. */
function canRead(xs: Xenstored, c: Connection): boolean {
  if (c.privileged) return true;
  const limit = xs.quotas.get(c.id, "outstanding");
  if (limit === 0) return true;
  let replies = 0;
  for (const o of c.out) if (!o.event) replies++;
  return replies < limit;
}

/**
 * One round on the domain's ring: a reconnect request is honoured first; then
 * requests are read and handled (if `input`), and queued output written. Returns
 * whether an index moved (the domain was notified).
 */
export function serviceDomain(xs: Xenstored, d: XsDomain, input: boolean): boolean {
  const c = d.conn!;
  let r: RingAccess;
  try {
    r = xs.platform.mapRing(d.domid, d.gfn);
  } catch {
    if (!c.error) giveUp(xs, d, XENSTORE_ERROR_COMM);
    return false;
  }
  if (d.features & XENSTORE_SERVER_FEATURE_RECONNECTION && ringU32(r, XS_RING_CONNECTION) === XENSTORE_RECONNECT) {
    // Drop everything, empty the ring, say connected (docs/misc/xenstore-ring.txt).
    clear(xs, d).error = 0;
    resetRing(r);
    ringSetU32(r, XS_RING_CONNECTION, XENSTORE_CONNECTED);
    notify(xs, d);
    return true;
  }
  if (c.error) return false;
  let moved = false;
  if (input) {
    const rd = readRequests(r, d.input, () => !c.error && canRead(xs, c), (m) => processMessage(xs, c, m));
    moved = rd.moved;
    if (rd.error) { giveUp(xs, d, rd.error, r); return true; }
  }
  const wr = writeResponses(r, c.out, () => c.shift());
  moved ||= wr.moved;
  if (wr.error) { giveUp(xs, d, wr.error, r); return true; }
  if (moved) notify(xs, d);
  return moved;
}
