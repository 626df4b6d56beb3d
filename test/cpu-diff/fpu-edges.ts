// Hand-picked x87/MMX/SSE cases for the corners the random generator reaches only
// now and then: stack faults with masked and unmasked IE, special and unsupported
// operands of the transcendentals, results that stay out of range after the x87's
// bias adjustment, unmasked SSE overflow/underflow, the MMX transition before a
// fault, #MF before operand faults, image stores across an unmapped page, and
// prefixes that make 0F AE/77/C3 undefined. Each runs natively and in the core and
// must compare equal (with the `approx` rules), like any differential case.

import { X86_TABLE } from "../../src/gen/x86/index.js";
import { pristineData } from "./gen.js";
import { DATA_VA, DATA_SIZE, type Batch, type Case } from "./layout.js";

type X80 = [number, bigint];
const J = 1n << 63n;

/** Named x87 operands. */
export const V: Record<string, X80> = {
  "+0": [0, 0n], "-0": [0x8000, 0n], "+inf": [0x7fff, J], "-inf": [0xffff, J],
  qnan: [0x7fff, 0xc000000000001234n], snan: [0xffff, 0xa000000000005678n],
  den: [0, 0x0000123456789abcn], "-den": [0x8000, 0x4000000000000000n], pden: [0, 0x8000000000000123n],
  unnormal: [0x3fff, 0x4000000000000000n], pinf: [0x7fff, 0n], pnan: [0x7fff, 0x4000000000000001n],
  min: [0x0001, 0x8000000000000001n], "1": [0x3fff, J], "-1": [0xbfff, J], "1.5": [0x3fff, 0xc000000000000000n],
  "-3": [0xc000, 0xc000000000000000n], "0.2": [0x3ffc, 0xcccccccccccccccdn], "-0.4": [0xbffd, 0xccccccccccccccccn],
  "2^63": [0x403e, J], "2^63-1": [0x403d, 0xfffffffffffffffen], "2^-70": [0x3fb9, J], max: [0x7ffe, 0xffffffffffffffffn],
  "+huge": [0x4045, 0xfffffffffffffff3n], "-huge": [0xc045, 0xfffffffffffffff3n], "2^14": [0x400d, 0xa000000000000000n],
};

export interface Edge {
  name: string;
  /** Mnemonic of the table row (for the `approx` rules). */
  m: string;
  code: number[];
  st?: X80[];
  /** Physical registers valid (abridged tag); default: exactly the given st values. */
  ftw?: number;
  fcw?: number;
  fsw?: number;
  mxcsr?: number;
  /** XMM registers, low 128 bits as [low qword, high qword]. */
  xmm?: [bigint, bigint][];
  /** EBX (the memory operand's base in these encodings). */
  ebx?: number;
  edi?: number;
  mem?: [number, number[]][];
}

const TOP = 4;
const UNMASK_IE = 0x037e, MASKED = 0x037f;

function* stackFaults(): Generator<Edge> {
  const ops: [string, number[]][] = [["fld ST(i)", [0xd9, 0xc1]], ["fxtract", [0xd9, 0xf4]], ["fsincos", [0xd9, 0xfb]],
    ["fptan", [0xd9, 0xf2]], ["fsin", [0xd9, 0xfe]], ["fprem", [0xd9, 0xf8]], ["fprem1", [0xd9, 0xf5]], ["fcom ST,ST(i)", [0xd8, 0xd1]],
    ["fcomp ST,ST(i)", [0xd8, 0xd9]], ["fucompp", [0xda, 0xe9]], ["ftst", [0xd9, 0xe4]], ["fcomi ST,ST(i)", [0xdb, 0xf1]],
    ["fcomip ST,ST(i)", [0xdf, 0xf1]], ["fcmovb ST,ST(i)", [0xda, 0xc1]], ["fcmovnb ST,ST(i)", [0xdb, 0xc1]], ["fxam", [0xd9, 0xe5]],
    ["fnop", [0xd9, 0xd0]], ["fpatan", [0xd9, 0xf3]], ["fyl2x", [0xd9, 0xf1]], ["fxch ST(i)", [0xd9, 0xc9]]];
  const v = [V["1.5"], V["-3"], V["0.2"]];
  const shapes: [string, number][] = [["ST0 empty", 0xff & ~(1 << TOP)], ["ST1 empty", 0xff & ~(1 << (TOP + 1))], ["all empty", 0], ["all full", 0xff]];
  for (const [m, code] of ops) for (const [shape, ftw] of shapes) for (const fcw of [MASKED, UNMASK_IE]) {
    yield { name: `${m}, ${shape}, IE ${fcw === MASKED ? "masked" : "unmasked"}`, m, code, st: v, ftw, fcw, fsw: 0x4700 };
  }
}

