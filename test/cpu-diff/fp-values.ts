// Floating-point operand values for x87 and SSE cases: the classes the units treat
// differently — normals near 1 and across the exponent range, zeros, infinities,
// quiet and signalling NaNs, denormals, values at the rounding and range edges, small
// integers — and, for the x87, the encodings only FLD m80/FXRSTOR can produce
// (pseudo-denormals, unnormals, pseudo-NaNs and pseudo-infinities), which the
// processor must reject or accept exactly as it does natively. Now and then a value
// is fully random bytes, as a real program's memory may be.

import type { Rng } from "./rng.js";

const J = 1n << 63n;
const FRAC63 = J - 1n;

function rand64(rng: Rng): bigint { return (BigInt(rng.u32()) << 32n) | BigInt(rng.u32()); }

/** A random significand: uniform bits, or one with few significant bits (exact results). */
function fraction(rng: Rng, bits: number): bigint {
  const mask = (1n << BigInt(bits)) - 1n;
  const r = rng.int(5);
  if (r === 0) return 0n;
  if (r === 1) { const k = BigInt(Math.max(0, bits - rng.int(12))); return ((rand64(rng) & mask) >> k) << k; }
  if (r === 2) return mask - (rand64(rng) & 0xfn); // near the next binade
  return rand64(rng) & mask;
}

/** An x87 extended value as [sign/exponent word, significand]. */
export function x87Value(rng: Rng): [number, bigint] {
  const s = rng.chance(0.5) ? 0x8000 : 0;
  const k = rng.int(100);
  if (k < 40) return [s | (0x3fff + rng.range(-70, 70)), J | fraction(rng, 63)];
  if (k < 50) return [s | rng.range(1, 0x7ffe), J | fraction(rng, 63)];
  if (k < 55) return [s, 0n];                                             // zero
  if (k < 59) return [s | 0x7fff, J];                                      // infinity
  if (k < 63) return [s | 0x7fff, J | (1n << 62n) | fraction(rng, 62)];   // QNaN
  if (k < 66) return [s | 0x7fff, J | (fraction(rng, 62) || 1n)];          // SNaN
  if (k < 71) return [s, fraction(rng, 63) || 1n];                         // denormal
  if (k < 73) return [s, J | fraction(rng, 63)];                           // pseudo-denormal
  if (k < 76) return [s | rng.range(1, 0x7ffe), fraction(rng, 63)];        // unnormal
  if (k < 78) return [s | 0x7fff, fraction(rng, 63)];                      // pseudo-NaN/-infinity
  if (k < 80) return [s | rng.pick([1, 2, 0x7ffe, 0x7ffd]), J | fraction(rng, 63)]; // range edges
  if (k < 88) {                                                           // small integers and halves
    const v = BigInt(rng.int(1 << 20) + 1);
    const lz = 63 - v.toString(2).length + 1;
    return [s | (0x3fff + 63 - lz - (rng.chance(0.3) ? 1 : 0)), v << BigInt(lz)];
  }
  const b = rand64(rng);
  return [rng.u32() & 0xffff, b];                                          // any bits
}

/** A double's bits. */
export function f64Value(rng: Rng): bigint {
  const s = rng.chance(0.5) ? 1n << 63n : 0n;
  const k = rng.int(100);
  const frac = () => fraction(rng, 52);
  let e: number, f: bigint;
  if (k < 45) { e = 1023 + rng.range(-40, 40); f = frac(); }
  else if (k < 55) { e = rng.range(1, 2046); f = frac(); }
  else if (k < 61) { e = 0; f = 0n; }
  else if (k < 65) { e = 2047; f = 0n; }
  else if (k < 70) { e = 2047; f = (1n << 51n) | frac(); }
  else if (k < 73) { e = 2047; f = (frac() & ((1n << 51n) - 1n)) || 1n; }
  else if (k < 80) { e = 0; f = frac() || 1n; }
  else if (k < 85) { e = rng.pick([1, 2, 2046, 2045]); f = frac(); }
  else if (k < 92) return s | doubleBits(rng.int(1 << 20) / (rng.chance(0.3) ? 2 : 1));
  else return rand64(rng);
  return s | (BigInt(e) << 52n) | f;
}

