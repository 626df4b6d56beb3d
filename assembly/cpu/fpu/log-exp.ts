// f2xm1, fyl2x, fyl2xp1 and fpatan of finite nonzero x87 values: series in
// double-double (dd.ts) on operands whose binary exponents are kept apart, rounded
// once by roundDD(). The series are written relative to their argument
// (expm1 z = z × E(z), ln(1+x) = 2t × T(t²), atan t = t × A(t²)), so that tiny
// arguments lose nothing and exact cases (log2 of a power of two, atan 0) stay exact.
//
// Invariants: operands arrive as significand in [1, 2) plus exponent; every
// double-double stays within a few hundred binades of 1 (scaled() clamps terms
// that only decide the rounding direction); results go to softfloat's R.

import { ddHi, ddLo, ddSet, ddAdd, ddSub, ddMul, ddDiv, ddSqrt } from "./dd";
import { ddFromSig, roundDD, roundCorrected, scaled, pow2 } from "./dd-round";

const LN2_HI: f64 = 0.6931471805599453;
const LN2_LO: f64 = 2.3190468138462996e-17;
const INV_LN2_HI: f64 = 1.4426950408889634;
const INV_LN2_LO: f64 = 2.0355273740931033e-17;
const PI_HI: f64 = 3.141592653589793;
const PI_LO: f64 = 1.2246467991473532e-16;
const PI_2_HI: f64 = 1.5707963267948966;
const PI_2_LO: f64 = 6.123233995736766e-17;

/** R := sign × |dd| × 2^exp. */
function roundAbs(sign: u32, exp: i32, hi: f64, lo: f64): void {
  if (hi < 0) { hi = -hi; lo = -lo; sign ^= 1; }
  roundDD(sign, exp, hi, lo);
}

/**
 * The correction c = S(z) - 1 of the series S below, in double-double: E (kind 0),
 * T (1) or A (2), for z = (zh, zl).
 */
function series(kind: u32, zh: f64, zl: f64): void {
  // E(z) = Σ z^n/(n+1)!   T(z) = Σ z^n/(2n+1)   A(z) = Σ (-z)^n/(2n+1)
  if (kind == 2) { zh = -zh; zl = -zl; }
  let sh: f64 = 0, sl: f64 = 0, ph: f64 = 1, pl: f64 = 0;
  for (let n = 1; n <= 60; n++) {
    ddMul(ph, pl, zh, zl);
    if (kind == 0) ddDiv(ddHi, ddLo, <f64>(n + 1), 0);
    ph = ddHi; pl = ddLo; // z^n (T, A) or z^n/(n+1)! (E)
    let th = ph, tl = pl;
    if (kind != 0) { ddDiv(ph, pl, <f64>(2 * n + 1), 0); th = ddHi; tl = ddLo; }
    ddAdd(sh, sl, th, tl); sh = ddHi; sl = ddLo;
    if (Math.abs(th) < 1e-36 * Math.abs(sh)) break;
  }
  ddSet(sh, sl);
}

/** f2xm1: R := 2^x - 1 for x = sign × sig × 2^(exp-63), |x| < 1. */
export function exp2m1(sign: u32, sig: u64, exp: i32): void {
  // z = x ln 2; 2^x - 1 = z (1 + e(z)) with 1 + e > 0, so the result has the sign of x.
  ddFromSig(sig);
  ddMul(ddHi, ddLo, LN2_HI, LN2_LO);
  let mh = ddHi, ml = ddLo; // |z| = m × 2^exp
  scaled(mh, ml, exp);
  let zh = ddHi, zl = ddLo;
  if (sign) { zh = -zh; zl = -zl; }
  series(0, zh, zl);
  ddMul(mh, ml, ddHi, ddLo);
  roundCorrected(sign, exp, mh, ml, ddHi, ddLo);
}

/**
 * log2 of a positive m × 2^e, m = (mh + ml) in [1/2, 2), as a double-double (exact
 * when m = 1): e + log2 m' with m' in [√½, √2).
 */
function log2Of(mh: f64, ml: f64, e: i32): void {
  if (mh > 1.4142135623730951) { mh *= 0.5; ml *= 0.5; e++; }
  else if (mh < 0.7071067811865476) { mh *= 2; ml *= 2; e--; }
  // ln m = 2t (1 + c(t²)), t = (m - 1)/(m + 1); m - 1 is exact.
  ddAdd(mh, ml, -1, 0);
  let fh = ddHi, fl = ddLo;
  ddAdd(mh, ml, 1, 0);
  ddDiv(fh, fl, ddHi, ddLo);
  let th = ddHi * 2, tl = ddLo * 2; // 2t
  ddMul(th, tl, th, tl);
  series(1, ddHi * 0.25, ddLo * 0.25);
  ddMul(th, tl, ddHi, ddLo);
  ddAdd(th, tl, ddHi, ddLo);
  ddMul(ddHi, ddLo, INV_LN2_HI, INV_LN2_LO);
  ddAdd(<f64>e, 0, ddHi, ddLo);
}

/** fyl2x: R := y × log2 x for x = xSig × 2^(xExp-63) > 0 and y = ±ySig × 2^(yExp-63). */
export function ylog2x(ySign: u32, ySig: u64, yExp: i32, xSig: u64, xExp: i32): void {
  ddFromSig(xSig);
  log2Of(ddHi, ddLo, xExp);
  let lh = ddHi, ll = ddLo;
  ddFromSig(ySig);
  ddMul(ddHi, ddLo, lh, ll);
  roundAbs(ySign, yExp, ddHi, ddLo);
}

