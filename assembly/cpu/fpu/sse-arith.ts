// One element of an SSE/SSE2 floating-point operation (single or double), with
// MXCSR semantics: rounding mode, DAZ on inputs, FZ on results, the six flags in
// softfloat's `fexc`, and the x86 NaN rules (first source NaN wins, SNaN quieted,
// default NaN negative).
//
// Fast path: when MXCSR is round-to-nearest without FZ/DAZ and PE is already set
// (sse-state.ts `sseFast`), an add/sub/mul/div of normal-or-zero operands whose wasm
// result is normal (or an exact zero), or the square root of a positive normal, is
// exactly what the hardware produces, and it can raise no flag that is not already
// set; everything else takes softfloat.

import {
  unpackF32, unpackF64, saveA, saveB, packF32, packF64, aCls, bCls, aDen, bDen, raiseFlags, swapAB,
  PREC_S, PREC_D, EMIN_S, EMAX_S, EMIN_D, EMAX_D, C_QNAN, FLAG_IE, FLAG_DE,
} from "./softfloat";
import { arith, sqrtA, OP_ADD, OP_SUB, OP_MUL, OP_DIV } from "./float-arith";
import { compareAB, compareMag, CMP_LT, CMP_EQ, CMP_GT, CMP_UN } from "./float-compare";
import { sseFast, daz } from "./sse-state";

export const SF_ADD: u32 = 0;
export const SF_SUB: u32 = 1;
export const SF_MUL: u32 = 2;
export const SF_DIV: u32 = 3;
export const SF_MIN: u32 = 4;
export const SF_MAX: u32 = 5;
export const SF_SQRT: u32 = 6;

// @ts-ignore: decorator
@inline function plain32(x: u32): bool { return ((x >> 23) & 0xff) - 1 < 254 || (x << 1) == 0; }
// @ts-ignore: decorator
@inline function plain64(x: u64): bool { return <u32>((x >> 52) & 0x7ff) - 1 < 2046 || (x << 1) == 0; }

/** True when a fast-path result r of a op b needs no softfloat. */
// @ts-ignore: decorator
@inline function fastOk(op: u32, rNormal: bool, rZero: bool, aZero: bool, bZero: bool): bool {
  if (rNormal) return true;
  if (!rZero) return false;
  if (op <= SF_SUB) return true;
  if (op == SF_MUL) return aZero || bZero;
  return aZero && !bZero;
}

function fast32(op: u32, a: u32, b: u32): i64 {
  let x = reinterpret<f32>(a), y = reinterpret<f32>(b);
  let r: f32;
  switch (op) {
    case SF_ADD: r = x + y; break;
    case SF_SUB: r = x - y; break;
    case SF_MUL: r = x * y; break;
    default: r = x / y; break;
  }
  let bits = reinterpret<u32>(r);
  let ok = fastOk(op, ((bits >> 23) & 0xff) - 1 < 254, (bits << 1) == 0, (a << 1) == 0, (b << 1) == 0);
  return ok ? <i64>bits : -1;
}

function fast64(op: u32, a: u64, b: u64): u64 {
  let x = reinterpret<f64>(a), y = reinterpret<f64>(b);
  let r: f64;
  switch (op) {
    case SF_ADD: r = x + y; break;
    case SF_SUB: r = x - y; break;
    case SF_MUL: r = x * y; break;
    default: r = x / y; break;
  }
  let bits = reinterpret<u64>(r);
  let ok = fastOk(op, <u32>((bits >> 52) & 0x7ff) - 1 < 2046, (bits << 1) == 0, (a << 1) == 0, (b << 1) == 0);
  // An f64 result is never the all-ones pattern, so use it as "not taken".
  return ok ? bits : 0xffffffffffffffff;
}

/** A denormal input under DAZ reads as a zero of the same sign. */
function dazBits(x: u64, dbl: bool): u64 {
  if (!daz()) return x;
  if (dbl) return (x & 0x7ff0000000000000) == 0 ? x & 0x8000000000000000 : x;
  return (x & 0x7f800000) == 0 ? x & 0x80000000 : x;
}

