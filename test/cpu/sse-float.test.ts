// SSE/SSE2 floating point with known exact results: MXCSR rounding modes, flags,
// flush-to-zero, the x86 NaN rules and integer conversions.

import { describe, expect, it } from "vitest";
import { runCode, abs, le32, le64 } from "./fpu-harness.js";

const MOVSD_X0 = (off: number) => [0xf2, 0x0f, 0x10, 0x05, ...abs(off)];
const MOVSD_X1 = (off: number) => [0xf2, 0x0f, 0x10, 0x0d, ...abs(off)];
const LDMXCSR = (off: number) => [0x0f, 0xae, 0x15, ...abs(off)];
const ADDSD = [0xf2, 0x0f, 0x58, 0xc1], MULSD = [0xf2, 0x0f, 0x59, 0xc1], DIVSD = [0xf2, 0x0f, 0x5e, 0xc1];
const ONE = 0x3ff0000000000000n, TINY = 0x3c30000000000000n; // 1.0 and 2^-60

describe("SSE floating point", () => {
  it("addsd 1 + 2^-60 is 1 with PE to nearest, and 1 + ulp rounding up", async () => {
    const data = [...le64(ONE), ...le64(TINY), ...le32(0x5f80)];
    const rn = await runCode([...MOVSD_X0(0), ...MOVSD_X1(8), ...ADDSD], data);
    expect(rn.xmm(0)[0]).toBe(ONE);
    expect(rn.mxcsr).toBe(0x1fa0);
    const ru = await runCode([...LDMXCSR(16), ...MOVSD_X0(0), ...MOVSD_X1(8), ...ADDSD], data);
    expect(ru.xmm(0)[0]).toBe(ONE + 1n);
    expect(ru.mxcsr).toBe(0x5fa0);
  });

  it("0/0 gives the negative default NaN 0xFFF8000000000000 with IE", async () => {
    const s = await runCode([...MOVSD_X0(0), ...MOVSD_X1(0), ...DIVSD], le64(0n));
    expect(s.xmm(0)[0]).toBe(0xfff8000000000000n);
    expect(s.mxcsr & 0x3f).toBe(0x01);
  });

  it("an SNaN first source is returned quieted with IE, ahead of a QNaN second source", async () => {
    const s = await runCode([...MOVSD_X0(0), ...MOVSD_X1(8), ...ADDSD], [...le64(0x7ff0000000000001n), ...le64(0x7ff8000000000002n)]);
    expect(s.xmm(0)[0]).toBe(0x7ff8000000000001n);
    expect(s.mxcsr & 0x3f).toBe(0x01);
  });

  it("with FZ a tiny product is flushed to zero and raises UE and PE", async () => {
    const s = await runCode([...LDMXCSR(16), ...MOVSD_X0(0), ...MOVSD_X1(8), ...MULSD],
      [...le64(0x0010000000000000n), ...le64(0x3fe0000000000000n), ...le32(0x9f80)]);
    expect(s.xmm(0)[0]).toBe(0n);
    expect(s.mxcsr & 0x3f).toBe(0x30);
  });

  it("without FZ the same product is the exact denormal, raising nothing", async () => {
    const s = await runCode([...MOVSD_X0(0), ...MOVSD_X1(8), ...MULSD],
      [...le64(0x0010000000000000n), ...le64(0x3fe0000000000000n)]);
    expect(s.xmm(0)[0]).toBe(0x0008000000000000n);
    expect(s.mxcsr & 0x3f).toBe(0);
  });

  it("cvttsd2si of 3e9 is out of range: the integer indefinite 0x80000000 with IE", async () => {
    const s = await runCode([...MOVSD_X0(0), 0xf2, 0x0f, 0x2c, 0xc0], le64(0x41e65a0bc0000000n));
    expect(s.regs[0]).toBe(0x80000000);
    expect(s.mxcsr & 0x3f).toBe(0x01);
  });

  it("cvtsd2si rounds half to even under round-to-nearest", async () => {
    const s = await runCode([...MOVSD_X0(0), 0xf2, 0x0f, 0x2d, 0xc0], le64(0x4004000000000000n)); // 2.5
    expect(s.regs[0]).toBe(2);
    expect(s.mxcsr & 0x3f).toBe(0x20);
  });

  it("comisd orders 1 < 2 with CF only and clears OF, SF, AF", async () => {
    const s = await runCode([...MOVSD_X0(0), ...MOVSD_X1(8), 0x66, 0x0f, 0x2f, 0xc1], [...le64(ONE), ...le64(0x4000000000000000n)]);
    expect(s.eflags & 0x8d5).toBe(0x01);
  });
});

describe("SSE2 integer", () => {
  const MOVDQU_X0 = (off: number) => [0xf3, 0x0f, 0x6f, 0x05, ...abs(off)];
  const MOVDQU_X1 = (off: number) => [0xf3, 0x0f, 0x6f, 0x0d, ...abs(off)];
  const words = (...w: number[]) => w.flatMap((x) => [x & 0xff, (x >> 8) & 0xff]);

  it("pmaddwd multiplies signed words and adds pairs, wrapping 0x8000 × 0x8000 × 2", async () => {
    const s = await runCode([...MOVDQU_X0(0), ...MOVDQU_X1(16), 0x66, 0x0f, 0xf5, 0xc1],
      [...words(1, 2, 0x8000, 0x8000, 0xffff, 3, 7, 0), ...words(5, 6, 0x8000, 0x8000, 4, 0xfffe, 9, 100)]);
    expect([0, 1, 2, 3].map((j) => s.xmm32(0, j))).toEqual([17, 0x80000000, (-4 - 6) >>> 0, 63]);
  });

  it("psadbw sums absolute byte differences per quadword", async () => {
    const a = Array.from({ length: 16 }, (_, i) => i * 10);
    const b = Array.from({ length: 16 }, (_, i) => 255 - i);
    const s = await runCode([...MOVDQU_X0(0), ...MOVDQU_X1(16), 0x66, 0x0f, 0xf6, 0xc1], [...a, ...b]);
    const sad = (lo: number) => a.slice(lo, lo + 8).reduce((t, x, i) => t + Math.abs(x - b[lo + i]), 0);
    expect(s.xmm(0)).toEqual([BigInt(sad(0)), BigInt(sad(8))]);
  });

  it("packuswb saturates signed words to unsigned bytes", async () => {
    const s = await runCode([...MOVDQU_X0(0), ...MOVDQU_X1(16), 0x66, 0x0f, 0x67, 0xc1],
      [...words(0xffff, 0x100, 0x7f, 0x80, 0, 0x8000, 1, 255), ...words(2, 3, 4, 5, 6, 7, 8, 9)]);
    expect(s.xmm(0)).toEqual([0xff010000807fff00n, 0x0908070605040302n]);
  });
});
