// Transactions: isolation, conflict detection (EAGAIN, nothing applied), ids and
// nesting.

import { describe, expect, it } from "vitest";
import { makeWorld } from "../helpers/xenstore.js";
import { nulStrings } from "../../src/xenstore/payload.js";
import * as W from "../../src/xenstore/xs-wire.js";

function home() {
  const w = makeWorld();
  const g = w.guest(5);
  w.tool.mkdir("/local/domain/5/data");
  w.tool.setPerms("/local/domain/5/data", ["n5"]);
  return { ...w, g };
}

describe("xenstore transactions", () => {
  it("a transaction sees its own writes; nobody else does until it commits", () => {
    const { tool } = makeWorld();
    tool.write("/k", "old");
    const t = tool.transactionStart();
    tool.write("/k", "new", t);
    tool.write("/k2/deep", "x", t);
    expect(tool.readString("/k", t)).toBe("new");
    expect(tool.readString("/k")).toBe("old");
    expect(tool.tryRead("/k2/deep")).toBeUndefined();
    expect(tool.directory("/", t)).toContain("k2");
    tool.transactionEnd(t, true);
    expect(tool.readString("/k")).toBe("new");
    expect(tool.readString("/k2/deep")).toBe("x");
  });

  it("a write to a node the transaction read makes the commit EAGAIN, and nothing of it is applied", () => {
    const { tool, xs } = makeWorld();
    tool.write("/a", "1");
    const t = tool.transactionStart();
    expect(tool.readString("/a", t)).toBe("1");
    tool.write("/b", "from-t", t);
    tool.rm("/a", t);
    tool.write("/a", "2");                               // someone else
    expect(() => tool.transactionEnd(t, true)).toThrow(/EAGAIN/);
    expect(tool.readString("/a")).toBe("2");
    expect(tool.tryRead("/b")).toBeUndefined();
    expect(xs.checkStore()).toBeUndefined();
  });

  it("a concurrent delete or create of a node the transaction looked at conflicts too", () => {
    const { tool } = makeWorld();
    tool.write("/gone", "1");
    const t1 = tool.transactionStart();
    tool.readString("/gone", t1);
    tool.write("/out1", "x", t1);
    tool.rm("/gone");
    expect(() => tool.transactionEnd(t1, true)).toThrow(/EAGAIN/);

    const t2 = tool.transactionStart();
    expect(tool.tryRead("/later", t2)).toBeUndefined();
    tool.write("/out2", "x", t2);
    tool.write("/later", "now");
    expect(() => tool.transactionEnd(t2, true)).toThrow(/EAGAIN/);
  });

  it("creating a sibling outside conflicts with a transaction that created a child of the same parent", () => {
    const { tool } = makeWorld();
    tool.mkdir("/p");
    const t = tool.transactionStart();
    tool.write("/p/in-t", "x", t);
    tool.write("/p/outside", "y");
    expect(() => tool.transactionEnd(t, true)).toThrow(/EAGAIN/);
    expect(tool.directory("/p")).toEqual(["outside"]);
  });

  it("changes to nodes the transaction never touched do not conflict", () => {
    const { tool } = makeWorld();
    tool.write("/mine", "0");
    tool.write("/other", "0");
    const t = tool.transactionStart();
    tool.readString("/mine", t);
    tool.write("/mine", "1", t);
    tool.write("/other", "changed");
    tool.transactionEnd(t, true);
    expect(tool.readString("/mine")).toBe("1");
  });

  it("a read-only transaction commits if nothing it read changed, and gets EAGAIN if something did", () => {
    const { tool } = makeWorld();
    tool.write("/r", "1");
    const t1 = tool.transactionStart();
    tool.readString("/r", t1);
    tool.transactionEnd(t1, true);
    const t2 = tool.transactionStart();
    tool.readString("/r", t2);
    tool.write("/r", "2");
    expect(() => tool.transactionEnd(t2, true)).toThrow(/EAGAIN/);
  });

  it("two transactions of one domain: the second to commit after a conflicting first gets EAGAIN", () => {
    const { g } = home();
    g.write("data/x", "0");
    const t1 = g.start(), t2 = g.start();
    expect(t1).not.toBe(t2);
    g.read("data/x", t1); g.write("data/x", "1", t1);
    g.read("data/x", t2); g.write("data/x", "2", t2);
    g.end(t1);
    expect(g.errno(W.XS_TRANSACTION_END, nulStrings("T"), t2)).toBe("EAGAIN");
    expect(g.read("data/x")).toBe("1");
  });

  it("client-side retry on EAGAIN converges", () => {
    const { tool } = makeWorld();
    tool.write("/ctr", "0");
    let tries = 0;
    tool.transaction((t) => {
      const v = Number(tool.readString("/ctr", t));
      if (tries++ === 0) tool.write("/ctr", "100");   // interfere the first time only
      tool.write("/ctr", String(v + 1), t);
    });
    expect(tries).toBe(2);
    expect(tool.readString("/ctr")).toBe("101");
  });

  it("an aborted transaction leaves the store as it was", () => {
    const { tool } = makeWorld();
    tool.write("/keep", "1");
    const t = tool.transactionStart();
    tool.rm("/keep", t);
    tool.write("/new", "x", t);
    tool.transactionEnd(t, false);
    expect(tool.readString("/keep")).toBe("1");
    expect(tool.tryRead("/new")).toBeUndefined();
  });

  it("transactions do not nest: TRANSACTION_START inside one is EBUSY", () => {
    const { g } = home();
    const t = g.start();
    expect(g.errno(W.XS_TRANSACTION_START, nulStrings(""), t)).toBe("EBUSY");
  });

  it("a tx_id naming no open transaction is ENOENT, and an id is dead after its END", () => {
    const { g } = home();
    expect(g.errno(W.XS_READ, nulStrings("data"), 999)).toBe("ENOENT");
    const t = g.start();
    g.end(t, false);
    expect(g.errno(W.XS_READ, nulStrings("data"), t)).toBe("ENOENT");
    expect(g.errno(W.XS_TRANSACTION_END, nulStrings("T"))).toBe("ENOENT");
  });

  it("TRANSACTION_END takes T or F only", () => {
    const { g } = home();
    const t = g.start();
    for (const bad of ["X", "TT", ""]) expect(g.errno(W.XS_TRANSACTION_END, nulStrings(bad), t), bad).toBe("EINVAL");
    expect(g.errno(W.XS_TRANSACTION_END, new TextEncoder().encode("T"), t)).toBe("EINVAL");   // no NUL
    g.end(t);
  });

  it("transaction ids are non-zero and distinct, and one domain's id means nothing to another", () => {
    const w = home();
    const g6 = w.guest(6);
    const ids = new Set<number>();
    for (let i = 0; i < 5; i++) { const t = w.g.start(); expect(t).not.toBe(0); ids.add(t); }
    expect(ids.size).toBe(5);
    expect(g6.errno(W.XS_READ, nulStrings("/"), [...ids][0])).toBe("ENOENT");
  });
});
