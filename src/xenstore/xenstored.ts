// xenstored: the store, its clients, and the domains it serves.
//
// Invariants:
// - Requests are handled one at a time, to completion (wire-funcs.ts process): a
//   reply, and any watch events, are queued before the next request is looked at.
// - A domain's requests come only from its own ring; whatever a domain sends can cost
//   it its own connection (error field set, connection ignored) but never touches
//   another domain's connection, watches or transactions.
// - Output is queued per connection and written by flush(): tool connections get
//   their messages handed over, domain rings get as much as fits; the rest waits for
//   the domain to make room and signal.
// - A domain is "known" once introduced, or once a permission entry named it while it
//   existed; its generation then says which nodes' entries for it are current (entries
//   older than the domain are stale: IGNORE), so a new domain reusing an id never
//   inherits an old one's rights. Destroying a domain removes the nodes it owns.

import { Connection, type ToolSink } from "./connection.js";
import { Access } from "./access.js";
import { XsError } from "./errors.js";
import { childName } from "./path.js";
import { nulStrings } from "./payload.js";
import { Quotas } from "./quota.js";
import { Store, type XsNode } from "./store.js";
import type { XsPerm } from "./perms.js";
import { rmNode } from "./node-access.js";
import { processMessage } from "./wire-funcs.js";
import type { RingAccess } from "./ring.js";
import { newDomain, resetDomainConn, serviceDomain, type XsDomain } from "./domain-conn.js";
import { checkStore } from "./check-store.js";
import { MATCH_DEPTH, MATCH_NODEPTH, watchMatches, watchPath, watchPermitted, type WatchMatch } from "./watch.js";
import {
  DOMID_ANY, DOMID_FIRST_RESERVED, XENSTORE_PAYLOAD_MAX, XENSTORE_SERVER_FEATURE_DOMID_ANY, XENSTORE_SERVER_FEATURE_ERROR,
  XENSTORE_SERVER_FEATURE_RECONNECTION, XENSTORE_SERVER_FEATURE_WATCHDEPTH, XS_ERROR, XS_PERM_IGNORE, XS_PERM_NONE,
  XS_WATCH_EVENT, type XsErrno, type XsMessage,
} from "./xs-wire.js";

export type { XsDomain } from "./domain-conn.js";

/** What xenstored needs from the machine, as domain 0. */
export interface XsPlatform {
  /** Does a domain with this id exist? */
  domainExists(domid: number): boolean;
  /** Binds a local port to `remotePort`, an unbound port of `domid`; returns the local port. */
  bindInterdomain(domid: number, remotePort: number): number;
  unbind(localPort: number): void;
  notify(localPort: number): void;
  /** The domain's ring page for one service round; throws if it cannot be mapped. */
  mapRing(domid: number, gfn: number): RingAccess;
}

/** Everything this xenstored offers: reconnection, the error field, watch depth, DOMID_ANY. */
export const XENSTORED_FEATURES = XENSTORE_SERVER_FEATURE_RECONNECTION | XENSTORE_SERVER_FEATURE_ERROR |
  XENSTORE_SERVER_FEATURE_WATCHDEPTH | XENSTORE_SERVER_FEATURE_DOMID_ANY;

const WATCH_NODOM = 1;   // fire "@x" for watches without depth
const WATCH_DOM = 2;     // fire "@x/<domid>" for depth watches and watches on that name

export interface XenstoredOptions {
  features?: number;
  log?: (line: string) => void;
}

export class Xenstored {
  readonly store = new Store();
  readonly quotas = new Quotas();
  readonly features: number;
  private readonly connections = new Set<Connection>();
  private readonly domains = new Map<number, XsDomain>();
  private readonly dirty = new Set<Connection>();
  /** xenstored's own privileged view, for work it does itself (never gets events). */
  private readonly internal: Connection;
  private flushing = false;

