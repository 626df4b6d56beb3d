// Software IEEE arithmetic shared by the x87 and SSE units.
//
// Every operand, whatever its format (80-bit extended, double, single), is unpacked
// into one form: a class, a sign, an unbiased exponent and a 64-bit significand with
// the integer bit at bit 63 (denormals arrive normalized). Add, multiply, divide and
// square root compute the exact result to 128 bits (or 64 bits plus a sticky bit) and
// roundPack() rounds it once, to the destination's precision and exponent range
// (SDM Vol. 1 §4.8, §8.1.5): precision 24/53/64 bits, x87 exponent range or the
// single/double one, the four rounding modes, tininess detected after rounding as on
// x86, and flush-to-zero for SSE. Exception flags accumulate in `fexc` with the x87
// status-word / MXCSR bit layout; callers decide what to do with them.
//
// Invariants: nothing here reads CPU state or memory; results go to the R* globals
// (no allocation); a NaN is always carried in its own bits, so a wasm NaN never
// decides a guest-visible result.

export const FLAG_IE: u32 = 1;
export const FLAG_DE: u32 = 2;
export const FLAG_ZE: u32 = 4;
export const FLAG_OE: u32 = 8;
export const FLAG_UE: u32 = 16;
export const FLAG_PE: u32 = 32;
/** x87 stack fault (status word SF). */
export const FLAG_SF: u32 = 64;
/** The result was rounded away from zero (x87 C1 after an inexact result). */
export const FLAG_UP: u32 = 0x200;

export let fexc: u32 = 0;
// @ts-ignore: decorator
@inline export function raiseFlags(f: u32): void { fexc |= f; }
export function setFexc(v: u32): void { fexc = v; }

export const RC_NEAREST: u32 = 0;
export const RC_DOWN: u32 = 1;
export const RC_UP: u32 = 2;
export const RC_ZERO: u32 = 3;

// Rounding environment of the instruction being executed.
export let rMode: u32 = RC_NEAREST;
export let rFtz: bool = false;
export let rUeMasked: bool = true;
export let rOeMasked: bool = true;
export function setRoundEnv(mode: u32, ftz: bool, ueMasked: bool, oeMasked: bool): void {
  rMode = mode; rFtz = ftz; rUeMasked = ueMasked; rOeMasked = oeMasked;
}

/**
 * x87 response to an unmasked overflow or underflow with a register destination:
 * the result is delivered with its exponent adjusted by 3 × 2^13 into range (SDM
 * Vol. 1 §8.5.4, §8.5.5). SSE discards the result of an unmasked exception.
 */
const X87_BIAS_ADJUST: i32 = 24576;

export const PREC_S: i32 = 24;
export const PREC_D: i32 = 53;
export const PREC_X: i32 = 64;
export const EMIN_S: i32 = -126;
export const EMAX_S: i32 = 127;
export const EMIN_D: i32 = -1022;
export const EMAX_D: i32 = 1023;
export const EMIN_X: i32 = -16382;
export const EMAX_X: i32 = 16383;

export const C_ZERO: u32 = 0;
export const C_NORM: u32 = 1;   // finite nonzero (a denormal result keeps bit 63 clear)
export const C_INF: u32 = 2;
export const C_QNAN: u32 = 3;
export const C_SNAN: u32 = 4;
/** x87 encodings the 387 and later reject (unnormals, pseudo-NaN/infinity). */
export const C_BAD: u32 = 5;

export const QUIET_BIT: u64 = 0x4000000000000000;
export const INT_BIT: u64 = 0x8000000000000000;
/** Significand of the default NaN (x87 "real indefinite", SSE's QNaN). */
export const INDEFINITE_SIG: u64 = 0xC000000000000000;

// ── unpacked values: U (just unpacked), A and B (operands), R (result) ─────────────────
export let uCls: u32 = 0, uSign: u32 = 0, uExp: i32 = 0, uSig: u64 = 0, uDen: bool = false;
export let aCls: u32 = 0, aSign: u32 = 0, aExp: i32 = 0, aSig: u64 = 0, aDen: bool = false;
export let bCls: u32 = 0, bSign: u32 = 0, bExp: i32 = 0, bSig: u64 = 0, bDen: bool = false;
export let rCls: u32 = 0, rSign: u32 = 0, rExp: i32 = 0, rSig: u64 = 0;