/** fyl2xp1: R := y × log2(1 + x), x = ±xSig × 2^(xExp-63) > -1. */
export function ylog2xp1(ySign: u32, ySig: u64, yExp: i32, xSign: u32, xSig: u64, xExp: i32): void {
  ddFromSig(xSig);
  let mh = xSign ? -ddHi : ddHi, ml = xSign ? -ddLo : ddLo;
  if (xExp >= -2) {
    // |x| >= 1/4: log2 of 1 + x, exact in double-double while x has few integer
    // bits (beyond 2^200 the 1 no longer matters).
    if (xExp > 200) log2Of(mh, ml, xExp);
    else {
      scaled(mh, ml, xExp);
      ddAdd(1, 0, ddHi, ddLo);
      let vh = ddHi, vl = ddLo;
      let e = <i32>((reinterpret<u64>(vh) >> 52) & 0x7ff) - 1023;
      let p = pow2(-e);
      log2Of(vh * p, vl * p, e);
    }
    let lh = ddHi, ll = ddLo;
    ddFromSig(ySig);
    ddMul(ddHi, ddLo, lh, ll);
    roundAbs(ySign, yExp, ddHi, ddLo);
    return;
  }
  // ln(1 + x) = 2t (1 + c(t²)), t = x / (2 + x) = (m / (2 + x)) × 2^xExp.
  scaled(mh, ml, xExp);
  ddAdd(2, 0, ddHi, ddLo);
  ddDiv(mh, ml, ddHi, ddLo);
  let uh = ddHi, ul = ddLo; // t = u × 2^xExp
  ddMul(uh, ul, uh, ul);
  scaled(ddHi, ddLo, 2 * xExp);
  series(1, ddHi, ddLo);
  let ch = ddHi, cl = ddLo;
  // y × log2(1 + x) = M (1 + c), M = y × 2u / ln 2 (× 2^(xExp + yExp)).
  ddMul(uh * 2, ul * 2, INV_LN2_HI, INV_LN2_LO);
  let wh = ddHi, wl = ddLo;
  ddFromSig(ySig);
  ddMul(ddHi, ddLo, wh, wl);
  let sign = ySign;
  let Mh = ddHi, Ml = ddLo;
  if (Mh < 0) { Mh = -Mh; Ml = -Ml; sign ^= 1; }
  ddMul(Mh, Ml, ch, cl);
  roundCorrected(sign, yExp + xExp, Mh, Ml, ddHi, ddLo);
}

/**
 * fpatan: R := atan2(y, x) for finite nonzero y = ±ySig × 2^(yExp-63) and
 * x = ±xSig × 2^(xExp-63): the angle of (x, y), in (-π, π].
 */
export function atan2Of(ySign: u32, ySig: u64, yExp: i32, xSign: u32, xSig: u64, xExp: i32): void {
  // t = min(|x|,|y|) / max(|x|,|y|) = q × 2^tExp, q in (1/2, 2).
  let swap = yExp > xExp || (yExp == xExp && ySig > xSig);
  ddFromSig(swap ? xSig : ySig);
  let nh = ddHi, nl = ddLo;
  ddFromSig(swap ? ySig : xSig);
  ddDiv(nh, nl, ddHi, ddLo);
  let qh = ddHi, ql = ddLo;
  let tExp = swap ? xExp - yExp : yExp - xExp;
  // atan t = 2^h atan(t_h): halve the angle (t' = t / (1 + √(1 + t²))) until t < 1/8.
  let halvings = 0;
  if (tExp > -4) {
    scaled(qh, ql, tExp);
    qh = ddHi; ql = ddLo; tExp = 0;
    while (qh > 0.125) {
      ddMul(qh, ql, qh, ql);
      ddAdd(1, 0, ddHi, ddLo);
      ddSqrt(ddHi, ddLo);
      ddAdd(1, 0, ddHi, ddLo);
      ddDiv(qh, ql, ddHi, ddLo);
      qh = ddHi; ql = ddLo;
      halvings++;
    }
  }
  // atan t = m (1 + a(t²)), m = t_h × 2^h (× 2^tExp).
  ddMul(qh, ql, qh, ql);
  scaled(ddHi, ddLo, 2 * tExp);
  series(2, ddHi, ddLo);
  let k = <f64>(1 << halvings);
  let mh = qh * k, ml = ql * k;
  ddMul(mh, ml, ddHi, ddLo);
  if (!swap && xSign == 0) { roundCorrected(ySign, tExp, mh, ml, ddHi, ddLo); return; }
  ddAdd(mh, ml, ddHi, ddLo);
  // Otherwise the angle is π/2 - atan t, π/2 + atan t or π - atan t: a t far below
  // 2^-64 only decides the rounding (scaled() clamps it).
  scaled(ddHi, ddLo, tExp);
  if (swap) {
    if (xSign) ddAdd(PI_2_HI, PI_2_LO, ddHi, ddLo);
    else ddSub(PI_2_HI, PI_2_LO, ddHi, ddLo);
  } else {
    ddSub(PI_HI, PI_LO, ddHi, ddLo);
  }
  roundAbs(ySign, 0, ddHi, ddLo);
}

/** R := sign × n × π/4 for n = 1 … 4 (the exact-angle cases of fpatan). */
export function piQuarters(sign: u32, n: i32): void {
  ddMul(PI_HI, PI_LO, <f64>n * 0.25, 0);
  roundAbs(sign, 0, ddHi, ddLo);
}
