// fsin, fcos, fsincos and fptan of a finite x87 value, |x| < 2^63, as the x87
// computes them: the argument is reduced exactly by the 66-bit approximation of
// π/2 the x87 uses (not by π itself, SDM Vol. 1 §8.3.10: for large arguments the
// results are those of x mod (π/2)₆₆), then the sine and cosine of the remainder
// (|r| <= π/4) are summed as Taylor series in double-double and rounded once.
// Measured against the AMD host the differential tests use, 99 % of results are
// bit-identical and the rest differ by one unit in the last place (its own
// evaluation is not always correctly rounded).
//
// Invariants: the reduction is exact integer arithmetic (r has at most 67 bits); the
// remainder's own exponent is kept apart, so arguments down to the x87's smallest
// denormals keep their precision; results go to softfloat's R via roundDD().

import { ddHi, ddLo, ddAdd, ddSub, ddMul, ddDiv } from "./dd";
import { ddFromSig, roundDD, roundCorrected, scaled, pow2 } from "./dd-round";

// (π/2)₆₆ = PI66 × 2^-65, PI66 = round(π × 2^64), 66 bits.
const PI66_HI: u64 = 3;
const PI66_LO: u64 = 0x243f6a8885a308d3;

// The reduced argument r = (rHi + rLo) × 2^rExp, its quadrant and sign.
let rHi: f64 = 0, rLo: f64 = 0, rExp: i32 = 0, rNeg: bool = false, quadrant: u32 = 0;

/**
 * Reduces sig × 2^(exp - 63) (exp <= 62): r = x - q × (π/2)₆₆ with q the nearest
 * integer, so |r| <= (π/2)₆₆ / 2.
 */
function reduce(sig: u64, exp: i32): void {
  if (exp < -1) {
    // |x| < 0.5 < π/4: r = x exactly.
    ddFromSig(sig);
    rHi = ddHi; rLo = ddLo; rExp = exp; rNeg = false; quadrant = 0;
    return;
  }
  // Long division of sig × 2^(exp + 2) by PI66, one dividend bit at a time.
  let remHi: u64 = 0, remLo: u64 = 0, q: u32 = 0;
  let bits = 64 + exp + 2;
  for (let i = 0; i < bits; i++) {
    let bit: u64 = i < 64 ? (sig >> <u64>(63 - i)) & 1 : 0;
    remHi = (remHi << 1) | (remLo >> 63);
    remLo = (remLo << 1) | bit;
    q <<= 1;
    if (remHi > PI66_HI || (remHi == PI66_HI && remLo >= PI66_LO)) {
      let b: u64 = remLo < PI66_LO ? 1 : 0;
      remLo -= PI66_LO;
      remHi = remHi - PI66_HI - b;
      q |= 1;
    }
  }
  // Round the quotient to nearest: a remainder above half of PI66 is taken from the
  // next multiple, negated.
  let twiceHi = (remHi << 1) | (remLo >> 63), twiceLo = remLo << 1;
  let neg = twiceHi > PI66_HI || (twiceHi == PI66_HI && twiceLo > PI66_LO);
  if (neg) {
    let b: u64 = PI66_LO < remLo ? 1 : 0;
    remLo = PI66_LO - remLo;
    remHi = PI66_HI - remHi - b;
    q++;
  }
  // The remainder (< 2^66) as an exact double-double, times 2^-65.
  let n = remHi != 0 ? 128 - <i32>clz(remHi) : 64 - <i32>clz(remLo);
  let mask: u64 = n > 53 ? (<u64>1 << <u64>(n - 53)) - 1 : 0;
  let hi = <f64>remHi * 18446744073709551616.0 + <f64>(remLo & ~mask);
  let lo = <f64>(remLo & mask);
  let s = pow2(-65);
  rHi = hi * s; rLo = lo * s; rNeg = neg;
  rExp = 0;
  quadrant = q & 3;
}