/** Element `op` of a (destination, first source) and b (second source). */
export function sseElem(op: u32, a: u64, b: u64, dbl: bool): u64 {
  if (sseFast && op == SF_SQRT) {
    // The square root of a positive normal is normal, correctly rounded by wasm.
    if (dbl) {
      if ((b >> 63) == 0 && b != 0 && plain64(b)) return reinterpret<u64>(Math.sqrt(reinterpret<f64>(b)));
    } else {
      let x = <u32>b;
      if ((x >> 31) == 0 && x != 0 && plain32(x)) return <u64>reinterpret<u32>(Mathf.sqrt(reinterpret<f32>(x)));
    }
  }
  if (sseFast && op <= SF_DIV) {
    if (dbl) {
      if (plain64(a) && plain64(b)) {
        let r = fast64(op, a, b);
        if (r != 0xffffffffffffffff) return r;
      }
    } else if (plain32(<u32>a) && plain32(<u32>b)) {
      let r = fast32(op, <u32>a, <u32>b);
      if (r >= 0) return <u64>r;
    }
  }
  let d = daz();
  if (dbl) { unpackF64(a, d); saveA(); unpackF64(b, d); saveB(); }
  else { unpackF32(<u32>a, d); saveA(); unpackF32(<u32>b, d); saveB(); }
  let prec = dbl ? PREC_D : PREC_S, emin = dbl ? EMIN_D : EMIN_S, emax = dbl ? EMAX_D : EMAX_S;
  switch (op) {
    case SF_ADD: arith(OP_ADD, true, prec, emin, emax); break;
    case SF_SUB: arith(OP_SUB, true, prec, emin, emax); break;
    case SF_MUL: arith(OP_MUL, true, prec, emin, emax); break;
    case SF_DIV: arith(OP_DIV, true, prec, emin, emax); break;
    case SF_SQRT: swapAB(); sqrtA(prec, emin, emax); break;
    default: {
      // min/max: a NaN operand (either kind) is invalid and the second source is
      // returned, as it is when both are zeros (SDM Vol. 2B MINPS/MAXPS), a denormal
      // one read as zero under DAZ.
      if (aCls >= C_QNAN || bCls >= C_QNAN) { raiseFlags(FLAG_IE); return dazBits(b, dbl); }
      if (aDen || bDen) raiseFlags(FLAG_DE);
      let c = compareMag();
      let takeA = op == SF_MIN ? c == CMP_LT : c == CMP_GT;
      return dazBits(takeA ? a : b, dbl);
    }
  }
  return dbl ? packF64() : <u64>packF32();
}

/** cmpps/cmppd/cmpss/cmpsd predicate 0-7 on one element. */
export function sseCmpElem(pred: u32, a: u64, b: u64, dbl: bool): bool {
  let d = daz();
  if (dbl) { unpackF64(a, d); saveA(); unpackF64(b, d); saveB(); }
  else { unpackF32(<u32>a, d); saveA(); unpackF32(<u32>b, d); saveB(); }
  // EQ, UNORD, NEQ and ORD are quiet: only an SNaN is invalid.
  let quiet = pred == 0 || pred == 3 || pred == 4 || pred == 7;
  let c = compareAB(quiet);
  switch (pred) {
    case 0: return c == CMP_EQ;
    case 1: return c == CMP_LT;
    case 2: return c == CMP_LT || c == CMP_EQ;
    case 3: return c == CMP_UN;
    case 4: return c != CMP_EQ;
    case 5: return c != CMP_LT;
    case 6: return c != CMP_LT && c != CMP_EQ;
    default: return c != CMP_UN;
  }
}

/** comiss/ucomiss/comisd/ucomisd result: CMP_LT, CMP_EQ, CMP_GT or CMP_UN. */
export function sseCompare(a: u64, b: u64, dbl: bool, quiet: bool): i32 {
  let d = daz();
  if (dbl) { unpackF64(a, d); saveA(); unpackF64(b, d); saveB(); }
  else { unpackF32(<u32>a, d); saveA(); unpackF32(<u32>b, d); saveB(); }
  let c = compareAB(quiet);
  return c == CMP_GT ? CMP_GT : c;
}
