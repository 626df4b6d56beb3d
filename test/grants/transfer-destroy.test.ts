// GNTTABOP_transfer, and destroying domains with grants mapped in either direction.

import { describe, expect, it } from "vitest";
import { grantPair, fillFrame, frameText, OP, GTF, GNTST, PIN } from "./grant-env.js";

const DOMID_INVALID = 0x7ff4;

/** XENMEM_decrease_reservation of one frame: makes room under the domain's max_pages. */
function balloonOut(d: Awaited<ReturnType<typeof grantPair>>["a"], mfn: number): void {
  const list = d.g.scratch + 0x800;
  d.g.putU32(list, mfn);
  const r = new Uint8Array(20);
  const dv = new DataView(r.buffer);
  dv.setUint32(0, list, true); dv.setUint32(4, 1, true); dv.setUint16(16, 0x7ff0, true);
  d.g.write(d.g.scratch + 0x900, r);
  expect(d.g.hc(12, 1, d.g.scratch + 0x900)).toBe(1);
}

function transfer(d: Awaited<ReturnType<typeof grantPair>>["a"], ops: { mfn: number; domid: number; ref: number }[]): number[] {
  const b = new Uint8Array(ops.length * 16);
  const dv = new DataView(b.buffer);
  ops.forEach((o, i) => { dv.setUint32(i * 16, o.mfn, true); dv.setUint16(i * 16 + 4, o.domid, true); dv.setUint32(i * 16 + 8, o.ref, true); dv.setInt16(i * 16 + 12, 0x5555, true); });
  const r = d.op(OP.transfer, b, ops.length);
  expect(r.rc).toBe(0);
  return ops.map((_, i) => r.out.getInt16(i * 16 + 12, true));
}

describe("grant transfer", () => {
  it("gives a frame to the domain that accepts it: new owner, M2P entry, MFN in the slot, GTF_transfer_completed", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    fillFrame(a, f, "moving house");
    b.grant(8, 1, 0x1234, GTF.accept_transfer); // the slot names the pfn the frame will back
    balloonOut(b, b.spare(0));
    const totA = a.g.core.domainInfo(1).totPages, totB = a.g.core.domainInfo(2).totPages;
    expect(transfer(a, [{ mfn: f, domid: 2, ref: 8 }])).toEqual([GNTST.okay]);
    expect(a.g.core.frameInfo(f)).toMatchObject({ owner: 2, countInfo: 0x80000001 });
    expect(a.g.core.m2p(f)).toBe(0x1234);
    expect(b.entry(8)).toEqual({ flags: GTF.accept_transfer | GTF.transfer_committed | GTF.transfer_completed, domid: 1, frame: f });
    expect(a.g.core.domainInfo(1).totPages).toBe(totA - 1);
    expect(a.g.core.domainInfo(2).totPages).toBe(totB + 1);
    expect(frameText(b, f, 0, 12)).toBe("moving house");
  });

  it("a frame that is mapped, pinned or not the sender's stays with its owner: GNTST_bad_page", async () => {
    const { a, b } = await grantPair();
    b.grant(8, 1, 0, GTF.accept_transfer);
    const mapped = a.g.mfnOfVa(a.g.scratch);
    const r = transfer(a, [{ mfn: mapped, domid: 2, ref: 8 }, { mfn: b.spare(0), domid: 2, ref: 8 }, { mfn: 0xfffff, domid: 2, ref: 8 }]);
    expect(r).toEqual([GNTST.bad_page, GNTST.bad_page, GNTST.bad_page]);
    expect(a.g.core.frameInfo(mapped).owner).toBe(1);
    expect(b.entry(8).flags).toBe(GTF.accept_transfer);
  });

  it("a slot that does not accept from the sender, or an unknown domain, costs the sender the frame", async () => {
    const { a, b } = await grantPair();
    b.grant(8, 3, 0, GTF.accept_transfer);
    b.grant(9, 1, 0, GTF.permit_access);
    const f0 = a.spare(0), f1 = a.spare(1), f2 = a.spare(2);
    const r = transfer(a, [{ mfn: f0, domid: 2, ref: 8 }, { mfn: f1, domid: 2, ref: 9 }, { mfn: f2, domid: 77, ref: 8 }]);
    expect(r).toEqual([GNTST.general_error, GNTST.general_error, GNTST.bad_domain]);
    for (const f of [f0, f1, f2]) expect(a.g.core.frameInfo(f)).toMatchObject({ owner: DOMID_INVALID, countInfo: 0 });
    expect(b.entry(8).flags).toBe(GTF.accept_transfer);
  });

  it("a recipient at its max_pages cannot take the frame: GNTST_general_error", async () => {
    const { a, b } = await grantPair();
    b.grant(8, 1, 0, GTF.accept_transfer);
    // Domain 3 has no room at all.
    a.g.core.createDomain(3, 1, 0);
    const f = a.spare(0);
    expect(transfer(a, [{ mfn: f, domid: 3, ref: 8 }])).toEqual([GNTST.general_error]);
  });
});

