// MMX and SSE2 integer instructions that combine a register with a register or
// memory operand lane by lane (0F 60-6F, 74-76, D1-FE and the packed logic of
// 0F 54-57): one handler, the operation as a constant, `xmm` choosing the 64-bit
// MMX form (no mandatory prefix) or the 128-bit SSE2 form (66).
//
// Everything is computed on v128 values; an MMX operand occupies the low 8 bytes
// with zeros above, which is why the pack and high-unpack forms, whose byte
// positions depend on the operand width, treat MMX specially.

import { readG128, writeG128, readE128, readEScalar, mmxBegin, mmxEnter, writeMm, writeXmm } from "../fpu/simd-operand";
import { sseCheck } from "../fpu/sse-state";
import { faulted } from "../fault";
import { imm, rmField, eIsReg } from "../operand";

export const SI_PADDB: u32 = 0;
export const SI_PADDW: u32 = 1;
export const SI_PADDD: u32 = 2;
export const SI_PADDQ: u32 = 3;
export const SI_PSUBB: u32 = 4;
export const SI_PSUBW: u32 = 5;
export const SI_PSUBD: u32 = 6;
export const SI_PSUBQ: u32 = 7;
export const SI_PADDSB: u32 = 8;
export const SI_PADDSW: u32 = 9;
export const SI_PADDUSB: u32 = 10;
export const SI_PADDUSW: u32 = 11;
export const SI_PSUBSB: u32 = 12;
export const SI_PSUBSW: u32 = 13;
export const SI_PSUBUSB: u32 = 14;
export const SI_PSUBUSW: u32 = 15;
export const SI_PMULLW: u32 = 16;
export const SI_PMULHW: u32 = 17;
export const SI_PMULHUW: u32 = 18;
export const SI_PMULUDQ: u32 = 19;
export const SI_PMADDWD: u32 = 20;
export const SI_PAVGB: u32 = 21;
export const SI_PAVGW: u32 = 22;
export const SI_PSADBW: u32 = 23;
export const SI_PMINUB: u32 = 24;
export const SI_PMAXUB: u32 = 25;
export const SI_PMINSW: u32 = 26;
export const SI_PMAXSW: u32 = 27;
export const SI_PCMPEQB: u32 = 28;
export const SI_PCMPEQW: u32 = 29;
export const SI_PCMPEQD: u32 = 30;
export const SI_PCMPGTB: u32 = 31;
export const SI_PCMPGTW: u32 = 32;
export const SI_PCMPGTD: u32 = 33;
export const SI_PAND: u32 = 34;
export const SI_PANDN: u32 = 35;
export const SI_POR: u32 = 36;
export const SI_PXOR: u32 = 37;
export const SI_PSRLW: u32 = 38;
export const SI_PSRLD: u32 = 39;
export const SI_PSRLQ: u32 = 40;
export const SI_PSRAW: u32 = 41;
export const SI_PSRAD: u32 = 42;
export const SI_PSLLW: u32 = 43;
export const SI_PSLLD: u32 = 44;
export const SI_PSLLQ: u32 = 45;
export const SI_PACKSSWB: u32 = 46;
export const SI_PACKSSDW: u32 = 47;
export const SI_PACKUSWB: u32 = 48;
export const SI_PUNPCKLBW: u32 = 49;
export const SI_PUNPCKLWD: u32 = 50;
export const SI_PUNPCKLDQ: u32 = 51;
export const SI_PUNPCKLQDQ: u32 = 52;
export const SI_PUNPCKHBW: u32 = 53;
export const SI_PUNPCKHWD: u32 = 54;
export const SI_PUNPCKHDQ: u32 = 55;
export const SI_PUNPCKHQDQ: u32 = 56;

