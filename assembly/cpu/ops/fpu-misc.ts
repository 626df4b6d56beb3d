// x87 single-register operations (fsqrt, frndint, fxam, fscale, fxtract, fprem,
// fprem1) and stack housekeeping (fincstp, fdecstp, ffree, fnop). The
// transcendentals are in fpu-transcendental.ts.

import {
  saveA, saveB, roundPack, resultA, setResult, uCls, aCls, aSign, aExp, aSig, aDen, bCls, bSign, bExp,
  bSig, bDen, C_ZERO, C_NORM, C_INF, C_QNAN, C_SNAN, C_BAD, INT_BIT, FLAG_DE, FLAG_ZE, EMIN_X, EMAX_X,
  PREC_X, raiseFlags, unpackI64, packX80, pkSe, pkSig,
} from "../fpu/softfloat";
import { sqrtA, propagateNaN1, propagateNaN2, invalidResult } from "../fpu/float-arith";
import { roundToIntegral } from "../fpu/float-compare";
import {
  x87Begin, x87Finish, x87Blocked, x87Prec, stEmpty, stAddr, unpackSt, writeStR, writeStIndefinite,
  writeSt, pushSt, stackUnderflow, ieUnmasked, setCC, fsw, setFsw, fpuTop, setTop, physOf,
  setPhysEmpty, pushWouldOverflow, SW_C0, SW_C1, SW_C2, SW_C3,
} from "../fpu/x87-state";
import { rmField } from "../operand";

/** Runs a one-operand ST(0) := f(ST(0)) with the underflow response. */
function unaryBegin(): bool {
  if (!x87Begin()) return false;
  if (stEmpty(0)) {
    stackUnderflow();
    if (!ieUnmasked()) writeStIndefinite(0);
    x87Finish(false, false);
    return false;
  }
  unpackSt(0); saveA();
  return true;
}

export function fsqrt(): void {
  if (!unaryBegin()) return;
  sqrtA(x87Prec(), EMIN_X, EMAX_X);
  if (!x87Blocked()) writeStR(0);
  x87Finish(false, false);
}

export function frndint(): void {
  if (!unaryBegin()) return;
  roundToIntegral();
  if (!x87Blocked()) writeStR(0);
  x87Finish(false, false);
}

/** fxam: classify ST(0) into C3 C2 C0, sign into C1 (SDM Vol. 2A FXAM). */
export function fxam(): void {
  if (!x87Begin()) return;
  let a = stAddr(0);
  let se = <u32>load<u16>(a, 8);
  let cc: u32 = (se & 0x8000) ? SW_C1 : 0;
  if (stEmpty(0)) cc |= SW_C3 | SW_C0;
  else {
    unpackSt(0);
    let e = se & 0x7fff;
    switch (uCls) {
      case C_BAD: break;
      case C_QNAN: case C_SNAN: cc |= SW_C0; break;
      case C_INF: cc |= SW_C2 | SW_C0; break;
      case C_ZERO: cc |= SW_C3; break;
      default: cc |= e == 0 ? SW_C3 | SW_C2 : SW_C2; break;
    }
  }
  setCC(cc);
  x87Finish(true, false);
}

/** Two-operand helper: A = ST(0), B = ST(1); false (handled) on stack underflow. */
function binaryBegin(): bool {
  if (!x87Begin()) return false;
  if (stEmpty(0) || stEmpty(1)) {
    stackUnderflow();
    if (!ieUnmasked()) writeStIndefinite(0);
    x87Finish(false, false);
    return false;
  }
  unpackSt(0); saveA();
  unpackSt(1); saveB();
  return true;
}

/** fscale: ST(0) := ST(0) × 2^trunc(ST(1)). */
export function fscale(): void {
  if (!binaryBegin()) return;
  if (aCls >= C_QNAN || bCls >= C_QNAN) {
    if (aCls == C_BAD || bCls == C_BAD) invalidResult(); else propagateNaN2(false);
  } else {
    if (aDen || bDen) raiseFlags(FLAG_DE);
    if (bCls == C_INF) {
      if (bSign == 0) {
        if (aCls == C_ZERO) invalidResult();
        else setResult(C_INF, aSign, 0, INT_BIT);
      } else {
        if (aCls == C_INF) invalidResult();
        else setResult(C_ZERO, aSign, 0, 0);
      }
    } else if (aCls != C_NORM) {
      resultA();
    } else {
      // Scale factors beyond ±2^16 saturate: the result over/underflows either way.
      let n: i32 = 0;
      if (bCls == C_NORM && bExp >= 0) {
        n = bExp > 16 ? 0x10000 : <i32>(bSig >> <u64>(63 - bExp));
        if (bSign) n = -n;
      }
      roundPack(aSign, aExp + n, aSig, 0, x87Prec(), EMIN_X, EMAX_X);
    }
  }
  if (!x87Blocked()) writeStR(0);
  x87Finish(false, false);
}

