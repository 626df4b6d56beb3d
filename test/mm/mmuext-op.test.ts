// mmuext_op (#26), update_va_mapping_otherdomain (#22), set_gdt (#2),
// update_descriptor (#10) and multicall (#13): accepted and refused operations with
// the counts they leave; the invariant checker runs after each call.

import { describe, expect, it } from "vitest";
import { mmuEnv, HC, MMUEXT, P, RW, US, A, D, PGT, EPERM, ESRCH, EBUSY, EINVAL, ENOSYS, EACCES, EOPNOTSUPP, EFAULT, DOMID_IO, DOMID_XEN } from "./mmu-env.js";

describe("mmuext_op: pins and address spaces", () => {
  it("pinning an L1 validates it and holds a general and a type reference until unpinned", async () => {
    const e = await mmuEnv();
    const l1 = e.spare(0), data = e.spare(1);
    e.fill(l1, [[7, e.pte(data, P | RW)]]);
    expect(e.mmuext([[MMUEXT.PIN_L1, l1]])).toBe(0);
    expect([e.type(l1), e.typeCount(l1), e.count(l1), e.pinned(l1)]).toEqual([PGT.l1, 1, 2, true]);
    expect([e.type(data), e.typeCount(data), e.count(data)]).toEqual([PGT.writable, 1, 2]);
    expect(e.mmuext([[MMUEXT.PIN_L1, l1]])).toBe(EINVAL); // pins do not nest
    expect(e.mmuext([[MMUEXT.UNPIN, l1]])).toBe(0);
    expect([e.typeCount(l1), e.count(l1), e.pinned(l1), e.count(data), e.typeCount(data)]).toEqual([0, 1, false, 1, 0]);
    expect(e.mmuext([[MMUEXT.UNPIN, l1]])).toBe(EINVAL);
  });

  it("a table whose entry is invalid cannot be pinned, and nothing it referenced stays referenced", async () => {
    const e = await mmuEnv();
    const l1 = e.spare(0), ok = e.spare(1);
    e.fill(l1, [[0, e.pte(ok, P | RW)], [1, e.pte(e.spare(2), P)], [2, e.pte(0, P)]]);
    expect(e.mmuext([[MMUEXT.PIN_L1, l1]])).toBe(EBUSY);
    expect([e.typeCount(l1), e.count(l1), e.count(ok), e.typeCount(ok), e.count(e.spare(2))]).toEqual([0, 1, 1, 0, 1]);
    // A frame mapped writable cannot become a table.
    expect(e.mmuext([[MMUEXT.PIN_L1, e.mfnOfVa(e.scratch)]])).toBe(EINVAL);
    // Not the domain's frame.
    expect(e.mmuext([[MMUEXT.PIN_L1, 0]])).toBe(EINVAL);
    expect(e.mmuext([[MMUEXT.PIN_L4, 0]])).toBe(0); // ignored for 32-bit guests
  });

  it("builds a new address space, pins its L3, switches to it and back, and unpins it", async () => {
    const e = await mmuEnv();
    const [l3, l2a, l2x, l1] = [0, 1, 2, 3].map((k) => e.spare(k));
    const oldL3 = e.l3;
    // Slot 3 needs its own L2 (Xen's slots), so copy the kernel's guest slots into l2x.
    const kl2 = e.core.mapForeign(1, e.l2Of(0xc0000000), false);
    const kv = new DataView(kl2.buffer, kl2.byteOffset, 4096);
    const ents: [number, bigint][] = [];
    for (let i = 0; i < 428; i++) ents.push([i, kv.getBigUint64(i * 8, true)]);
    e.fill(l2x, ents);
    e.fill(l1, [[0, e.pte(e.spare(4), P | RW | US)]]);
    e.fill(l2a, [[0, e.pte(l1, P | RW | US)]]);
    e.fill(l3, [[0, e.pte(l2a, P)], [3, e.pte(l2x, P)]]);
    expect(e.mmuext([[MMUEXT.PIN_L3, l3]])).toBe(0);
    expect([e.type(l3), e.type(l2a), e.type(l2x), e.type(l1)]).toEqual([PGT.l3, PGT.l2, PGT.l2, PGT.l1]);
    expect(e.core.frameInfo(l2x).typeInfo & (1 << 26)).not.toBe(0); // pae_xen_l2
    // The slot-3 L2 cannot be pinned as an ordinary L2 or used in another L3.
    expect(e.mmuext([[MMUEXT.PIN_L2, l2x]])).toBe(EINVAL);
    expect(e.mmuext([[MMUEXT.NEW_BASEPTR, l3]])).toBe(0);
    expect(e.core.vcpuState(1, 0).cr3Mfn).toBe(l3);
    expect(e.typeCount(l3)).toBe(2);
    expect(e.typeCount(oldL3)).toBe(1); // still pinned by the builder
    expect(e.mmuext([[MMUEXT.UNPIN, l3]])).toBe(0);
    expect(e.typeCount(l3)).toBe(1); // CR3 still holds it
    expect(e.mmuext([[MMUEXT.NEW_BASEPTR, oldL3]])).toBe(0);
    // The last reference went: the whole tree was demoted.
    expect([e.typeCount(l3), e.typeCount(l2a), e.typeCount(l2x), e.typeCount(l1), e.typeCount(e.spare(4))]).toEqual([0, 0, 0, 0, 0]);
    expect([e.count(l3), e.count(l2a), e.count(l2x), e.count(l1), e.count(e.spare(4))]).toEqual([1, 1, 1, 1, 1]);
  });

  it("an L3 without slot 3, or sharing its slot-3 L2, is refused", async () => {
    const e = await mmuEnv();
    const l3 = e.spare(0);
    expect(e.mmuext([[MMUEXT.PIN_L3, l3]])).toBe(EINVAL);
    e.fill(l3, [[3, e.pte(e.l2Of(0xc0000000), P)]]);
    expect(e.mmuext([[MMUEXT.PIN_L3, l3]])).toBe(EINVAL);
    expect(e.typeCount(e.l2Of(0xc0000000))).toBe(1);
    expect(e.mmuext([[MMUEXT.NEW_BASEPTR, l3]])).toBe(EINVAL);
    expect(e.mmuext([[MMUEXT.NEW_BASEPTR, e.l3]], 2)).toBe(ESRCH);
  });

  it("flush operations, their foreign-domain and vcpu-mask rules, and the removed or 64-bit-only commands", async () => {
    const e = await mmuEnv();
    for (const c of [MMUEXT.TLB_FLUSH_LOCAL, MMUEXT.TLB_FLUSH_ALL, MMUEXT.INVLPG_LOCAL, MMUEXT.INVLPG_ALL]) expect(e.mmuext([[c, e.scratch]])).toBe(0);
    e.putU32(e.req + 256, 1);
    expect(e.mmuext([[MMUEXT.TLB_FLUSH_MULTI, 0, e.req + 256]])).toBe(0);
    expect(e.mmuext([[MMUEXT.INVLPG_MULTI, e.scratch, e.req + 256]])).toBe(0);
    expect(e.mmuext([[MMUEXT.TLB_FLUSH_MULTI, 0, 0x1000]])).toBe(EINVAL);
    expect(e.mmuext([[MMUEXT.FLUSH_CACHE]])).toBe(EACCES);
    expect(e.mmuext([[MMUEXT.FLUSH_CACHE_GLOBAL]])).toBe(EINVAL);
    expect(e.mmuext([[MMUEXT.NEW_USER_BASEPTR, e.l3]])).toBe(EINVAL);
    expect(e.mmuext([[MMUEXT.MARK_SUPER, e.spare(0)]])).toBe(EOPNOTSUPP);
    expect(e.mmuext([[14]])).toBe(ENOSYS);
    expect(e.mmuext([[99]])).toBe(ENOSYS);
    expect(e.mmuext([[MMUEXT.TLB_FLUSH_LOCAL]], DOMID_IO)).toBe(EPERM);
    expect(e.mmuext([[MMUEXT.TLB_FLUSH_LOCAL]], DOMID_XEN)).toBe(EPERM);
    expect(e.mmuext([[MMUEXT.TLB_FLUSH_LOCAL]], 1)).toBe(ESRCH);
    e.core.createDomain(2, 1, 16);
    expect(e.mmuext([[MMUEXT.TLB_FLUSH_LOCAL]], 2)).toBe(EPERM);
    // Stops at the first failure; *pdone says how far it got. An empty batch checks nothing.
    expect(e.mmuext([[MMUEXT.TLB_FLUSH_LOCAL], [MMUEXT.TLB_FLUSH_LOCAL], [99], [MMUEXT.TLB_FLUSH_LOCAL]])).toBe(ENOSYS);
    expect(e.done()).toBe(2);
    expect(e.call(HC.mmuext_op, e.req, 0, e.pdone, 2)).toBe(0);
  });

  it("SET_LDT needs a page-aligned base and at most 8192 entries", async () => {
    const e = await mmuEnv();
    expect(e.mmuext([[MMUEXT.SET_LDT, 0x1234, 16]])).toBe(EINVAL);
    expect(e.mmuext([[MMUEXT.SET_LDT, 0x10000, 8193]])).toBe(EINVAL);
    expect(e.mmuext([[MMUEXT.SET_LDT, 0xf6000000, 8192]])).toBe(0); // no range check for 32-bit guests
    expect(e.mmuext([[MMUEXT.SET_LDT, 0x1234, 0]])).toBe(0); // no LDT: the base is ignored
  });

  it("CLEAR_PAGE and COPY_PAGE need a frame that can take a writable reference", async () => {
    const e = await mmuEnv();
    const a = e.spare(0), b = e.spare(1);
    e.fill(a, [[5, 0x55n]]);
    expect(e.mmuext([[MMUEXT.COPY_PAGE, b, a]])).toBe(0);
    expect(e.core.mapForeign(1, b, false)[40]).toBe(0x55);
    expect(e.mmuext([[MMUEXT.CLEAR_PAGE, a]])).toBe(0);
    expect(e.core.mapForeign(1, a, false)[40]).toBe(0);
    expect(e.mmuext([[MMUEXT.CLEAR_PAGE, e.l3]])).toBe(EINVAL);
    expect(e.mmuext([[MMUEXT.COPY_PAGE, e.l3, a]])).toBe(EINVAL);
    expect(e.mmuext([[MMUEXT.COPY_PAGE, a, 0]])).toBe(EINVAL);
    expect([e.count(a), e.typeCount(a), e.count(b), e.typeCount(b)]).toEqual([1, 0, 1, 0]);
  });
});