  constructor(readonly platform: XsPlatform, private readonly opts: XenstoredOptions = {}) {
    this.features = opts.features ?? XENSTORED_FEATURES;
    this.internal = new Connection(0, true, this.features);
    this.domains.set(0, this.newDomain(0));
    // The initial tree (upstream setup_structure), all owned by dom0, "n0".
    const perms = [{ id: 0, perms: XS_PERM_NONE }];
    const empty = new Uint8Array(0);
    for (const [name, children] of [["/", ["tool"]], ["/tool", ["xenstored"]], ["/tool/xenstored", []], ["@releaseDomain", []], ["@introduceDomain", []]] as const) {
      this.store.put({ name, value: empty, perms, children });
    }
  }

  log(line: string): void { this.opts.log?.(line); }

  // ── clients ──────────────────────────────────────────────────────────────────────

  /** A privileged in-process connection (the toolstack, the CLI); messages go to `sink`. */
  connectTool(sink: ToolSink): Connection {
    const c = new Connection(0, true, this.features, sink);
    this.connections.add(c);
    return c;
  }

  disconnect(c: Connection): void {
    this.connections.delete(c);
    this.dirty.delete(c);
    c.reset();
  }

  /** Handles one request from a tool connection and delivers what it caused. */
  request(c: Connection, m: XsMessage): void {
    if (!this.connections.has(c) || !c.sink) throw new Error("xenstored: request on a closed or non-tool connection");
    processMessage(this, c, m);
    this.flush();
  }

  // ── output ───────────────────────────────────────────────────────────────────────

  reply(c: Connection, req: XsMessage, payload: Uint8Array): void {
    if (payload.length > XENSTORE_PAYLOAD_MAX) return this.sendError(c, req, "E2BIG");
    c.queue({ type: req.type, reqId: req.reqId, txId: req.txId, payload }, false);
    this.dirty.add(c);
  }

  sendError(c: Connection, req: XsMessage, errno: XsErrno): void {
    c.queue({ type: XS_ERROR, reqId: req.reqId, txId: req.txId, payload: nulStrings(errno) }, false);
    this.dirty.add(c);
  }

  /**
   * Queues a watch event. Events that would not fit a message are not sent; an event
   * identical to one still queued is dropped (not for "@…" events); and a domain whose
   * queued output is over its memory quota loses the event.
   */
  sendEvent(c: Connection, path: string, token: string): void {
    if (c.error) return;
    const payload = nulStrings(path, token);
    if (payload.length > XENSTORE_PAYLOAD_MAX) return;
    if (path[0] !== "@") {
      for (const o of c.out) if (o.event && o.used === 0 && sameBytes(o.msg.payload, payload)) return;
    }
    if (!c.privileged) {
      const limit = this.quotas.get(c.id, "memory");
      if (limit !== 0 && c.outBytes + 16 + payload.length > limit) return;
    }
    c.queue({ type: XS_WATCH_EVENT, reqId: 0, txId: 0, payload }, true);
    this.dirty.add(c);
  }

  /** A change at `name`: events for every watch that matches and may see it. */
  fireWatches(name: string, match: WatchMatch, node?: XsNode, oldPerms?: readonly XsPerm[]): void {
    const lookup = (n: string) => { const x = this.store.get(n); return x && this.adjusted(x); };
    const fresh = node && this.adjusted(node);
    for (const c of this.connections) {
      if (c.error || c.watches.length === 0) continue;
      if (!watchPermitted(c, name, fresh, oldPerms, lookup)) continue;
      for (const w of c.watches) if (watchMatches(w, name, match)) this.sendEvent(c, watchPath(w, name), w.token);
    }
  }

