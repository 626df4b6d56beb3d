// The implementation-specific parts of some rows' results — the `approx` note of
// their table row (src/gen/x86/) — and the exact rule each is compared by instead of
// bit for bit. Everything a rule does not name is still compared exactly.
//
// A rule looks at the native and core results of one case and, where the core's
// value satisfies it, copies the native value over the core's copy, so that the
// ordinary comparison that follows sees no difference there. A test checks that
// the rules and the `approx` notes cover the same rows.

import { X86_TABLE, type OpDef } from "../../src/gen/x86/index.js";
import { DATA_VA, type Case } from "./layout.js";

/** What a rule may adjust: the core's final data area and FXSAVE image (copies). */
export interface Finals {
  data: Uint8Array;
  fx?: Uint8Array;
}

export interface ApproxRule {
  /** Mnemonics of the rows it covers. */
  rows: string[];
  /** The rule, as the report should state it. */
  rule: string;
  reconcile(c: Case, native: Finals, core: Finals): void;
}

// ── x87 registers in an FXSAVE image ─────────────────────────────────────────────────

const FSW = 2;
const SW_SF = 0x40, SW_C1 = 0x200;
const stOff = (i: number) => 32 + 16 * i;

/** ST(i) of an image as a signed integer that counts representable values (ulps). */
export function x87Ordinal(fx: Uint8Array, i: number): bigint {
  const dv = new DataView(fx.buffer, fx.byteOffset + stOff(i), 10);
  const sig = dv.getBigUint64(0, true), se = dv.getUint16(8, true);
  // Within a sign, (exponent, fraction) in order; the integer bit is implied by the
  // exponent for the encodings a result takes (normals, denormals, zero).
  const mag = (BigInt(se & 0x7fff) << 63n) | (sig & 0x7fffffffffffffffn);
  return se & 0x8000 ? -mag : mag;
}

/** ST(i) of both images within one unit in the last place, same sign, both finite. */
function withinOneUlp(n: Uint8Array, k: Uint8Array, i: number): boolean {
  const nse = new DataView(n.buffer, n.byteOffset).getUint16(stOff(i) + 8, true);
  const kse = new DataView(k.buffer, k.byteOffset).getUint16(stOff(i) + 8, true);
  if ((nse & 0x7fff) === 0x7fff || (kse & 0x7fff) === 0x7fff || (nse ^ kse) & 0x8000) return false;
  const d = x87Ordinal(n, i) - x87Ordinal(k, i);
  return d >= -1n && d <= 1n;
}

const TRANSCENDENTAL_RESULTS: Record<string, number[]> = {
  fsin: [0], fcos: [0], f2xm1: [0], fpatan: [0], fyl2x: [0], fyl2xp1: [0], fsincos: [0, 1], fptan: [1],
};

/**
 * x87 transcendentals: the result register(s) — ST(0), or ST(0) and ST(1) after
 * fsincos, ST(1) (the tangent) after fptan — may differ by one unit in the last
 * place, and C1 (the rounding direction) may differ unless there was a stack fault.
 */
const transcendental: ApproxRule = {
  rows: Object.keys(TRANSCENDENTAL_RESULTS),
  rule: "result register(s) within 1 ulp; C1 free unless SF",
  reconcile(c, n, k) {
    if (!n.fx || !k.fx) return;
    const m = mnemonicOf(c);
    for (const i of TRANSCENDENTAL_RESULTS[m] ?? []) {
      if (withinOneUlp(n.fx, k.fx, i)) k.fx.set(n.fx.subarray(stOff(i), stOff(i) + 10), stOff(i));
    }
    const nsw = n.fx[FSW] | (n.fx[FSW + 1] << 8);
    if (!(nsw & SW_SF)) k.fx[FSW + 1] = (k.fx[FSW + 1] & ~(SW_C1 >> 8)) | (n.fx[FSW + 1] & (SW_C1 >> 8));
  },
};

// ── SSE reciprocal approximations ────────────────────────────────────────────────────

