// FPU/SSE state for the cases of x87 and SSE rows: a random FXSAVE image that FXRSTOR
// accepts (SDM Vol. 1 §10.5.1), and which parts of an image are compared.

import type { Rng } from "./rng.js";

/** A random but loadable FXSAVE image: all exceptions masked, MXCSR reserved bits clear. */
export function randomFx(rng: Rng): Uint8Array {
  const fx = new Uint8Array(512);
  const dv = new DataView(fx.buffer);
  dv.setUint16(0, 0x037f | (rng.int(4) << 10) | (rng.pick([0, 2, 3]) << 8), true); // FCW: RC, PC
  dv.setUint16(2, (rng.int(8) << 11) | (rng.u32() & 0x4700), true);                 // FSW: TOP, C0-C3
  fx[4] = rng.u32() & 0xff;                                                          // abridged FTW
  dv.setUint32(24, 0x1f80 | (rng.int(4) << 13) | (rng.u32() & 0x3f) | (rng.chance(0.2) ? 0x8040 : 0), true);
  for (let i = 0; i < 8; i++) fx.set(rng.bytes(10), 32 + 16 * i);                   // ST0-7 / MM0-7
  fx.set(rng.bytes(128), 160);                                                       // XMM0-7
  return fx;
}

/** Byte ranges of an FXSAVE image that must match: FCW, FSW, FTW, MXCSR, ST/MM and XMM registers. */
export const FX_COMPARED: [number, number][] = [
  [0, 5], [24, 28],
  ...Array.from({ length: 8 }, (_, i) => [32 + 16 * i, 42 + 16 * i] as [number, number]),
  [160, 288],
];
