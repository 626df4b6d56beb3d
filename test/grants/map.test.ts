// GNTTABOP_map_grant_ref / unmap_grant_ref / unmap_and_replace: every rule of a
// grant mapping, with the references it holds; the MMU checker runs after each call.

import { describe, expect, it } from "vitest";
import { grantPair, fillFrame, frameText, OP, GTF, GNTMAP, GNTST, E, PIN, DOMID_SELF, HC_MMUEXT, HC_MEMORY_OP } from "./grant-env.js";

const RW_MAP = GNTMAP.host_map;
const RO_MAP = GNTMAP.host_map | GNTMAP.readonly;
const P = 1n, RW = 2n, US = 4n, NX = 1n << 63n;

describe("map_grant_ref: refusals", () => {
  it("mapping a ref that was never granted fails with GNTST_general_error and leaves no pin or flag", async () => {
    const { a, b } = await grantPair();
    const r = b.map([{ hostAddr: b.slot(0), flags: RW_MAP, ref: 9, dom: 1 }]);
    expect(r.rc).toBe(0);
    expect(r.res[0].status).toBe(GNTST.general_error);
    expect(a.g.core.grantActive(1, 9).pin).toBe(0);
    expect(a.entry(9).flags).toBe(0);
  });

  it("a grant to another domain, or of another type, is refused with GNTST_general_error", async () => {
    const { a, b } = await grantPair();
    a.grant(10, 3, a.spare(0), GTF.permit_access);
    a.grant(11, 2, a.spare(1), GTF.accept_transfer);
    const r = b.map([
      { hostAddr: b.slot(0), flags: RW_MAP, ref: 10, dom: 1 },
      { hostAddr: b.slot(1), flags: RW_MAP, ref: 11, dom: 1 },
    ]);
    expect(r.res.map((x) => x.status)).toEqual([GNTST.general_error, GNTST.general_error]);
    expect(a.entry(10).flags).toBe(GTF.permit_access);
  });

  it("a read-only grant mapped writable is refused and sets no flag; mapped read-only it works", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    a.grant(8, 2, f, GTF.permit_access | GTF.readonly);
    expect(b.map([{ hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]).res[0].status).toBe(GNTST.general_error);
    expect(a.entry(8).flags).toBe(GTF.permit_access | GTF.readonly);
    const ok = b.map([{ hostAddr: b.slot(0), flags: RO_MAP, ref: 8, dom: 1 }]).res[0];
    expect(ok.status).toBe(GNTST.okay);
    expect(a.entry(8).flags).toBe(GTF.permit_access | GTF.readonly | GTF.reading);
    // The entry maps the frame present, accessed, dirty, NX, without RW.
    expect(b.pte(b.slot(0))).toBe((BigInt(f) << 12n) | P | 0x60n | NX);
    // A hypervisor write through it faults like any write to a read-only page.
    expect(b.writeVa(b.slot(0))).toBe(E.EFAULT);
  });

  it("refuses a ref beyond the table (bad_gntref), an unknown or DOMID_SELF domain (bad_domain), no host/device flag (bad_gntref)", async () => {
    const { a, b } = await grantPair();
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    const r = b.map([
      { hostAddr: b.slot(0), flags: RW_MAP, ref: 512, dom: 1 },
      { hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: 77 },
      { hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: DOMID_SELF },
      { hostAddr: b.slot(0), flags: GNTMAP.readonly, ref: 8, dom: 1 },
    ]);
    expect(r.res.map((x) => x.status)).toEqual([GNTST.bad_gntref, GNTST.bad_domain, GNTST.bad_domain, GNTST.bad_gntref]);
    expect(a.entry(8).flags).toBe(GTF.permit_access);
    expect(b.g.core.grantTableInfo(2).liveHandles).toBe(0);
  });

  it("a frame the granter does not own gives GNTST_bad_page", async () => {
    const { a, b } = await grantPair();
    a.grant(8, 2, b.spare(0), GTF.permit_access);
    expect(b.map([{ hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]).res[0].status).toBe(GNTST.bad_page);
    expect(a.entry(8).flags).toBe(GTF.permit_access);
  });

  it("a host address with no L1 table, or an entry address not in an L1 of the caller, is GNTST_general_error and undone", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    a.grant(8, 2, f, GTF.permit_access);
    const c0 = a.count(f);
    const r = b.map([
      { hostAddr: 0x1000, flags: RW_MAP, ref: 8, dom: 1 },
      { hostAddr: b.pteAddr(b.slot(0)) + 4n, flags: RW_MAP | GNTMAP.contains_pte, ref: 8, dom: 1 },
      { hostAddr: BigInt(b.spare(0)) * 4096n, flags: RW_MAP | GNTMAP.contains_pte, ref: 8, dom: 1 },
      { hostAddr: 1n << 32n, flags: RW_MAP, ref: 8, dom: 1 },
    ]);
    expect(r.res.map((x) => x.status)).toEqual([GNTST.general_error, GNTST.general_error, GNTST.general_error, GNTST.general_error]);
    expect(a.count(f)).toBe(c0);
    expect(a.typeCount(f)).toBe(0);
    expect(a.g.core.grantActive(1, 8).pin).toBe(0);
    expect(a.entry(8).flags).toBe(GTF.permit_access);
  });

  it("a frame the granter uses as a page table cannot be mapped writable", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    const pin = new Uint8Array(12);
    new DataView(pin.buffer).setUint32(4, f, true); // MMUEXT_PIN_L1_TABLE
    a.g.write(a.g.scratch + 0x800, pin);
    expect(a.g.hc(HC_MMUEXT, a.g.scratch + 0x800, 1, 0, DOMID_SELF)).toBe(0);
    a.grant(8, 2, f, GTF.permit_access);
    expect(b.map([{ hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]).res[0].status).toBe(GNTST.general_error);
    expect(b.map([{ hostAddr: b.slot(0), flags: RO_MAP, ref: 8, dom: 1 }]).res[0].status).toBe(GNTST.okay);
  });

  it("the array must be readable: -EFAULT; a negative count or bits above the command: -EINVAL; unknown command: -ENOSYS", async () => {
    const { b } = await grantPair();
    expect(b.g.hc(20, OP.map, 0x1000, 1)).toBe(E.EFAULT);
    expect(b.g.hc(20, OP.map, b.g.scratch, 0x80000000)).toBe(E.EINVAL);
    expect(b.g.hc(20, OP.map | 0x1000, b.g.scratch, 1)).toBe(E.EINVAL);
    expect(b.g.hc(20, 13, b.g.scratch, 1)).toBe(E.ENOSYS);
    expect(b.g.hc(20, OP.map, 0xf5800000 - 16, 1)).toBe(E.EFAULT);
  });
});

