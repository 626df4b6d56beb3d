// x87 arithmetic with known exact results: rounding, precision and rounding control,
// masked responses and the status word, on hand-encoded instructions.

import { describe, expect, it } from "vitest";
import { runCode, abs, le32, f64 } from "./fpu-harness.js";

const FLD1 = [0xd9, 0xe8], FLDZ = [0xd9, 0xee], FADDP = [0xde, 0xc1], FDIVP = [0xde, 0xf9], FSQRT = [0xd9, 0xfa];
const FILD_M32 = (off: number) => [0xdb, 0x05, ...abs(off)];
const FLDCW = (off: number) => [0xd9, 0x2d, ...abs(off)];
const FLD_M64 = (off: number) => [0xdd, 0x05, ...abs(off)];
const FISTP_M32 = (off: number) => [0xdb, 0x1d, ...abs(off)];
const SW_C1 = 0x200, TOP7 = 0x3800;

describe("x87 arithmetic", () => {
  it("fld1, fld1, faddp leave 2.0 in ST(0) with TOP = 7 and one register valid", async () => {
    const s = await runCode([...FLD1, ...FLD1, ...FADDP]);
    expect(s.st(0)).toBe("4000:8000000000000000");
    expect(s.fsw).toBe(TOP7);
    expect(s.ftw).toBe(0x80);
  });

  it("1/3 rounds to nearest in 64 bits: rounded up (C1) and inexact (PE)", async () => {
    const s = await runCode([...FLD1, ...FILD_M32(0), ...FDIVP], le32(3));
    expect(s.st(0)).toBe("3ffd:aaaaaaaaaaaaaaab");
    expect(s.fsw).toBe(TOP7 | SW_C1 | 0x20);
  });

  it("rounding control toward zero truncates 1/3 and leaves C1 clear", async () => {
    const s = await runCode([...FLDCW(4), ...FLD1, ...FILD_M32(0), ...FDIVP], [...le32(3), ...le32(0x0f7f)]);
    expect(s.st(0)).toBe("3ffd:aaaaaaaaaaaaaaaa");
    expect(s.fsw).toBe(TOP7 | 0x20);
  });

  it("precision control 24 rounds the significand to single precision, exponent kept", async () => {
    const s = await runCode([...FLDCW(4), ...FLD1, ...FILD_M32(0), ...FDIVP], [...le32(3), ...le32(0x007f)]);
    expect(s.st(0)).toBe("3ffd:aaaaab0000000000");
  });

  it("fsqrt(2) is correctly rounded (down) to 64 bits", async () => {
    const s = await runCode([...FLD1, ...FLD1, ...FADDP, ...FSQRT]);
    expect(s.st(0)).toBe("3fff:b504f333f9de6484");
    expect(s.fsw).toBe(TOP7 | 0x20);
  });

  it("0/0 gives the real indefinite with IE (masked response)", async () => {
    const s = await runCode([...FLDZ, ...FLDZ, ...FDIVP]);
    expect(s.st(0)).toBe("ffff:c000000000000000");
    expect(s.fsw & 0x3f).toBe(0x01);
  });

  it("fstp of an empty register is a stack underflow: IE, SF and C1 = 0", async () => {
    const s = await runCode([0xdd, 0xd8]);
    expect(s.fsw & 0x2ff).toBe(0x41);
  });

  it("fistp rounds halfway cases to even, and up under RC = up", async () => {
    const nearest = await runCode([...FLD_M64(0), ...FISTP_M32(8)], [...f64(2.5), 0, 0, 0, 0]);
    expect(nearest.data(8, 4)).toEqual(Uint8Array.from(le32(2)));
    const up = await runCode([...FLDCW(12), ...FLD_M64(0), ...FISTP_M32(8)], [...f64(2.5), 0, 0, 0, 0, ...le32(0x0b7f)]);
    expect(up.data(8, 4)).toEqual(Uint8Array.from(le32(3)));
    expect(up.fsw & 0x23f).toBe(0x220);
  });

  it("fucomip with a NaN sets ZF, PF and CF without IE (quiet NaN)", async () => {
    const s = await runCode([...FLD_M64(0), ...FLD1, 0xdf, 0xe9], f64(NaN));
    expect(s.eflags & 0x8d5).toBe(0x45);
    expect(s.fsw & 0x3f).toBe(0);
  });

  it("an extended denormal result underflows with UE and PE when inexact", async () => {
    // 2^-16382 (smallest normal) / 3 is below the normal range and not exact.
    const s = await runCode([0xdb, 0x2d, ...abs(0), ...FILD_M32(16), ...FDIVP],
      [0, 0, 0, 0, 0, 0, 0, 0x80, 0x01, 0x00, 0, 0, 0, 0, 0, 0, ...le32(3)]);
    expect(s.st(0)).toBe("0000:2aaaaaaaaaaaaaab");
    expect(s.fsw & 0x3f).toBe(0x30);
  });
});
