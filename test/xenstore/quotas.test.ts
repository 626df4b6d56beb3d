// Quotas bind unprivileged domains: nodes, watches, transactions, transaction-nodes,
// node-permissions, node-size, path-max, outstanding and memory.

import { describe, expect, it } from "vitest";
import { makeWorld } from "../helpers/xenstore.js";
import { concat, bytesOf, getStrings, nulStrings } from "../../src/xenstore/payload.js";
import * as W from "../../src/xenstore/xs-wire.js";

function home(quotas: Record<string, number> = {}) {
  const w = makeWorld();
  for (const [q, v] of Object.entries(quotas)) w.tool.request(W.XS_SET_QUOTA, nulStrings(q, String(v)));
  const g = w.guest(5);
  w.tool.mkdir("/local/domain/5/data");
  w.tool.setPerms("/local/domain/5/data", ["n5"]);
  return { ...w, g };
}

const writeReq = (path: string, value: string) => concat([nulStrings(path), bytesOf(value)]);

describe("xenstore quotas", () => {
  it("a domain may own at most `nodes` nodes (ENOSPC beyond); dom0 is not limited", () => {
    const { g, tool, xs } = home({ nodes: 20 });
    expect(xs.store.ownedBy(5)).toBe(1);                 // data
    for (let i = 1; i < 20; i++) g.write(`data/n${i}`, "x");
    expect(g.errno(W.XS_WRITE, writeReq("data/one-too-many", "x"))).toBe("ENOSPC");
    expect(g.errno(W.XS_WRITE, writeReq("data/a/b", "x"))).toBe("ENOSPC");
    g.write("data/n1", "rewriting is fine");
    g.rm("data/n1");
    g.write("data/fits-again", "x");
    for (let i = 0; i < 50; i++) tool.write(`/local/domain/5/dom0-${i}`, "x");
  });

  it("the nodes quota holds for nodes created in a transaction, at commit", () => {
    const { g } = home({ nodes: 5 });
    const t = g.start();
    for (let i = 0; i < 6; i++) g.write(`data/t${i}`, "x", t);
    expect(g.errno(W.XS_TRANSACTION_END, nulStrings("T"), t)).toBe("ENOSPC");
    expect(g.directory("data")).toEqual([]);
  });

  it("the 129th watch is ENOSPC", () => {
    const { g } = home();
    for (let i = 0; i < 128; i++) g.watch("data", `t${i}`);
    expect(g.errno(W.XS_WATCH, nulStrings("data", "t128"))).toBe("ENOSPC");
    g.unwatch("data", "t0");
    g.watch("data", "t128");
  });

  it("the 11th open transaction is ENOSPC", () => {
    const { g } = home();
    const ts = Array.from({ length: 10 }, () => g.start());
    expect(g.errno(W.XS_TRANSACTION_START, nulStrings(""))).toBe("ENOSPC");
    g.end(ts[0], false);
    g.start();
  });

  it("touching more than `transaction-nodes` nodes is ENOSPC, and the transaction cannot commit", () => {
    const { g } = home({ "transaction-nodes": 8 });
    for (let i = 0; i < 10; i++) g.write(`data/k${i}`, "x");
    const t = g.start();
    let failedAt = -1;
    for (let i = 0; i < 10 && failedAt < 0; i++) if (g.errno(W.XS_READ, nulStrings(`data/k${i}`), t) === "ENOSPC") failedAt = i;
    expect(failedAt).toBe(8);
    expect(g.errno(W.XS_TRANSACTION_END, nulStrings("T"), t)).toBe("ENOMEM");
  });

  it("a permission list longer than `node-permissions` is ENOSPC for a domain, fine for dom0", () => {
    const { g, tool } = home();
    g.write("data/p", "x");
    expect(g.errno(W.XS_SET_PERMS, nulStrings("data/p", "n5", "r0", "r1", "r2", "r3", "r4"))).toBe("ENOSPC");
    g.setPerms("data/p", "n5", "r0", "r1", "r2", "r3");
    tool.setPerms("/local/domain/5/data/p", ["n5", "r0", "r1", "r2", "r3", "r4", "r6"]);
  });

  it("a node bigger than `node-size` is ENOSPC (value, perms and child names count)", () => {
    const { g } = home();
    // 16 header + 8 per perm + value: 2048 - 16 - 8 = 2024 bytes of value fit with one perm.
    g.write("data/fits", "v".repeat(2024));
    expect(g.errno(W.XS_WRITE, writeReq("data/too-big", "v".repeat(2025)))).toBe("ENOSPC");
    expect(g.errno(W.XS_WRITE, writeReq("data/fits", "v".repeat(2025)))).toBe("ENOSPC");
    expect(g.read("data/fits")).toHaveLength(2024);
  });

  it("a path longer than `path-max` below /local/domain/<id>/ is EINVAL", () => {
    const { g } = home();
    // Short components, so that no node's child list outgrows node-size.
    const rel = (n: number) => ("data" + "/abcdefghi".repeat(300)).slice(0, n - 1) + "z";
    expect(g.errno(W.XS_WRITE, writeReq(rel(2048), "v"))).toBe("OK");
    expect(g.errno(W.XS_WRITE, writeReq(rel(2049), "v"))).toBe("EINVAL");
  });

  it("SET_QUOTA for one domain overrides the global value; GET_QUOTA reports both", () => {
    const w = home();
    const g6 = w.guest(6);
    w.tool.mkdir("/local/domain/6/data");
    w.tool.setPerms("/local/domain/6/data", ["n6"]);
    w.tool.request(W.XS_SET_QUOTA, nulStrings("5", "watches", "2"));
    const get = (...a: string[]) => getStrings(w.tool.request(W.XS_GET_QUOTA, nulStrings(...a))).strings[0];
    expect(get("watches")).toBe("128");
    expect(get("5", "watches")).toBe("2");
    expect(get("6", "watches")).toBe("128");
    expect(get("").split(" ")).toContain("transaction-nodes");
    w.g.watch("data", "a"); w.g.watch("data", "b");
    expect(w.g.errno(W.XS_WATCH, nulStrings("data", "c"))).toBe("ENOSPC");
    g6.watch("data", "a"); g6.watch("data", "b"); g6.watch("data", "c");
    expect(() => w.tool.request(W.XS_GET_QUOTA, nulStrings("bogus"))).toThrow(/EINVAL/);
    expect(() => w.tool.request(W.XS_SET_QUOTA, nulStrings("99", "nodes", "1"))).toThrow(/ENOENT/);
    expect(w.g.errno(W.XS_GET_QUOTA, nulStrings("nodes"))).toBe("EACCES");
  });

  it("a quota of 0 is disabled", () => {
    const { g } = home({ watches: 0 });
    for (let i = 0; i < 200; i++) g.watch("data", `t${i}`);
  });

  it("a domain that never takes its replies stalls after `outstanding` requests, then resumes", () => {
    const { g, xs } = home();
    g.write("data/big", "v".repeat(500));
    // 24 READs fit the request ring; each 516-byte reply half-fills the response ring.
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) ids.push(g.send(W.XS_READ, nulStrings("data/big")));
    for (let i = 0; i < 5; i++) g.kick();
    const conn = xs.domain(5)!.conn!;
    expect(conn.out.filter((o) => !o.event).length).toBe(20);
    expect(g.u32(W.XS_RING_REQ_PROD) - g.u32(W.XS_RING_REQ_CONS)).toBeGreaterThan(0);
    // Taking replies lets it go on; every request is answered, in order.
    for (let i = 0; i < 100 && g.replies.length < 24; i++) { g.collect(); g.kick(); }
    expect(g.replies.map((m) => m.reqId)).toEqual(ids);
    expect(g.replies.every((m) => m.payload.length === 500)).toBe(true);
  });

  it("queued watch events over the memory quota are dropped", () => {
    const { g, tool, xs } = home({ memory: 3000 });
    g.watch("data", "w");
    g.takeEvents();
    for (let i = 0; i < 300; i++) tool.write(`/local/domain/5/data/k${i}`, "x");
    const conn = xs.domain(5)!.conn!;
    expect(conn.outBytes).toBeLessThanOrEqual(3000);
    const evs = g.takeEvents();
    expect(evs.length).toBeGreaterThan(30);
    expect(evs.length).toBeLessThan(300);
  });
});
