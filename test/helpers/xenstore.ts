// Test fixtures for xenstored without the core: a fake machine (domains, ring pages
// as plain buffers, event channels as counters) and a guest-side ring client written
// in TypeScript, so store semantics and the ring protocol can be tested fast.

import { Xenstored, type XsPlatform } from "../../src/xenstore/xenstored.js";
import { XsClient } from "../../src/xenstore/client.js";
import { bufferRing, ringSetU32, ringU32 } from "../../src/xenstore/ring.js";
import { XsError } from "../../src/xenstore/errors.js";
import { bytesOf, concat, getStrings, latin1, nulStrings } from "../../src/xenstore/payload.js";
import * as W from "../../src/xenstore/xs-wire.js";

export class FakePlatform implements XsPlatform {
  readonly pages = new Map<number, Uint8Array>();
  readonly exists = new Set<number>([0]);
  /** local port → domain. */
  readonly bound = new Map<number, { domid: number; remote: number }>();
  /** Notifications sent, per local port. */
  readonly notified = new Map<number, number>();
  /** Domains whose page refuses to map (given away). */
  readonly unmappable = new Set<number>();
  private nextPort = 10;

  addDomain(domid: number): Uint8Array {
    this.exists.add(domid);
    const page = new Uint8Array(4096);
    this.pages.set(domid, page);
    return page;
  }
  removeDomain(domid: number): void { this.exists.delete(domid); this.pages.delete(domid); }

  domainExists(domid: number): boolean { return this.exists.has(domid); }
  bindInterdomain(domid: number, remote: number): number {
    if (!this.exists.has(domid)) throw new Error("no such domain");
    const p = this.nextPort++;
    this.bound.set(p, { domid, remote });
    return p;
  }
  unbind(port: number): void { this.bound.delete(port); }
  notify(port: number): void { this.notified.set(port, (this.notified.get(port) ?? 0) + 1); }
  mapRing(domid: number, gfn: number) {
    const page = this.pages.get(domid);
    if (!page || this.unmappable.has(domid) || gfn !== 0x1000 + domid) throw new Error("not mappable");
    return bufferRing(page);
  }
  portOf(domid: number): number {
    for (const [p, b] of this.bound) if (b.domid === domid) return p;
    throw new Error(`domain ${domid} has no bound port`);
  }
}

/** The frame number the fake platform expects for a domain's ring. */
export const gfnOf = (domid: number) => 0x1000 + domid;

export interface XsWorld {
  xs: Xenstored;
  plat: FakePlatform;
  tool: XsClient;
  /** Creates and introduces domain `domid`, returning a client on its ring. */
  guest(domid: number): RingClient;
}

export function makeWorld(opts: { features?: number } = {}): XsWorld {
  const plat = new FakePlatform();
  const xs = new Xenstored(plat, { features: opts.features });
  const tool = new XsClient(xs);
  return {
    xs, plat, tool,
    guest(domid) {
      const page = plat.addDomain(domid);
      tool.introduce(domid, gfnOf(domid), 1);
      return new RingClient(page, () => xs.service([plat.portOf(domid)]));
    },
  };
}

/**
 * A guest's end of the ring: writes requests at req_prod, reads replies and events
 * at rsp_cons, and "sends an event" by calling `kick` (which runs xenstored).
 */
export class RingClient {
  readonly r;
  private nextReqId = 1;
  readonly events: { path: string; token: string }[] = [];
  /** Replies received and not yet claimed by raw(). */
  readonly replies: W.XsMessage[] = [];
  private inBuf: Uint8Array = new Uint8Array(0);

  constructor(readonly page: Uint8Array, readonly kick: () => void) {
    this.r = bufferRing(page);
  }

  u32(off: number): number { return ringU32(this.r, off); }
  setU32(off: number, v: number): void { ringSetU32(this.r, off, v); }

  /** Writes raw bytes into the request ring, kicking xenstored whenever it is full. */
  sendBytes(bytes: Uint8Array): void {
    let done = 0;
    for (let spins = 0; done < bytes.length; spins++) {
      if (spins > 10_000) throw new Error("request ring stays full");
      const cons = this.u32(W.XS_RING_REQ_CONS), prod = this.u32(W.XS_RING_REQ_PROD);
      const space = W.XENSTORE_RING_SIZE - ((prod - cons) >>> 0);
      const off = prod & 1023;
      const n = Math.min(space, 1024 - off, bytes.length - done);
      if (n === 0) { this.kick(); this.collect(); continue; }
      this.page.set(bytes.subarray(done, done + n), W.XS_RING_REQ + off);
      this.setU32(W.XS_RING_REQ_PROD, (prod + n) >>> 0);
      done += n;
    }
  }

