// The host as domain 0: mapping and copying guests' grants through the core exports,
// with the checks a dom0 kernel faces.

import { describe, expect, it } from "vitest";
import { GrantError } from "../../src/core/core.js";
import { grantPair, fillFrame, frameText, GTF, GNTST, PIN } from "./grant-env.js";

describe("grant operations of the host (domain 0)", () => {
  it("maps the console page through grant 0, which the builder granted it, and holds the mapping's references", async () => {
    const { a } = await grantPair();
    const core = a.g.core;
    const con = a.g.built.consoleMfn;
    const c0 = a.count(con), t0 = a.typeCount(con); // the guest's own writable mapping of it
    const m = core.mapGrant(1, 0, false);
    expect(m.mfn).toBe(con);
    expect(m.page[3088]).toBe(1); // the builder left the console disconnected
    expect([a.count(con), a.typeCount(con)]).toEqual([c0 + 1, t0 + 1]);
    expect(core.grantActive(1, 0)).toEqual({ pin: PIN.hstw, domid: 0, mfn: con });
    expect(a.entry(0).flags).toBe(GTF.permit_access | GTF.reading | GTF.writing);
    expect(core.mmCheck()).toBeUndefined();
    core.unmapGrant(m.handle);
    expect([a.count(con), a.typeCount(con)]).toEqual([c0, t0]);
    expect(a.entry(0).flags).toBe(GTF.permit_access);
    expect(() => core.unmapGrant(m.handle)).toThrow(/GNTST_bad_handle/);
  });

  it("faces the same checks: a grant to another domain, a read-only grant mapped writable, a ref out of range", async () => {
    const { a } = await grantPair();
    const core = a.g.core;
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    a.grant(9, 0, a.spare(1), GTF.permit_access | GTF.readonly);
    const status = (f: () => unknown) => { try { f(); return 0; } catch (e) { return (e as GrantError).status; } };
    expect(status(() => core.mapGrant(1, 8, false))).toBe(GNTST.general_error);
    expect(status(() => core.mapGrant(1, 9, false))).toBe(GNTST.general_error);
    expect(status(() => core.mapGrant(1, 4096, true))).toBe(GNTST.bad_gntref);
    expect(status(() => core.mapGrant(42, 0, true))).toBe(GNTST.bad_domain);
    const ro = core.mapGrant(1, 9, true);
    expect(a.typeCount(a.spare(1))).toBe(0);
    core.unmapGrant(ro.handle);
  });

  it("copies between guest grants and its own pages, with per-operation status", async () => {
    const { a, b } = await grantPair();
    const core = a.g.core;
    fillFrame(a, a.spare(0), "to the host");
    a.grant(8, 0, a.spare(0), GTF.permit_access);
    b.grant(8, 0, b.spare(0), GTF.permit_access);
    const host = core.hostPage(3);
    host.set(Array.from("from the host", (c) => c.charCodeAt(0)), 100);
    const st = core.copyGrants([
      { source: { domid: 1, ref: 8, offset: 0 }, dest: { hostPage: 2, offset: 10 }, len: 11 },
      { source: { hostPage: 3, offset: 100 }, dest: { domid: 2, ref: 8, offset: 0 }, len: 13 },
      { source: { domid: 1, ref: 8, offset: 0 }, dest: { domid: 2, ref: 8, offset: 4090 }, len: 7 },
      { source: { domid: 1, ref: 9, offset: 0 }, dest: { hostPage: 2, offset: 0 }, len: 1 },
      { source: { hostPage: 16, offset: 0 }, dest: { domid: 2, ref: 8, offset: 0 }, len: 1 },
    ]);
    expect(st).toEqual([GNTST.okay, GNTST.okay, GNTST.bad_copy_arg, GNTST.general_error, GNTST.general_error]);
    expect(String.fromCharCode(...core.hostPage(2).subarray(10, 21))).toBe("to the host");
    expect(frameText(b, b.spare(0), 0, 13)).toBe("from the host");
    expect(core.grantActive(1, 8).pin).toBe(0);
    expect(core.mmCheck()).toBeUndefined();
  });

  it("a host mapping of a destroyed domain's grant stays usable until unmapped, which frees the frame", async () => {
    const { a } = await grantPair();
    const core = a.g.core;
    const con = a.g.built.consoleMfn;
    const m = core.mapGrant(1, 0, false);
    m.page[0] = 0x41;
    core.destroyDomain(1);
    expect(core.frameInfo(con).owner).toBe(0x7ff4);
    expect(m.page[0]).toBe(0x41);
    expect(core.mmCheck()).toBeUndefined();
    core.unmapGrant(m.handle);
    expect(core.frameInfo(con).countInfo).toBe(0);
    expect(core.mmCheck()).toBeUndefined();
  });
});