/** Shift of each lane by a 64-bit count; counts past the lane width give 0 (or sign fill). */
function shiftBy(op: u32, a: v128, count: u64): v128 {
  let big = count > 63;
  let n = <i32>(count & 63);
  switch (op) {
    case SI_PSRLW: return count > 15 ? v128.splat<i32>(0) : i16x8.shr_u(a, n);
    case SI_PSRLD: return count > 31 ? v128.splat<i32>(0) : i32x4.shr_u(a, n);
    case SI_PSRLQ: return big ? v128.splat<i32>(0) : i64x2.shr_u(a, n);
    case SI_PSRAW: return i16x8.shr_s(a, count > 15 ? 15 : n);
    case SI_PSRAD: return i32x4.shr_s(a, count > 31 ? 31 : n);
    case SI_PSLLW: return count > 15 ? v128.splat<i32>(0) : i16x8.shl(a, n);
    case SI_PSLLD: return count > 31 ? v128.splat<i32>(0) : i32x4.shl(a, n);
    default: return big ? v128.splat<i32>(0) : i64x2.shl(a, n);
  }
}

/** Keeps bytes 0-3 and 8-11: the MMX layout of a pack of two 64-bit operands. */
// @ts-ignore: decorator
@inline function mmxPack(r: v128): v128 {
  return i8x16.shuffle(r, r, 0, 1, 2, 3, 8, 9, 10, 11, 0, 0, 0, 0, 0, 0, 0, 0);
}

function compute(op: u32, a: v128, b: v128, xmm: bool): v128 {
  switch (op) {
    case SI_PADDB: return i8x16.add(a, b);
    case SI_PADDW: return i16x8.add(a, b);
    case SI_PADDD: return i32x4.add(a, b);
    case SI_PADDQ: return i64x2.add(a, b);
    case SI_PSUBB: return i8x16.sub(a, b);
    case SI_PSUBW: return i16x8.sub(a, b);
    case SI_PSUBD: return i32x4.sub(a, b);
    case SI_PSUBQ: return i64x2.sub(a, b);
    case SI_PADDSB: return i8x16.add_sat_s(a, b);
    case SI_PADDSW: return i16x8.add_sat_s(a, b);
    case SI_PADDUSB: return i8x16.add_sat_u(a, b);
    case SI_PADDUSW: return i16x8.add_sat_u(a, b);
    case SI_PSUBSB: return i8x16.sub_sat_s(a, b);
    case SI_PSUBSW: return i16x8.sub_sat_s(a, b);
    case SI_PSUBUSB: return i8x16.sub_sat_u(a, b);
    case SI_PSUBUSW: return i16x8.sub_sat_u(a, b);
    case SI_PMULLW: return i16x8.mul(a, b);
    case SI_PMULHW: {
      let lo = i32x4.extmul_low_i16x8_s(a, b), hi = i32x4.extmul_high_i16x8_s(a, b);
      return i16x8.shuffle(lo, hi, 1, 3, 5, 7, 9, 11, 13, 15);
    }
    case SI_PMULHUW: {
      let lo = i32x4.extmul_low_i16x8_u(a, b), hi = i32x4.extmul_high_i16x8_u(a, b);
      return i16x8.shuffle(lo, hi, 1, 3, 5, 7, 9, 11, 13, 15);
    }
    case SI_PMULUDQ: {
      let ea = i32x4.shuffle(a, a, 0, 2, 0, 2), eb = i32x4.shuffle(b, b, 0, 2, 0, 2);
      return i64x2.extmul_low_i32x4_u(ea, eb);
    }
    case SI_PMADDWD: return i32x4.dot_i16x8_s(a, b);
    case SI_PAVGB: return i8x16.avgr_u(a, b);
    case SI_PAVGW: return i16x8.avgr_u(a, b);
    case SI_PSADBW: {
      let d = i8x16.sub(i8x16.max_u(a, b), i8x16.min_u(a, b));
      let s = i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(d));
      let lo = <u64>(<u32>i32x4.extract_lane(s, 0) + <u32>i32x4.extract_lane(s, 1));
      let hi = <u64>(<u32>i32x4.extract_lane(s, 2) + <u32>i32x4.extract_lane(s, 3));
      return i64x2.replace_lane(i64x2.splat(<i64>lo), 1, xmm ? <i64>hi : 0);
    }
    case SI_PMINUB: return i8x16.min_u(a, b);
    case SI_PMAXUB: return i8x16.max_u(a, b);
    case SI_PMINSW: return i16x8.min_s(a, b);
    case SI_PMAXSW: return i16x8.max_s(a, b);
    case SI_PCMPEQB: return i8x16.eq(a, b);
    case SI_PCMPEQW: return i16x8.eq(a, b);
    case SI_PCMPEQD: return i32x4.eq(a, b);
    case SI_PCMPGTB: return i8x16.gt_s(a, b);
    case SI_PCMPGTW: return i16x8.gt_s(a, b);
    case SI_PCMPGTD: return i32x4.gt_s(a, b);
    case SI_PAND: return v128.and(a, b);
    case SI_PANDN: return v128.andnot(b, a);
    case SI_POR: return v128.or(a, b);
    case SI_PXOR: return v128.xor(a, b);
    case SI_PACKSSWB: { let r = i8x16.narrow_i16x8_s(a, b); return xmm ? r : mmxPack(r); }
    case SI_PACKSSDW: { let r = i16x8.narrow_i32x4_s(a, b); return xmm ? r : mmxPack(r); }
    case SI_PACKUSWB: { let r = i8x16.narrow_i16x8_u(a, b); return xmm ? r : mmxPack(r); }
    case SI_PUNPCKLBW: return i8x16.shuffle(a, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    case SI_PUNPCKLWD: return i16x8.shuffle(a, b, 0, 8, 1, 9, 2, 10, 3, 11);
    case SI_PUNPCKLDQ: return i32x4.shuffle(a, b, 0, 4, 1, 5);
    case SI_PUNPCKLQDQ: return i64x2.shuffle(a, b, 0, 2);
    case SI_PUNPCKHBW:
      return xmm ? i8x16.shuffle(a, b, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31)
                 : i8x16.shuffle(a, b, 4, 20, 5, 21, 6, 22, 7, 23, 0, 0, 0, 0, 0, 0, 0, 0);
    case SI_PUNPCKHWD:
      return xmm ? i16x8.shuffle(a, b, 4, 12, 5, 13, 6, 14, 7, 15) : i16x8.shuffle(a, b, 2, 10, 3, 11, 0, 0, 0, 0);
    case SI_PUNPCKHDQ: return xmm ? i32x4.shuffle(a, b, 2, 6, 3, 7) : i32x4.shuffle(a, b, 1, 5, 0, 0);
    case SI_PUNPCKHQDQ: return i64x2.shuffle(a, b, 1, 3);
    default: return shiftBy(op, a, i64x2.extract_lane(b, 0));
  }
}