export function saveA(): void { aCls = uCls; aSign = uSign; aExp = uExp; aSig = uSig; aDen = uDen; }
export function saveB(): void { bCls = uCls; bSign = uSign; bExp = uExp; bSig = uSig; bDen = uDen; }
export function swapAB(): void {
  let c = aCls, s = aSign, e = aExp, g = aSig, d = aDen;
  aCls = bCls; aSign = bSign; aExp = bExp; aSig = bSig; aDen = bDen;
  bCls = c; bSign = s; bExp = e; bSig = g; bDen = d;
}
export function setBSign(s: u32): void { bSign = s; }
export function setASign(s: u32): void { aSign = s; }
/** R := A (exactly). */
export function resultA(): void { rCls = aCls; rSign = aSign; rExp = aExp; rSig = aSig; }
export function setResult(cls: u32, sign: u32, exp: i32, sig: u64): void { rCls = cls; rSign = sign; rExp = exp; rSig = sig; }
export function resultDefaultNaN(): void { rCls = C_QNAN; rSign = 1; rExp = 0; rSig = INDEFINITE_SIG; }

/** Unpacks an 80-bit extended value (sign/exponent word, significand). */
export function unpackX80(se: u32, sig: u64): void {
  uSign = (se >> 15) & 1;
  let e = <i32>(se & 0x7fff);
  uSig = sig;
  uDen = false;
  if (e == 0x7fff) {
    if ((sig & INT_BIT) == 0) uCls = C_BAD;
    else if ((sig << 1) == 0) uCls = C_INF;
    else uCls = (sig & QUIET_BIT) ? C_QNAN : C_SNAN;
    uExp = 0;
    return;
  }
  if (e == 0) {
    if (sig == 0) { uCls = C_ZERO; uExp = 0; return; }
    // Denormal or pseudo-denormal: value = sig * 2^(1 - 16383 - 63).
    let lz = <i32>clz(sig);
    uCls = C_NORM; uDen = true;
    uSig = sig << lz;
    uExp = EMIN_X - lz;
    return;
  }
  if ((sig & INT_BIT) == 0) { uCls = C_BAD; uExp = 0; return; }
  uCls = C_NORM;
  uExp = e - 16383;
}

/** Unpacks a double; with `daz` a denormal reads as zero. */
export function unpackF64(bits: u64, daz: bool): void {
  uSign = <u32>(bits >> 63);
  let e = <i32>((bits >> 52) & 0x7ff);
  let frac = bits & 0xfffffffffffff;
  uDen = false;
  if (e == 0x7ff) {
    uExp = 0;
    if (frac == 0) { uCls = C_INF; uSig = INT_BIT; return; }
    uSig = INT_BIT | (frac << 11);
    uCls = (frac >> 51) ? C_QNAN : C_SNAN;
    return;
  }
  if (e == 0) {
    if (frac == 0 || daz) { uCls = C_ZERO; uExp = 0; uSig = 0; return; }
    let s = frac << 11;
    let lz = <i32>clz(s);
    uCls = C_NORM; uDen = true;
    uSig = s << lz;
    uExp = EMIN_D - lz;
    return;
  }
  uCls = C_NORM;
  uSig = INT_BIT | (frac << 11);
  uExp = e - 1023;
}

/** Unpacks a single; with `daz` a denormal reads as zero. */
export function unpackF32(bits: u32, daz: bool): void {
  uSign = bits >> 31;
  let e = <i32>((bits >> 23) & 0xff);
  let frac = <u64>(bits & 0x7fffff);
  uDen = false;
  if (e == 0xff) {
    uExp = 0;
    if (frac == 0) { uCls = C_INF; uSig = INT_BIT; return; }
    uSig = INT_BIT | (frac << 40);
    uCls = (frac >> 22) ? C_QNAN : C_SNAN;
    return;
  }
  if (e == 0) {
    if (frac == 0 || daz) { uCls = C_ZERO; uExp = 0; uSig = 0; return; }
    let s = frac << 40;
    let lz = <i32>clz(s);
    uCls = C_NORM; uDen = true;
    uSig = s << lz;
    uExp = EMIN_S - lz;
    return;
  }
  uCls = C_NORM;
  uSig = INT_BIT | (frac << 40);
  uExp = e - 127;
}

/** Unpacks a signed 64-bit integer (exact). */
export function unpackI64(v: i64): void {
  uDen = false;
  if (v == 0) { uCls = C_ZERO; uSign = 0; uExp = 0; uSig = 0; return; }
  uSign = v < 0 ? 1 : 0;
  let m: u64 = v < 0 ? <u64>(-v) : <u64>v;
  let lz = <i32>clz(m);
  uCls = C_NORM;
  uSig = m << lz;
  uExp = 63 - lz;
}

// ── packing R ─────────────────────────────────────────────────────────────────────────
export let pkSe: u32 = 0;
export let pkSig: u64 = 0;

