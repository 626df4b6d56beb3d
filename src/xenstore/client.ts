// An in-process xenstore client for the toolstack, the CLI service and tests: a tool
// connection (privileged, domain 0) speaking the wire protocol to Xenstored.
//
// Requests are synchronous: xenstored handles them to completion before request()
// returns. Watch events are queued and handed to `onEvent` after the request that
// caused them returns (or from a microtask when someone else caused them), never
// from inside xenstored, so an event handler may issue requests of its own.

import type { Connection } from "./connection.js";
import { XsError } from "./errors.js";
import { bytesOf, concat, getStrings, latin1, nulStrings } from "./payload.js";
import { parsePerm, type XsPerm, formatPerm } from "./perms.js";
import type { Xenstored } from "./xenstored.js";
import * as W from "./xs-wire.js";

export interface WatchEvent { path: string; token: string }

export class XsClient {
  private readonly conn: Connection;
  private readonly replies = new Map<number, W.XsMessage>();
  private readonly events: WatchEvent[] = [];
  private nextReqId = 1;
  private depth = 0;
  private drainScheduled = false;
  private closed = false;
  /** Called for each watch event; without it events wait for takeEvents(). */
  onEvent?: (e: WatchEvent) => void;

  constructor(private readonly xs: Xenstored) {
    this.conn = xs.connectTool((m) => this.deliver(m));
  }

  private deliver(m: W.XsMessage): void {
    if (m.type === W.XS_WATCH_EVENT) {
      const [path, token] = getStrings(m.payload).strings;
      this.events.push({ path, token });
      if (this.depth === 0 && this.onEvent && !this.drainScheduled) {
        this.drainScheduled = true;
        queueMicrotask(() => { this.drainScheduled = false; this.drainEvents(); });
      }
      return;
    }
    this.replies.set(m.reqId, m);
  }

  private drainEvents(): void {
    while (this.onEvent && this.events.length > 0 && !this.closed) this.onEvent(this.events.shift()!);
  }

  /** Watch events received and not yet handed to onEvent. */
  takeEvents(): WatchEvent[] {
    return this.events.splice(0);
  }

  /** One request; the reply's payload, or an XsError for an ERROR reply. */
  request(type: number, payload: Uint8Array, txId = 0): Uint8Array {
    if (this.closed) throw new Error("xenstore client is closed");
    const reqId = this.nextReqId++;
    this.depth++;
    try {
      this.xs.request(this.conn, { type, reqId, txId, payload });
    } finally {
      this.depth--;
    }
    const r = this.replies.get(reqId);
    this.replies.delete(reqId);
    if (this.depth === 0) this.drainEvents();
    if (!r) throw new Error(`xenstored sent no reply to request ${reqId}`);
    if (r.type === W.XS_ERROR) {
      const name = latin1(r.payload.subarray(0, Math.max(0, r.payload.length - 1)));
      throw new XsError((W.XSD_ERRORS as readonly string[]).includes(name) ? (name as W.XsErrno) : "EIO");
    }
    return r.payload;
  }

  read(path: string, tx = 0): Uint8Array { return this.request(W.XS_READ, nulStrings(path), tx); }
  readString(path: string, tx = 0): string { return latin1(this.read(path, tx)); }
  /** The value, or undefined if the node does not exist. */
  tryRead(path: string, tx = 0): string | undefined {
    try { return this.readString(path, tx); } catch (e) { if (e instanceof XsError && e.errno === "ENOENT") return undefined; throw e; }
  }
  write(path: string, value: string | Uint8Array, tx = 0): void {
    this.request(W.XS_WRITE, concat([nulStrings(path), typeof value === "string" ? bytesOf(value) : value]), tx);
  }
  mkdir(path: string, tx = 0): void { this.request(W.XS_MKDIR, nulStrings(path), tx); }
  rm(path: string, tx = 0): void { this.request(W.XS_RM, nulStrings(path), tx); }
  directory(path: string, tx = 0): string[] { return getStrings(this.request(W.XS_DIRECTORY, nulStrings(path), tx)).strings; }
  getPerms(path: string, tx = 0): XsPerm[] {
    return getStrings(this.request(W.XS_GET_PERMS, nulStrings(path), tx)).strings.map(parsePerm);
  }
  /** Permissions as entries or as strings like "n0", "r5". */
  setPerms(path: string, perms: (XsPerm | string)[], tx = 0): void {
    this.request(W.XS_SET_PERMS, nulStrings(path, ...perms.map((p) => (typeof p === "string" ? p : formatPerm(p)))), tx);
  }
  watch(path: string, token: string, depth?: number): void {
    this.request(W.XS_WATCH, depth === undefined ? nulStrings(path, token) : nulStrings(path, token, String(depth)));
  }
  unwatch(path: string, token: string): void { this.request(W.XS_UNWATCH, nulStrings(path, token)); }

  transactionStart(): number {
    return Number(getStrings(this.request(W.XS_TRANSACTION_START, nulStrings(""))).strings[0]);
  }
  transactionEnd(tx: number, commit: boolean): void {
    this.request(W.XS_TRANSACTION_END, nulStrings(commit ? "T" : "F"), tx);
  }
  /** Runs `fn` in a transaction, starting over while the commit fails with EAGAIN. */
  transaction<T>(fn: (tx: number) => T): T {
    for (;;) {
      const tx = this.transactionStart();
      let result: T;
      try {
        result = fn(tx);
      } catch (e) {
        try { this.transactionEnd(tx, false); } catch { /* already gone */ }
        throw e;
      }
      try {
        this.transactionEnd(tx, true);
        return result;
      } catch (e) {
        if (!(e instanceof XsError && e.errno === "EAGAIN")) throw e;
      }
    }
  }

  introduce(domid: number, gfn: number, port: number): void {
    this.request(W.XS_INTRODUCE, nulStrings(String(domid), String(gfn | 0), String(port)));
  }
  release(domid: number): void { this.request(W.XS_RELEASE, nulStrings(String(domid))); }
  getDomainPath(domid: number): string { return getStrings(this.request(W.XS_GET_DOMAIN_PATH, nulStrings(String(domid)))).strings[0]; }
  isDomainIntroduced(domid: number): boolean {
    return getStrings(this.request(W.XS_IS_DOMAIN_INTRODUCED, nulStrings(String(domid)))).strings[0] === "T";
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.xs.disconnect(this.conn);
  }
}
