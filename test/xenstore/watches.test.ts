// Watches: the initial event, which changes fire which watches, depth, relative
// paths, permission filtering, coalescing, and the special @ watches.

import { describe, expect, it } from "vitest";
import { makeWorld, type RingClient } from "../helpers/xenstore.js";
import { nulStrings } from "../../src/xenstore/payload.js";
import * as W from "../../src/xenstore/xs-wire.js";

const paths = (evs: { path: string }[]) => evs.map((e) => e.path);

/** A world where domain 5 owns its home. */
function home() {
  const w = makeWorld();
  const g = w.guest(5);
  w.tool.mkdir("/local/domain/5");
  w.tool.setPerms("/local/domain/5", ["n5"]);
  return { ...w, g };
}

describe("xenstore watches", () => {
  it("WATCH answers OK and then fires once for the watched path itself", () => {
    const { tool } = makeWorld();
    tool.watch("/not/there/yet", "tok");
    expect(tool.takeEvents()).toEqual([{ path: "/not/there/yet", token: "tok" }]);
    expect(tool.takeEvents()).toEqual([]);
  });

  it("the OK reply comes before the initial event on the ring", () => {
    const { g } = home();
    const id = g.send(W.XS_WATCH, nulStrings("data", "t"));
    g.kick();
    const before = g.u32(W.XS_RING_RSP_PROD);
    expect(before).toBeGreaterThan(16);
    const first = W.decodeHeader(g.page.slice(W.XS_RING_RSP, W.XS_RING_RSP + 16));
    expect(first.type).toBe(W.XS_WATCH);
    expect(first.reqId).toBe(id);
    g.collect();
    expect(g.events).toEqual([{ path: "data", token: "t" }]);
  });

  it("a change fires watches on the node and above it, not on children or siblings", () => {
    const { tool } = makeWorld();
    tool.write("/a/b/c", "");
    tool.write("/a/x", "");
    for (const p of ["/", "/a", "/a/b", "/a/b/c", "/a/b/c/d", "/a/x"]) tool.watch(p, p);
    tool.takeEvents();
    tool.write("/a/b/c", "new");
    expect(tool.takeEvents().map((e) => e.token).sort()).toEqual(["/", "/a", "/a/b", "/a/b/c"]);
  });

  it("depth limits the levels below the watched node that match", () => {
    const { tool } = makeWorld();
    tool.watch("/d", "d0", 0);
    tool.watch("/d", "d1", 1);
    tool.watch("/d", "d2", 2);
    tool.watch("/", "root1", 1);
    tool.takeEvents();
    tool.write("/d", "");
    expect(tool.takeEvents().map((e) => e.token).sort()).toEqual(["d0", "d1", "d2", "root1"]);
    tool.write("/d/e", "");
    expect(tool.takeEvents().map((e) => e.token).sort()).toEqual(["d1", "d2"]);
    tool.write("/d/e/f", "");
    expect(tool.takeEvents().map((e) => e.token)).toEqual(["d2"]);
    tool.write("/d/e/f/g", "");
    expect(tool.takeEvents()).toEqual([]);
  });

  it("a depth argument is refused without the watch-depth feature, and must be a number", () => {
    const w = makeWorld({ features: W.XENSTORE_SERVER_FEATURE_ERROR });
    expect(() => w.tool.watch("/a", "t", 1)).toThrow(/EINVAL/);
    const w2 = makeWorld();
    expect(() => w2.tool.request(W.XS_WATCH, nulStrings("/a", "t", "x"))).toThrow(/EINVAL/);
    expect(() => w2.tool.request(W.XS_WATCH, nulStrings("/a", "t", "-1"))).toThrow(/EINVAL/);
  });

  it("RM fires for each removed node: exact for those below, subtree for the removed root", () => {
    const { tool } = makeWorld();
    tool.write("/r/s/t", "");
    tool.watch("/r/s/t", "deep");
    tool.watch("/r", "top");
    tool.watch("/r/s/t/u", "below-missing");
    tool.takeEvents();
    tool.rm("/r/s");
    const evs = tool.takeEvents();
    expect(evs).toContainEqual({ path: "/r/s/t", token: "deep" });
    expect(evs).toContainEqual({ path: "/r/s", token: "top" });
    // The watch on /r does not hear of /r/s/t separately (exact match only below the root).
    expect(evs.filter((e) => e.token === "top")).toHaveLength(1);
    expect(evs.some((e) => e.token === "below-missing")).toBe(false);
  });

  it("a relative watch reports relative paths", () => {
    const { g, tool } = home();
    g.watch("data", "rel");
    g.watch("/local/domain/5/data", "abs");
    g.takeEvents();
    tool.write("/local/domain/5/data/k", "v");
    expect(g.takeEvents()).toEqual([{ path: "data/k", token: "rel" }, { path: "/local/domain/5/data/k", token: "abs" }]);
  });

  it("a domain does not hear of changes to nodes it cannot read", () => {
    const { g, tool } = home();
    g.watch("/", "everything");
    g.takeEvents();
    tool.write("/private/x", "1");                       // n0: not readable
    tool.write("/local/domain/5/mine", "1");             // its own
    expect(paths(g.takeEvents())).toEqual(["/local/domain/5/mine"]);
  });

  it("an event is permitted if the parent is readable, or the node was readable before a SET_PERMS", () => {
    const { g, tool } = home();
    tool.write("/pub/child", "1");
    tool.setPerms("/pub", ["n0", "r5"]);
    tool.setPerms("/pub/child", ["n0"]);
    g.watch("/pub", "w");
    g.takeEvents();
    tool.write("/pub/child", "2");                       // child unreadable, parent readable
    expect(paths(g.takeEvents())).toEqual(["/pub/child"]);
    tool.setPerms("/pub", ["n0", "r5"]);
    g.takeEvents();
    tool.setPerms("/pub", ["n0"]);                       // loses read: still told, once
    expect(paths(g.takeEvents())).toEqual(["/pub"]);
    tool.write("/pub/child", "3");
    expect(g.takeEvents()).toEqual([]);
  });

  it("identical events still queued are coalesced; different ones are not", () => {
    const { g, tool } = home();
    g.watch("data", "w");
    g.takeEvents();
    // Fill the response ring so events stay queued: the guest does not read for a while.
    for (let i = 0; i < 100; i++) tool.write("/local/domain/5/data/same", String(i));
    tool.write("/local/domain/5/data/other", "x");
    const evs = g.takeEvents();
    expect(evs.filter((e) => e.path === "data/same").length).toBeLessThan(100);
    expect(evs.filter((e) => e.path === "data/other")).toHaveLength(1);
  });

  it("a duplicate (path, token) is EEXIST; UNWATCH of an unknown watch is ENOENT; after UNWATCH no events", () => {
    const { tool } = makeWorld();
    tool.watch("/w", "t");
    expect(() => tool.watch("/w", "t")).toThrow(/EEXIST/);
    tool.watch("/w", "t2");
    expect(() => tool.unwatch("/w", "nope")).toThrow(/ENOENT/);
    tool.unwatch("/w", "t");
    tool.takeEvents();
    tool.write("/w", "");
    expect(tool.takeEvents()).toEqual([{ path: "/w", token: "t2" }]);
  });

  it("the tx_id of WATCH is ignored, even if it names no transaction", () => {
    const { g } = home();
    expect(g.errno(W.XS_WATCH, nulStrings("data", "t"), 12345)).toBe("OK");
  });

  it("changes in a transaction fire at commit, and not at all when it is aborted", () => {
    const { tool } = makeWorld();
    tool.watch("/t", "w");
    tool.takeEvents();
    const t1 = tool.transactionStart();
    tool.write("/t/a", "1", t1);
    expect(tool.takeEvents()).toEqual([]);
    tool.transactionEnd(t1, true);
    expect(tool.takeEvents()).toEqual([{ path: "/t/a", token: "w" }]);
    const t2 = tool.transactionStart();
    tool.write("/t/b", "1", t2);
    tool.transactionEnd(t2, false);
    expect(tool.takeEvents()).toEqual([]);
  });

  it("RESET_WATCHES drops every watch and transaction of the caller", () => {
    const { g, tool } = home();
    g.watch("data", "w");
    const tx = g.start();
    g.takeEvents();
    g.req(W.XS_RESET_WATCHES, nulStrings(""));
    tool.write("/local/domain/5/data/x", "1");
    expect(g.takeEvents()).toEqual([]);
    expect(g.errno(W.XS_READ, nulStrings("data"), tx)).toBe("ENOENT");
  });

  it("@introduceDomain and @releaseDomain reach privileged watchers; depth 1 adds the domid", () => {
    const w = makeWorld();
    w.tool.watch("@introduceDomain", "intro");
    w.tool.watch("@releaseDomain", "rel");
    w.tool.watch("@releaseDomain", "rel-dom", 1);
    w.tool.takeEvents();
    w.guest(3);
    expect(w.tool.takeEvents()).toEqual([{ path: "@introduceDomain", token: "intro" }]);
    w.xs.domainDestroyed(3);
    expect(w.tool.takeEvents()).toEqual([{ path: "@releaseDomain", token: "rel" }, { path: "@releaseDomain/3", token: "rel-dom" }]);
  });

  it("@releaseDomain/<domid> watches one domain", () => {
    const w = makeWorld();
    w.guest(3);
    w.guest(4);
    w.tool.watch("@releaseDomain/4", "four");
    w.tool.takeEvents();
    w.xs.domainDestroyed(3);
    expect(w.tool.takeEvents()).toEqual([]);
    w.xs.domainDestroyed(4);
    expect(w.tool.takeEvents()).toEqual([{ path: "@releaseDomain/4", token: "four" }]);
  });

  it("a domain hears special events only if @…'s permissions let it read the node", () => {
    const w = makeWorld();
    const g: RingClient = w.guest(5);
    g.watch("@introduceDomain", "i");
    g.takeEvents();
    w.guest(6);
    expect(g.takeEvents()).toEqual([]);
    w.tool.setPerms("@introduceDomain", ["n0", "r5"]);
    expect(g.takeEvents()).toEqual([{ path: "@introduceDomain", token: "i" }]);   // the SET_PERMS itself
    w.guest(7);
    expect(g.takeEvents()).toEqual([{ path: "@introduceDomain", token: "i" }]);
  });

  it("a shutdown fires @releaseDomain once, again only after RESUME", () => {
    const w = makeWorld();
    w.guest(3);
    w.tool.watch("@releaseDomain", "rel");
    w.tool.takeEvents();
    w.xs.domainShutdown(3);
    w.xs.domainShutdown(3);
    expect(w.tool.takeEvents()).toHaveLength(1);
    w.tool.request(W.XS_RESUME, nulStrings("3"));
    w.xs.domainShutdown(3);
    expect(w.tool.takeEvents()).toHaveLength(1);
  });
});