export function packX80(): void {
  let s = rSign << 15;
  switch (rCls) {
    case C_ZERO: pkSe = s; pkSig = 0; return;
    case C_INF: pkSe = s | 0x7fff; pkSig = INT_BIT; return;
    case C_NORM:
      if (rExp < EMIN_X) { pkSe = s; pkSig = rSig >> <u64>min(EMIN_X - rExp, 63); return; } // exact denormal
      if (rSig & INT_BIT) pkSe = s | <u32>(rExp + 16383);
      else pkSe = s;
      pkSig = rSig;
      return;
    default: pkSe = s | 0x7fff; pkSig = rSig; return;
  }
}

export function packF64(): u64 {
  let s = <u64>rSign << 63;
  switch (rCls) {
    case C_ZERO: return s;
    case C_INF: return s | 0x7ff0000000000000;
    case C_NORM: {
      if (rExp < EMIN_D) return s | ((rSig >> <u64>min(EMIN_D - rExp, 63)) >> 11);
      let frac = (rSig >> 11) & 0xfffffffffffff;
      if (rSig & INT_BIT) return s | (<u64>(rExp + 1023) << 52) | frac;
      return s | frac;
    }
    default: return s | 0x7ff0000000000000 | ((rSig >> 11) & 0xfffffffffffff);
  }
}

export function packF32(): u32 {
  let s = rSign << 31;
  switch (rCls) {
    case C_ZERO: return s;
    case C_INF: return s | 0x7f800000;
    case C_NORM: {
      if (rExp < EMIN_S) return s | <u32>((rSig >> <u64>min(EMIN_S - rExp, 63)) >> 40);
      let frac = <u32>(rSig >> 40) & 0x7fffff;
      if (rSig & INT_BIT) return s | (<u32>(rExp + 127) << 23) | frac;
      return s | frac;
    }
    default: return s | 0x7f800000 | (<u32>(rSig >> 40) & 0x7fffff);
  }
}

// ── rounding ──────────────────────────────────────────────────────────────────────────
export let rdSig: u64 = 0;
export let rdCarry: bool = false;
export let rdInexact: bool = false;
export let rdUp: bool = false;

/** Rounds `sig:rest` at bit k of sig (k bits below the last kept bit, 0 <= k <= 63). */
export function roundBits(sign: u32, sig: u64, rest: u64, k: i32): void {
  let trunc: u64, lsb: u64, half: bool, sticky: bool;
  if (k == 0) {
    trunc = sig; lsb = sig & 1; half = (rest >> 63) != 0; sticky = (rest << 1) != 0;
  } else {
    let mask: u64 = (<u64>1 << <u64>k) - 1;
    let rb = sig & mask;
    trunc = sig & ~mask;
    lsb = (sig >> <u64>k) & 1;
    half = ((rb >> <u64>(k - 1)) & 1) != 0;
    sticky = (rb & (mask >> 1)) != 0 || rest != 0;
  }
  rdInexact = half || sticky;
  let inc: bool;
  switch (rMode) {
    case RC_NEAREST: inc = half && (sticky || lsb != 0); break;
    case RC_DOWN: inc = rdInexact && sign != 0; break;
    case RC_UP: inc = rdInexact && sign == 0; break;
    default: inc = false; break;
  }
  rdUp = inc;
  rdCarry = false;
  if (inc) {
    let n = trunc + (<u64>1 << <u64>k);
    rdCarry = n < trunc;
    trunc = n;
  }
  rdSig = trunc;
}

/** Shift right of a 128-bit value, ORing the lost bits into bit 0 ("jamming"). */
export let shHi: u64 = 0, shLo: u64 = 0;
export function shr128Jam(hi: u64, lo: u64, n: i32): void {
  if (n <= 0) { shHi = hi; shLo = lo; return; }
  if (n < 64) {
    let un = <u64>n;
    shLo = (hi << (64 - un)) | (lo >> un) | ((lo << (64 - un)) != 0 ? 1 : 0);
    shHi = hi >> un;
  } else if (n == 64) {
    shLo = hi | (lo != 0 ? 1 : 0); shHi = 0;
  } else if (n < 128) {
    let un = <u64>n;
    shLo = (hi >> (un - 64)) | ((hi << (128 - un)) != 0 || lo != 0 ? 1 : 0);
    shHi = 0;
  } else {
    shLo = (hi | lo) != 0 ? 1 : 0; shHi = 0;
  }
}

/**
 * Rounds sign × (sig:rest) × 2^(exp-63) to `prec` bits with exponents in
 * [emin, emax] and sets R and the flags (PE, UE, OE, UP).
 */