describe("update_va_mapping_otherdomain", () => {
  it("needs rights over the named domain: own id -ESRCH, DOMID_IO and others -EPERM", async () => {
    const e = await mmuEnv();
    e.core.createDomain(2, 1, 16);
    const [other] = e.core.allocFrames(2, 1);
    expect(e.call(HC.update_va_mapping_otherdomain, e.scratch + 4096, (other << 12) | 1, 0, 0, 1)).toBe(ESRCH);
    expect(e.call(HC.update_va_mapping_otherdomain, e.scratch + 4096, (other << 12) | 1, 0, 0, DOMID_IO)).toBe(EPERM);
    expect(e.call(HC.update_va_mapping_otherdomain, e.scratch + 4096, (other << 12) | 1, 0, 0, 2)).toBe(EPERM);
    expect(e.count(other)).toBe(1);
  });
});

describe("set_gdt and update_descriptor", () => {
  it("set_gdt takes a seg_desc reference per frame; such a frame can never be mapped writable", async () => {
    const e = await mmuEnv();
    const g = e.spare(0);
    e.fill(g, [[1, 0x00cf9a000000ffffn]]); // ring-0 code: Xen makes it ring 1
    e.putU32(e.req + 512, g);
    expect(e.call(HC.set_gdt, e.req + 512, 16)).toBe(0);
    expect([e.type(g), e.typeCount(g), e.count(g)]).toEqual([PGT.seg_desc, 1, 2]);
    expect(new DataView(e.core.mapForeign(1, g, false).buffer).getUint32(e.core.mapForeign(1, g, false).byteOffset + 12, true)).toBe(0x00cfba00);
    expect(e.call(HC.update_va_mapping, e.scratch + 4096, (g << 12) | P | RW, 0, 0)).toBe(EBUSY);
    // update_descriptor checks and fixes the descriptor; refuses bad ones.
    const pa = g * 4096 + 16;
    expect(e.call(HC.update_descriptor, pa, 0, 0x0000ffff, 0x00cf9200)).toBe(0);
    expect(e.call(HC.update_descriptor, pa + 4, 0, 0x0000ffff, 0x00cf9200)).toBe(EINVAL);
    expect(e.call(HC.update_descriptor, pa, 0, 0, 0x00008900)).toBe(EINVAL); // a TSS
    expect(e.call(HC.update_descriptor, pa, 0, 0x0000ffff, 0x00af9a00)).toBe(EINVAL); // 64-bit code
    expect(e.call(HC.update_descriptor, e.l3 * 4096, 0, 0, 0)).toBe(EINVAL); // a page table
    // Replacing the GDT drops the old frame's references.
    expect(e.call(HC.set_gdt, e.req + 512, 0)).toBe(0);
    expect([e.typeCount(g), e.count(g)]).toEqual([0, 1]);
  });

  it("set_gdt refuses too many entries, unreadable lists and frames mapped writable", async () => {
    const e = await mmuEnv();
    expect(e.call(HC.set_gdt, e.req, 7169)).toBe(EINVAL);
    expect(e.call(HC.set_gdt, 0x1000, 16)).toBe(EFAULT);
    e.putU32(e.req, e.mfnOfVa(e.scratch));
    expect(e.call(HC.set_gdt, e.req, 16)).toBe(EINVAL);
    e.putU32(e.req, e.spare(0));
    e.fill(e.spare(0), [[0, 0x0000890000000067n]]); // a TSS descriptor: refused
    expect(e.call(HC.set_gdt, e.req, 16)).toBe(EINVAL);
    expect(e.typeCount(e.spare(0))).toBe(0);
  });
});

describe("multicall", () => {
  const entry = (op: number, ...args: number[]) => {
    const b = new DataView(new ArrayBuffer(32));
    b.setUint32(0, op, true);
    b.setUint32(4, 0xaaaaaaaa, true);
    args.forEach((a, i) => b.setUint32(8 + i * 4, a >>> 0, true));
    return new Uint8Array(b.buffer);
  };
  it("runs every entry, stores each result, and does not stop at a failure", async () => {
    const e = await mmuEnv();
    const list = e.req + 1024;
    const f = e.spare(0);
    e.write(list, [...entry(HC.update_va_mapping, e.scratch + 4096, (f << 12) | P | RW, 0, 2), ...entry(99), ...entry(HC.multicall, list, 1), ...entry(HC.mmuext_op, 0x1000, 1, 0, 0x7ff0)]);
    expect(e.call(HC.multicall, list, 4)).toBe(0);
    expect([0, 1, 2, 3].map((i) => e.u32(list + i * 32 + 4) | 0)).toEqual([0, ENOSYS, EINVAL, EFAULT]);
    expect(e.count(f)).toBe(2);
    expect(e.call(HC.multicall, 0xf5800000, 1)).toBe(EFAULT);
  });
});