  /** Takes every byte in the response ring and splits it into messages. */
  collect(): void {
    const cons = this.u32(W.XS_RING_RSP_CONS), prod = this.u32(W.XS_RING_RSP_PROD);
    const parts: Uint8Array[] = [this.inBuf];
    for (let c = cons; c !== prod; ) {
      const off = c & 1023;
      const n = Math.min((prod - c) >>> 0, 1024 - off);
      parts.push(this.page.slice(W.XS_RING_RSP + off, W.XS_RING_RSP + off + n));
      c = (c + n) >>> 0;
    }
    this.setU32(W.XS_RING_RSP_CONS, prod);
    this.inBuf = concat(parts);
    while (this.inBuf.length >= 16) {
      const h = W.decodeHeader(this.inBuf);
      if (this.inBuf.length < 16 + h.len) break;
      const m = { type: h.type, reqId: h.reqId, txId: h.txId, payload: this.inBuf.slice(16, 16 + h.len) };
      this.inBuf = this.inBuf.slice(16 + h.len);
      if (m.type === W.XS_WATCH_EVENT) {
        const [path, token] = getStrings(m.payload).strings;
        this.events.push({ path, token });
      } else this.replies.push(m);
    }
  }

  send(type: number, payload: Uint8Array, txId = 0): number {
    const reqId = this.nextReqId++;
    this.sendBytes(W.encodeMessage({ type, reqId, txId, payload }));
    return reqId;
  }

  /** Sends one request, runs xenstored, returns the reply (ERROR included). */
  raw(type: number, payload: Uint8Array, txId = 0): W.XsMessage {
    const reqId = this.send(type, payload, txId);
    for (let i = 0; i < 100; i++) {
      this.kick();
      this.collect();
      const k = this.replies.findIndex((m) => m.reqId === reqId);
      if (k >= 0) return this.replies.splice(k, 1)[0];
    }
    throw new Error(`no reply to request ${reqId} (error field ${this.u32(W.XS_RING_ERROR)})`);
  }

  /** Like raw, but throws an XsError for an ERROR reply. */
  req(type: number, payload: Uint8Array, txId = 0): Uint8Array {
    const m = this.raw(type, payload, txId);
    if (m.type === W.XS_ERROR) throw new XsError(latin1(m.payload.subarray(0, m.payload.length - 1)) as W.XsErrno);
    return m.payload;
  }

  /** The errno name of a failing request, or "OK". */
  errno(type: number, payload: Uint8Array, txId = 0): string {
    const m = this.raw(type, payload, txId);
    return m.type === W.XS_ERROR ? latin1(m.payload.subarray(0, m.payload.length - 1)) : "OK";
  }

  read(path: string, tx = 0): string { return latin1(this.req(W.XS_READ, nulStrings(path), tx)); }
  write(path: string, value: string, tx = 0): void { this.req(W.XS_WRITE, concat([nulStrings(path), bytesOf(value)]), tx); }
  mkdir(path: string, tx = 0): void { this.req(W.XS_MKDIR, nulStrings(path), tx); }
  rm(path: string, tx = 0): void { this.req(W.XS_RM, nulStrings(path), tx); }
  directory(path: string, tx = 0): string[] { return getStrings(this.req(W.XS_DIRECTORY, nulStrings(path), tx)).strings; }
  getPerms(path: string): string[] { return getStrings(this.req(W.XS_GET_PERMS, nulStrings(path))).strings; }
  setPerms(path: string, ...perms: string[]): void { this.req(W.XS_SET_PERMS, nulStrings(path, ...perms)); }
  watch(path: string, token: string, depth?: number): void {
    this.req(W.XS_WATCH, depth === undefined ? nulStrings(path, token) : nulStrings(path, token, String(depth)));
  }
  unwatch(path: string, token: string): void { this.req(W.XS_UNWATCH, nulStrings(path, token)); }
  start(): number { return Number(getStrings(this.req(W.XS_TRANSACTION_START, nulStrings(""))).strings[0]); }
  end(tx: number, commit = true): void { this.req(W.XS_TRANSACTION_END, nulStrings(commit ? "T" : "F"), tx); }

  /** Runs xenstored until nothing more arrives; returns the events received since the last call. */
  takeEvents(): { path: string; token: string }[] {
    for (let i = 0; i < 1000; i++) {
      this.collect();
      const before = this.u32(W.XS_RING_RSP_PROD);
      this.kick();
      if (this.u32(W.XS_RING_RSP_PROD) === before) break;
    }
    this.collect();
    return this.events.splice(0);
  }
}
