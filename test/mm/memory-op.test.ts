// memory_op (#12): ballooning frames out and in, populate_physmap, the reservation
// queries and the M2P / E820 information calls; the invariant checker runs after each.

import { describe, expect, it } from "vitest";
import { mmuEnv, type MmuEnv, HC, MMUEXT, P, RW, EINVAL, ENOSYS, ESRCH, EFAULT, EPERM, DOMID_SELF } from "./mmu-env.js";

const XENMEM = { increase: 0, decrease: 1, max_ram_page: 2, current: 3, maximum: 4, mfn_list: 5, populate: 6, memory_map: 9, mapping: 12, max_gpfn: 14 };

/** Writes a reservation at req (array at req + 64) and issues `op`. */
function reservation(e: MmuEnv, op: number, frames: number[] | null, nr: number, order = 0, domid = DOMID_SELF, flags = 0): number {
  const r = new DataView(new ArrayBuffer(20));
  r.setUint32(0, frames ? e.req + 64 : 0, true);
  r.setUint32(4, nr, true);
  r.setUint32(8, order, true);
  r.setUint32(12, flags, true);
  r.setUint16(16, domid, true);
  e.write(e.req, new Uint8Array(r.buffer));
  if (frames) frames.forEach((f, i) => e.putU32(e.req + 64 + i * 4, f));
  return e.call(HC.memory_op, op, e.req);
}
const out = (e: MmuEnv, i: number) => e.u32(e.req + 64 + i * 4);

describe("memory_op: reservations", () => {
  it("decrease_reservation frees a frame nothing maps and lowers tot_pages; increase_reservation gets one back", async () => {
    const e = await mmuEnv();
    const f = e.spare(0);
    const tot = e.core.domainInfo(1).totPages;
    const free = e.core.freeFrames;
    expect(reservation(e, XENMEM.decrease, [f], 1)).toBe(1);
    expect(e.core.domainInfo(1).totPages).toBe(tot - 1);
    expect(e.core.frameInfo(f)).toEqual({ countInfo: 0, typeInfo: 0, owner: 0x7ff4 });
    expect(e.core.freeFrames).toBe(free + 1);
    expect(reservation(e, XENMEM.increase, [0], 1)).toBe(1);
    expect(e.core.domainInfo(1).totPages).toBe(tot);
    expect(e.core.frameInfo(out(e, 0)).owner).toBe(1);
    e.putU32(e.req, DOMID_SELF);
    expect(e.call(HC.memory_op, XENMEM.current, 0x1000)).toBe(EFAULT);
  });

  it("increase_reservation is bounded by max_pages and reports a short count", async () => {
    const e = await mmuEnv();
    expect(reservation(e, XENMEM.increase, [0, 0], 2)).toBe(0); // already at max_pages
    expect(reservation(e, XENMEM.decrease, [e.spare(0), e.spare(1), e.spare(2)], 3)).toBe(3);
    expect(reservation(e, XENMEM.increase, [0, 0, 0, 0], 4)).toBe(3);
    for (let i = 0; i < 3; i++) expect(e.core.frameInfo(out(e, i)).owner).toBe(1);
    expect(e.core.m2p(out(e, 0))).toBe(0xffffffff); // increase_reservation leaves the M2P alone
    expect(reservation(e, XENMEM.increase, null, 1)).toBe(0);
  });

  it("populate_physmap allocates an aligned extent and sets the M2P for it", async () => {
    const e = await mmuEnv();
    const spares = Array.from({ length: 4 }, (_, k) => e.spare(k));
    expect(reservation(e, XENMEM.decrease, spares, 4)).toBe(4);
    expect(reservation(e, XENMEM.populate, [0x5000], 1, 2)).toBe(1);
    const m = out(e, 0);
    expect(m % 4).toBe(0);
    for (let j = 0; j < 4; j++) {
      expect(e.core.m2p(m + j)).toBe(0x5000 + j);
      expect(e.core.frameInfo(m + j).owner).toBe(1);
    }
    expect(reservation(e, XENMEM.populate, [0x6000], 1, 10)).toBe(0); // order above 9
    expect(reservation(e, XENMEM.populate, [0x6000], 1, 0, DOMID_SELF, 1 << 16)).toBe(0); // PoD
  });

  it("decrease_reservation unpins a pinned table; a frame still mapped is freed only when unmapped", async () => {
    const e = await mmuEnv();
    const l1 = e.spare(0), mapped = e.spare(1);
    expect(e.mmuext([[MMUEXT.PIN_L1, l1]])).toBe(0);
    expect(e.call(HC.update_va_mapping, e.scratch + 4096, (mapped << 12) | P | RW, 0, 2)).toBe(0);
    expect(reservation(e, XENMEM.decrease, [l1, mapped], 2)).toBe(2);
    expect(e.core.frameInfo(l1).owner).toBe(0x7ff4);
    expect(e.core.frameInfo(mapped).owner).toBe(1);
    expect(e.count(mapped)).toBe(1);
    expect(e.call(HC.update_va_mapping, e.scratch + 4096, 0, 0, 2)).toBe(0);
    expect(e.core.frameInfo(mapped).owner).toBe(0x7ff4);
  });

  it("decrease_reservation stops at a frame the domain does not own, or its shared_info", async () => {
    const e = await mmuEnv();
    expect(reservation(e, XENMEM.decrease, [e.spare(0), 0, e.spare(1)], 3)).toBe(1);
    expect(reservation(e, XENMEM.decrease, [e.core.sharedInfoMfn(1)], 1)).toBe(0);
    expect(reservation(e, XENMEM.decrease, [e.spare(1)], 1, 0, 2)).toBe(0); // no domain 2
    e.core.createDomain(2, 1, 16);
    const [other] = e.core.allocFrames(2, 1);
    expect(reservation(e, XENMEM.decrease, [other], 1, 0, 2)).toBe(0); // no rights over it
    expect(e.core.frameInfo(other).owner).toBe(2);
  });

  it("an unreadable reservation or array gives a short count, not an errno", async () => {
    const e = await mmuEnv();
    expect(e.call(HC.memory_op, XENMEM.decrease, 0x1000)).toBe(0);
    expect(e.call(HC.memory_op, XENMEM.decrease | (3 << 6), 0x1000)).toBe(3);
  });
});

