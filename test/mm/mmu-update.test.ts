// mmu_update (#1): every accepted and refused page-table update, with the reference
// and type counts it must leave behind; the invariant checker runs after each call.

import { describe, expect, it } from "vitest";
import { mmuEnv, type MmuEnv, HC, MMUEXT, P, RW, US, A, D, PGT, EPERM, ESRCH, EBUSY, EINVAL, ENOSYS, DOMID_SELF, DOMID_IO } from "./mmu-env.js";

/** Machine address of the L1 entry mapping `va` in the bootstrap tables. */
const l1eAddr = (e: MmuEnv, va: number) => BigInt(e.l1Of(va)) * 4096n + BigInt(((va >>> 12) & 511) * 8);
const slotVa = (e: MmuEnv) => e.scratch + 4096;

describe("mmu_update: L1 entries", () => {
  it("a writable mapping of an own frame takes a general and a writable type reference", async () => {
    const e = await mmuEnv();
    const f = e.spare(0);
    const c0 = e.count(f);
    expect(e.mmuUpdate([[l1eAddr(e, slotVa(e)), e.pte(f, P | RW | A | D)]])).toBe(0);
    expect(e.done()).toBe(1);
    expect(e.count(f)).toBe(c0 + 1);
    expect(e.type(f)).toBe(PGT.writable);
    expect(e.typeCount(f)).toBe(1);
    // Replacing it with a read-only mapping drops the writable type reference.
    expect(e.mmuUpdate([[l1eAddr(e, slotVa(e)), e.pte(f, P | A)]])).toBe(0);
    expect(e.count(f)).toBe(c0 + 1);
    expect(e.typeCount(f)).toBe(0);
  });

  it("refuses a writable mapping of a pinned L1 with -EBUSY and leaves its counts alone", async () => {
    const e = await mmuEnv();
    const l1 = e.spare(0);
    expect(e.mmuext([[MMUEXT.PIN_L1, l1]])).toBe(0);
    const c = e.count(l1), t = e.typeCount(l1);
    expect(e.mmuUpdate([[l1eAddr(e, slotVa(e)), e.pte(l1, P | RW)]])).toBe(EBUSY);
    expect(e.done()).toBe(0);
    expect([e.count(l1), e.typeCount(l1), e.type(l1)]).toEqual([c, t, PGT.l1]);
    // A read-only mapping of it is fine.
    expect(e.mmuUpdate([[l1eAddr(e, slotVa(e)), e.pte(l1, P)]])).toBe(0);
    expect(e.count(l1)).toBe(c + 1);
  });

  it("refuses frames the domain may not map: Xen's and free ones -EBUSY, beyond RAM -EPERM, INVALID_MFN -EINVAL", async () => {
    const e = await mmuEnv();
    const ptr = l1eAddr(e, slotVa(e));
    expect(e.mmuUpdate([[ptr, e.pte(0, P)]])).toBe(EBUSY); // M2P frame, owned by Xen
    const free = e.core.frames - 1; // nothing allocated the last frame
    expect(e.core.frameInfo(free).owner).toBe(0x7ff4);
    expect(e.mmuUpdate([[ptr, e.pte(free, P)]])).toBe(EBUSY);
    expect(e.core.frameInfo(free).countInfo).toBe(0);
    expect(e.mmuUpdate([[ptr, e.pte(0xfff00, P)]])).toBe(EPERM);
    expect(e.mmuUpdate([[ptr, (0xffffffffffn << 12n) | 1n]])).toBe(EINVAL);
  });

  it("refuses another domain's frame with -EBUSY, and naming that domain as FD with -EPERM", async () => {
    const e = await mmuEnv();
    e.core.createDomain(2, 1, 16);
    const [other] = e.core.allocFrames(2, 1);
    const c = e.count(other);
    expect(e.mmuUpdate([[l1eAddr(e, slotVa(e)), e.pte(other, P)]])).toBe(EBUSY);
    expect(e.mmuUpdate([[l1eAddr(e, slotVa(e)), e.pte(other, P)]], 2)).toBe(EPERM);
    expect(e.count(other)).toBe(c);
    // Own domid by number: -ESRCH; a domain that does not exist: -ESRCH.
    expect(e.mmuUpdate([[l1eAddr(e, slotVa(e)), 0]], 1)).toBe(ESRCH);
    expect(e.mmuUpdate([[l1eAddr(e, slotVa(e)), 0]], 77)).toBe(ESRCH);
  });

  it("refuses PWT, PCD and PAT without I/O rights but accepts G, AVL and NX", async () => {
    const e = await mmuEnv();
    const f = e.spare(0);
    const ptr = l1eAddr(e, slotVa(e));
    for (const bit of [0x08, 0x10, 0x80]) expect(e.mmuUpdate([[ptr, e.pte(f, P | bit)]])).toBe(EINVAL);
    expect(e.mmuUpdate([[ptr, e.pte(f, P | 0x100 | 0xe00) | (1n << 63n) | (0x7ffn << 52n)]])).toBe(0);
  });

  it("PRESERVE_AD keeps the accessed and dirty bits already set", async () => {
    const e = await mmuEnv();
    const f = e.spare(0);
    const ptr = l1eAddr(e, slotVa(e));
    expect(e.mmuUpdate([[ptr, e.pte(f, P | A | D)]])).toBe(0);
    expect(e.mmuUpdate([[ptr | 2n, e.pte(f, P)]])).toBe(0);
    const l1 = e.core.mapForeign(1, e.l1Of(slotVa(e)), false);
    expect(l1[((slotVa(e) >>> 12) & 511) * 8] & (A | D)).toBe(A | D);
  });

  it("stops at the first failing request and reports how many were done", async () => {
    const e = await mmuEnv();
    const ptr = l1eAddr(e, slotVa(e));
    expect(e.mmuUpdate([[ptr, e.pte(e.spare(0), P)], [ptr, e.pte(e.spare(1), P)], [ptr | 5n, 0], [ptr, 0]])).toBe(ENOSYS);
    expect(e.done()).toBe(2);
    expect(e.count(e.spare(0))).toBe(1); // the first mapping was replaced by the second
    expect(e.count(e.spare(1))).toBe(2);
  });

  it("a frame not in use as a table is plain memory: the update is a checked 8-byte store", async () => {
    const e = await mmuEnv();
    const f = e.spare(0);
    expect(e.mmuUpdate([[BigInt(f) * 4096n + 16n, 0x1122334455667788n]])).toBe(0);
    const v = new DataView(e.core.mapForeign(1, f, false).buffer, e.core.mapForeign(1, f, false).byteOffset + 16, 8);
    expect(v.getBigUint64(0, true)).toBe(0x1122334455667788n);
    expect([e.count(f), e.typeCount(f)]).toEqual([1, 0]);
    // ... but a frame in use as a descriptor page may not be written at all.
    e.putU32(e.req + 512, f);
    expect(e.call(HC.set_gdt, e.req + 512, 512)).toBe(0);
    expect(e.mmuUpdate([[BigInt(f) * 4096n, 0]])).toBe(EINVAL);
  });

  it("MMU_MACHPHYS_UPDATE sets the M2P entry of an own frame only", async () => {
    const e = await mmuEnv();
    const f = e.spare(0);
    expect(e.mmuUpdate([[BigInt(f) * 4096n | 1n, 0x1234]])).toBe(0);
    expect(e.core.m2p(f)).toBe(0x1234);
    expect(e.mmuUpdate([[0n * 4096n | 1n, 5]])).toBe(EINVAL);
    // With a foreign page-table owner (PFD) it is refused.
    e.core.createDomain(2, 1, 16);
    expect(e.mmuUpdate([[BigInt(f) * 4096n | 1n, 5]], (3 << 16) | DOMID_SELF)).toBe(EPERM);
  });
});