/** fxtract: ST(0) := exponent, then push the significand (exponent 0). */
export function fxtract(): void {
  if (!x87Begin()) return;
  if (stEmpty(0)) {
    stackUnderflow();
    if (!ieUnmasked()) { writeStIndefinite(0); pushSt(0xffff, 0xC000000000000000); }
    x87Finish(false, false);
    return;
  }
  if (pushWouldOverflow()) {
    // Stack overflow: the masked response replaces ST(0) too, then pushes.
    if (!ieUnmasked()) writeStIndefinite(0);
    pushSt(0, 0); // raises the stack overflow; masked: pushes the indefinite
    x87Finish(false, false);
    return;
  }
  unpackSt(0); saveA();
  let expSe: u32, expSig: u64, sigSe: u32, sigSig: u64;
  if (aCls >= C_QNAN) {
    if (aCls == C_BAD) invalidResult(); else propagateNaN1();
    packX80();
    expSe = sigSe = pkSe; expSig = sigSig = pkSig;
  } else if (aCls == C_ZERO) {
    raiseFlags(FLAG_ZE);
    expSe = 0xffff; expSig = INT_BIT; // -infinity
    sigSe = aSign << 15; sigSig = 0;
  } else if (aCls == C_INF) {
    expSe = 0x7fff; expSig = INT_BIT;
    sigSe = (aSign << 15) | 0x7fff; sigSig = INT_BIT;
  } else {
    if (aDen) raiseFlags(FLAG_DE);
    unpackI64(<i64>aExp); saveB();
    setResult(bCls, bSign, bExp, bSig);
    packX80();
    expSe = pkSe; expSig = pkSig;
    sigSe = (aSign << 15) | 16383; sigSig = aSig;
  }
  if (!x87Blocked()) {
    writeSt(0, expSe, expSig);
    pushSt(sigSe, sigSig);
  }
  x87Finish(false, false);
}

/**
 * fprem (round = 0, truncating quotient) and fprem1 (round = 1, IEEE remainder).
 * A stack fault or an invalid operand clears C2 and C1 and keeps C0 and C3, whether
 * or not IE is masked.
 */
export function fprem(round: u32): void {
  if (!x87Begin()) return;
  if (stEmpty(0) || stEmpty(1)) {
    stackUnderflow();
    setFsw(fsw() & ~(SW_C1 | SW_C2));
    if (!ieUnmasked()) writeStIndefinite(0);
    x87Finish(true, false);
    return;
  }
  unpackSt(0); saveA();
  unpackSt(1); saveB();
  let cc: u32 = fsw() & (SW_C0 | SW_C3);
  if (aCls >= C_QNAN || bCls >= C_QNAN) {
    if (aCls == C_BAD || bCls == C_BAD) invalidResult(); else propagateNaN2(false);
  } else if (aCls == C_INF || bCls == C_ZERO) {
    invalidResult();
  } else {
    if (aDen || bDen) raiseFlags(FLAG_DE);
    if (bCls == C_INF || aCls == C_ZERO) { resultA(); cc = 0; }
    else {
      let d = aExp - bExp;
      let partial = d >= 64;
      // An incomplete reduction lowers the exponent difference by 32 to 63 bits
      // (implementation-dependent, SDM Vol. 2A FPREM): by 32 + (d - 64) mod 32, as
      // on the AMD processors this is measured against.
      let steps = partial ? 32 + ((d - 64) & 31) : d;
      let sign = aSign;
      let q: u64 = 0;
      let r: u64 = aSig;
      let rExpOut = partial ? aExp - steps : bExp;
      if (steps < 0) {
        // |ST(0)| < |ST(1)|: fprem keeps ST(0); fprem1 subtracts ST(1) once when
        // |ST(0)| > |ST(1)|/2 (exponents one apart: 2·b - a fits in 64 bits).
        rExpOut = aExp;
        if (round != 0 && steps == -1 && aSig > bSig) {
          r = (bSig - aSig) + bSig;
          rExpOut = bExp - 1;
          sign ^= 1;
          q = 1;
        }
      } else {
        let top: u64 = 0;
        for (let i = steps; i >= 0; i--) {
          q <<= 1;
          if (top != 0 || r >= bSig) { r -= bSig; q |= 1; }
          if (i > 0) { top = r >> 63; r <<= 1; }
        }
        if (round != 0 && !partial) {
          // Round the quotient to nearest even: take the remainder from the other side.
          let twice = r << 1;
          let over = (r >> 63) != 0;
          if (over || twice > bSig || (twice == bSig && (q & 1) != 0)) { r = bSig - r; q++; sign ^= 1; }
        }
      }
      if (r == 0) setResult(C_ZERO, aSign, 0, 0);
      else roundPack(sign, rExpOut, r, 0, PREC_X, EMIN_X, EMAX_X);
      cc = partial ? SW_C2 : ((q & 4) ? SW_C0 : 0) | ((q & 2) ? SW_C3 : 0) | ((q & 1) ? SW_C1 : 0);
    }
  }
  if (!x87Blocked()) {
    writeStR(0);
    setCC(cc);
  } else setFsw(fsw() & ~(SW_C1 | SW_C2));
  x87Finish(true, false);
}

export function fincstp(): void {
  if (!x87Begin()) return;
  setTop(fpuTop() + 1);
  x87Finish(false, false);
}

export function fdecstp(): void {
  if (!x87Begin()) return;
  setTop(fpuTop() - 1);
  x87Finish(false, false);
}

export function ffree(): void {
  if (!x87Begin()) return;
  setPhysEmpty(physOf(rmField()));
  x87Finish(false, false);
}

/** fnop: leaves the condition codes alone. */
export function fnop(): void {
  if (!x87Begin()) return;
  x87Finish(true, false);
}
