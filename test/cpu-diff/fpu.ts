// FPU/SSE state for the cases of x87 and SSE rows: a random FXSAVE image that FXRSTOR
// accepts (SDM Vol. 1 §10.5.1), and which parts of an image are compared.
//
// Register contents come from fp-values.ts. The tag word mostly describes a stack
// of 0-8 values from TOP down, as programs build it, sometimes random bits (FXRSTOR
// takes any). Exceptions are mostly masked; a fifth of the images unmask some x87
// ones and a fifth some SSE ones, so that the unmasked responses (nothing stored,
// ES and B set, #XM) are exercised; a quarter of the former start with an x87
// exception pending (ES = 1), which waiting x87 and MMX instructions must turn
// into #MF and the others must leave alone; those also get random last-instruction
// pointers (fnstenv and fnsave store what FXRSTOR loaded).

import type { Rng } from "./rng.js";
import { x87Value, f32Value, f64Value } from "./fp-values.js";

/** A random but loadable FXSAVE image (MXCSR reserved bits clear, nothing pending). */
export function randomFx(rng: Rng): Uint8Array {
  const fx = new Uint8Array(512);
  const dv = new DataView(fx.buffer);
  const masks = rng.chance(0.2) ? rng.u32() & 0x3f : 0x3f;
  dv.setUint16(0, 0x0340 | masks | (rng.int(4) << 10) | (rng.pick([0, 2, 3]) << 8), true); // FCW: masks, RC, PC
  const top = rng.int(8);
  let sw = (top << 11) | (rng.u32() & 0x4700);
  // Now and then an exception already pending: a flag the FCW unmasks, ES and B.
  const unmasked = ~masks & 0x3f;
  if (unmasked && rng.chance(0.25)) sw |= (unmasked & (rng.u32() | (1 << (31 - Math.clz32(unmasked))))) | 0x8080;
  dv.setUint16(2, sw, true);                                                              // FSW: TOP, C0-C3
  // Last-instruction pointers (FXRSTOR loads them), only with an exception pending:
  // the host's kernel saves and restores the state in the 64-bit format whenever
  // it preempts the runner, which keeps FOP, FIP and FDP only while ES = 1 (AMD)
  // and never the selectors FCS and FDS, so other values would not survive a
  // preemption between the runner's FXRSTOR and the instruction.
  if (sw & 0x80) {
    dv.setUint16(6, rng.u32() & 0x7ff, true);
    dv.setUint32(8, rng.u32(), true);
    dv.setUint32(16, rng.u32(), true);
  }
  fx[4] = tags(rng, top);                                                                 // abridged FTW
  const mxMasks = rng.chance(0.2) ? rng.u32() & 0x1f80 : 0x1f80;
  dv.setUint32(24, mxMasks | (rng.int(4) << 13) | (rng.u32() & 0x3f) | (rng.chance(0.2) ? 0x8040 : 0), true);
  for (let i = 0; i < 8; i++) {
    const [se, sig] = rng.chance(0.1) && i > 0 ? near(rng, dv, i) : x87Value(rng);
    dv.setBigUint64(32 + 16 * i, sig, true);                                              // ST0-7 / MM0-7
    dv.setUint16(40 + 16 * i, se, true);
  }
  for (let r = 0; r < 8; r++) {                                                           // XMM0-7
    const o = 160 + 16 * r, k = rng.int(4);
    if (k === 0) for (let e = 0; e < 4; e++) dv.setUint32(o + 4 * e, f32Value(rng), true);
    else if (k === 1) for (let e = 0; e < 2; e++) dv.setBigUint64(o + 8 * e, f64Value(rng), true);
    else fx.set(rng.bytes(16), o);
  }
  return fx;
}

/** The abridged tag byte (bit i: physical register i valid). */
function tags(rng: Rng, top: number): number {
  const k = rng.int(10);
  if (k < 3) return rng.u32() & 0xff;
  if (k < 4) return 0xff;
  // n values on the stack: ST(0) .. ST(n-1), i.e. physical TOP .. TOP+n-1.
  const n = rng.int(9);
  let t = 0;
  for (let i = 0; i < n; i++) t |= 1 << ((top + i) & 7);
  return t;
}

/** A value equal to, or one unit away from, an earlier register (ties, cancellation). */
function near(rng: Rng, dv: DataView, i: number): [number, bigint] {
  const j = rng.int(i);
  const se = dv.getUint16(40 + 16 * j, true), sig = dv.getBigUint64(32 + 16 * j, true);
  const d = BigInt(rng.range(-1, 1));
  return [rng.chance(0.3) ? se ^ 0x8000 : se, (sig + d) & 0xffffffffffffffffn];
}

/**
 * Byte ranges of an FXSAVE image that must match: FCW, FSW, FTW, FOP, the offsets
 * of FIP and FDP, MXCSR, ST/MM and XMM registers. Not the selectors FCS and FDS: the
 * host's 64-bit kernel saves the 64-bit format, whose bytes 12-15 and 20-23 are the
 * upper halves of FIP and FDP.
 */
export const FX_COMPARED: [number, number][] = [
  [0, 5], [6, 12], [16, 20], [24, 28],
  ...Array.from({ length: 8 }, (_, i) => [32 + 16 * i, 42 + 16 * i] as [number, number]),
  [160, 288],
];
