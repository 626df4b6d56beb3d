// Double-double arithmetic: a value is the unevaluated sum hi + lo of two doubles
// with |lo| <= ulp(hi)/2, about 106 significant bits. The x87 transcendentals
// (transcendental.ts) evaluate their series in it, well beyond the 64 bits they
// round to.
//
// Invariants: results go to the globals ddHi/ddLo (no allocation); wasm has no
// fused multiply-add, so exact products use Dekker's splitting; callers keep
// magnitudes far from the double range's ends (the x87 exponent is carried
// separately), so no intermediate overflows or underflows matters.

export let ddHi: f64 = 0;
export let ddLo: f64 = 0;

/** Sets the result; (hi, lo) must already be normalized. */
// @ts-ignore: decorator
@inline export function ddSet(hi: f64, lo: f64): void { ddHi = hi; ddLo = lo; }

/** hi + lo normalized, for |a| >= |b| or a == 0. */
// @ts-ignore: decorator
@inline function quickTwoSum(a: f64, b: f64): void {
  let s = a + b;
  ddLo = b - (s - a);
  ddHi = s;
}

/** a + b exactly as a double-double. */
export function twoSum(a: f64, b: f64): void {
  let s = a + b;
  let bb = s - a;
  ddLo = (a - (s - bb)) + (b - bb);
  ddHi = s;
}

const SPLITTER: f64 = 134217729.0; // 2^27 + 1

/** a × b exactly as a double-double (Dekker). */
export function twoProd(a: f64, b: f64): void {
  let p = a * b;
  let t = SPLITTER * a;
  let ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  let bh = t - (t - b), bl = b - bh;
  ddLo = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  ddHi = p;
}

export function ddAdd(ah: f64, al: f64, bh: f64, bl: f64): void {
  twoSum(ah, bh);
  let s = ddHi, e = ddLo;
  twoSum(al, bl);
  let t = ddHi, f = ddLo;
  e += t;
  quickTwoSum(s, e);
  s = ddHi; e = ddLo + f;
  quickTwoSum(s, e);
}

export function ddSub(ah: f64, al: f64, bh: f64, bl: f64): void { ddAdd(ah, al, -bh, -bl); }

export function ddMul(ah: f64, al: f64, bh: f64, bl: f64): void {
  twoProd(ah, bh);
  let p = ddHi, e = ddLo + (ah * bl + al * bh);
  quickTwoSum(p, e);
}

export function ddDiv(ah: f64, al: f64, bh: f64, bl: f64): void {
  let q1 = ah / bh;
  ddMul(bh, bl, q1, 0);
  ddSub(ah, al, ddHi, ddLo);
  let rh = ddHi, rl = ddLo;
  let q2 = rh / bh;
  ddMul(bh, bl, q2, 0);
  ddSub(rh, rl, ddHi, ddLo);
  let q3 = ddHi / bh;
  quickTwoSum(q1, q2);
  ddAdd(ddHi, ddLo, q3, 0);
}

/** sqrt(a) for a > 0: one Newton step from the double root. */
export function ddSqrt(ah: f64, al: f64): void {
  let x = Math.sqrt(ah);
  twoProd(x, x);
  ddSub(ah, al, ddHi, ddLo);
  let c = ddHi / (2 * x);
  quickTwoSum(x, c);
}
