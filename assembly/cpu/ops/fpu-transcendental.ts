// x87 transcendentals: fsin, fcos, fsincos, fptan (trig.ts), f2xm1, fyl2x, fyl2xp1
// and fpatan (log-exp.ts). These handlers do the x87 parts — stack faults, the
// special operands of the SDM's tables, the out-of-range rules — and leave the
// finite nonzero cases to the double-double evaluators, which round once to 64
// bits in the current rounding mode (precision control does not apply).

import {
  saveA, saveB, resultA, setResult, aCls, aSign, aExp, aSig, aDen, bCls, bSign, bExp, bSig, bDen,
  C_ZERO, C_NORM, C_INF, C_QNAN, C_BAD, INT_BIT, INDEFINITE_SIG, FLAG_IE, FLAG_DE, FLAG_ZE, FLAG_UP,
  raiseFlags, fexc, setFexc, packX80, pkSe, pkSig,
} from "../fpu/softfloat";
import { propagateNaN1, propagateNaN2, invalidResult } from "../fpu/float-arith";
import {
  x87Begin, x87Finish, x87Blocked, stEmpty, unpackSt, writeStR, writeStIndefinite, pushSt, popSt,
  stackUnderflow, ieUnmasked, fsw, setFsw, pushWouldOverflow, SW_C2,
} from "../fpu/x87-state";
import { trigReduce, trigSin, trigCos, trigTan } from "../fpu/trig";
import { exp2m1, ylog2x, ylog2xp1, atan2Of, piQuarters } from "../fpu/log-exp";
import { roundCorrected, reportInexact } from "../fpu/dd-round";

const ONE_SE: u32 = 0x3fff;

/** NaN or unsupported operand A: the result R (IE for SNaN and unsupported). */
function nanOrBad1(): void {
  if (aCls == C_BAD) invalidResult(); else propagateNaN1();
}

/**
 * fsin (k 0), fcos (1), fsincos (2: ST(0) := sin, then push cos) and fptan (3:
 * ST(0) := tan, then push 1.0). |ST(0)| >= 2^63 is out of range: C2 = 1 and the
 * stack is left alone; otherwise C2 = 0.
 */
export function fpuTrig(k: u32): void {
  if (!x87Begin()) return;
  // Stack faults clear C2 whether or not IE is masked; the masked response of
  // fsincos/fptan replaces ST(0) and pushes, both with the indefinite.
  let underflow = stEmpty(0);
  if (underflow || (k >= 2 && pushWouldOverflow())) {
    if (underflow) stackUnderflow();
    setFsw(fsw() & ~SW_C2);
    if (!ieUnmasked()) writeStIndefinite(0);
    if (k >= 2 && (!underflow || !ieUnmasked())) pushSt(0xffff, INDEFINITE_SIG);
    x87Finish(false, false);
    return;
  }
  unpackSt(0); saveA();
  // The value pushed by fsincos/fptan.
  let secSe: u32 = 0, secSig: u64 = 0;
  if (aCls >= C_QNAN || aCls == C_INF) {
    if (aCls == C_INF) invalidResult(); else nanOrBad1();
    packX80(); secSe = pkSe; secSig = pkSig;
  } else if (aCls == C_NORM && aExp >= 63) {
    setFsw(fsw() | SW_C2);
    x87Finish(false, false);
    return;
  } else {
    if (aDen) raiseFlags(FLAG_DE);
    if (aCls == C_ZERO) {
      // sin ±0 = tan ±0 = ±0 and cos ±0 = 1, exactly.
      secSe = ONE_SE; secSig = INT_BIT;
      if (k == 1) setResult(C_NORM, 0, 0, INT_BIT); else resultA();
    } else {
      trigReduce(aSig, aExp);
      if (k == 0) trigSin(aSign);
      else if (k == 1) trigCos();
      else if (k == 2) {
        trigCos();
        reportInexact();
        packX80(); secSe = pkSe; secSig = pkSig;
        // C1 reports the rounding of the sine (measured).
        setFexc(fexc & ~FLAG_UP);
        trigSin(aSign);
      } else {
        trigTan(aSign);
        secSe = ONE_SE; secSig = INT_BIT;
      }
      reportInexact();
    }
  }
  if (!x87Blocked()) {
    writeStR(0);
    if (k >= 2) pushSt(secSe, secSig);
  }
  setFsw(fsw() & ~SW_C2);
  x87Finish(false, false);
}

/** f2xm1: ST(0) := 2^ST(0) - 1, for -1 <= ST(0) <= 1. */
export function f2xm1(): void {
  if (!x87Begin()) return;
  if (stEmpty(0)) {
    stackUnderflow();
    if (!ieUnmasked()) writeStIndefinite(0);
    x87Finish(false, false);
    return;
  }
  unpackSt(0); saveA();
  if (aCls >= C_QNAN) nanOrBad1();
  else if (aCls == C_INF) {
    // 2^+∞ - 1 = +∞, 2^-∞ - 1 = -1.
    if (aSign) setResult(C_NORM, 1, 0, INT_BIT); else resultA();
  } else if (aCls == C_ZERO) resultA();
  else {
    if (aDen) raiseFlags(FLAG_DE);
    if (aExp > 0 || (aExp == 0 && aSig != INT_BIT)) {
      // |x| > 1 is outside the domain: the AMD processors this is measured against
      // leave ST(0) as it is and report an inexact result.
      resultA();
    } else if (aExp == 0) {
      // x = ±1. Measured: 2^-1 - 1 is -0.5; 2^1 - 1 comes out just below 1 (so
      // rounding toward zero or down gives 1 - 2^-64).
      if (aSign) setResult(C_NORM, 1, -1, INT_BIT);
      else roundCorrected(0, 0, 1, 0, -1e-60, 0);
    } else exp2m1(aSign, aSig, aExp);
    reportInexact();
  }
  if (!x87Blocked()) writeStR(0);
  x87Finish(false, false);
}