function* transcendentals(): Generator<Edge> {
  const one: [string, number[]][] = [["fsin", [0xd9, 0xfe]], ["fcos", [0xd9, 0xff]], ["fsincos", [0xd9, 0xfb]], ["fptan", [0xd9, 0xf2]], ["f2xm1", [0xd9, 0xf0]]];
  const xs = ["+0", "-0", "+inf", "-inf", "qnan", "snan", "den", "-den", "pden", "unnormal", "pinf", "pnan", "min", "1", "-1", "1.5", "-3", "0.2", "-0.4", "2^63", "2^63-1", "2^-70", "max"];
  for (const [m, code] of one) for (const x of xs) for (const fcw of [MASKED, 0x0340]) {
    yield { name: `${m} ${x}${fcw === MASKED ? "" : ", all unmasked"}`, m, code, st: [V[x], V["1"]], fcw };
  }
  const two: [string, number[]][] = [["fpatan", [0xd9, 0xf3]], ["fyl2x", [0xd9, 0xf1]], ["fyl2xp1", [0xd9, 0xf9]]];
  const ys = ["+0", "-0", "+inf", "-inf", "qnan", "den", "1", "-1", "-3", "0.2", "2^-70", "max"];
  for (const [m, code] of two) for (const x of xs) for (const y of ys) {
    yield { name: `${m} x=${x} y=${y}`, m, code, st: [V[x], V[y]] };
  }
  // Rounding modes: the results just below 1 and the rounding of exact cases.
  for (const rc of [0, 1, 2, 3]) for (const [m, code, x] of [["f2xm1", [0xd9, 0xf0], "1"], ["f2xm1", [0xd9, 0xf0], "-1"], ["fcos", [0xd9, 0xff], "2^-70"],
    ["fsin", [0xd9, 0xfe], "-0.4"], ["fptan", [0xd9, 0xf2], "0.2"]] as [string, number[], string][]) {
    yield { name: `${m} ${x}, RC=${rc}`, m, code, st: [V[x]], fcw: MASKED | (rc << 10) };
  }
}

function* ranges(): Generator<Edge> {
  // fscale far out of range with OE/UE unmasked: infinity/zero even after the bias.
  for (const fcw of [MASKED, 0x0377, 0x036f, 0x0367, 0x0f77, 0x0b6f]) for (const [x, y] of [["1", "+huge"], ["1", "-huge"], ["1", "2^14"], ["-1", "2^14"], ["pden", "-huge"]]) {
    yield { name: `fscale ${x} by ${y}, FCW ${fcw.toString(16)}`, m: "fscale", code: [0xd9, 0xfd], st: [V[x], V[y]], fcw };
  }
  // x87 stores to m32/m64 with OE/UE unmasked: only OE/UE, nothing stored.
  const tiny: X80 = [0x3f7d, J | 0x10000000000n], big: X80 = [0x40c7, J | 1n];
  for (const fcw of [MASKED, 0x0377, 0x036f]) for (const [n, x] of [["tiny", tiny], ["big", big]] as [string, X80][]) {
    yield { name: `fst m32 ${n}, FCW ${fcw.toString(16)}`, m: "fst Md", code: [0xd9, 0x13], st: [x], fcw };
    yield { name: `fst m64 ${n}, FCW ${fcw.toString(16)}`, m: "fst Mq", code: [0xdd, 0x13], st: [x], fcw };
  }
  // SSE overflow/underflow with OM/UM unmasked: PE only when rounding to the precision is inexact.
  for (const mx of [0x1f80, 0x1b80, 0x1780, 0x1380]) for (const v of [0x7fe0000000000000n, 0x47efffffffffffffn, 0x1ff0000000000000n, 0x3690000000000000n, 0x36a0000000000001n]) {
    yield { name: `cvtsd2ss ${v.toString(16)}, MXCSR ${mx.toString(16)}`, m: "cvtsd2ss Vss,Wsd", code: [0xf2, 0x0f, 0x5a, 0xe3], mxcsr: mx, xmm: [[0n, 0n], [0n, 0n], [0n, 0n], [v, 0n], [0x1234n, 0n]] };
    yield { name: `mulsd ${v.toString(16)}², MXCSR ${mx.toString(16)}`, m: "mulsd V,W", code: [0xf2, 0x0f, 0x59, 0xe3], mxcsr: mx, xmm: [[0n, 0n], [0n, 0n], [0n, 0n], [v, 0n], [v, 0n]] };
  }
  // min/max with a NaN return the second source, a denormal one read as zero under DAZ.
  yield { name: "minss NaN, denormal under DAZ", m: "minss V,W", code: [0xf3, 0x0f, 0x5d, 0xe3], mxcsr: 0x1fc0, xmm: [[0n, 0n], [0n, 0n], [0n, 0n], [0x80680000n, 0n], [0xffffffffn, 0n]] };
}