export function roundPack(sign: u32, exp: i32, sig: u64, rest: u64, prec: i32, emin: i32, emax: i32): void {
  rSign = sign;
  if (sig == 0) {
    if (rest == 0) { rCls = C_ZERO; rExp = 0; rSig = 0; return; }
    sig = rest; rest = 0; exp -= 64;
  }
  let lz = <i32>clz(sig);
  if (lz != 0) {
    let ul = <u64>lz;
    sig = (sig << ul) | (rest >> (64 - ul));
    rest = rest << ul;
    exp -= lz;
  }
  let k = 64 - prec;
  if (exp < emin) {
    // Tiny after rounding: the result rounded with an unbounded exponent is < 2^emin.
    let tiny = true;
    if (exp == emin - 1) {
      roundBits(sign, sig, rest, k);
      if (rdCarry) tiny = false;
    }
    if (!rUeMasked) {
      if (emin == EMIN_X) {
        // Unmasked x87 underflow: deliver the result scaled up into range. One still
        // too small even then (fscale) becomes a zero of its sign, inexact (measured).
        // (Not tiny: it rounds up to the smallest normal, below.)
        if (tiny) {
          fexc |= FLAG_UE;
          let adj = exp + X87_BIAS_ADJUST;
          if (adj >= emin) { roundNormal(sign, adj, sig, rest, k, emax); return; }
          fexc |= FLAG_PE;
          rCls = C_ZERO; rExp = 0; rSig = 0;
          return;
        }
      } else if (tiny) {
        // Unmasked underflow to a single or double: no result is delivered; PE tells
        // whether rounding to the precision (not to the denormal) was inexact.
        roundBits(sign, sig, rest, k);
        fexc |= FLAG_UE | (rdInexact ? FLAG_PE : 0);
        rCls = C_ZERO; rExp = 0; rSig = 0;
        return;
      }
    }
    shr128Jam(sig, rest, emin - exp);
    if (tiny && rFtz && rUeMasked) {
      fexc |= FLAG_UE | FLAG_PE;
      rCls = C_ZERO; rExp = 0; rSig = 0;
      return;
    }
    roundBits(sign, shHi, shLo, k);
    if (rdInexact) fexc |= FLAG_PE;
    if (tiny && (rdInexact || !rUeMasked)) fexc |= FLAG_UE;
    if (rdUp) fexc |= FLAG_UP;
    if (rdSig == 0) { rCls = C_ZERO; rExp = 0; rSig = 0; return; }
    rCls = C_NORM; rExp = emin; rSig = rdSig;
    return;
  }
  roundNormal(sign, exp, sig, rest, k, emax);
}

/** Rounding of a normalized value whose exponent is at least emin. */
function roundNormal(sign: u32, exp: i32, sig: u64, rest: u64, k: i32, emax: i32): void {
  roundBits(sign, sig, rest, k);
  let s = rdSig;
  if (rdCarry) { s = INT_BIT; exp++; }
  // Unmasked x87 overflow: the result scaled down into range. One still too large
  // even then (fscale) becomes an infinity of its sign in every rounding mode,
  // inexact and rounded up (measured).
  if (exp > emax && !rOeMasked && emax == EMAX_X) {
    exp -= X87_BIAS_ADJUST;
    if (exp > emax) {
      fexc |= FLAG_OE | FLAG_PE | FLAG_UP;
      rCls = C_INF; rExp = 0; rSig = INT_BIT;
      return;
    }
    fexc |= FLAG_OE;
  } else if (exp > emax && !rOeMasked && emax != EMAX_X) {
    // Unmasked overflow of a single or double: no result is delivered; PE tells
    // whether rounding to the precision was inexact.
    fexc |= FLAG_OE | (rdInexact ? FLAG_PE : 0);
    rCls = C_INF; rExp = 0; rSig = INT_BIT;
    return;
  } else if (exp > emax) {
    fexc |= FLAG_OE | FLAG_PE;
    let toInf = rMode == RC_NEAREST || (rMode == RC_UP && sign == 0) || (rMode == RC_DOWN && sign != 0);
    if (toInf) { rCls = C_INF; rExp = 0; rSig = INT_BIT; fexc |= FLAG_UP; }
    else { rCls = C_NORM; rExp = emax; rSig = ~<u64>0 << <u64>k; }
    return;
  }
  if (rdInexact) fexc |= FLAG_PE;
  if (rdUp) fexc |= FLAG_UP;
  rCls = C_NORM; rExp = exp; rSig = s;
}

/** Rounds A (finite) to a format: the x87 precision-control / store conversions. */
export function roundA(prec: i32, emin: i32, emax: i32): void {
  if (aCls != C_NORM) { resultA(); return; }
  roundPack(aSign, aExp, aSig, 0, prec, emin, emax);
}
