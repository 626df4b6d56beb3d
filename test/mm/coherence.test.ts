// TLB coherence, fast-path updates, UVMF flush flags, multicall's iret rule and a
// vcpu context naming GDT frames; the invariant checker runs after each call.

import { describe, expect, it } from "vitest";
import { mmuEnv, HC, MMUEXT, P, RW, A, D, PGT, EFAULT, EINVAL } from "./mmu-env.js";
import { vcpuGuestContext } from "../../src/builder/vcpu-context.js";

const CONSOLEIO_write = 0;

describe("TLB coherence", () => {
  it("a translation cached while reading hypercall arguments does not survive unmapping the frame", async () => {
    const e = await mmuEnv();
    const va = e.scratch + 4096;
    const f = e.spare(0);
    expect(e.call(HC.update_va_mapping, va, (f << 12) | P | RW | A | D, 0, 2)).toBe(0);
    e.fill(f, [[0, 0x0a6b6fn]]); // "ok\n"
    expect(e.call(18, CONSOLEIO_write, 3, va)).toBe(0); // fills the TLB entry for va
    // Unmap through mmu_update with no flush request: the core must still forget va.
    const ptr = BigInt(e.l1Of(va)) * 4096n + BigInt(((va >>> 12) & 511) * 8);
    expect(e.mmuUpdate([[ptr, 0]])).toBe(0);
    expect(e.count(f)).toBe(1);
    expect(e.call(18, CONSOLEIO_write, 3, va)).toBe(EFAULT);
  });

  it("changing only accessed, dirty, global or AVL bits takes the fast path: no reference moves", async () => {
    const e = await mmuEnv();
    const va = e.scratch + 4096;
    const f = e.spare(0);
    const ptr = BigInt(e.l1Of(va)) * 4096n + BigInt(((va >>> 12) & 511) * 8);
    expect(e.mmuUpdate([[ptr, e.pte(f, P | RW)]])).toBe(0);
    const c = e.count(f), t = e.typeCount(f);
    expect(e.mmuUpdate([[ptr, e.pte(f, P | RW | A | D | 0x100 | 0x200)]])).toBe(0);
    expect([e.count(f), e.typeCount(f)]).toEqual([c, t]);
    // Dropping RW is not a fast-path change: the writable type reference goes.
    expect(e.mmuUpdate([[ptr, e.pte(f, P | A)]])).toBe(0);
    expect([e.count(f), e.typeCount(f)]).toEqual([c, t - 1]);
  });

  it("update_va_mapping applies the update, then reports an unreadable vcpu bitmap with -EFAULT", async () => {
    const e = await mmuEnv();
    const f = e.spare(0);
    expect(e.call(HC.update_va_mapping, e.scratch + 4096, (f << 12) | P, 0, 0x1000 | 1)).toBe(EFAULT);
    expect(e.count(f)).toBe(2);
    e.putU32(e.req, 1);
    expect(e.call(HC.update_va_mapping, e.scratch + 4096, 0, 0, e.req | 2)).toBe(0);
    expect(e.count(f)).toBe(1);
    expect(e.call(HC.update_va_mapping, e.scratch + 4096, 0, 0, 4 | 1)).toBe(0); // UVMF_ALL
  });
});

describe("multicall and iret", () => {
  it("an iret entry ends the batch and its value becomes the multicall's", async () => {
    const e = await mmuEnv();
    // A ring-1 iret frame on the guest stack: EAX, EIP, CS, EFLAGS.
    const st = e.core.vcpuState(1, 0);
    const sp = st.regs[4];
    const frame = new Uint32Array([0x1234, 0xc0001000, 0xe019, 0x202]);
    e.write(sp, new Uint8Array(frame.buffer));
    const list = e.req + 1024;
    const ent = (op: number) => { const b = new Uint32Array(8); b[0] = op; b[1] = 0xaaaaaaaa; return new Uint8Array(b.buffer); };
    e.write(list, [...ent(23), ...ent(HC.vm_assist)]);
    expect(e.call(HC.multicall, list, 2)).toBe(0x1234);
    expect(e.u32(list + 4)).toBe(0x1234);
    expect(e.u32(list + 32 + 4)).toBe(0xaaaaaaaa); // never ran
  });
});

describe("vcpu context with a GDT", () => {
  it("a context naming GDT frames takes their seg_desc references; a writable one is refused", async () => {
    const e = await mmuEnv();
    const g = e.spare(0);
    const ctx = vcpuGuestContext({ eip: 0xc0001000, esp: 0xc0002000, esi: 0, l3mfn: e.l3, paeExtendedCr3: false });
    const dv = new DataView(ctx.buffer);
    dv.setUint32(2640, g, true); // gdt_frames[0]
    dv.setUint32(2704, 16, true); // gdt_ents
    e.core.setVcpuContext(1, 0, ctx);
    expect([e.type(g), e.typeCount(g), e.count(g)]).toEqual([PGT.seg_desc, 1, 2]);
    expect(e.core.mmCheck()).toBeUndefined();
    dv.setUint32(2640, e.mfnOfVa(e.scratch), true);
    expect(() => e.core.setVcpuContext(1, 0, ctx)).toThrow(/EINVAL/);
    expect(e.typeCount(g)).toBe(1); // the old GDT stays
    expect(e.core.mmCheck()).toBeUndefined();
  });
});

describe("domain destruction", () => {
  it("returns every frame, with pinned tables, a linear L2 entry and a GDT still in place", async () => {
    const { loadCore } = await import("../../src/core/node.js");
    const { buildDomain } = await import("../../src/builder/build.js");
    const { guestImage } = await import("../helpers/guest.js");
    const core = await loadCore({ frames: (32 << 20) / 4096, debug: true });
    const free0 = core.freeFrames;
    const built = buildDomain(core, guestImage("hello"), { domid: 1, memoryBytes: 8 << 20 });
    const l = built.layout;
    const spare = (k: number) => built.p2m[built.p2m.length - 1 - k];
    const scratch = l.virtBase + (l.bootStackPfn + 2) * 4096;
    const put = (va: number, words: number[]) => {
      const v = core.mapForeign(1, built.p2m[(va - l.virtBase) / 4096], true);
      const dv = new DataView(v.buffer, v.byteOffset, 4096);
      words.forEach((w, i) => dv.setUint32((va % 4096) + i * 4, w >>> 0, true));
    };
    // Two pinned L2s, one naming the other read-only (the reverse link is refused); a GDT.
    const a = spare(0), b = spare(1), g = spare(2);
    put(scratch, [MMUEXT.PIN_L2, a, 0, MMUEXT.PIN_L2, b, 0]);
    expect(core.hypercall(1, 0, HC.mmuext_op, scratch, 2, 0, 0x7ff0)).toBe(0);
    put(scratch, [a * 4096 + 8, 0, (b << 12) | P, 0, b * 4096 + 8, 0, (a << 12) | P, 0]);
    expect(core.hypercall(1, 0, HC.mmu_update, scratch, 1, 0, 0x7ff0)).toBe(0);
    expect(core.hypercall(1, 0, HC.mmu_update, scratch + 16, 1, 0, 0x7ff0)).toBe(EINVAL); // b is now a linear target
    put(scratch, [g]);
    expect(core.hypercall(1, 0, HC.set_gdt, scratch, 512)).toBe(0);
    expect(core.mmCheck()).toBeUndefined();
    core.destroyDomain(1);
    expect(core.mmCheck()).toBeUndefined();
    expect(core.freeFrames).toBe(free0);
  });
});