function* mmxAndImages(): Generator<Edge> {
  yield { name: "emms resets TOP", m: "emms", code: [0x0f, 0x77], st: [V["1"], V["-3"]], fsw: 0x4700 };
  // maskmovq/maskmovdqu: the whole destination is checked, whatever the mask.
  for (const edi of [DATA_VA + DATA_SIZE - 4, DATA_VA - 2, DATA_VA + DATA_SIZE + 8, DATA_VA + 0x100]) for (const mask of [0n, 0x8000000000000080n]) {
    // MM0 and MM1 are physical registers 0 and 1: ST(4) and ST(5) with TOP = 4.
    const mm: X80[] = [V["1"], V["1"], V["1"], V["1"], [0xffff, 0x1122334455667788n], [0xffff, mask]];
    yield { name: `maskmovq to ${edi.toString(16)}, mask ${mask.toString(16)}`, m: "maskmovq Pq,Nq", code: [0x0f, 0xf7, 0xc1], st: mm, edi };
    yield { name: `maskmovdqu to ${edi.toString(16)}, mask ${mask.toString(16)}`, m: "maskmovdqu Vdq,Udq", code: [0x66, 0x0f, 0xf7, 0xc1], xmm: [[0x1122334455667788n, 0x99aabbccddeeff00n], [mask, mask]], edi };
  }
  // The MMX transition comes before an unmasked SSE exception; #MF before operand faults.
  yield { name: "cvtps2pi with IE unmasked", m: "cvtps2pi Ppi,Wps", code: [0x0f, 0x2d, 0xc1], mxcsr: 0x1f00, xmm: [[0n, 0n], [0x7fc000007f800000n, 0n]] };
  yield { name: "cvtpd2pi misaligned with an x87 exception pending", m: "cvtpd2pi Qpi,Wpd", code: [0x66, 0x0f, 0x2d, 0x03], fcw: UNMASK_IE, fsw: 0x8081, ebx: DATA_VA + 0x101 };
  // Environment and save images that run onto an unmapped page, or start in one.
  const end = DATA_VA + DATA_SIZE;
  for (const [m, code, n] of [["fnstenv M", [0xd9, 0x33], 28], ["fldenv M", [0xd9, 0x23], 28], ["fnstenv M", [0x66, 0xd9, 0x33], 14],
    ["fnsave M", [0xdd, 0x33], 108], ["frstor M", [0xdd, 0x23], 108], ["fxsave M", [0x0f, 0xae, 0x03], 512], ["fxrstor M", [0x0f, 0xae, 0x0b], 512]] as [string, number[], number][]) {
    const align = m.startsWith("fx") ? 16 : 1;
    for (const ebx of [end - n + 8, end - 1, end - 3, end + 0x100, DATA_VA - n + 16]) {
      yield { name: `${m} (${n} bytes) at ${ebx.toString(16)}`, m, code, ebx: (ebx & ~(align - 1)) >>> 0 };
    }
  }
  // Prefixes that make these forms undefined.
  for (const code of [[0x66, 0x0f, 0x77], [0x66, 0x0f, 0xc3, 0x03], [0xf3, 0x0f, 0xc3, 0x03], [0x66, 0x0f, 0xae, 0x03], [0xf3, 0x0f, 0xae, 0x0b],
    [0xf2, 0x0f, 0xae, 0x13], [0x66, 0x0f, 0xae, 0x1b], [0x66, 0x0f, 0xae, 0xe8], [0xf3, 0x0f, 0xae, 0xf0], [0xf2, 0x0f, 0xae, 0xf8]]) {
    yield { name: `#UD for ${code.map((b) => b.toString(16)).join(" ")}`, m: "nop", code };
  }
  // Loads: a denormal is pushed with DE unmasked; with no room, the operand is not examined.
  const dbl = [1, 0, 0, 0, 0, 0, 0, 0];
  yield { name: "fld m64 denormal, DE unmasked", m: "fld Mq", code: [0xdd, 0x03], fcw: 0x037d, mem: [[DATA_VA + 0x100, dbl]] };
  yield { name: "fld m64 denormal, stack full", m: "fld Mq", code: [0xdd, 0x03], ftw: 0xff, st: [V["1"]], mem: [[DATA_VA + 0x100, dbl]] };
  // fprem: a partial remainder (exponents 200 apart) and its C2.
  yield { name: "fprem partial", m: "fprem", code: [0xd9, 0xf8], st: [[0x40c7, 0xb9322d4e50aae66an], [0x3fff, 0xfc69b086e95df871n]] };
  yield { name: "fprem1 partial", m: "fprem1", code: [0xd9, 0xf5], st: [[0x408f, 0xb9322d4e50aae66an], [0x4012, 0xfc69b086e95df871n]] };
}