describe("map_grant_ref: mappings", () => {
  it("a writable grant maps the granted frame at the host address: reads and writes reach the granter's page", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    fillFrame(a, f, "shared by a");
    a.grant(8, 2, f, GTF.permit_access);
    const c0 = a.count(f);
    const r = b.map([{ hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]).res[0];
    expect(r.status).toBe(GNTST.okay);
    expect(r.devBusAddr).toBe(BigInt(f) * 4096n);
    expect(b.pte(b.slot(0))).toBe((BigInt(f) << 12n) | P | RW | 0x60n | NX);
    expect(a.entry(8).flags).toBe(GTF.permit_access | GTF.reading | GTF.writing);
    expect(a.g.core.grantActive(1, 8)).toEqual({ pin: PIN.hstw, domid: 2, mfn: f });
    // A general and a writable type reference, held by b's L1 entry.
    expect(a.count(f)).toBe(c0 + 1);
    expect(a.typeCount(f)).toBe(1);
    expect(b.readVa(b.slot(0), 11)).toBe("shared by a");
    expect(b.writeVa(b.slot(0))).toBe(0);
    expect(frameText(a, f, 0, 9)).toBe(".0-pvwasm");
  });

  it("unmap clears the entry, drops the references and clears GTF_reading|GTF_writing; unmapping twice is GNTST_bad_handle", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    a.grant(8, 2, f, GTF.permit_access);
    const c0 = a.count(f);
    const { handle } = b.map([{ hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]).res[0];
    const u = b.unmap([{ hostAddr: b.slot(0), handle }]);
    expect(u).toEqual({ rc: 0, status: [GNTST.okay] });
    expect(b.pte(b.slot(0))).toBe(0n);
    expect([a.count(f), a.typeCount(f)]).toEqual([c0, 0]);
    expect(a.entry(8).flags).toBe(GTF.permit_access);
    expect(a.g.core.grantActive(1, 8).pin).toBe(0);
    expect(b.unmap([{ hostAddr: b.slot(0), handle }]).status).toEqual([GNTST.bad_handle]);
    expect(b.unmap([{ hostAddr: b.slot(0), handle: 1 << 20 }]).status).toEqual([GNTST.bad_handle]);
  });

  it("an unmap at an address that does not map the frame fails and keeps the mapping", async () => {
    const { a, b } = await grantPair();
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    const { handle } = b.map([{ hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]).res[0];
    expect(b.unmap([{ hostAddr: b.slot(1), handle }]).status).toEqual([GNTST.general_error]);
    expect(a.g.core.grantActive(1, 8).pin).toBe(PIN.hstw);
    expect(b.unmap([{ hostAddr: b.slot(0), handle }]).status).toEqual([GNTST.okay]);
  });

  it("two mappings of one grant pin it twice; GTF_writing stays until the last writable one goes", async () => {
    const { a, b } = await grantPair();
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    const r = b.map([
      { hostAddr: b.slot(0), flags: RO_MAP, ref: 8, dom: 1 },
      { hostAddr: b.slot(1), flags: RW_MAP, ref: 8, dom: 1 },
    ]).res;
    expect(r.map((x) => x.status)).toEqual([0, 0]);
    expect(r[0].handle).not.toBe(r[1].handle);
    expect(a.g.core.grantActive(1, 8).pin).toBe(PIN.hstr + PIN.hstw);
    b.unmap([{ hostAddr: b.slot(1), handle: r[1].handle }]);
    expect(a.entry(8).flags).toBe(GTF.permit_access | GTF.reading);
    b.unmap([{ hostAddr: b.slot(0), handle: r[0].handle }]);
    expect(a.entry(8).flags).toBe(GTF.permit_access);
  });

  it("a pinned grant is bound to its grantee: once pinned, the entry's domid no longer matters, another domain still cannot map it", async () => {
    const { a, b } = await grantPair();
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    b.map([{ hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]);
    a.grant(8, 1, a.spare(0), GTF.permit_access | GTF.reading | GTF.writing);
    // a itself, now named in the entry, is refused: the active entry belongs to b.
    expect(a.map([{ hostAddr: a.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]).res[0].status).toBe(GNTST.general_error);
    expect(b.map([{ hostAddr: b.slot(1), flags: RO_MAP, ref: 8, dom: 1 }]).res[0].status).toBe(GNTST.okay);
  });

  it("revoking while mapped: a granter that zeroes a pinned entry does not undo the mapping, and once it is unmapped the next map fails", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    a.grant(8, 2, f, GTF.permit_access);
    const m = b.map([{ hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]).res[0];
    // The polite revoke (cmpxchg only when neither GTF_reading nor GTF_writing) must
    // wait; a rude one just writes 0.
    expect(a.entry(8).flags & (GTF.reading | GTF.writing)).toBe(GTF.reading | GTF.writing);
    a.setFlags(8, 0);
    expect(b.pte(b.slot(0)) >> 12n & 0xfffffn).toBe(BigInt(f));
    // While the entry is pinned, Xen works from its active copy: more mappings succeed.
    const again = b.map([{ hostAddr: b.slot(1), flags: RO_MAP, ref: 8, dom: 1 }]).res[0];
    expect(again.status).toBe(GNTST.okay);
    b.unmap([{ hostAddr: b.slot(0), handle: m.handle }, { hostAddr: b.slot(1), handle: again.handle }]);
    expect(a.g.core.grantActive(1, 8).pin).toBe(0);
    expect(b.map([{ hostAddr: b.slot(0), flags: RO_MAP, ref: 8, dom: 1 }]).res[0].status).toBe(GNTST.general_error);
  });

  it("a domain may map its own grant by its own domid", async () => {
    const { a } = await grantPair();
    a.grant(8, 1, a.spare(0), GTF.permit_access);
    const r = a.map([{ hostAddr: a.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]).res[0];
    expect(r.status).toBe(GNTST.okay);
    expect(a.unmap([{ hostAddr: a.slot(0), handle: r.handle }]).status).toEqual([GNTST.okay]);
  });

  it("GNTMAP_application_map sets the user bit; GNTMAP_contains_pte writes the named entry", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    a.grant(8, 2, f, GTF.permit_access);
    const r = b.map([
      { hostAddr: b.slot(0), flags: RW_MAP | GNTMAP.application_map, ref: 8, dom: 1 },
      { hostAddr: b.pteAddr(b.slot(1)), flags: RW_MAP | GNTMAP.contains_pte, ref: 8, dom: 1 },
    ]).res;
    expect(r.map((x) => x.status)).toEqual([0, 0]);
    expect(b.pte(b.slot(0)) & US).toBe(US);
    expect(b.pte(b.slot(1))).toBe((BigInt(f) << 12n) | P | RW | 0x60n | NX);
    expect(b.unmap([{ hostAddr: b.pteAddr(b.slot(1)), handle: r[1].handle }]).status).toEqual([0]);
    expect(b.pte(b.slot(1))).toBe(0n);
  });

  it("a device mapping returns dev_bus_addr, holds its own references, and unmaps only with the right address", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    a.grant(8, 2, f, GTF.permit_access);
    const c0 = a.count(f);
    const r = b.map([{ flags: GNTMAP.device_map, ref: 8, dom: 1 }]).res[0];
    expect(r.status).toBe(GNTST.okay);
    expect(r.devBusAddr).toBe(BigInt(f) << 12n);
    expect([a.count(f), a.typeCount(f)]).toEqual([c0 + 1, 1]);
    expect(a.g.core.grantActive(1, 8).pin).toBe(PIN.devw);
    expect(b.unmap([{ devBusAddr: (BigInt(f) + 1n) << 12n, handle: r.handle }]).status).toEqual([GNTST.general_error]);
    // Neither part named: nothing happens, the mapping stays.
    expect(b.unmap([{ handle: r.handle }]).status).toEqual([GNTST.okay]);
    expect(a.g.core.grantActive(1, 8).pin).toBe(PIN.devw);
    expect(b.unmap([{ devBusAddr: r.devBusAddr, handle: r.handle }]).status).toEqual([GNTST.okay]);
    expect([a.count(f), a.typeCount(f)]).toEqual([c0, 0]);
  });

  it("unmap_and_replace moves the mapping at new_addr to the grant's address", async () => {
    const { a, b } = await grantPair();
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    const old1 = b.pte(b.slot(1));
    const r = b.map([{ hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]).res[0];
    const u = b.unmap([{ hostAddr: b.slot(0), devBusAddr: b.slot(1), handle: r.handle }], true);
    expect(u.status).toEqual([GNTST.okay]);
    expect(b.pte(b.slot(0))).toBe(old1);
    expect(b.pte(b.slot(1))).toBe(0n);
    expect(a.g.core.grantActive(1, 8).pin).toBe(0);
  });

  it("the granted frame outlives the granter's release of it while mapped, and is freed at unmap", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    a.grant(8, 2, f, GTF.permit_access);
    const r = b.map([{ hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]).res[0];
    // XENMEM_decrease_reservation of that frame: { extent_start, nr_extents, order, flags, domid }
    const list = a.g.scratch + 0x800;
    a.g.putU32(list, f);
    const res = new Uint8Array(20);
    const dv = new DataView(res.buffer);
    dv.setUint32(0, list, true); dv.setUint32(4, 1, true); dv.setUint16(16, DOMID_SELF, true);
    a.g.write(a.g.scratch + 0x900, res);
    expect(a.g.hc(HC_MEMORY_OP, 1, a.g.scratch + 0x900)).toBe(1);
    expect(a.g.core.frameInfo(f).owner).toBe(1);
    expect(a.count(f)).toBe(1);
    expect(b.readVa(b.slot(0), 1)).not.toMatch(/console_io/);
    expect(b.unmap([{ hostAddr: b.slot(0), handle: r.handle }]).status).toEqual([0]);
    expect(a.g.core.frameInfo(f).owner).toBe(0x7ff4);
    expect(a.g.core.mmCheck()).toBeUndefined();
  });

  it("a guest that overwrites its grant entry drops the mapping's references; the unmap then fails but pins stay consistent", async () => {
    const { a, b } = await grantPair();
    const f = a.spare(0);
    a.grant(8, 2, f, GTF.permit_access);
    const c0 = a.count(f);
    const r = b.map([{ hostAddr: b.slot(0), flags: RW_MAP, ref: 8, dom: 1 }]).res[0];
    // mmu_update of the L1 entry to not-present.
    const req = new Uint8Array(16);
    new DataView(req.buffer).setBigUint64(0, b.pteAddr(b.slot(0)), true);
    b.g.write(b.g.scratch + 0x800, req);
    expect(b.g.hc(1, b.g.scratch + 0x800, 1, 0, DOMID_SELF)).toBe(0);
    expect([a.count(f), a.typeCount(f)]).toEqual([c0, 0]);
    expect(b.unmap([{ hostAddr: b.slot(0), handle: r.handle }]).status).toEqual([GNTST.general_error]);
    expect(a.g.core.grantActive(1, 8).pin).toBe(PIN.hstw);
    expect(a.g.core.mmCheck()).toBeUndefined();
  });

  it("the maptrack has a limit: beyond it map_grant_ref gives GNTST_no_device_space", async () => {
    const { a, b } = await grantPair();
    a.g.core.setGrantLimits(2, 64, 1);
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    // Pin counts are 8 bits wide, so the 256 mappings spread over four grants.
    for (let i = 0; i < 4; i++) a.grant(8 + i, 2, a.spare(i), GTF.permit_access);
    const many = Array.from({ length: 256 }, (_, i) => ({ flags: GNTMAP.device_map | GNTMAP.readonly, ref: 8 + (i >> 6), dom: 1 }));
    expect(b.map(many).res.every((x) => x.status === GNTST.okay)).toBe(true);
    expect(b.map([many[0]]).res[0].status).toBe(GNTST.no_device_space);
    expect(b.g.core.grantTableInfo(2)).toMatchObject({ maptrackLimit: 256, liveHandles: 256 });
  });

  it("a pin count about to overflow refuses further mappings of the entry", async () => {
    const { a, b } = await grantPair();
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    const ops = Array.from({ length: 128 }, () => ({ flags: GNTMAP.device_map | GNTMAP.readonly, ref: 8, dom: 1 }));
    const st = b.map(ops).res.map((x) => x.status);
    expect(st.slice(0, 128).filter((s) => s === GNTST.okay).length).toBe(128);
    expect(b.map([ops[0]]).res[0].status).toBe(GNTST.general_error);
  });
});