  /**
   * Delivers queued output: to tool sinks, and into domain rings as far as they have
   * room. Returns whether any ring moved.
   */
  flush(): boolean {
    if (this.flushing) return false;
    this.flushing = true;
    let moved = false;
    try {
      while (this.dirty.size > 0) {
        const conns = [...this.dirty];
        this.dirty.clear();
        for (const c of conns) {
          if (!this.connections.has(c) || c.out.length === 0) continue;
          if (c.sink) {
            while (c.out.length > 0) { const o = c.out[0]; c.shift(); c.sink(o.msg); }
          } else {
            const d = this.domains.get(c.id);
            if (d && d.conn === c) moved = serviceDomain(this, d, false) || moved;
          }
        }
      }
    } finally {
      this.flushing = false;
    }
    return moved;
  }

  // ── permissions ──────────────────────────────────────────────────────────────────

  /** `node` with stale entries (domain unknown, or younger than the node) flagged IGNORE. */
  adjusted(node: XsNode): XsNode {
    let perms: XsPerm[] | undefined;
    for (let i = 1; i < node.perms.length; i++) {
      const p = node.perms[i];
      if (p.perms & XS_PERM_IGNORE || p.id === DOMID_ANY) continue;
      const d = this.domains.get(p.id);
      if (d && d.generation <= node.generation) continue;
      perms ??= [...node.perms];
      perms[i] = { id: p.id, perms: p.perms | XS_PERM_IGNORE };
    }
    return perms ? { ...node, perms } : node;
  }

  /**
   * Entries of a new permission list: domains that exist become known; entries for
   * domains that do not exist (or DOMID_ANY, if the caller lacks that feature) are
   * kept but flagged IGNORE (upstream domain_alloc_permrefs).
   */
  permRefs(c: Connection, perms: XsPerm[]): XsPerm[] {
    return perms.map((p) => {
      if (p.id === DOMID_ANY) return c.features & XENSTORE_SERVER_FEATURE_DOMID_ANY ? p : { id: p.id, perms: p.perms | XS_PERM_IGNORE };
      if (this.domains.has(p.id)) return p;
      if (p.id < DOMID_FIRST_RESERVED && this.platform.domainExists(p.id)) {
        this.domains.set(p.id, this.newDomain(p.id));
        return p;
      }
      return { id: p.id, perms: p.perms | XS_PERM_IGNORE };
    });
  }

  // ── domains ──────────────────────────────────────────────────────────────────────

  private newDomain(domid: number): XsDomain {
    return newDomain(domid, this.store.generation, this.features);
  }

  domain(domid: number): XsDomain | undefined { return this.domains.get(domid); }

  /** The domain's record, made now if the domain exists; else ENOENT. */
  knownDomain(domid: number): XsDomain {
    let d = this.domains.get(domid);
    if (!d) {
      if (domid >= DOMID_FIRST_RESERVED || !this.platform.domainExists(domid)) throw new XsError("ENOENT", `no domain ${domid}`);
      d = this.newDomain(domid);
      this.domains.set(domid, d);
    }
    return d;
  }

  /** An introduced domain; else ENOENT. */
  connectedDomain(domid: number): XsDomain {
    const d = this.domains.get(domid);
    if (!d || !d.introduced || !d.conn) throw new XsError("ENOENT", `domain ${domid} is not introduced`);
    return d;
  }

  /** INTRODUCE: serve `domid` on ring frame `gfn`, bound to its unbound port `port`. */
  introduceDomain(domid: number, gfn: number, port: number): void {
    if (domid === 0 || domid >= DOMID_FIRST_RESERVED) throw new XsError("EINVAL", `${domid} is not a domain xenstored can introduce`);
    const d = this.knownDomain(domid);
    if (!d.introduced) {
      try { this.platform.mapRing(domid, gfn); } catch { throw new XsError("EINVAL", `cannot map frame ${gfn} of domain ${domid}`); }
      let local: number;
      try { local = this.platform.bindInterdomain(domid, port); } catch { throw new XsError("EINVAL", `cannot bind port ${port} of domain ${domid}`); }
      d.introduced = true;
      d.gfn = gfn;
      d.port = local;
      d.shutdown = false;
      d.conn = new Connection(domid, false, d.features);
      this.connections.add(d.conn);
      this.fireSpecial("@introduceDomain", domid, WATCH_NODOM | WATCH_DOM);
    } else {
      // A second INTRODUCE re-creates the event channel.
      if (d.port) this.unbindQuietly(d.port);
      try { d.port = this.platform.bindInterdomain(domid, port); } catch { d.port = 0; }
      d.gfn = gfn;
    }
    resetDomainConn(this, d);
  }