describe("destroying domains with grants mapped", () => {
  it("destroying the mapper releases its pins and clears the granter's flags", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    a.grant(8, 2, f, GTF.permit_access);
    const c0 = a.count(f);
    b.map([{ hostAddr: b.slot(0), flags: 2, ref: 8, dom: 1 }, { flags: 1 | 4, ref: 8, dom: 1 }]);
    expect(a.g.core.grantActive(1, 8).pin).toBe(PIN.hstw + PIN.devr);
    a.g.core.destroyDomain(2);
    expect(a.g.core.grantActive(1, 8).pin).toBe(0);
    expect(a.entry(8).flags).toBe(GTF.permit_access);
    expect([a.count(f), a.typeCount(f)]).toEqual([c0, 0]);
    expect(a.g.core.mmCheck()).toBeUndefined();
  });

  it("destroying the granter leaves the mapped frame alive; the mapper still unmaps it, which frees it", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    fillFrame(a, f, "survivor");
    a.grant(8, 2, f, GTF.permit_access);
    const m = b.map([{ hostAddr: b.slot(0), flags: 2, ref: 8, dom: 1 }]).res[0];
    a.g.core.destroyDomain(1);
    expect(a.g.core.frameInfo(f).owner).toBe(DOMID_INVALID);
    expect(a.g.core.frameInfo(f).countInfo & 0x3ffffff).toBe(1);
    expect(b.readVa(b.slot(0), 8)).toBe("survivor");
    expect(a.g.core.mmCheck()).toBeUndefined();
    // A new domain reusing id 1 does not inherit the old grant.
    a.g.core.createDomain(1, 1, 16);
    expect(b.map([{ hostAddr: b.slot(1), flags: 2, ref: 8, dom: 1 }]).res[0].status).toBe(GNTST.general_error);
    const free0 = a.g.core.freeFrames;
    expect(b.unmap([{ hostAddr: b.slot(0), handle: m.handle }]).status).toEqual([GNTST.okay]);
    expect(a.g.core.frameInfo(f)).toMatchObject({ owner: DOMID_INVALID, countInfo: 0 });
    expect(a.g.core.freeFrames).toBe(free0 + 1);
    expect(a.g.core.mmCheck()).toBeUndefined();
  });

  it("a mapper destroyed after its granter leaves nothing behind", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    a.grant(8, 2, f, GTF.permit_access);
    b.map([{ hostAddr: b.slot(0), flags: 2, ref: 8, dom: 1 }, { flags: 1, ref: 8, dom: 1 }]);
    const core = a.g.core;
    core.destroyDomain(1);
    core.destroyDomain(2);
    expect(core.frameInfo(f)).toMatchObject({ owner: DOMID_INVALID, countInfo: 0 });
    expect(core.mmCheck()).toBeUndefined();
  });
});
