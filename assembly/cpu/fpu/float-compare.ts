// Comparisons, conversion to integers and rounding to integral values of
// softfloat's unpacked operands (softfloat.ts), in the current rounding mode.

import {
  raiseFlags, setResult, resultA, roundBits, rdSig, rdCarry, rdInexact, rdUp, rMode,
  aCls, aSign, aExp, aSig, aDen, bCls, bSign, bExp, bSig, bDen,
  C_ZERO, C_NORM, C_INF, C_QNAN, C_SNAN, C_BAD, INT_BIT, RC_NEAREST, RC_DOWN, RC_UP, RC_ZERO,
  FLAG_IE, FLAG_DE, FLAG_PE, FLAG_UP,
} from "./softfloat";
import { invalidResult, propagateNaN1 } from "./float-arith";

// ── comparisons ───────────────────────────────────────────────────────────────────────
export const CMP_LT: i32 = -1;
export const CMP_EQ: i32 = 0;
export const CMP_GT: i32 = 1;
export const CMP_UN: i32 = 2;

/**
 * Compares A with B. `quiet`: only SNaN operands raise IE (ucomis*, fucom*, the
 * quiet cmpps predicates); otherwise any NaN does. Denormal operands raise DE.
 */
export function compareAB(quiet: bool): i32 {
  if (aCls >= C_QNAN || bCls >= C_QNAN) {
    if (!quiet || aCls == C_SNAN || bCls == C_SNAN || aCls == C_BAD || bCls == C_BAD) raiseFlags(FLAG_IE);
    return CMP_UN;
  }
  if (aDen || bDen) raiseFlags(FLAG_DE);
  return compareMag();
}

/** Ordered comparison of two non-NaN values A and B. */
export function compareMag(): i32 {
  if (aCls == C_ZERO) {
    if (bCls == C_ZERO) return CMP_EQ;
    return bSign ? CMP_GT : CMP_LT;
  }
  if (bCls == C_ZERO) return aSign ? CMP_LT : CMP_GT;
  if (aSign != bSign) return aSign ? CMP_LT : CMP_GT;
  // Same sign, both nonzero: compare magnitudes (finite < infinity).
  let c: i32;
  if (aCls != bCls) c = aCls == C_INF ? 1 : -1;
  else if (aCls == C_INF) c = 0;
  else if (aExp != bExp) c = aExp < bExp ? -1 : 1;
  else c = aSig == bSig ? 0 : (aSig < bSig ? -1 : 1);
  if (c == 0) return CMP_EQ;
  return (c < 0) != (aSign != 0) ? CMP_LT : CMP_GT;
}

// ── integers ──────────────────────────────────────────────────────────────────────────

/**
 * A (finite or not) to a signed integer of `bits` bits, rounded in the current mode
 * (or truncated). Out of range or NaN: IE and the integer indefinite 1 << (bits-1).
 */
export function toInt(bits: i32, truncate: bool): i64 {
  let indefinite: i64 = -<i64>(<u64>1 << <u64>(bits - 1));
  if (aCls >= C_INF) { raiseFlags(FLAG_IE); return indefinite; }
  if (aCls == C_ZERO) return 0;
  let intPart: u64, half: bool, sticky: bool, lsb: u64;
  if (aExp >= 64) { raiseFlags(FLAG_IE); return indefinite; }
  if (aExp >= 63) { intPart = aSig; half = false; sticky = false; }
  else if (aExp >= 0) {
    let k = <u64>(63 - aExp);
    intPart = aSig >> k;
    let frac = aSig << (64 - k);
    half = (frac >> 63) != 0; sticky = (frac << 1) != 0;
  } else if (aExp == -1) { intPart = 0; half = true; sticky = (aSig << 1) != 0; }
  else { intPart = 0; half = false; sticky = true; }
  lsb = intPart & 1;
  let inexact = half || sticky;
  let inc = false;
  let mode = truncate ? RC_ZERO : rMode;
  switch (mode) {
    case RC_NEAREST: inc = half && (sticky || lsb != 0); break;
    case RC_DOWN: inc = inexact && aSign != 0; break;
    case RC_UP: inc = inexact && aSign == 0; break;
    default: break;
  }
  let m = intPart + (inc ? 1 : 0);
  if (inc && m == 0) { raiseFlags(FLAG_IE); return indefinite; }
  let limit: u64 = <u64>1 << <u64>(bits - 1); // |min|
  if (aSign ? m > limit : m >= limit) { raiseFlags(FLAG_IE); return indefinite; }
  if (inexact) raiseFlags(FLAG_PE);
  if (inc) raiseFlags(FLAG_UP);
  return aSign ? -<i64>m : <i64>m;
}

/** R := A rounded to an integral value in the current mode (frndint, roundss). */
export function roundToIntegral(): void {
  if (aCls >= C_QNAN) { if (aCls == C_BAD) invalidResult(); else propagateNaN1(); return; }
  if (aDen) raiseFlags(FLAG_DE);
  if (aCls != C_NORM || aExp >= 63) { resultA(); return; }
  if (aExp < 0) {
    let half = aExp == -1;
    let sticky = aExp < -1 || (aSig << 1) != 0;
    let up: bool;
    switch (rMode) {
      case RC_NEAREST: up = half && sticky; break;
      case RC_DOWN: up = aSign != 0; break;
      case RC_UP: up = aSign == 0; break;
      default: up = false; break;
    }
    raiseFlags(FLAG_PE);
    if (up) { raiseFlags(FLAG_UP); setResult(C_NORM, aSign, 0, INT_BIT); }
    else setResult(C_ZERO, aSign, 0, 0);
    return;
  }
  roundBits(aSign, aSig, 0, 63 - aExp);
  if (rdInexact) raiseFlags(FLAG_PE);
  if (rdUp) raiseFlags(FLAG_UP);
  if (rdCarry) setResult(C_NORM, aSign, aExp + 1, INT_BIT);
  else setResult(C_NORM, aSign, aExp, rdSig);
}