/** A single's bits. */
export function f32Value(rng: Rng): number {
  const s = rng.chance(0.5) ? 0x80000000 : 0;
  const k = rng.int(100);
  const frac = () => Number(fraction(rng, 23));
  let e: number, f: number;
  if (k < 45) { e = 127 + rng.range(-20, 20); f = frac(); }
  else if (k < 55) { e = rng.range(1, 254); f = frac(); }
  else if (k < 61) { e = 0; f = 0; }
  else if (k < 65) { e = 255; f = 0; }
  else if (k < 70) { e = 255; f = 0x400000 | frac(); }
  else if (k < 73) { e = 255; f = (frac() & 0x3fffff) || 1; }
  else if (k < 80) { e = 0; f = frac() || 1; }
  else if (k < 85) { e = rng.pick([1, 2, 254, 253]); f = frac(); }
  else if (k < 92) return (s | floatBits(rng.int(1 << 16) / (rng.chance(0.3) ? 2 : 1))) >>> 0;
  else return rng.u32();
  return (s | (e << 23) | f) >>> 0;
}

function doubleBits(v: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v, true);
  return dv.getBigUint64(0, true);
}

function floatBits(v: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, v, true);
  return dv.getUint32(0, true);
}

/** Interesting 32-bit integers for FILD/FIST and the conversions. */
function intValue(rng: Rng): number {
  return rng.pick([0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x8000, 0x7fff, 0xffff8000, rng.int(1000), -rng.int(1000) >>> 0, rng.u32()]);
}

/**
 * 16 bytes of operand, laid out in the format the row's mnemonic names (m32 real,
 * m64, m80, packed singles or doubles, integers), else a mix of lane formats.
 */
export function operandBytes(rng: Rng, mnemonic: string): Uint8Array {
  const out = new Uint8Array(16);
  const dv = new DataView(out.buffer);
  if (mnemonic.startsWith("ldmxcsr") && rng.chance(0.7)) {
    // A loadable MXCSR: flags, masks, rounding, FZ and DAZ, no reserved bits.
    dv.setUint32(0, rng.u32() & 0xffff, true);
    return out;
  }
  const fmt = operandFormat(mnemonic, rng);
  if (fmt === "t") {
    const [se, sig] = x87Value(rng);
    dv.setBigUint64(0, sig, true);
    dv.setUint16(8, se, true);
    if (mnemonic.startsWith("fbld")) packedBcd(rng, out);
    return out;
  }
  for (let o = 0; o < 16; o += fmt === "d" ? 8 : 4) {
    if (fmt === "d") dv.setBigUint64(o, f64Value(rng), true);
    else if (fmt === "s") dv.setUint32(o, f32Value(rng), true);
    else if (fmt === "i") dv.setUint32(o, intValue(rng), true);
    else dv.setUint32(o, rng.u32(), true);
  }
  if (fmt === "w" && rng.chance(0.5)) dv.setUint16(0, rng.pick([0, 1, 0x8000, 0x7fff, 0xffff]), true);
  return out;
}

function operandFormat(m: string, rng: Rng): string {
  if (/^f(ld|stp) Mt/.test(m) || m.startsWith("fbld")) return "t";
  if (/^fi.* M[dwq]/.test(m)) return m.includes("Mw") ? "w" : "i";
  if (/^f.* Md/.test(m) || /(ps|ss)\b|ps,|ss,/.test(m)) return "s";
  if (/^f.* Mq/.test(m) || /(pd|sd)\b|pd,|sd,/.test(m)) return "d";
  return rng.pick(["s", "d", "i", "r"]);
}

/** 18 BCD digits (mostly valid, sometimes with a bad nibble) and a sign byte. */
function packedBcd(rng: Rng, out: Uint8Array): void {
  for (let i = 0; i < 9; i++) out[i] = (rng.int(10) << 4) | rng.int(10);
  if (rng.chance(0.1)) out[rng.int(9)] |= 0xa0;
  out[9] = rng.chance(0.5) ? 0x80 : 0;
}