export function* fpuEdges(): Generator<Edge> {
  yield* stackFaults();
  yield* transcendentals();
  yield* ranges();
  yield* mmxAndImages();
}

/** The FXSAVE image of an edge case: the given ST(0).. from TOP down, the rest zero. */
function imageOf(e: Edge): Uint8Array {
  const fx = new Uint8Array(512);
  const dv = new DataView(fx.buffer);
  dv.setUint16(0, e.fcw ?? MASKED, true);
  dv.setUint16(2, ((e.fsw ?? 0) & ~0x3800) | (TOP << 11), true);
  let ftw = 0;
  (e.st ?? []).forEach(([se, sig], i) => {
    dv.setBigUint64(32 + 16 * i, sig, true);
    dv.setUint16(40 + 16 * i, se, true);
    ftw |= 1 << ((TOP + i) & 7);
  });
  fx[4] = e.ftw ?? ftw;
  dv.setUint32(24, e.mxcsr ?? 0x1f80, true);
  (e.xmm ?? []).forEach(([lo, hi], i) => { dv.setBigUint64(160 + 16 * i, lo, true); dv.setBigUint64(168 + 16 * i, hi, true); });
  return fx;
}

/** The edge cases as a batch of differential cases. */
export function edgeBatch(edges: Edge[]): Batch {
  const cases: Case[] = edges.map((e) => {
    const row = X86_TABLE.findIndex((d) => d.m === e.m);
    if (row < 0) throw new Error(`fpu-edges: no table row '${e.m}'`);
    const ebx = e.ebx ?? DATA_VA + 0x100;
    return {
      row, code: Uint8Array.from(e.code), regs: Uint32Array.of(0, 0, 0, ebx, DATA_VA + 0x1000, 0, 0, e.edi ?? DATA_VA + 0x200),
      eflags: 0x202, patches: (e.mem ?? []).map(([a, b]) => ({ off: a - DATA_VA, bytes: Uint8Array.from(b) })), fx: imageOf(e),
      ea: ebx,
    };
  });
  return { data: pristineData(1), cases };
}