/** op G, E: MMX (xmm = 0) or SSE2 (xmm = 1, 16-byte aligned memory operand). */
export function simdInt(op: u32, xmm: u32): void {
  let x = xmm != 0;
  if (x) { if (!sseCheck()) return; }
  else { if (!mmxBegin()) return; }
  // The MMX low unpacks read only 32 bits of memory (punpcklbw mm, mm/m32).
  let b = !x && op >= SI_PUNPCKLBW && op <= SI_PUNPCKLDQ && !eIsReg() ? readEScalar(4) : readE128(x, true);
  if (faulted()) return;
  if (!x) mmxEnter();
  let a = readG128(x);
  writeG128(x, compute(op, a, b, x));
}

/** Shift groups 0F 71-73: the register operand (ModRM.rm) shifted by an immediate. */
export function simdShiftImm(op: u32, xmm: u32): void {
  let x = xmm != 0;
  if (x) { if (!sseCheck()) return; }
  else { if (!mmxBegin()) return; mmxEnter(); }
  // The E operand is the destination here: read and write it through the rm field.
  let v = readE128(x, false);
  let r = shiftBy(op, v, <u64>(imm() & 0xff));
  writeE128Reg(x, r);
}

function writeE128Reg(x: bool, v: v128): void { if (x) writeXmm(rmField(), v); else writeMm(rmField(), v); }

/** psrldq (left = 0) / pslldq (left = 1) xmm, imm8: byte shifts of the whole register. */
export function pshiftDq(left: u32): void {
  if (!sseCheck()) return;
  let n = imm() & 0xff;
  if (n > 16) n = 16;
  let v = readE128(true, false);
  let idx = i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  // Indices past 15 (or "negative", i.e. >= 128 as bytes) select zero.
  idx = left ? i8x16.sub(idx, i8x16.splat(<i8>n)) : i8x16.add(idx, i8x16.splat(<i8>n));
  writeXmm(rmField(), i8x16.swizzle(v, idx));
}
