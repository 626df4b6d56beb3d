// IEEE arithmetic on softfloat's unpacked operands A and B (softfloat.ts): the
// special cases and NaN rules of x87 and SSE, then the exact sum, product, quotient
// or square root handed to roundPack() for a single rounding.

import {
  raiseFlags, setResult, resultA, resultDefaultNaN, roundPack, shr128Jam, shHi, shLo, rMode,
  aCls, aSign, aExp, aSig, aDen, bCls, bSign, bExp, bSig, bDen,
  C_ZERO, C_NORM, C_INF, C_QNAN, C_SNAN, C_BAD, QUIET_BIT, INT_BIT, RC_DOWN,
  FLAG_IE, FLAG_DE, FLAG_ZE,
} from "./softfloat";

// ── NaN propagation (SDM Vol. 1 Table 4-7) ───────────────────────────────────────────

/**
 * Result for an operation with a NaN operand: x87 picks the QNaN over an SNaN and the
 * larger significand between two of a kind; SSE picks the first source. Either way an
 * SNaN operand raises IE and the result is quieted.
 */
export function propagateNaN2(sse: bool): void {
  let aNaN = aCls == C_QNAN || aCls == C_SNAN;
  let bNaN = bCls == C_QNAN || bCls == C_SNAN;
  if (aCls == C_SNAN || bCls == C_SNAN) raiseFlags(FLAG_IE);
  let pickA: bool;
  if (!bNaN) pickA = true;
  else if (!aNaN) pickA = false;
  else if (sse) pickA = true;
  else if (aCls != bCls) pickA = aCls == C_QNAN;
  else if (aSig != bSig) pickA = (aSig | QUIET_BIT) > (bSig | QUIET_BIT);
  else pickA = aSign <= bSign;
  if (pickA) setResult(C_QNAN, aSign, 0, aSig | QUIET_BIT);
  else setResult(C_QNAN, bSign, 0, bSig | QUIET_BIT);
}

/** One NaN operand (A). */
export function propagateNaN1(): void {
  if (aCls == C_SNAN) raiseFlags(FLAG_IE);
  setResult(C_QNAN, aSign, 0, aSig | QUIET_BIT);
}

/** Invalid operation: IE and the default NaN. */
export function invalidResult(): void { raiseFlags(FLAG_IE); resultDefaultNaN(); }

// @ts-ignore: decorator
@inline export function isNaNCls(c: u32): bool { return c >= C_QNAN; }

// ── arithmetic on A and B ─────────────────────────────────────────────────────────────
export const OP_ADD: u32 = 0;
export const OP_SUB: u32 = 1;
export const OP_MUL: u32 = 2;
export const OP_DIV: u32 = 3;

/** R := A op B rounded to the given format, with every IEEE special case. */
export function arith(op: u32, sse: bool, prec: i32, emin: i32, emax: i32): void {
  if (aCls >= C_QNAN || bCls >= C_QNAN) {
    if (aCls == C_BAD || bCls == C_BAD) { invalidResult(); return; }
    propagateNaN2(sse);
    return;
  }
  // Division of a finite nonzero value by zero reports only ZE, even when the
  // dividend is a denormal.
  if ((aDen || bDen) && !(op == OP_DIV && bCls == C_ZERO && aCls == C_NORM)) raiseFlags(FLAG_DE);
  let bs = op == OP_SUB ? bSign ^ 1 : bSign;
  if (op <= OP_SUB) {
    if (aCls == C_INF || bCls == C_INF) {
      if (aCls == C_INF && bCls == C_INF && aSign != bs) { invalidResult(); return; }
      setResult(C_INF, aCls == C_INF ? aSign : bs, 0, INT_BIT);
      return;
    }
    if (aCls == C_ZERO && bCls == C_ZERO) {
      setResult(C_ZERO, aSign == bs ? aSign : (rMode == RC_DOWN ? 1 : 0), 0, 0);
      return;
    }
    if (bCls == C_ZERO) { roundPack(aSign, aExp, aSig, 0, prec, emin, emax); return; }
    if (aCls == C_ZERO) { roundPack(bs, bExp, bSig, 0, prec, emin, emax); return; }
    addCore(aSign, aExp, aSig, bs, bExp, bSig, prec, emin, emax);
    return;
  }
  let sign = aSign ^ bSign;
  if (op == OP_MUL) {
    if (aCls == C_INF || bCls == C_INF) {
      if (aCls == C_ZERO || bCls == C_ZERO) { invalidResult(); return; }
      setResult(C_INF, sign, 0, INT_BIT); return;
    }
    if (aCls == C_ZERO || bCls == C_ZERO) { setResult(C_ZERO, sign, 0, 0); return; }
    mul128(aSig, bSig);
    roundPack(sign, aExp + bExp + 1, mHi, mLo, prec, emin, emax);
    return;
  }
  // Divide.
  if (aCls == C_INF) {
    if (bCls == C_INF) { invalidResult(); return; }
    setResult(C_INF, sign, 0, INT_BIT); return;
  }
  if (bCls == C_INF) { setResult(C_ZERO, sign, 0, 0); return; }
  if (bCls == C_ZERO) {
    if (aCls == C_ZERO) { invalidResult(); return; }
    raiseFlags(FLAG_ZE);
    setResult(C_INF, sign, 0, INT_BIT); return;
  }
  if (aCls == C_ZERO) { setResult(C_ZERO, sign, 0, 0); return; }
  divCore(sign, aExp, aSig, bExp, bSig, prec, emin, emax);
}

