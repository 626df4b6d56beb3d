// SSE/SSE2 conversions (0F 2A, 2C, 2D, 5A, 5B, E6): between single, double, 32-bit
// integers in general registers, MMX registers and XMM lanes. Integer results that
// are out of range (or NaN) raise IE and give the integer indefinite 0x80000000;
// conversions to floating point round in the MXCSR mode. A conversion whose source
// is an MMX register makes the x87 → MMX transition (and checks for #MF first).

import { sseBegin, sseFinish, daz } from "../fpu/sse-state";
import { readE128, readEScalar, readXmm, writeXmm, readMm, writeMm, mmxEnter } from "../fpu/simd-operand";
import { fsw, SW_ES } from "../fpu/x87-state";
import {
  unpackF32, unpackF64, unpackI64, saveA, resultA, roundA, packF32, packF64, setResult, uCls,
  uSign, uSig, raiseFlags, aDen, C_SNAN, C_QNAN, QUIET_BIT, FLAG_IE, FLAG_DE, PREC_S, PREC_D,
  EMIN_S, EMAX_S, EMIN_D, EMAX_D,
} from "../fpu/softfloat";
import { toInt } from "../fpu/float-compare";
import { regField, rmField, eIsReg, readE } from "../operand";
import { faulted, raise, EXC_MF } from "../fault";
import { setReg32 } from "../state";

export const CV_SI2SS: u32 = 0;
export const CV_SI2SD: u32 = 1;
export const CV_PI2PS: u32 = 2;
export const CV_PI2PD: u32 = 3;
export const CV_TSS2SI: u32 = 4;
export const CV_TSD2SI: u32 = 5;
export const CV_SS2SI: u32 = 6;
export const CV_SD2SI: u32 = 7;
export const CV_TPS2PI: u32 = 8;
export const CV_TPD2PI: u32 = 9;
export const CV_PS2PI: u32 = 10;
export const CV_PD2PI: u32 = 11;
export const CV_PS2PD: u32 = 12;
export const CV_PD2PS: u32 = 13;
export const CV_SS2SD: u32 = 14;
export const CV_SD2SS: u32 = 15;
export const CV_DQ2PS: u32 = 16;
export const CV_PS2DQ: u32 = 17;
export const CV_TPS2DQ: u32 = 18;
export const CV_TPD2DQ: u32 = 19;
export const CV_DQ2PD: u32 = 20;
export const CV_PD2DQ: u32 = 21;

const SRC: usize = memory.data(16, 16);
const DST: usize = memory.data(16, 16);

/** An int32 as single (rounded) or double (exact). */
function fromInt(v: i32, dbl: bool): u64 {
  unpackI64(<i64>v); saveA();
  if (dbl) { roundA(PREC_D, EMIN_D, EMAX_D); return packF64(); }
  roundA(PREC_S, EMIN_S, EMAX_S);
  return <u64>packF32();
}

/** A single or double to int32, rounded in the MXCSR mode or truncated. */
function toInt32(x: u64, dbl: bool, trunc: bool): u32 {
  if (dbl) unpackF64(x, daz()); else unpackF32(<u32>x, daz());
  saveA();
  return <u32>toInt(32, trunc);
}

/** Single ↔ double: exact widening, or narrowing rounded in the MXCSR mode. */
function convertFloat(x: u64, toDouble: bool): u64 {
  if (toDouble) unpackF32(<u32>x, daz()); else unpackF64(x, daz());
  saveA();
  if (uCls == C_SNAN || uCls == C_QNAN) {
    if (uCls == C_SNAN) raiseFlags(FLAG_IE);
    setResult(C_QNAN, uSign, 0, uSig | QUIET_BIT);
  } else {
    if (aDen) raiseFlags(FLAG_DE);
    if (toDouble) resultA(); else roundA(PREC_S, EMIN_S, EMAX_S);
  }
  return toDouble ? packF64() : <u64>packF32();
}

/** Reads an MMX source (register: with the #MF check and transition) or m64. */
function readMmxSource(): bool {
  if (eIsReg()) {
    if (fsw() & SW_ES) { raise(EXC_MF); return false; }
    v128.store(SRC, readMm(rmField()));
    mmxEnter();
    return true;
  }
  let v = readE128(false, false);
  if (faulted()) return false;
  v128.store(SRC, v);
  return true;
}

