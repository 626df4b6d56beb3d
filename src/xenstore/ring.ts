// The domain ring transport (fact sheet xen-io §2.4; docs/misc/xenstore-ring.txt;
// upstream domain.c readchn/writechn).
//
// The page is guest memory: every field may change under us and may be hostile. So:
// - The host reaches the page only through a RingAccess, obtained afresh for each
//   service round from the platform (a checked foreign mapping or grant map).
// - Indices are read, checked (prod - cons <= 1024, mod 2^32) and only then used; a
//   violation gives the connection up with error = XENSTORE_ERROR_RINGIDX.
// - Bytes are copied out of the ring once, into the connection's own buffer; the
//   header's length is checked (<= 4096) before any payload is taken, else
//   error = XENSTORE_ERROR_PROTO.
// - Messages are streams: a header or payload may arrive in pieces, across the
//   wrap, over many rounds.
// - No event suppression: the caller notifies the domain after any index update.

import type { OutMsg } from "./connection.js";
import {
  decodeHeader, encodeMessage, XENSTORE_PAYLOAD_MAX, XENSTORE_RING_SIZE, XSD_SOCKMSG_SIZE, XS_RING_REQ, XS_RING_REQ_CONS,
  XS_RING_REQ_PROD, XS_RING_RSP, XS_RING_RSP_CONS, XS_RING_RSP_PROD, type XsHeader, type XsMessage,
} from "./xs-wire.js";

/** Access to one domain's ring page: copies in and out at byte offsets 0..4095. */
export interface RingAccess {
  read(off: number, len: number): Uint8Array;
  write(off: number, bytes: Uint8Array): void;
}

export function ringU32(r: RingAccess, off: number): number {
  const b = r.read(off, 4);
  return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
}

export function ringSetU32(r: RingAccess, off: number, v: number): void {
  r.write(off, Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff));
}

/** A RingAccess over a plain 4 KiB buffer (tests, benchmarks, clients). */
export function bufferRing(page: Uint8Array): RingAccess {
  return {
    read: (off, len) => page.slice(off, off + len),
    write: (off, bytes) => page.set(bytes, off),
  };
}

/** Indices are consistent if the producer is at most one ring ahead of the consumer. */
export function indicesValid(cons: number, prod: number): boolean {
  return ((prod - cons) >>> 0) <= XENSTORE_RING_SIZE;
}

/** A partly received request. */
export class RingInput {
  private readonly hdrBuf = new Uint8Array(XSD_SOCKMSG_SIZE);
  private hdrUsed = 0;
  private header?: XsHeader;
  private payload?: Uint8Array;
  private used = 0;

  /** Bytes still needed to complete the header or the payload. */
  need(): number {
    return this.header ? this.header.len - this.used : XSD_SOCKMSG_SIZE - this.hdrUsed;
  }

  /**
   * Takes bytes (at most need()); returns a complete message, undefined if more are
   * needed, or "proto" if the header announces a payload over 4096 bytes.
   */
  push(bytes: Uint8Array): XsMessage | undefined | "proto" {
    if (!this.header) {
      this.hdrBuf.set(bytes, this.hdrUsed);
      this.hdrUsed += bytes.length;
      if (this.hdrUsed < XSD_SOCKMSG_SIZE) return undefined;
      const h = decodeHeader(this.hdrBuf);
      if (h.len > XENSTORE_PAYLOAD_MAX) return "proto";
      this.header = h;
      this.payload = new Uint8Array(h.len);
      this.used = 0;
    } else {
      this.payload!.set(bytes, this.used);
      this.used += bytes.length;
    }
    if (this.used < this.header.len) return undefined;
    const m = { type: this.header.type, reqId: this.header.reqId, txId: this.header.txId, payload: this.payload! };
    this.reset();
    return m;
  }

  reset(): void {
    this.hdrUsed = 0;
    this.header = undefined;
    this.payload = undefined;
    this.used = 0;
  }
}

export type RingResult = { moved: boolean; error?: number };

/**
 * Reads requests from the ring while `canRead()` allows, handing each complete one to
 * `handle`. Returns whether an index moved, and an error to give up with.
 */
export function readRequests(
  r: RingAccess, input: RingInput, canRead: () => boolean, handle: (m: XsMessage) => void,
): RingResult {
  let moved = false;
  while (canRead()) {
    const cons = ringU32(r, XS_RING_REQ_CONS);
    const prod = ringU32(r, XS_RING_REQ_PROD);
    if (!indicesValid(cons, prod)) return { moved, error: 2 };
    const avail = (prod - cons) >>> 0;
    if (avail === 0) break;
    const off = cons & (XENSTORE_RING_SIZE - 1);
    const n = Math.min(avail, XENSTORE_RING_SIZE - off, input.need());
    const bytes = r.read(XS_RING_REQ + off, n);
    ringSetU32(r, XS_RING_REQ_CONS, (cons + n) >>> 0);
    moved = true;
    const m = input.push(bytes);
    if (m === "proto") return { moved, error: 3 };
    if (m) handle(m);
  }
  return { moved };
}

/** Writes queued output into the ring while it has room. */
export function writeResponses(r: RingAccess, out: OutMsg[], done: () => void): RingResult {
  let moved = false;
  while (out.length > 0) {
    const m = out[0];
    m.bytes ??= encodeMessage(m.msg);
    const cons = ringU32(r, XS_RING_RSP_CONS);
    const prod = ringU32(r, XS_RING_RSP_PROD);
    if (!indicesValid(cons, prod)) return { moved, error: 2 };
    const space = XENSTORE_RING_SIZE - ((prod - cons) >>> 0);
    if (space === 0) break;
    const off = prod & (XENSTORE_RING_SIZE - 1);
    const n = Math.min(space, XENSTORE_RING_SIZE - off, m.bytes.length - m.used);
    r.write(XS_RING_RSP + off, m.bytes.subarray(m.used, m.used + n));
    ringSetU32(r, XS_RING_RSP_PROD, (prod + n) >>> 0);
    moved = true;
    m.used += n;
    if (m.used === m.bytes.length) done();
  }
  return { moved };
}
