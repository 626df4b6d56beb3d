// xenstored's node operations and path rules, without the core.

import { describe, expect, it } from "vitest";
import { makeWorld } from "../helpers/xenstore.js";
import { XsError } from "../../src/xenstore/errors.js";
import { concat, getStrings, nulStrings } from "../../src/xenstore/payload.js";
import * as W from "../../src/xenstore/xs-wire.js";

const errnoOf = (f: () => unknown): string => {
  try { f(); return "OK"; } catch (e) { if (e instanceof XsError) return e.errno; throw e; }
};

describe("xenstored store", () => {
  it("starts with /, /tool, /tool/xenstored and the special nodes, all dom0's and n0", () => {
    const { tool } = makeWorld();
    expect(tool.directory("/")).toEqual(["tool"]);
    expect(tool.directory("/tool")).toEqual(["xenstored"]);
    for (const p of ["/", "/tool", "/tool/xenstored", "@releaseDomain", "@introduceDomain"]) {
      expect(tool.getPerms(p), p).toEqual([{ id: 0, perms: 0 }]);
    }
  });

  it("WRITE creates missing parents with empty values; READ returns the bytes without a NUL", () => {
    const { tool } = makeWorld();
    tool.write("/a/b/c", "value");
    expect(tool.read("/a/b/c")).toEqual(new TextEncoder().encode("value"));
    expect(tool.readString("/a/b")).toBe("");
    expect(tool.directory("/a")).toEqual(["b"]);
    expect(tool.directory("/")).toEqual(["tool", "a"]);
  });

  it("values are binary-safe: NULs inside a WRITE value come back from READ", () => {
    const { tool } = makeWorld();
    const v = Uint8Array.of(0, 1, 0, 255, 0);
    tool.write("/bin", v);
    expect(tool.read("/bin")).toEqual(v);
  });

  it("READ of a missing node is ENOENT", () => {
    const { tool } = makeWorld();
    expect(errnoOf(() => tool.read("/nope"))).toBe("ENOENT");
  });

  it("MKDIR creates a node once and leaves an existing node's value alone", () => {
    const { tool } = makeWorld();
    tool.mkdir("/d/e");
    expect(tool.readString("/d/e")).toBe("");
    tool.write("/d", "kept");
    tool.mkdir("/d");
    expect(tool.readString("/d")).toBe("kept");
    expect(tool.directory("/d")).toEqual(["e"]);
  });

  it("RM removes a whole subtree; a missing node is fine if its parent exists, else ENOENT; / is EINVAL", () => {
    const { tool, xs } = makeWorld();
    tool.write("/x/y/z", "1");
    tool.write("/x/w", "2");
    tool.rm("/x/y");
    expect(tool.directory("/x")).toEqual(["w"]);
    expect(errnoOf(() => tool.read("/x/y/z"))).toBe("ENOENT");
    expect(errnoOf(() => tool.rm("/x/gone"))).toBe("OK");
    expect(errnoOf(() => tool.rm("/nothere/gone"))).toBe("ENOENT");
    expect(errnoOf(() => tool.rm("/"))).toBe("EINVAL");
    expect(xs.checkStore()).toBeUndefined();
  });

  it("DIRECTORY lists leaf names in creation order, and nothing for a leaf", () => {
    const { tool } = makeWorld();
    for (const n of ["c", "a", "b"]) tool.write(`/dir/${n}`, n);
    expect(tool.directory("/dir")).toEqual(["c", "a", "b"]);
    expect(tool.directory("/dir/a")).toEqual([]);
  });

  it("a reply longer than 4096 bytes is E2BIG, and DIRECTORY_PART pages the same list", () => {
    const { tool } = makeWorld();
    const names = Array.from({ length: 150 }, (_, i) => `child-with-a-rather-long-name-${String(i).padStart(3, "0")}`);
    for (const n of names) tool.mkdir(`/big/${n}`);
    expect(errnoOf(() => tool.directory("/big"))).toBe("E2BIG");
    const got: string[] = [];
    let gen: string | undefined;
    let off = 0;
    for (let pages = 0; pages < 10; pages++) {
      const reply = tool.request(W.XS_DIRECTORY_PART, nulStrings("/big", String(off)));
      expect(reply.length).toBeLessThanOrEqual(4096);
      const nul = reply.indexOf(0);
      const g = new TextDecoder().decode(reply.subarray(0, nul));
      if (gen !== undefined) expect(g).toBe(gen);
      gen = g;
      const body = reply.subarray(nul + 1);
      const end = body.length > 0 && body[body.length - 1] === 0 && (body.length === 1 || body[body.length - 2] === 0);
      const strs = getStrings(end ? body.subarray(0, body.length - 1) : body).strings;
      got.push(...strs);
      off += strs.reduce((s, x) => s + x.length + 1, 0);
      if (end) break;
    }
    expect(got).toEqual(names);
    // An offset at or past the end answers "gencnt\0\0".
    const past = tool.request(W.XS_DIRECTORY_PART, nulStrings("/big", "999999"));
    expect(past).toEqual(concat([nulStrings(gen!), new Uint8Array(1)]));
  });

  it("the generation in DIRECTORY_PART changes when the directory changes", () => {
    const { tool } = makeWorld();
    tool.mkdir("/g/a");
    const gen = () => getStrings(tool.request(W.XS_DIRECTORY_PART, nulStrings("/g", "0"))).strings[0];
    const g1 = gen();
    expect(gen()).toBe(g1);
    tool.mkdir("/g/b");
    expect(Number(gen())).toBeGreaterThan(Number(g1));
  });

  it("a domain's relative paths live below /local/domain/<id>, which GET_DOMAIN_PATH names", () => {
    const w = makeWorld();
    const g = w.guest(7);
    w.tool.mkdir("/local/domain/7");
    w.tool.setPerms("/local/domain/7", ["n7"]);
    g.write("data/k", "v");
    expect(w.tool.readString("/local/domain/7/data/k")).toBe("v");
    expect(g.read("/local/domain/7/data/k")).toBe("v");
    expect(getStrings(g.req(W.XS_GET_DOMAIN_PATH, nulStrings("7"))).strings).toEqual(["/local/domain/7"]);
    expect(w.tool.getDomainPath(12)).toBe("/local/domain/12");
  });

  it("path rules: bad characters, '//', a trailing '/', and the empty path are EINVAL", () => {
    const { tool } = makeWorld();
    for (const bad of ["/a b", "/a//b", "/a/", "", "/a.b", "/ä", "/a\tb"]) {
      expect(errnoOf(() => tool.write(bad, "x")), JSON.stringify(bad)).toBe("EINVAL");
    }
    expect(errnoOf(() => tool.write("/ok-_/Z9", "x"))).toBe("OK");
  });

  it("special '@' names are refused by node operations and accepted by GET_PERMS and WATCH", () => {
    const { tool } = makeWorld();
    expect(errnoOf(() => tool.write("@releaseDomain", "x"))).toBe("EINVAL");
    expect(errnoOf(() => tool.read("@introduceDomain"))).toBe("EINVAL");
    expect(errnoOf(() => tool.getPerms("@releaseDomain"))).toBe("OK");
    expect(errnoOf(() => tool.watch("@releaseDomain", "t"))).toBe("OK");
  });

  it("paths longer than 3072 bytes are EINVAL even for dom0", () => {
    const { tool } = makeWorld();
    const long = "/" + Array.from({ length: 400 }, () => "abcdefg").join("/");
    expect(long.length).toBeGreaterThan(3072);
    expect(errnoOf(() => tool.write(long, "x"))).toBe("EINVAL");
    expect(errnoOf(() => tool.write(long.slice(0, 3000), "x"))).toBe("OK");
  });

  it("after a mix of operations every node is listed exactly once by its parent", () => {
    const { tool, xs } = makeWorld();
    for (let i = 0; i < 50; i++) {
      tool.write(`/m/${i % 7}/${i % 5}/${i}`, String(i));
      if (i % 3 === 0) tool.rm(`/m/${i % 7}/${(i + 1) % 5}`);
      if (i % 11 === 0) tool.transaction((t) => { tool.write(`/m/t${i}`, "x", t); tool.rm(`/m/${i % 7}`, t); });
    }
    expect(xs.checkStore()).toBeUndefined();
  });
});
