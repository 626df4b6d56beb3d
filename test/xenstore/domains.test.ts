// Domains in xenstore: introduction and release, what a destroyed domain leaves
// behind, the toolstack's per-domain tree, features and CONTROL.

import { describe, expect, it } from "vitest";
import { makeWorld, gfnOf, RingClient } from "../helpers/xenstore.js";
import { createDomainTree, removeDomainTree } from "../../src/xenstore/domain-tree.js";
import { getStrings, nulStrings } from "../../src/xenstore/payload.js";
import { formatPerms } from "../../src/xenstore/perms.js";
import * as W from "../../src/xenstore/xs-wire.js";

const info = (domid: number) => ({
  domid, name: `dom${domid}`, uuid: `00000000-0000-0000-0000-${String(domid).padStart(12, "0")}`,
  targetKiB: 4096, maxKiB: 8192, vcpus: 2, storeMfn: gfnOf(domid), storePort: 1,
});

describe("xenstore domains", () => {
  it("the toolstack's tree has libxl's layout and permissions", () => {
    const w = makeWorld();
    w.plat.addDomain(4);
    createDomainTree(w.tool, info(4));
    const perms = (p: string) => formatPerms(w.tool.getPerms(p));
    expect(perms("/local/domain/4")).toBe("n0,r4");
    expect(perms("/vm/00000000-0000-0000-0000-000000000004")).toBe("n0,r4");
    expect(perms("/libxl/4")).toBe("n0");
    expect(perms("/local/domain/4/control/shutdown")).toBe("n4");
    expect(perms("/local/domain/4/data")).toBe("n4");
    expect(perms("/local/domain/4/device/suspend/event-channel")).toBe("n4");
    expect(perms("/local/domain/4/memory")).toBe("n0,r4");
    expect(w.tool.readString("/local/domain/4/name")).toBe("dom4");
    expect(w.tool.readString("/local/domain/4/domid")).toBe("4");
    expect(w.tool.readString("/local/domain/4/memory/target")).toBe("4096");
    expect(w.tool.readString("/local/domain/4/memory/static-max")).toBe("8192");
    expect(w.tool.readString("/local/domain/4/store/ring-ref")).toBe(String(gfnOf(4)));
    expect(w.tool.directory("/local/domain/4/cpu")).toEqual(["0", "1"]);
    expect(w.tool.readString("/local/domain/4/cpu/1/availability")).toBe("online");
    expect(w.tool.readString("/local/domain/4/vm")).toBe("/vm/00000000-0000-0000-0000-000000000004");
    expect(w.tool.readString("/libxl/4/type")).toBe("pv");
    expect(w.xs.checkStore()).toBeUndefined();
  });

  it("a domain can read its tree and write only its own parts", () => {
    const w = makeWorld();
    w.plat.addDomain(4);
    createDomainTree(w.tool, info(4));
    w.tool.introduce(4, gfnOf(4), 1);
    const g = new RingClient(w.plat.pages.get(4)!, () => w.xs.service([w.plat.portOf(4)]));
    expect(g.read("name")).toBe("dom4");
    expect(g.errno(W.XS_WRITE, nulStrings("name"))).toBe("EACCES");
    expect(g.errno(W.XS_WRITE, nulStrings("newkey"))).toBe("EACCES");
    expect(g.errno(W.XS_WRITE, nulStrings("control/shutdown"))).toBe("OK");
    expect(g.errno(W.XS_WRITE, nulStrings("data/mine"))).toBe("OK");
    expect(g.errno(W.XS_READ, nulStrings("/libxl/4/type"))).toBe("EACCES");
    expect(g.errno(W.XS_READ, nulStrings("/local/domain/0"))).toBe("EACCES");
  });

  it("recreating the tree for a domain id replaces what was there", () => {
    const w = makeWorld();
    w.plat.addDomain(4);
    createDomainTree(w.tool, info(4));
    w.tool.write("/local/domain/4/leftover", "x");
    createDomainTree(w.tool, info(4));
    expect(w.tool.tryRead("/local/domain/4/leftover")).toBeUndefined();
  });

  it("removeDomainTree takes away the home, /vm and /libxl entries", () => {
    const w = makeWorld();
    w.plat.addDomain(4);
    createDomainTree(w.tool, info(4));
    removeDomainTree(w.tool, 4, info(4).uuid);
    expect(w.tool.directory("/local/domain")).toEqual([]);
    expect(w.tool.directory("/vm")).toEqual([]);
    expect(w.tool.directory("/libxl")).toEqual([]);
  });

  it("a destroyed domain's own nodes go with it, wherever they are; dom0's stay", () => {
    const w = makeWorld();
    const g = w.guest(6);
    w.tool.mkdir("/shared");
    w.tool.setPerms("/shared", ["n0", "w6"]);
    g.write("/shared/by6/deep", "x");
    w.tool.write("/shared/by0", "y");
    expect(w.xs.store.ownedBy(6)).toBe(2);
    w.tool.watch("/shared", "w");
    w.tool.takeEvents();
    w.xs.domainDestroyed(6);
    expect(w.tool.directory("/shared")).toEqual(["by0"]);
    expect(w.xs.store.ownedBy(6)).toBe(0);
    expect(w.tool.takeEvents().map((e) => e.path)).toContain("/shared/by6");
    expect(w.xs.introducedDomains()).not.toContain(6);
    expect(w.plat.bound.size).toBe(0);
  });

  it("RELEASE unbinds the port, drops the connection and fires @releaseDomain", () => {
    const w = makeWorld();
    const g = w.guest(6);
    w.tool.watch("@releaseDomain", "r");
    w.tool.takeEvents();
    w.tool.release(6);
    expect(w.tool.takeEvents()).toEqual([{ path: "@releaseDomain", token: "r" }]);
    expect(w.tool.isDomainIntroduced(6)).toBe(false);
    g.send(W.XS_GET_DOMAIN_PATH, nulStrings("6"));
    expect(() => g.kick()).toThrow();                    // its port is gone
    expect(() => w.tool.release(6)).toThrow(/ENOENT/);
  });

  it("a second INTRODUCE rebinds the event channel and starts the connection afresh", () => {
    const w = makeWorld();
    const g = w.guest(6);
    w.tool.mkdir("/local/domain/6");
    w.tool.setPerms("/local/domain/6", ["n6"]);
    g.watch("x", "w");
    g.takeEvents();
    const before = w.plat.portOf(6);
    w.tool.introduce(6, gfnOf(6), 2);
    expect(w.plat.portOf(6)).not.toBe(before);
    w.tool.write("/local/domain/6/x", "1");
    expect(g.takeEvents()).toEqual([]);
    expect(g.read("x")).toBe("1");
  });

  it("INTRODUCE of a domain that does not exist, or whose page cannot be mapped, fails", () => {
    const w = makeWorld();
    expect(() => w.tool.introduce(9, gfnOf(9), 1)).toThrow(/ENOENT/);
    w.plat.addDomain(9);
    expect(() => w.tool.introduce(9, 0x5555, 1)).toThrow(/EINVAL/);
    expect(w.tool.isDomainIntroduced(9)).toBe(false);
  });

  it("GET_FEATURE tells a domain its own features; SET_FEATURE narrows them before INTRODUCE only", () => {
    const w = makeWorld();
    const g = w.guest(6);
    expect(getStrings(g.req(W.XS_GET_FEATURE, nulStrings(""))).strings[0]).toBe("15");
    expect(g.errno(W.XS_GET_FEATURE, nulStrings("0"))).toBe("EACCES");
    expect(() => w.tool.request(W.XS_SET_FEATURE, nulStrings("6", "2"))).toThrow(/EBUSY/);
    w.plat.addDomain(7);
    w.tool.request(W.XS_SET_FEATURE, nulStrings("7", "6"));
    expect(getStrings(w.tool.request(W.XS_GET_FEATURE, nulStrings("7"))).strings[0]).toBe("6");
  });

  it("CONTROL: help lists the commands, check finds a consistent store, quota reports a domain", () => {
    const w = makeWorld();
    w.guest(6);
    const ctl = (...a: string[]) => getStrings(w.tool.request(W.XS_CONTROL, nulStrings(...a))).strings[0];
    expect(ctl("help")).toContain("quota");
    expect(ctl("check")).toBe("OK");
    expect(ctl("quota", "6")).toMatch(/^Domain 6:\n(.*\n)*watches\s+: 0 \(max 128\)/);
    expect(ctl("quota")).toContain("nodes            : 1000");
  });
});
