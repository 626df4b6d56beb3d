// Runs a few hand-encoded instructions as a tiny PV kernel and reads the FPU/SSE
// state back as the architectural FXSAVE image, for unit tests with known values.

import { loadCore } from "../../src/core/node.js";
import { buildDomain } from "../../src/builder/build.js";
import { tinyKernel, VIRT } from "../helpers/elf-writer.js";

/** Where tests put their operands: inside the kernel image, after the code. */
export const DATA = VIRT + 0x800;

export interface FpuState {
  fcw: number; fsw: number; ftw: number; mxcsr: number;
  /** ST(i) as "sign/exponent:significand" in hex, e.g. "3fff:8000000000000000". */
  st(i: number): string;
  /** XMM register i as two 64-bit lanes (low first). */
  xmm(i: number): [bigint, bigint];
  /** 32-bit lane j of XMM i. */
  xmm32(i: number, j: number): number;
  regs: Uint32Array;
  eflags: number;
  crash?: { vector: number; eip: number };
  /** Bytes of the image (the test's data area is read separately). */
  image: Uint8Array;
  data(off: number, n: number): Uint8Array;
}

const hex = (v: bigint | number, w: number) => v.toString(16).padStart(w, "0");

/** Runs `code` (then spins) with `data` at DATA; returns the state after `steps` instructions. */
export async function runCode(code: number[], data: number[] = [], steps = 200): Promise<FpuState> {
  const image = [...code, 0xeb, 0xfe];
  const padded = new Array(0x800).fill(0x90);
  image.forEach((b, i) => (padded[i] = b));
  padded.push(...data);
  const core = await loadCore({ frames: 8192 });
  const built = buildDomain(core, tinyKernel(padded), { domid: 1, memoryBytes: 16 << 20 });
  core.unpauseDomain(1);
  core.run(steps);
  const info = core.domainInfo(1);
  const img = core.vcpuFpu(1, 0);
  const st = core.vcpuState(1, 0);
  const dv = new DataView(img.buffer, img.byteOffset, img.byteLength);
  const pfn = (va: number) => Math.floor((va - built.layout.virtBase) / 4096);
  const readVa = (va: number, n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = core.mapForeign(1, built.p2m[pfn(va + i)], false)[(va + i) % 4096];
    return out;
  };
  return {
    fcw: dv.getUint16(0, true), fsw: dv.getUint16(2, true), ftw: img[4], mxcsr: dv.getUint32(24, true),
    st: (i) => `${hex(dv.getUint16(32 + 16 * i + 8, true), 4)}:${hex(dv.getBigUint64(32 + 16 * i, true), 16)}`,
    xmm: (i) => [dv.getBigUint64(160 + 16 * i, true), dv.getBigUint64(168 + 16 * i, true)],
    xmm32: (i, j) => dv.getUint32(160 + 16 * i + 4 * j, true),
    regs: st.regs, eflags: st.eflags,
    crash: info.crash ? { vector: info.crash.vector, eip: info.crash.eip } : undefined,
    image: img,
    data: (off, n) => readVa(DATA + off, n),
  };
}

/** Little-endian bytes of a 32-bit value. */
export const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
/** Little-endian bytes of a 64-bit value. */
export const le64 = (v: bigint) => Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
/** Bytes of a double. */
export const f64 = (x: number) => { const b = new Uint8Array(8); new DataView(b.buffer).setFloat64(0, x, true); return [...b]; };
/** ModRM-free absolute memory operand: disp32 = DATA + off (mod 00, rm 101). */
export const abs = (off: number) => le32(DATA + off);
