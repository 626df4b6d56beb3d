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