const f32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset).getFloat32(o, true);
const u32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset).getUint32(o, true);

/**
 * Both normal, same sign, within 3 × 2^-12 of each other relative to the host's; or
 * one a zero and the other within 3 × 2^-12 of the smallest normal, same sign (an
 * approximation that fell just below the normal range is flushed to zero).
 */
function sameApproximation(nv: number, kv: number, nBits: number, kBits: number): boolean {
  const normal = (b: number) => ((b >>> 23) & 0xff) !== 0 && ((b >>> 23) & 0xff) !== 0xff;
  if ((nBits ^ kBits) >>> 31) return false;
  const zero = (b: number) => (b & 0x7fffffff) === 0;
  const nearMin = (v: number, b: number) => normal(b) && Math.abs(v) <= 2 ** -126 * (1 + 3 * 2 ** -12);
  if (zero(nBits) !== zero(kBits)) return zero(nBits) ? nearMin(kv, kBits) : nearMin(nv, nBits);
  if (!normal(nBits) || !normal(kBits)) return false;
  return Math.abs(nv - kv) <= 3 * 2 ** -12 * Math.abs(nv);
}

/**
 * rcpps/rcpss/rsqrtps/rsqrtss: each approximated element (all four for ps, the low
 * one for ss) either equal, or both normal numbers of the same sign within 3 × 2^-12
 * of each other — what two approximations within the SDM's 1.5 × 2^-12 of the
 * exact value can differ by — or a zero against a value at the smallest normal
 * (flushed by one, not the other). Other zeros, infinities, NaNs and the untouched
 * elements must be equal.
 */
const reciprocal: ApproxRule = {
  rows: ["rcpps Vps,Wps", "rcpss Vss,Wss", "rsqrtps Vps,Wps", "rsqrtss Vss,Wss"],
  rule: "approximated elements within 3 × 2^-12 of the host's, both normal",
  reconcile(c, n, k) {
    if (!n.fx || !k.fx) return;
    const dst = 160 + 16 * ((modrm(c) >> 3) & 7);
    const elems = mnemonicOf(c).includes("ps ") ? 4 : 1;
    for (let e = 0; e < elems; e++) {
      const o = dst + 4 * e;
      if (sameApproximation(f32(n.fx, o), f32(k.fx, o), u32(n.fx, o), u32(k.fx, o))) k.fx.set(n.fx.subarray(o, o + 4), o);
    }
  },
};

// ── FXSAVE's MXCSR_MASK ──────────────────────────────────────────────────────────────

/**
 * fxsave: bytes 28-31 of the stored image (MXCSR_MASK, the MXCSR bits the processor
 * supports: 0xFFFF for the core's virtual CPU, 0x2FFFF with AMD's misaligned-SSE
 * bit on the host) are not compared.
 */
const fxsaveMask: ApproxRule = {
  rows: ["fxsave M"],
  rule: "MXCSR_MASK bytes of the image not compared",
  reconcile(c, n, k) {
    if (c.ea === undefined) return;
    for (let o = c.ea - DATA_VA + 28; o < c.ea - DATA_VA + 32; o++) if (o >= 0 && o < n.data.length) k.data[o] = n.data[o];
  },
};

export const APPROX_RULES: ApproxRule[] = [transcendental, reciprocal, fxsaveMask];

/** The rule for row `d`, if it has one. */
export function approxRule(d: OpDef): ApproxRule | undefined {
  return APPROX_RULES.find((r) => r.rows.includes(d.m));
}

// ── decoding the case's own instruction ──────────────────────────────────────────────

function mnemonicOf(c: Case): string { return X86_TABLE[c.row].m; }

/** The ModRM byte of the row's instruction (after prefixes and a 0F xx opcode). */
function modrm(c: Case): number {
  const code = c.code.subarray(c.leadLen ?? 0);
  let i = 0;
  while ([0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65].includes(code[i])) i++;
  return code[i + (X86_TABLE[c.row].map === 1 ? 2 : 1)];
}
