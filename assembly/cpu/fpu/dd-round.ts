// Between softfloat's unpacked values and double-double (dd.ts) for the x87
// transcendentals: an x87 significand enters as an exact double-double in [1, 2)
// with its binary exponent kept apart; a result leaves as sign × (hi + lo) × 2^exp,
// summed exactly into a 128-bit significand and rounded once by roundPack() to the
// 64 bits, exponent range and rounding mode of the x87 (PE, UE, OE and C1 follow).
//
// Invariants: no allocation; scaled() keeps a nonzero value nonzero (it only clamps
// how small it gets), so a vanishing correction term still decides the rounding
// direction and the inexact flag.

import { ddSet } from "./dd";
import {
  roundPack, setResult, raiseFlags, fexc, rCls, rSig, C_ZERO, C_NORM, INT_BIT, FLAG_PE, FLAG_UE, PREC_X,
  EMIN_X, EMAX_X,
} from "./softfloat";

/** The 64-bit significand `sig` (integer bit 63) as the exact double-double sig × 2^-63. */
export function ddFromSig(sig: u64): void {
  let hi = <f64>(sig & ~(<u64>0x7ff));
  let lo = <f64>(sig & 0x7ff);
  ddSet(hi * 1.0842021724855044e-19, lo * 1.0842021724855044e-19); // 2^-63
}

/** 2^e as a double for -1022 <= e <= 1023. */
// @ts-ignore: decorator
@inline export function pow2(e: i32): f64 { return reinterpret<f64>(<u64>(e + 1023) << 52); }

/**
 * (hi + lo) × 2^e with e clamped to at least -600: far below any 64-bit rounding
 * decision of the values it is combined with, yet not zero.
 */
export function scaled(hi: f64, lo: f64, e: i32): void {
  if (e < -600) e = -600;
  if (e > 600) e = 600;
  let p = pow2(e);
  ddSet(hi * p, lo * p);
}

// The exact sum being rounded: N = accSig:accRest, a 128-bit integer in units of
// 2^accUnit; the first term's top bit sits at bit 126, leaving room for a carry.
let accSig: u64 = 0, accRest: u64 = 0, accUnit: i32 = 0;

/** Starts a sum with its largest term hi > 0. */
export function accBegin(hi: f64): void {
  let b = reinterpret<u64>(hi);
  let e = <i32>((b >> 52) & 0x7ff) - 1023;
  accSig = ((b & 0xfffffffffffff) | 0x10000000000000) << 10;
  accRest = 0;
  accUnit = e - 126;
}

/**
 * Adds x (|x| < 2 × the first term) exactly; bits below the 128-bit window leave
 * a sticky 1 in the last bit, of the right sign.
 */
export function accAdd(x: f64): void {
  if (x == 0) return;
  let b = reinterpret<u64>(x);
  let m = (b & 0xfffffffffffff) | 0x10000000000000;
  let sh = <i32>((b >> 52) & 0x7ff) - 1023 - 52 - accUnit;
  let hi: u64 = 0, lo: u64 = 0;
  let sticky = false;
  if (sh >= 64) hi = m << <u64>(sh - 64);
  else if (sh > 11) { hi = m >> <u64>(64 - sh); lo = m << <u64>sh; }
  else if (sh >= 0) lo = m << <u64>sh;
  else if (sh > -64) { lo = m >> <u64>(-sh); sticky = (m << <u64>(64 + sh)) != 0; }
  else sticky = true;
  if ((b >> 63) == 0) {
    let n = accRest + lo;
    accSig += hi + (n < accRest ? 1 : 0);
    accRest = n | (sticky ? 1 : 0);
  } else {
    // N - L - (a fraction of a unit when bits were lost) = (N - L - 1) + (1 - fraction).
    let sub = lo + (sticky ? 1 : 0);
    let borrow: u64 = (accRest < sub || (sticky && sub == 0)) ? 1 : 0;
    accRest -= sub;
    accSig = accSig - hi - borrow;
    if (sticky) accRest |= 1;
  }
}

/** R := sign × N × 2^(accUnit + exp), rounded to the x87's 64 bits. */
export function accRound(sign: u32, exp: i32): void {
  roundPack(sign, exp + accUnit + 127, accSig, accRest, PREC_X, EMIN_X, EMAX_X);
}

/**
 * R := sign × (hi + lo) × 2^exp, rounded to the x87's 64 bits in the current mode.
 * hi >= 0; hi == 0 gives a zero of that sign.
 */
export function roundDD(sign: u32, exp: i32, hi: f64, lo: f64): void {
  if (hi == 0) { setResult(C_ZERO, sign, 0, 0); return; }
  accBegin(hi);
  accAdd(lo);
  accRound(sign, exp);
}

/**
 * R := sign × (m + m·c) × 2^exp for m = (mh + ml) > 0 and a correction c > -1 whose
 * product p = m·c = (ph + pl) is passed: m + p is summed exactly, so a correction
 * far below m's last bit still decides the rounding.
 */
export function roundCorrected(sign: u32, exp: i32, mh: f64, ml: f64, ph: f64, pl: f64): void {
  accBegin(mh);
  accAdd(ml);
  accAdd(ph);
  accAdd(pl);
  accRound(sign, exp);
}

/**
 * The AMD processors this is measured against report every transcendental result
 * they compute as inexact (even 2 = 1 × log2 4); a denormal one is then also an
 * underflow.
 */
export function reportInexact(): void {
  if (fexc & FLAG_PE) return;
  raiseFlags(FLAG_PE);
  if (rCls == C_NORM && (rSig & INT_BIT) == 0) raiseFlags(FLAG_UE);
}