// The series of the reduced argument, as corrections to their leading 1:
// sin r = r (1 + sc), cos r = 1 + cc.
let scHi: f64 = 0, scLo: f64 = 0, ccHi: f64 = 0, ccLo: f64 = 0;

/** sc = S(r²) - 1 and cc = C(r²) - 1 of the Taylor series, in double-double. */
function sinCos(): void {
  // z = r², clamped away from zero (scaled()) so that tiny arguments still come out inexact.
  ddMul(rHi, rLo, rHi, rLo);
  scaled(ddHi, ddLo, 2 * rExp);
  let zh = -ddHi, zl = -ddLo; // -z
  // S(z) = Σ (-z)^n / (2n+1)!, C(z) = Σ (-z)^n / (2n)!.
  let sh: f64 = 0, sl: f64 = 0, ch: f64 = 0, cl: f64 = 0;
  let th: f64 = 1, tl: f64 = 0;
  for (let k = 1; k <= 30; k++) {
    ddMul(th, tl, zh, zl);
    ddDiv(ddHi, ddLo, <f64>(2 * k - 1) * <f64>(2 * k), 0);
    th = ddHi; tl = ddLo; // (-z)^k / (2k)!
    ddAdd(ch, cl, th, tl); ch = ddHi; cl = ddLo;
    ddDiv(th, tl, <f64>(2 * k + 1), 0);
    let uh = ddHi, ul = ddLo; // (-z)^k / (2k+1)!
    ddAdd(sh, sl, uh, ul); sh = ddHi; sl = ddLo;
    if (Math.abs(th) < 1e-36 * Math.abs(ch)) break;
  }
  scHi = sh; scLo = sl; ccHi = ch; ccLo = cl;
}

/** R := ±sin r. */
function roundSinR(neg: bool): void {
  ddMul(rHi, rLo, scHi, scLo);
  roundCorrected(neg != rNeg ? 1 : 0, rExp, rHi, rLo, ddHi, ddLo);
}

/** R := ±cos r. */
function roundCosR(neg: bool): void {
  roundCorrected(neg ? 1 : 0, 0, 1, 0, ccHi, ccLo);
}

/** Reduces the finite nonzero argument sign × sig × 2^(exp-63); then trigSin() etc. */
export function trigReduce(sig: u64, exp: i32): void {
  reduce(sig, exp);
  sinCos();
}

/** R := sin x, for the argument of the last trigReduce() with sign `sign`. */
export function trigSin(sign: u32): void {
  let neg = sign != 0;
  switch (quadrant) {
    case 0: roundSinR(neg); break;
    case 1: roundCosR(neg); break;
    case 2: roundSinR(!neg); break;
    default: roundCosR(!neg); break;
  }
}

/** R := cos x (even in x). */
export function trigCos(): void {
  switch (quadrant) {
    case 0: roundCosR(false); break;
    case 1: roundSinR(true); break;
    case 2: roundCosR(true); break;
    default: roundSinR(false); break;
  }
}

/** R := tan x: r (1 + sc) / (1 + cc), or -(1 + cc) / (r (1 + sc)) in odd quadrants. */
export function trigTan(sign: u32): void {
  let neg = (sign != 0) != rNeg;
  if ((quadrant & 1) == 0) {
    // tan r = r + r × (sc - cc) / (1 + cc).
    ddSub(scHi, scLo, ccHi, ccLo);
    let nh = ddHi, nl = ddLo;
    ddAdd(1, 0, ccHi, ccLo);
    ddDiv(nh, nl, ddHi, ddLo);
    ddMul(rHi, rLo, ddHi, ddLo);
    roundCorrected(neg ? 1 : 0, rExp, rHi, rLo, ddHi, ddLo);
  } else {
    ddAdd(1, 0, scHi, scLo);
    ddMul(rHi, rLo, ddHi, ddLo);
    let dh = ddHi, dl = ddLo;
    ddAdd(1, 0, ccHi, ccLo);
    ddDiv(ddHi, ddLo, dh, dl);
    roundDD(neg ? 0 : 1, -rExp, ddHi, ddLo);
  }
}