function addCore(as: u32, ae: i32, ag: u64, bs: u32, be: i32, bg: u64, prec: i32, emin: i32, emax: i32): void {
  // Make |a| >= |b|.
  if (ae < be || (ae == be && ag < bg)) {
    let ts = as, te = ae, tg = ag;
    as = bs; ae = be; ag = bg;
    bs = ts; be = te; bg = tg;
  }
  shr128Jam(bg, 0, ae - be);
  let bHi = shHi, bLo = shLo;
  if (as == bs) {
    let hi = ag + bHi;
    let lo = bLo;
    if (hi < ag) {
      lo = (lo >> 1) | (hi << 63) | (lo & 1);
      hi = (hi >> 1) | INT_BIT;
      ae++;
    }
    roundPack(as, ae, hi, lo, prec, emin, emax);
    return;
  }
  let lo: u64 = 0 - bLo;
  let hi = ag - bHi - (bLo != 0 ? 1 : 0);
  if (hi == 0 && lo == 0) {
    setResult(C_ZERO, rMode == RC_DOWN ? 1 : 0, 0, 0);
    return;
  }
  roundPack(as, ae, hi, lo, prec, emin, emax);
}

export let mHi: u64 = 0, mLo: u64 = 0;
/** 64 × 64 → 128-bit product into mHi:mLo. */
export function mul128(a: u64, b: u64): void {
  let a0 = a & 0xffffffff, a1 = a >> 32, b0 = b & 0xffffffff, b1 = b >> 32;
  let p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  let mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  mLo = (p00 & 0xffffffff) | (mid << 32);
  mHi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

function divCore(sign: u32, ae: i32, ag: u64, be: i32, bg: u64, prec: i32, emin: i32, emax: i32): void {
  let exp = ae - be;
  let r: u64;
  if (ag >= bg) r = ag - bg;
  else { exp--; r = (ag - bg) + ag; } // 2a - b, which fits in 64 bits
  let q: u64 = 1;
  for (let i = 0; i < 63; i++) {
    let top = r >> 63;
    r <<= 1;
    q <<= 1;
    if (top != 0 || r >= bg) { r -= bg; q |= 1; }
  }
  // One more quotient bit (the half bit) and the sticky remainder.
  let top = r >> 63;
  r <<= 1;
  let rest: u64 = 0;
  if (top != 0 || r >= bg) { r -= bg; rest = INT_BIT; }
  if (r != 0) rest |= 1;
  roundPack(sign, exp, q, rest, prec, emin, emax);
}

/** R := sqrt(A) rounded to the given format. */
export function sqrtA(prec: i32, emin: i32, emax: i32): void {
  if (aCls >= C_QNAN) {
    if (aCls == C_BAD) { invalidResult(); return; }
    propagateNaN1();
    return;
  }
  if (aCls == C_ZERO) { resultA(); return; }
  if (aSign != 0) { invalidResult(); return; }
  if (aDen) raiseFlags(FLAG_DE);
  if (aCls == C_INF) { resultA(); return; }
  // Radicand X = sig × 2^63 (even exponent) or sig × 2^64 (odd), a 128-bit integer;
  // its integer square root has bit 63 set.
  let xh: u64, xl: u64;
  if (aExp & 1) { xh = aSig; xl = 0; } else { xh = aSig >> 1; xl = aSig << 63; }
  let root: u64 = 0;
  let remH: u64 = 0, remL: u64 = 0; // remainder (< 2^66)
  for (let i = 63; i >= 0; i--) {
    // Bring down the next two bits of X.
    let two: u64 = i >= 32 ? (xh >> <u64>((i - 32) * 2)) & 3 : (xl >> <u64>(i * 2)) & 3;
    remH = (remH << 2) | (remL >> 62);
    remL = (remL << 2) | two;
    // trial = root*4 + 1
    let tH = root >> 62, tL = (root << 2) | 1;
    if (remH > tH || (remH == tH && remL >= tL)) {
      let borrow: u64 = remL < tL ? 1 : 0;
      remL -= tL; remH = remH - tH - borrow;
      root = (root << 1) | 1;
    } else {
      root <<= 1;
    }
  }
  // Half bit: one more root bit with two zero bits brought down.
  remH = (remH << 2) | (remL >> 62);
  remL = remL << 2;
  let tH = root >> 62, tL = (root << 2) | 1;
  let rest: u64 = 0;
  if (remH > tH || (remH == tH && remL >= tL)) {
    let borrow: u64 = remL < tL ? 1 : 0;
    remL -= tL; remH = remH - tH - borrow;
    rest = INT_BIT;
  }
  if (remH != 0 || remL != 0) rest |= 1;
  roundPack(0, aExp >> 1, root, rest, prec, emin, emax);
}
