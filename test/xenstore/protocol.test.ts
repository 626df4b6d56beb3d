// The wire protocol and the ring: malformed requests get error replies; protocol
// violations and hostile indices cost the offending domain its connection and nobody
// else anything; messages survive splitting and index wrap-around; reconnection.

import { describe, expect, it } from "vitest";
import { makeWorld, RingClient } from "../helpers/xenstore.js";
import { concat, nulStrings } from "../../src/xenstore/payload.js";
import { indicesValid, RingInput } from "../../src/xenstore/ring.js";
import * as W from "../../src/xenstore/xs-wire.js";

function two() {
  const w = makeWorld();
  const a = w.guest(1);
  const b = w.guest(2);
  for (const d of [1, 2]) { w.tool.mkdir(`/local/domain/${d}/data`); w.tool.setPerms(`/local/domain/${d}/data`, [`n${d}`]); }
  return { ...w, a, b };
}

const header = (type: number, reqId: number, txId: number, len: number) =>
  W.encodeMessage({ type, reqId, txId, payload: new Uint8Array(0) }).map((x, i) => (i >= 12 ? [len & 0xff, (len >>> 8) & 0xff, (len >>> 16) & 0xff, len >>> 24][i - 12] : x));

describe("xenstore protocol", () => {
  it("unknown types, WATCH_EVENT, ERROR, the removed RESTRICT and INVALID are ENOSYS", () => {
    const { a } = two();
    for (const t of [W.XS_WATCH_EVENT, W.XS_ERROR, W.XS_RESTRICT, W.XS_TYPE_COUNT, 1000, W.XS_INVALID, 0xffffffff]) {
      expect(a.errno(t, nulStrings("x")), String(t)).toBe("ENOSYS");
    }
  });

  it("dom0-only requests from a domain are EACCES", () => {
    const { a } = two();
    for (const t of [W.XS_CONTROL, W.XS_INTRODUCE, W.XS_RELEASE, W.XS_IS_DOMAIN_INTRODUCED, W.XS_RESUME, W.XS_SET_TARGET, W.XS_SET_FEATURE, W.XS_GET_QUOTA, W.XS_SET_QUOTA]) {
      expect(a.errno(t, nulStrings("2", "1", "1")), W.XS_TYPE_NAMES[t]).toBe("EACCES");
    }
  });

  it("a one-argument request must hold exactly one NUL, at its end", () => {
    const { a } = two();
    a.write("data/k", "v");
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(a.errno(W.XS_READ, enc("data/k"))).toBe("EINVAL");
    expect(a.errno(W.XS_READ, enc("data/k\0\0"))).toBe("EINVAL");
    expect(a.errno(W.XS_READ, enc("data\0/k\0"))).toBe("EINVAL");
    expect(a.errno(W.XS_READ, new Uint8Array(0))).toBe("EINVAL");
    expect(a.errno(W.XS_READ, enc("data/k\0"))).toBe("OK");
    expect(a.errno(W.XS_WRITE, enc("data/k"))).toBe("EINVAL");
    expect(a.errno(W.XS_WATCH, enc("data\0"))).toBe("EINVAL");
    expect(a.errno(W.XS_UNWATCH, enc("data\0t\0extra\0"))).toBe("EINVAL");
  });

  it("malformed domain arguments are EINVAL", () => {
    const { tool } = two();
    for (const args of [["abc", "1", "1"], ["3", "x", "1"], ["3", "1", "0"], ["3", "1", "-5"], ["99999", "1", "1"], ["0", "1", "1"], ["3", "1"]]) {
      expect(() => tool.request(W.XS_INTRODUCE, nulStrings(...args)), args.join(",")).toThrow(/EINVAL/);
    }
    expect(() => tool.request(W.XS_GET_DOMAIN_PATH, nulStrings("1x"))).toThrow(/EINVAL/);
    expect(() => tool.request(W.XS_RELEASE, nulStrings("0"))).toThrow(/EINVAL/);
    expect(() => tool.request(W.XS_RELEASE, nulStrings("77"))).toThrow(/ENOENT/);
    expect(() => tool.request(W.XS_CONTROL, nulStrings("no-such-command"))).toThrow(/EINVAL/);
  });

  it("replies echo req_id and tx_id; errors carry the errno name", () => {
    const { a } = two();
    const t = a.start();
    const m = a.raw(W.XS_READ, nulStrings("data/none"), t);
    expect(m.type).toBe(W.XS_ERROR);
    expect(m.txId).toBe(t);
    expect(new TextDecoder().decode(m.payload)).toBe("ENOENT\0");
    const ok = a.raw(W.XS_MKDIR, nulStrings("data/d"), t);
    expect(ok.type).toBe(W.XS_MKDIR);
    expect(ok.txId).toBe(t);
    expect(new TextDecoder().decode(ok.payload)).toBe("OK\0");
  });

  it("a header announcing more than 4096 bytes drops that connection with error 3; others carry on", () => {
    const { a, b, xs } = two();
    b.watch("data", "w");
    b.takeEvents();
    a.sendBytes(header(W.XS_WRITE, 1, 0, 4097));
    a.kick();
    expect(a.u32(W.XS_RING_ERROR)).toBe(W.XENSTORE_ERROR_PROTO);
    expect(xs.domain(1)!.conn!.error).toBe(W.XENSTORE_ERROR_PROTO);
    // Further requests from it are ignored…
    a.send(W.XS_GET_DOMAIN_PATH, nulStrings("1"));
    a.kick(); a.collect();
    expect(a.replies).toEqual([]);
    // …and domain 2 is unaffected.
    b.write("data/still", "fine");
    expect(b.read("data/still")).toBe("fine");
    expect(b.takeEvents()).toEqual([{ path: "data/still", token: "w" }]);
  });

  it("exactly 4096 bytes of payload are accepted", () => {
    const { tool, a } = two();
    tool.setPerms("/local/domain/1/data", ["n1"]);
    tool.request(W.XS_SET_QUOTA, nulStrings("1", "node-size", "0"));
    const path = nulStrings("data/max");
    const value = new Uint8Array(4096 - path.length).fill(0x41);
    expect(a.errno(W.XS_WRITE, concat([path, value]))).toBe("OK");
    expect(a.read("data/max")).toHaveLength(value.length);
  });

  it("a request producer more than 1024 bytes ahead drops the connection with error 2", () => {
    const { a, b } = two();
    a.setU32(W.XS_RING_REQ_PROD, (a.u32(W.XS_RING_REQ_CONS) + 1025) >>> 0);
    a.kick();
    expect(a.u32(W.XS_RING_ERROR)).toBe(W.XENSTORE_ERROR_RINGIDX);
    expect(b.read("/local/domain/2/data")).toBe("");
  });

  it("a response consumer that runs ahead of the producer drops the connection with error 2", () => {
    const { a } = two();
    a.setU32(W.XS_RING_RSP_CONS, (a.u32(W.XS_RING_RSP_PROD) + 5) >>> 0);
    a.send(W.XS_GET_DOMAIN_PATH, nulStrings("1"));
    a.kick();
    expect(a.u32(W.XS_RING_ERROR)).toBe(W.XENSTORE_ERROR_RINGIDX);
  });

  it("messages split into pieces, across rounds and across the ring's wrap, are reassembled", () => {
    const { a } = two();
    const msg = W.encodeMessage({ type: W.XS_WRITE, reqId: 77, txId: 0, payload: concat([nulStrings("data/split"), new Uint8Array(900).fill(0x62)]) });
    // Move all four indices close to the 1 KiB wrap first.
    for (let i = 0; i < 3; i++) a.write("data/pad", "x".repeat(200));
    const cuts = [0, 3, 16, 17, 500, msg.length];
    for (let i = 1; i < cuts.length; i++) {
      a.sendBytes(msg.subarray(cuts[i - 1], cuts[i]));
      a.kick();
    }
    a.collect();
    expect(a.replies.map((m) => m.reqId)).toContain(77);
    expect(a.read("data/split")).toHaveLength(900);
  });

  it("free-running indices wrap past 2^32", () => {
    const w = makeWorld();
    const page = w.plat.addDomain(3);
    w.tool.introduce(3, 0x1003, 1);
    // INTRODUCE resets the indices to 0; a guest may start them anywhere.
    const g = new RingClient(page, () => w.xs.service([w.plat.portOf(3)]));
    const start = 0xffffff00;
    for (const off of [W.XS_RING_REQ_CONS, W.XS_RING_REQ_PROD, W.XS_RING_RSP_CONS, W.XS_RING_RSP_PROD]) g.setU32(off, start);
    w.tool.mkdir("/local/domain/3");
    w.tool.setPerms("/local/domain/3", ["n3"]);
    for (let i = 0; i < 40; i++) g.write(`k${i}`, "v".repeat(30));
    expect(g.u32(W.XS_RING_REQ_PROD)).toBeLessThan(start);
    expect(g.u32(W.XS_RING_RSP_PROD)).toBeLessThan(start);
    expect(g.read("k39")).toBe("v".repeat(30));
    expect(g.u32(W.XS_RING_ERROR)).toBe(0);
  });

  it("index arithmetic is modulo 2^32", () => {
    expect(indicesValid(0xfffffc00, 0)).toBe(true);       // 1024 apart across the wrap
    expect(indicesValid(0xfffffbff, 0)).toBe(false);      // 1025
    expect(indicesValid(5, 4)).toBe(false);               // consumer ahead
    expect(indicesValid(7, 7)).toBe(true);
  });

  it("the request parser takes a header in pieces and refuses oversized lengths before any payload", () => {
    const p = new RingInput();
    const h = header(W.XS_READ, 9, 0, 3);
    expect(p.push(h.subarray(0, 5))).toBeUndefined();
    expect(p.need()).toBe(11);
    expect(p.push(h.subarray(5))).toBeUndefined();
    expect(p.need()).toBe(3);
    expect(p.push(Uint8Array.of(0x61, 0x62, 0))).toMatchObject({ type: W.XS_READ, reqId: 9 });
    expect(p.push(header(W.XS_READ, 1, 0, 0x80000000))).toBe("proto");
  });

  it("a ring page the domain gave away ends its connection (error 1), without touching others", () => {
    const { a, b, plat, xs } = two();
    plat.unmappable.add(1);
    a.send(W.XS_GET_DOMAIN_PATH, nulStrings("1"));
    a.kick();
    expect(xs.domain(1)!.conn!.error).toBe(W.XENSTORE_ERROR_COMM);
    expect(b.read("/local/domain/2/data")).toBe("");
  });

  it("reconnection empties the ring and drops watches and transactions, then says connected", () => {
    const { a, tool } = two();
    a.watch("data", "w");
    const t = a.start();
    a.takeEvents();
    a.sendBytes(header(W.XS_READ, 5, 0, 10).subarray(0, 8));   // a partial packet
    a.setU32(W.XS_RING_CONNECTION, W.XENSTORE_RECONNECT);
    a.kick();
    expect(a.u32(W.XS_RING_CONNECTION)).toBe(W.XENSTORE_CONNECTED);
    for (const off of [W.XS_RING_REQ_CONS, W.XS_RING_REQ_PROD, W.XS_RING_RSP_CONS, W.XS_RING_RSP_PROD]) expect(a.u32(off)).toBe(0);
    tool.write("/local/domain/1/data/x", "1");
    expect(a.takeEvents()).toEqual([]);
    expect(a.errno(W.XS_READ, nulStrings("data"), t)).toBe("ENOENT");
    expect(a.read("data")).toBe("");
  });

  it("reconnection also revives a connection that was dropped for an error", () => {
    const { a } = two();
    a.sendBytes(header(W.XS_WRITE, 1, 0, 5000));
    a.kick();
    expect(a.u32(W.XS_RING_ERROR)).toBe(W.XENSTORE_ERROR_PROTO);
    a.setU32(W.XS_RING_CONNECTION, W.XENSTORE_RECONNECT);
    a.kick();
    expect(a.u32(W.XS_RING_ERROR)).toBe(0);
    expect(a.read("data")).toBe("");
  });

  it("INTRODUCE advertises the server features in the page and notifies the port", () => {
    const w = makeWorld();
    const page = w.plat.addDomain(3);
    w.tool.introduce(3, 0x1003, 9);
    const dv = new DataView(page.buffer);
    expect(dv.getUint32(W.XS_RING_SERVER_FEATURES, true)).toBe(15);
    expect(w.plat.bound.get(w.plat.portOf(3))).toEqual({ domid: 3, remote: 9 });
    expect(w.tool.isDomainIntroduced(3)).toBe(true);
    expect(w.tool.isDomainIntroduced(4)).toBe(false);
  });
});