  /** RELEASE: stop serving the domain, as if it had died. */
  releaseDomain(domid: number): void {
    if (domid === 0) throw new XsError("EINVAL", "domain 0 is xenstored's own");
    this.destroyDomain(this.connectedDomain(domid));
  }

  /** The domain is gone (the toolstack destroyed it): forget it, remove what it owned. */
  domainDestroyed(domid: number): void {
    const d = this.domains.get(domid);
    if (d && domid !== 0) this.destroyDomain(d);
  }

  /** The domain shut down (not yet destroyed): @releaseDomain fires once until RESUME. */
  domainShutdown(domid: number): void {
    const d = this.domains.get(domid);
    if (!d || !d.introduced || d.shutdown) return;
    d.shutdown = true;
    this.fireSpecial("@releaseDomain", domid, WATCH_NODOM | WATCH_DOM);
    this.flush();
  }

  private destroyDomain(d: XsDomain): void {
    if (d.conn) {
      // Its own watches go first: no events for the removal of its own nodes.
      d.conn.reset();
      this.connections.delete(d.conn);
      this.dirty.delete(d.conn);
    }
    this.removeOwnedNodes(d.domid);
    this.domains.delete(d.domid);
    // A domain that reuses the id later must be younger than every node now stored.
    this.store.nextGeneration();
    this.quotas.forget(d.domid);
    if (d.introduced) {
      if (d.port) this.unbindQuietly(d.port);
      this.fireSpecial("@releaseDomain", d.domid, WATCH_NODOM | WATCH_DOM);
    }
    this.flush();
  }

  private unbindQuietly(port: number): void {
    try { this.platform.unbind(port); } catch { /* the remote end is gone already */ }
  }

  /** Removes every node owned by `domid`, with its subtree (upstream domain_tree_remove). */
  private removeOwnedNodes(domid: number): void {
    const ctx = new Access(this, this.internal);
    const walk = (name: string): void => {
      const n = this.store.get(name);
      if (!n) return;
      if (n.perms[0].id === domid) { rmNode(ctx, name); return; }
      for (const c of [...n.children]) walk(childName(name, c));
    };
    walk("/");
  }

  private fireSpecial(name: string, domid: number, which: number): void {
    const node = this.store.get(name);
    if (!node) return;
    if (which & WATCH_NODOM) this.fireWatches(name, MATCH_NODEPTH, node);
    if (which & WATCH_DOM) this.fireWatches(`${name}/${domid}`, MATCH_DEPTH, node);
  }

  // ── rings ────────────────────────────────────────────────────────────────────────

  /**
   * Services the rings of domains whose ports are in `pendingPorts` (the host's ports
   * that became pending): reads and handles their requests, writes what is queued.
   * Returns whether any ring moved (a domain may have been woken).
   */
  service(pendingPorts: Iterable<number>): boolean {
    const pending = new Set(pendingPorts);
    let moved = false;
    for (const d of [...this.domains.values()]) {
      if (!d.introduced || !d.conn || !(d.kick || pending.has(d.port))) continue;
      d.kick = false;
      moved = serviceDomain(this, d, true) || moved;
    }
    return this.flush() || moved;
  }

  /** Drops a connection from the set flush() still has to visit. */
  forgetOutput(c: Connection): void { this.dirty.delete(c); }

  // ── diagnostics ──────────────────────────────────────────────────────────────────

  checkStore(): string | undefined { return checkStore(this.store); }

  /** Introduced domains' ids (for tests and listings). */
  introducedDomains(): number[] {
    return [...this.domains.values()].filter((d) => d.introduced).map((d) => d.domid);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
