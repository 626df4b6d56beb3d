// The FPU/SSE state as the host sees it: the architectural FXSAVE image of a vcpu
// (stack-ordered registers, abridged tags) and loading one back.

import { describe, expect, it } from "vitest";
import { loadCore } from "../../src/core/node.js";
import { buildDomain } from "../../src/builder/build.js";
import { tinyKernel, VIRT } from "../helpers/elf-writer.js";

async function domain(code: number[]) {
  const core = await loadCore({ frames: 8192 });
  const built = buildDomain(core, tinyKernel([...code, 0xeb, 0xfe]), { domid: 1, memoryBytes: 16 << 20 });
  return { core, built };
}

describe("vcpu FPU state", () => {
  it("a new vcpu shows the fninit state: FCW 0x037F, MXCSR 0x1F80, all registers empty", async () => {
    const { core } = await domain([]);
    const img = core.vcpuFpu(1, 0);
    const dv = new DataView(img.buffer);
    expect(dv.getUint16(0, true)).toBe(0x037f);
    expect(dv.getUint16(2, true)).toBe(0);
    expect(img[4]).toBe(0);
    expect(dv.getUint32(24, true)).toBe(0x1f80);
  });

  it("the image lists ST(0) first whatever TOP is, with the abridged tag by physical register", async () => {
    // fld1; fldz; fldpi: TOP = 5, ST(0) = pi, ST(1) = 0, ST(2) = 1.
    const { core } = await domain([0xd9, 0xe8, 0xd9, 0xee, 0xd9, 0xeb]);
    core.unpauseDomain(1);
    core.run(10);
    const img = core.vcpuFpu(1, 0);
    const dv = new DataView(img.buffer);
    expect((dv.getUint16(2, true) >> 11) & 7).toBe(5);
    expect(img[4]).toBe(0xe0);
    expect(dv.getUint16(32 + 8, true)).toBe(0x4000);   // pi
    expect(dv.getUint16(48 + 8, true)).toBe(0);        // +0
    expect(dv.getUint16(64 + 8, true)).toBe(0x3fff);   // 1.0
  });

  it("a loaded image is what the guest computes with, and reads back unchanged", async () => {
    // faddp st(1), st; fstp tword [VIRT + 0x800]
    const { core, built } = await domain([0xde, 0xc1, 0xdb, 0x3d, ...[0, 8, 0, 0xc0]]);
    const img = new Uint8Array(512);
    const dv = new DataView(img.buffer);
    dv.setUint16(0, 0x037f, true);
    dv.setUint16(2, 6 << 11, true);          // TOP = 6: ST(0) = R6, ST(1) = R7
    img[4] = 0xc0;
    dv.setUint32(24, 0x1f80, true);
    dv.setBigUint64(32, 0xc000000000000000n, true); dv.setUint16(40, 0x3fff, true); // ST(0) = 1.5
    dv.setBigUint64(48, 0xa000000000000000n, true); dv.setUint16(56, 0x4000, true); // ST(1) = 2.5
    core.setVcpuFpu(1, 0, img);
    const back = core.vcpuFpu(1, 0);
    expect([...back.subarray(0, 4)]).toEqual([...img.subarray(0, 4)]);
    expect([...back.subarray(32, 64)]).toEqual([...img.subarray(32, 64)]);
    core.unpauseDomain(1);
    core.run(10);
    const page = core.mapForeign(1, built.p2m[0], false);
    expect([...page.subarray(0x800, 0x80a)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0x80, 0x01, 0x40]); // 4.0
  });

  it("an image with reserved MXCSR bits is refused", async () => {
    const { core } = await domain([]);
    const img = core.vcpuFpu(1, 0);
    new DataView(img.buffer).setUint32(24, 0x10000, true);
    expect(() => core.setVcpuFpu(1, 0, img)).toThrow();
  });
});