/**
 * fpatan (k 0): ST(1) := atan2(ST(1), ST(0)); fyl2x (1): ST(1) := ST(1) × log2 ST(0);
 * fyl2xp1 (2): ST(1) := ST(1) × log2(ST(0) + 1); then pop. A = ST(0), B = ST(1).
 */
export function fpuLog(k: u32): void {
  if (!x87Begin()) return;
  if (stEmpty(0) || stEmpty(1)) {
    stackUnderflow();
    if (!ieUnmasked()) { writeStIndefinite(1); popSt(); }
    x87Finish(false, false);
    return;
  }
  unpackSt(0); saveA();
  unpackSt(1); saveB();
  if (aCls >= C_QNAN || bCls >= C_QNAN) {
    if (aCls == C_BAD || bCls == C_BAD) invalidResult(); else propagateNaN2(false);
  } else {
    if (k == 0) fpatanCases();
    else if (k == 1) fyl2xCases();
    else fyl2xp1Cases();
    // A denormal operand is reported unless the operation is invalid or divides by zero.
    if ((aDen || bDen) && (fexc & (FLAG_IE | FLAG_ZE)) == 0) raiseFlags(FLAG_DE);
  }
  if (!x87Blocked()) {
    writeStR(1);
    popSt();
  }
  x87Finish(false, false);
}

/** atan2(y = B, x = A) for non-NaN operands (SDM Vol. 2A FPATAN, Table 3-30). */
function fpatanCases(): void {
  if (aCls == C_NORM && bCls == C_NORM) { atan2Of(bSign, bSig, bExp, aSign, aSig, aExp); reportInexact(); return; }
  // Multiples of π/4 with the sign of y; ±0 when x > 0 wins.
  let quarters: i32; // angle in units of π/4, or -1 for ±0
  if (bCls == C_ZERO) quarters = aSign ? 4 : -1;
  else if (bCls == C_INF) quarters = aCls == C_INF ? (aSign ? 3 : 1) : 2;
  else quarters = aCls == C_ZERO ? 2 : (aSign ? 4 : -1); // y finite, x = ±0 or ±∞
  if (quarters < 0) { setResult(C_ZERO, bSign, 0, 0); return; }
  piQuarters(bSign, quarters);
}

/** y × log2 x for y = B, x = A, non-NaN (SDM Vol. 2A FYL2X, Table 3-48). */
function fyl2xCases(): void {
  // log2 x: x < 0 is invalid; log2 ±0 = -∞, log2 +∞ = +∞, log2 1 = +0.
  if (aSign && aCls != C_ZERO) { invalidResult(); return; }
  if (aCls == C_ZERO) {
    if (bCls == C_ZERO) { invalidResult(); return; }
    if (bCls == C_NORM) raiseFlags(FLAG_ZE);
    setResult(C_INF, bSign ^ 1, 0, INT_BIT);
    return;
  }
  if (aCls == C_INF) {
    if (bCls == C_ZERO) { invalidResult(); return; }
    setResult(C_INF, bSign, 0, INT_BIT);
    return;
  }
  // x finite, positive: log2 x < 0 below 1, = +0 at 1, > 0 above.
  let logSign: u32 = aExp < 0 ? 1 : 0;
  let one = aExp == 0 && aSig == INT_BIT;
  if (bCls == C_INF) {
    if (one) { invalidResult(); return; }
    setResult(C_INF, bSign ^ logSign, 0, INT_BIT);
    return;
  }
  if (bCls == C_ZERO || one) { setResult(C_ZERO, bSign ^ (one ? 0 : logSign), 0, 0); return; }
  ylog2x(bSign, bSig, bExp, aSig, aExp);
  reportInexact();
}

/**
 * y × log2(x + 1) for y = B, x = A, non-NaN (SDM Vol. 2A FYL2XP1, Table 3-49). The
 * SDM defines it for |x| < 1 - √2/2 only; measured on the AMD host, larger x > -1
 * give the true y × log2(x + 1), x <= -1 leaves x as the result, +∞ acts as a
 * large number and -∞ is invalid.
 */
function fyl2xp1Cases(): void {
  if (aCls == C_INF) {
    if (aSign || bCls == C_ZERO) { invalidResult(); return; }
    setResult(C_INF, bSign, 0, INT_BIT);
    return;
  }
  if (aCls == C_ZERO) {
    if (bCls == C_INF) { invalidResult(); return; }
    setResult(C_ZERO, aSign ^ bSign, 0, 0);
    return;
  }
  if (bCls == C_INF) { setResult(C_INF, aSign ^ bSign, 0, INT_BIT); return; }
  if (bCls == C_ZERO) { setResult(C_ZERO, aSign ^ bSign, 0, 0); return; }
  if (aSign && aExp >= 0) { resultA(); reportInexact(); return; }
  ylog2xp1(bSign, bSig, bExp, aSign, aSig, aExp);
  reportInexact();
}