describe("memory_op: queries", () => {
  it("reports current and maximum reservation of itself, -ESRCH for no domain, -EPERM for others", async () => {
    const e = await mmuEnv();
    const info = e.core.domainInfo(1);
    e.putU32(e.req, DOMID_SELF);
    expect(e.call(HC.memory_op, XENMEM.current, e.req)).toBe(info.totPages);
    expect(e.call(HC.memory_op, XENMEM.maximum, e.req)).toBe(info.maxPages);
    e.putU32(e.req, 1);
    expect(e.call(HC.memory_op, XENMEM.current, e.req)).toBe(info.totPages);
    e.putU32(e.req, 9);
    expect(e.call(HC.memory_op, XENMEM.current, e.req)).toBe(ESRCH);
    e.core.createDomain(2, 1, 16);
    e.putU32(e.req, 2);
    expect(e.call(HC.memory_op, XENMEM.maximum, e.req)).toBe(EPERM);
    expect(e.call(HC.memory_op, XENMEM.current | (1 << 6), e.req)).toBe(EINVAL);
    expect(e.call(HC.memory_op, XENMEM.max_ram_page, 0)).toBe(e.core.frames);
  });

  it("machphys_mapping, machphys_mfn_list and memory_map describe the M2P and the E820 the builder set", async () => {
    const e = await mmuEnv();
    expect(e.call(HC.memory_op, XENMEM.mapping, e.req)).toBe(0);
    expect([e.u32(e.req), e.u32(e.req + 4), e.u32(e.req + 8)]).toEqual([0xf5800000, 0xffe00000, 0x297ffff]);
    expect(e.call(HC.memory_op, XENMEM.mapping | (1 << 6), e.req)).toBe(ENOSYS);
    e.putU32(e.req, 4); e.putU32(e.req + 4, e.req + 64);
    expect(e.call(HC.memory_op, XENMEM.mfn_list, e.req)).toBe(0);
    expect(e.u32(e.req + 8)).toBe(1); // 64 MiB of machine: one 2 MiB chunk of M2P
    expect(e.u32(e.req + 64)).toBe(0); // the M2P is the first thing allocated
    e.putU32(e.req, 4); e.putU32(e.req + 4, e.req + 64);
    expect(e.call(HC.memory_op, XENMEM.memory_map, e.req)).toBe(0);
    expect(e.u32(e.req)).toBe(1);
    expect([e.u32(e.req + 64), e.u32(e.req + 72), e.u32(e.req + 80)]).toEqual([0, e.core.domainInfo(1).maxPages * 4096, 1]);
    expect(e.call(HC.memory_op, 99, e.req)).toBe(ENOSYS);
  });
});
