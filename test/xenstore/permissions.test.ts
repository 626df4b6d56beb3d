// Node permissions: owners, entries, the default letter, inheritance, ownership
// changes, stale entries and SET_TARGET.

import { describe, expect, it } from "vitest";
import { makeWorld, gfnOf, RingClient } from "../helpers/xenstore.js";
import { nulStrings } from "../../src/xenstore/payload.js";
import * as W from "../../src/xenstore/xs-wire.js";

/** A world with domains 1, 2, 3 introduced, and /shared owned by dom0 with `perms`. */
function world(perms: string[]) {
  const w = makeWorld();
  const g = [w.guest(1), w.guest(2), w.guest(3)];
  w.tool.write("/shared/node", "secret");
  w.tool.setPerms("/shared", perms);
  w.tool.setPerms("/shared/node", perms);
  return { ...w, g1: g[0], g2: g[1], g3: g[2] };
}

describe("xenstore permissions", () => {
  it("an entry for the domain decides; other domains get entry 0's letter", () => {
    const { g1, g2, g3 } = world(["r0", "b1", "n2"]);
    expect(g1.read("/shared/node")).toBe("secret");
    expect(g1.errno(W.XS_WRITE, nulStrings("/shared/node"))).toBe("OK");
    expect(g2.errno(W.XS_READ, nulStrings("/shared/node"))).toBe("EACCES");
    // Domain 3 has no entry: entry 0's "r" applies.
    expect(g3.errno(W.XS_READ, nulStrings("/shared/node"))).toBe("OK");
    expect(g3.errno(W.XS_WRITE, nulStrings("/shared/node"))).toBe("EACCES");
  });

  it("the owner has every right whatever its letter says; dom0 too", () => {
    const { g2, tool } = world(["n2"]);
    expect(g2.read("/shared/node")).toBe("secret");
    g2.write("/shared/node", "mine");
    expect(tool.readString("/shared/node")).toBe("mine");
  });

  it("write-only entries allow WRITE but not READ", () => {
    const { g1 } = world(["n0", "w1"]);
    expect(g1.errno(W.XS_WRITE, concatPath("/shared/node", "x"))).toBe("OK");
    expect(g1.errno(W.XS_READ, nulStrings("/shared/node"))).toBe("EACCES");
  });

  it("a node a domain creates inherits its parent's list with that domain as owner", () => {
    const { g1, tool } = world(["n0", "b1", "r2"]);
    g1.write("/shared/new/leaf", "x");
    expect(tool.getPerms("/shared/new")).toEqual([{ id: 1, perms: 0 }, { id: 1, perms: 3 }, { id: 2, perms: 1 }]);
    expect(tool.getPerms("/shared/new/leaf")[0]).toEqual({ id: 1, perms: 0 });
  });

  it("a node dom0 creates keeps its parent's owner", () => {
    const { tool } = world(["n2", "r1"]);
    tool.write("/shared/dom0made", "x");
    expect(tool.getPerms("/shared/dom0made")).toEqual([{ id: 2, perms: 0 }, { id: 1, perms: 1 }]);
  });

  it("creating a node needs WRITE on the nearest existing ancestor", () => {
    const { g1, g2 } = world(["r0", "w1"]);
    expect(g1.errno(W.XS_WRITE, concatPath("/shared/a/b/c", "v"))).toBe("OK");
    expect(g2.errno(W.XS_WRITE, concatPath("/shared/x/y", "v"))).toBe("EACCES");
    expect(g2.errno(W.XS_MKDIR, nulStrings("/shared/x"))).toBe("EACCES");
  });

  it("a missing node below a directory the domain cannot read is EACCES, not ENOENT", () => {
    const { g1, g2 } = world(["n0", "r1"]);
    expect(g1.errno(W.XS_READ, nulStrings("/shared/missing"))).toBe("ENOENT");
    expect(g2.errno(W.XS_READ, nulStrings("/shared/missing"))).toBe("EACCES");
    expect(g2.errno(W.XS_READ, nulStrings("/tool/nothing"))).toBe("EACCES");
  });

  it("SET_PERMS needs ownership: a writer that is not the owner gets EACCES", () => {
    const { g1 } = world(["n0", "b1"]);
    expect(g1.errno(W.XS_SET_PERMS, nulStrings("/shared/node", "b1"))).toBe("EACCES");
  });

  it("a domain may change the entries of its own node but not hand it to another owner (EPERM)", () => {
    const { g1, tool } = world(["n1"]);
    g1.setPerms("/shared/node", "n1", "r2");
    expect(tool.getPerms("/shared/node")).toEqual([{ id: 1, perms: 0 }, { id: 2, perms: 1 }]);
    expect(g1.errno(W.XS_SET_PERMS, nulStrings("/shared/node", "n2"))).toBe("EPERM");
    expect(g1.errno(W.XS_SET_PERMS, nulStrings("/shared/node", "n0"))).toBe("EPERM");
    tool.setPerms("/shared/node", ["n2"]);
    expect(tool.getPerms("/shared/node")).toEqual([{ id: 2, perms: 0 }]);
  });

  it("SET_PERMS rejects malformed entries and a missing list with EINVAL", () => {
    const { tool, g1 } = world(["n1"]);
    for (const bad of [["x1"], ["r"], ["r-1"], ["r1x"], ["b70000"], ["r 1"]]) {
      expect(g1.errno(W.XS_SET_PERMS, nulStrings("/shared/node", ...bad)), bad[0]).toBe("EINVAL");
    }
    expect(g1.errno(W.XS_SET_PERMS, nulStrings("/shared/node"))).toBe("EINVAL");
    expect(tool.getPerms("/shared/node")).toEqual([{ id: 1, perms: 0 }]);
  });

  it("entries naming domains that do not exist are kept but never match; such an owner is ENOENT", () => {
    const w = world(["n0"]);
    w.tool.setPerms("/shared/node", ["n0", "r42"]);
    expect(w.tool.getPerms("/shared/node")).toEqual([{ id: 0, perms: 0 }, { id: 42, perms: 1 }]);
    // Domain 42 now appears (e.g. created later with that id): the old entry stays ignored.
    const g42 = w.guest(42);
    expect(g42.errno(W.XS_READ, nulStrings("/shared/node"))).toBe("EACCES");
    expect(() => w.tool.setPerms("/shared/node", ["n77"])).toThrow(/ENOENT/);
  });

  it("a new domain reusing an id does not inherit what was granted to the old one", () => {
    const w = world(["n0", "r1"]);
    expect(w.g1.read("/shared/node")).toBe("secret");
    w.xs.domainDestroyed(1);
    w.plat.removeDomain(1);
    const again = w.guest(1);
    expect(again.errno(W.XS_READ, nulStrings("/shared/node"))).toBe("EACCES");
    // Granting it afresh works.
    w.tool.setPerms("/shared/node", ["n0", "r1"]);
    expect(again.read("/shared/node")).toBe("secret");
  });

  it("SET_TARGET lets a domain act with its target's rights", () => {
    const { g1, g2, tool } = world(["n0", "b2"]);
    expect(g1.errno(W.XS_READ, nulStrings("/shared/node"))).toBe("EACCES");
    tool.request(W.XS_SET_TARGET, nulStrings("1", "2"));
    expect(g1.read("/shared/node")).toBe("secret");
    g2.write("/shared/node/by2", "x");
    expect(g1.read("/shared/node/by2")).toBe("x");   // owned by 2: the target's node
    expect(() => tool.request(W.XS_SET_TARGET, nulStrings("1", "9"))).toThrow(/ENOENT/);
  });

  it("a DOMID_ANY entry applies to every domain that has no entry of its own", () => {
    const { g1, g2, tool } = world(["n0"]);
    tool.setPerms("/shared/node", ["n0", "n1", `r${W.DOMID_ANY}`]);
    expect(g2.read("/shared/node")).toBe("secret");
    expect(g1.errno(W.XS_READ, nulStrings("/shared/node"))).toBe("EACCES");
  });

  it("a domain without the DOMID_ANY feature cannot grant DOMID_ANY", () => {
    const w = makeWorld();
    const page = w.plat.addDomain(4);
    w.tool.request(W.XS_SET_FEATURE, nulStrings("4", String(W.XENSTORE_SERVER_FEATURE_ERROR)));
    w.tool.introduce(4, gfnOf(4), 1);
    expect(new DataView(page.buffer).getUint32(W.XS_RING_SERVER_FEATURES, true)).toBe(W.XENSTORE_SERVER_FEATURE_ERROR);
    const g5 = w.guest(5);
    w.tool.mkdir("/d4");
    w.tool.setPerms("/d4", ["n4"]);
    const g4 = new RingClient(page, () => w.xs.service([w.plat.portOf(4)]));
    g4.write("/d4/k", "v");
    g4.setPerms("/d4/k", "n4", `r${W.DOMID_ANY}`);
    expect(g5.errno(W.XS_READ, nulStrings("/d4/k"))).toBe("EACCES");
  });
});

function concatPath(path: string, value: string): Uint8Array {
  const p = nulStrings(path);
  const out = new Uint8Array(p.length + value.length);
  out.set(p);
  for (let i = 0; i < value.length; i++) out[p.length + i] = value.charCodeAt(i);
  return out;
}