describe("mmu_update: L2 and L3 entries", () => {
  it("an L2 entry validates the L1 it names and takes an L1 type reference", async () => {
    const e = await mmuEnv();
    const l1 = e.spare(0), data = e.spare(1);
    e.fill(l1, [[0, e.pte(data, P | RW)]]);
    const l2 = e.l2Of(0xc0000000);
    // Slot 100 of the kernel's L2 (VA 0xc0000000 + 100 * 2 MiB) is unused.
    const ptr = BigInt(l2) * 4096n + 800n;
    expect(e.mmuUpdate([[ptr, e.pte(l1, P | RW | US)]])).toBe(0);
    expect([e.type(l1), e.typeCount(l1), e.count(l1)]).toEqual([PGT.l1, 1, 2]);
    expect([e.type(data), e.typeCount(data), e.count(data)]).toEqual([PGT.writable, 1, 2]);
    // Removing it demotes the L1, which drops the data frame's references.
    expect(e.mmuUpdate([[ptr, 0]])).toBe(0);
    expect([e.typeCount(l1), e.count(l1), e.count(data), e.typeCount(data)]).toEqual([0, 1, 1, 0]);
  });

  it("refuses PSE, PWT, PCD and G in an L2 entry, and an L1 that fails validation", async () => {
    const e = await mmuEnv();
    const l1 = e.spare(0);
    const ptr = BigInt(e.l2Of(0xc0000000)) * 4096n + 800n;
    for (const bit of [0x80, 0x08, 0x10, 0x100]) expect(e.mmuUpdate([[ptr, e.pte(l1, P | bit)]])).toBe(EINVAL);
    e.fill(l1, [[3, e.pte(0, P)]]); // maps a Xen frame
    expect(e.mmuUpdate([[ptr, e.pte(l1, P)]])).toBe(EBUSY);
    expect([e.typeCount(l1), e.count(l1)]).toEqual([0, 1]);
  });

  it("refuses any update of Xen's slots (428-511) of the slot-3 L2 with -EPERM", async () => {
    const e = await mmuEnv();
    const l2 = e.l2Of(0xc0000000);
    expect(e.mmuUpdate([[BigInt(l2) * 4096n + 428n * 8n, 0]])).toBe(EPERM);
    expect(e.mmuUpdate([[BigInt(l2) * 4096n + 511n * 8n, 0]])).toBe(EPERM);
  });

  it("allows a read-only linear (self) mapping in an L2 and refuses a writable one", async () => {
    const e = await mmuEnv();
    const l2 = e.l2Of(0xc0000000);
    const ptr = BigInt(l2) * 4096n + 801n * 0n + 808n;
    const c = e.count(l2), t = e.typeCount(l2);
    expect(e.mmuUpdate([[ptr, e.pte(l2, P | RW)]])).toBe(EINVAL);
    expect(e.mmuUpdate([[ptr, e.pte(l2, P)]])).toBe(0);
    expect([e.count(l2), e.typeCount(l2)]).toEqual([c, t]); // a self map takes no reference
    expect(e.mmuUpdate([[ptr, 0]])).toBe(0);
  });

  it("a read-only linear entry naming another validated L2 takes its references", async () => {
    const e = await mmuEnv();
    const other = e.spare(0);
    expect(e.mmuext([[MMUEXT.PIN_L2, other]])).toBe(0);
    const ptr = BigInt(e.l2Of(0xc0000000)) * 4096n + 808n;
    const c = e.count(other);
    expect(e.mmuUpdate([[ptr, e.pte(other, P)]])).toBe(0);
    expect([e.count(other), e.typeCount(other)]).toEqual([c + 1, 2]);
    // The target now has linear uses: it may not itself hold a linear entry.
    expect(e.mmuUpdate([[BigInt(other) * 4096n, e.pte(e.l2Of(0xc0000000), P)]])).toBe(EINVAL);
    expect(e.mmuUpdate([[ptr, 0]])).toBe(0);
    expect([e.count(other), e.typeCount(other)]).toEqual([c, 1]);
  });

  it("L3: only slots 0-2 may change; NX, PSE, G and reserved bits are refused", async () => {
    const e = await mmuEnv();
    const l3 = BigInt(e.l3) * 4096n;
    expect(e.mmuUpdate([[l3 + 24n, 0]])).toBe(EINVAL);
    expect(e.mmuUpdate([[l3 + 32n, 0]])).toBe(EINVAL);
    const l2 = e.spare(0);
    for (const bad of [1n << 63n, 0x80n, 0x100n, 0x08n, 1n << 52n]) expect(e.mmuUpdate([[l3, e.pte(l2, P) | bad]])).toBe(EINVAL);
    expect(e.mmuUpdate([[l3, e.pte(l2, P)]])).toBe(0);
    expect([e.type(l2), e.typeCount(l2)]).toEqual([PGT.l2, 1]);
    // Xen made the entry RW|US (adjust_guest_l3e).
    expect(e.core.mapForeign(1, e.l3, false)[0] & (RW | US)).toBe(RW | US);
    // The slot-3 L2 may not appear in another slot.
    expect(e.mmuUpdate([[l3 + 8n, e.pte(e.l2Of(0xc0000000), P)]])).toBe(EINVAL);
    expect(e.mmuUpdate([[l3, 0]])).toBe(0);
    expect(e.typeCount(l2)).toBe(0);
  });
});