export function sseCvt(kind: u32): void {
  if (!sseBegin()) return;
  let g = regField();
  v128.store(DST, readXmm(g));
  switch (kind) {
    case CV_SI2SS: case CV_SI2SD: {
      let v = readE(32);
      if (faulted()) return;
      if (kind == CV_SI2SS) store<u32>(DST, <u32>fromInt(<i32>v, false));
      else store<u64>(DST, fromInt(<i32>v, true));
      break;
    }
    case CV_PI2PS: case CV_PI2PD: {
      if (!readMmxSource()) return;
      if (kind == CV_PI2PS) {
        store<u32>(DST, <u32>fromInt(load<i32>(SRC), false));
        store<u32>(DST + 4, <u32>fromInt(load<i32>(SRC + 4), false));
      } else {
        store<u64>(DST, fromInt(load<i32>(SRC), true));
        store<u64>(DST + 8, fromInt(load<i32>(SRC + 4), true));
      }
      break;
    }
    case CV_TSS2SI: case CV_TSD2SI: case CV_SS2SI: case CV_SD2SI: {
      let dbl = kind == CV_TSD2SI || kind == CV_SD2SI;
      let v = readEScalar(dbl ? 8 : 4);
      if (faulted()) return;
      v128.store(SRC, v);
      let r = toInt32(dbl ? load<u64>(SRC) : <u64>load<u32>(SRC), dbl, kind <= CV_TSD2SI);
      if (!sseFinish()) return;
      setReg32(g, r);
      return;
    }
    case CV_TPS2PI: case CV_TPD2PI: case CV_PS2PI: case CV_PD2PI: {
      let dbl = kind == CV_TPD2PI || kind == CV_PD2PI;
      // A pending x87 exception (#MF) comes before the operand's own faults.
      if (fsw() & SW_ES) { raise(EXC_MF); return; }
      // The source is an XMM register or memory (m64 for singles, aligned m128 for doubles).
      let v = dbl ? readE128(true, true) : readEScalar(8);
      if (faulted()) return;
      // The x87 → MMX transition comes before an unmasked exception's #XM.
      mmxEnter();
      v128.store(SRC, v);
      let trunc = kind <= CV_TPD2PI;
      let r0 = toInt32(dbl ? load<u64>(SRC) : <u64>load<u32>(SRC), dbl, trunc);
      let r1 = toInt32(dbl ? load<u64>(SRC + 8) : <u64>load<u32>(SRC + 4), dbl, trunc);
      if (!sseFinish()) return;
      writeMm(g, i32x4.replace_lane(i32x4.splat(<i32>r0), 1, <i32>r1));
      return;
    }
    case CV_PS2PD: case CV_SS2SD: {
      let v = readEScalar(kind == CV_PS2PD ? 8 : 4);
      if (faulted()) return;
      v128.store(SRC, v);
      if (kind == CV_PS2PD) {
        let hi = convertFloat(<u64>load<u32>(SRC + 4), true);
        store<u64>(DST, convertFloat(<u64>load<u32>(SRC), true));
        store<u64>(DST + 8, hi);
      } else store<u64>(DST, convertFloat(<u64>load<u32>(SRC), true));
      break;
    }
    case CV_PD2PS: case CV_SD2SS: {
      let v = kind == CV_PD2PS ? readE128(true, true) : readEScalar(8);
      if (faulted()) return;
      v128.store(SRC, v);
      if (kind == CV_PD2PS) {
        store<u32>(DST, <u32>convertFloat(load<u64>(SRC), false));
        store<u32>(DST + 4, <u32>convertFloat(load<u64>(SRC + 8), false));
        store<u64>(DST + 8, 0);
      } else store<u32>(DST, <u32>convertFloat(load<u64>(SRC), false));
      break;
    }
    case CV_DQ2PS: case CV_PS2DQ: case CV_TPS2DQ: {
      let v = readE128(true, true);
      if (faulted()) return;
      v128.store(SRC, v);
      for (let i: u32 = 0; i < 4; i++) {
        let x = load<u32>(SRC + (i << 2));
        store<u32>(DST + (i << 2), kind == CV_DQ2PS ? <u32>fromInt(<i32>x, false) : toInt32(<u64>x, false, kind == CV_TPS2DQ));
      }
      break;
    }
    case CV_TPD2DQ: case CV_PD2DQ: {
      let v = readE128(true, true);
      if (faulted()) return;
      v128.store(SRC, v);
      let t = kind == CV_TPD2DQ;
      store<u32>(DST, toInt32(load<u64>(SRC), true, t));
      store<u32>(DST + 4, toInt32(load<u64>(SRC + 8), true, t));
      store<u64>(DST + 8, 0);
      break;
    }
    default: { // CV_DQ2PD
      let v = readEScalar(8);
      if (faulted()) return;
      v128.store(SRC, v);
      let hi = fromInt(load<i32>(SRC + 4), true);
      store<u64>(DST, fromInt(load<i32>(SRC), true));
      store<u64>(DST + 8, hi);
      break;
    }
  }
  if (!sseFinish()) return;
  writeXmm(g, v128.load(DST));
}
