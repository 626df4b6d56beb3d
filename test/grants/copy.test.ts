// GNTTABOP_copy: grant or own frame on either side, sub-page offsets and lengths,
// and the pins and references a copy must not leave behind.

import { describe, expect, it } from "vitest";
import { grantPair, fillFrame, frameText, GTF, GNTST, DOMID_SELF, HC_MMUEXT } from "./grant-env.js";

describe("grant copy", () => {
  it("copies from a grant into an own frame and from an own frame into a grant, at sub-page offsets", async () => {
    const { a, b } = await grantPair();
    const fa = a.spare(0), fb = b.spare(0);
    fillFrame(a, fa, "0123456789abcdef");
    a.grant(8, 2, fa, GTF.permit_access);
    const r = b.copy([
      { source: { ref: 8, domid: 1, offset: 4 }, dest: { gmfn: fb, domid: DOMID_SELF, offset: 100 }, len: 6 },
      { source: { gmfn: fb, domid: DOMID_SELF, offset: 100 }, dest: { ref: 8, domid: 1, offset: 4090 }, len: 6 },
    ]);
    expect(r).toEqual({ rc: 0, status: [GNTST.okay, GNTST.okay] });
    expect(frameText(b, fb, 100, 6)).toBe("456789");
    expect(frameText(a, fa, 4090, 6)).toBe("456789");
  });

  it("copies between two grants of different domains", async () => {
    const { a, b } = await grantPair();
    const fa = a.spare(0), fb = b.spare(0);
    fillFrame(a, fa, "from a");
    a.grant(8, 1, fa, GTF.permit_access);
    b.grant(9, 1, fb, GTF.permit_access);
    expect(a.copy([{ source: { ref: 8, domid: 1, offset: 0 }, dest: { ref: 9, domid: 2, offset: 0 }, len: 6 }]).status).toEqual([0]);
    expect(frameText(b, fb, 0, 6)).toBe("from a");
  });

  it("a copy beyond the page on either side is GNTST_bad_copy_arg and copies nothing", async () => {
    const { a, b } = await grantPair();
    const fa = a.spare(0), fb = b.spare(0);
    fillFrame(a, fa, "x".repeat(16), 4080);
    a.grant(8, 2, fa, GTF.permit_access);
    const r = b.copy([
      { source: { ref: 8, domid: 1, offset: 4090 }, dest: { gmfn: fb, domid: DOMID_SELF, offset: 0 }, len: 7 },
      { source: { ref: 8, domid: 1, offset: 0 }, dest: { gmfn: fb, domid: DOMID_SELF, offset: 4095 }, len: 2 },
      { source: { ref: 8, domid: 1, offset: 0 }, dest: { gmfn: fb, domid: DOMID_SELF, offset: 0 }, len: 4097 },
      { source: { ref: 8, domid: 1, offset: 4096 }, dest: { gmfn: fb, domid: DOMID_SELF, offset: 0 }, len: 0 },
      { source: { ref: 8, domid: 1, offset: 4096 }, dest: { gmfn: fb, domid: DOMID_SELF, offset: 4096 }, len: 0 },
    ]);
    expect(r.status).toEqual([GNTST.bad_copy_arg, GNTST.bad_copy_arg, GNTST.bad_copy_arg, GNTST.okay, GNTST.okay]);
    expect(frameText(b, fb, 0, 1)).toBe("\0");
    expect(a.g.core.grantActive(1, 8).pin).toBe(0);
  });

  it("leaves no pin and clears GTF_reading and GTF_writing after each operation", async () => {
    const { a, b } = await grantPair();
    const fa = a.spare(0);
    a.grant(8, 2, fa, GTF.permit_access);
    const c0 = a.count(fa);
    b.copy([{ source: { gmfn: b.spare(0), domid: DOMID_SELF, offset: 0 }, dest: { ref: 8, domid: 1, offset: 0 }, len: 64 }]);
    expect(a.entry(8).flags).toBe(GTF.permit_access);
    expect(a.g.core.grantActive(1, 8).pin).toBe(0);
    expect([a.count(fa), a.typeCount(fa)]).toEqual([c0, 0]);
  });

  it("a frame side naming another domain is GNTST_permission_denied; an unknown domain GNTST_bad_domain", async () => {
    const { a, b } = await grantPair();
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    const r = b.copy([
      { source: { gmfn: a.spare(0), domid: 1, offset: 0 }, dest: { gmfn: b.spare(0), domid: DOMID_SELF, offset: 0 }, len: 8 },
      { source: { ref: 8, domid: 1, offset: 0 }, dest: { gmfn: b.spare(0), domid: 1, offset: 0 }, len: 8 },
      { source: { ref: 8, domid: 99, offset: 0 }, dest: { gmfn: b.spare(0), domid: DOMID_SELF, offset: 0 }, len: 8 },
    ]);
    expect(r.status).toEqual([GNTST.permission_denied, GNTST.permission_denied, GNTST.bad_domain]);
  });

  it("a frame number the caller does not own is GNTST_bad_page; a bad ref GNTST_bad_gntref; an ungranted ref GNTST_general_error", async () => {
    const { a, b } = await grantPair();
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    const r = b.copy([
      { source: { gmfn: a.spare(0), domid: DOMID_SELF, offset: 0 }, dest: { gmfn: b.spare(0), domid: DOMID_SELF, offset: 0 }, len: 8 },
      { source: { ref: 4096, domid: 1, offset: 0 }, dest: { gmfn: b.spare(0), domid: DOMID_SELF, offset: 0 }, len: 8 },
      { source: { ref: 20, domid: 1, offset: 0 }, dest: { gmfn: b.spare(0), domid: DOMID_SELF, offset: 0 }, len: 8 },
    ]);
    expect(r.status).toEqual([GNTST.bad_page, GNTST.bad_gntref, GNTST.general_error]);
  });

  it("the destination must be writable: a read-only grant or a page-table frame refuses the copy", async () => {
    const { a, b } = await grantPair();
    a.grant(8, 2, a.spare(0), GTF.permit_access | GTF.readonly);
    const l1 = b.spare(1);
    const pin = new Uint8Array(12);
    new DataView(pin.buffer).setUint32(4, l1, true);
    b.g.write(b.g.scratch + 0x800, pin);
    expect(b.g.hc(HC_MMUEXT, b.g.scratch + 0x800, 1, 0, DOMID_SELF)).toBe(0);
    const r = b.copy([
      { source: { gmfn: b.spare(0), domid: DOMID_SELF, offset: 0 }, dest: { ref: 8, domid: 1, offset: 0 }, len: 8 },
      { source: { ref: 8, domid: 1, offset: 0 }, dest: { gmfn: l1, domid: DOMID_SELF, offset: 0 }, len: 8 },
      { source: { ref: 8, domid: 1, offset: 0 }, dest: { gmfn: b.spare(0), domid: DOMID_SELF, offset: 0 }, len: 8 },
    ]);
    expect(r.status).toEqual([GNTST.general_error, GNTST.general_error, GNTST.okay]);
    expect(a.entry(8).flags).toBe(GTF.permit_access | GTF.readonly);
  });

  it("copying from a grant the caller also has mapped keeps the mapping's pin", async () => {
    const { a, b } = await grantPair();
    const fa = a.spare(0);
    fillFrame(a, fa, "mapped");
    a.grant(8, 2, fa, GTF.permit_access);
    const m = b.map([{ hostAddr: b.slot(0), flags: 2 | 4, ref: 8, dom: 1 }]).res[0];
    expect(b.copy([{ source: { ref: 8, domid: 1, offset: 0 }, dest: { gmfn: b.spare(0), domid: DOMID_SELF, offset: 0 }, len: 6 }]).status).toEqual([0]);
    // A writable copy into it upgrades the flags only for the copy's duration.
    expect(b.copy([{ source: { gmfn: b.spare(0), domid: DOMID_SELF, offset: 0 }, dest: { ref: 8, domid: 1, offset: 8 }, len: 6 }]).status).toEqual([0]);
    expect(a.entry(8).flags).toBe(GTF.permit_access | GTF.reading);
    expect(a.g.core.grantActive(1, 8).pin).toBe(1 << 8);
    expect(frameText(b, b.spare(0), 0, 6)).toBe("mapped");
    expect(b.unmap([{ hostAddr: b.slot(0), handle: m.handle }]).status).toEqual([0]);
  });
});
