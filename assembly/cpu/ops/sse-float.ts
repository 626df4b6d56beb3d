// SSE/SSE2 floating-point arithmetic, comparisons and shuffles (0F 51-5F, 0F C2,
// 0F 2E/2F, 0F C6, 0F 14/15 via simd-int, 0F 70, 0F C4/C5, 0F 50/D7).
//
// `kind` selects the form: 0 = packed single (no prefix), 1 = scalar single (F3),
// 2 = packed double (66), 3 = scalar double (F2). Scalar forms keep the upper
// elements of the destination and read 4 or 8 bytes of memory without alignment;
// packed forms need 16-byte aligned memory operands.
//
// rcpps/rcpss/rsqrtps/rsqrtss are implementation-specific approximations (relative
// error at most 1.5 × 2^-12 per the SDM): here they return the correctly rounded
// single-precision reciprocal (square root), which is within that bound but does
// not reproduce a particular processor's table; they raise no exceptions.

import { sseBegin, sseFinish, sseCheck, xmmAddr } from "../fpu/sse-state";
import { sseElem, sseCmpElem, sseCompare } from "../fpu/sse-arith";
import { readE128, readEScalar, readXmm, writeXmm, readMm, writeMm, mmxBegin, mmxEnter, mmAddr } from "../fpu/simd-operand";
import { CMP_LT, CMP_EQ, CMP_UN } from "../fpu/float-compare";
import { regField, rmField, imm, eIsReg, readE } from "../operand";
import { faulted } from "../fault";
import { memReadPtr } from "../fpu/fpu-mem";
import { setReg32, reg32 } from "../state";
import { flags, setFlagsRaw, materialize, ARITH, ZF, PF, CF } from "../flags";

const SA: usize = memory.data(16, 16);
const SB: usize = memory.data(16, 16);
const SR: usize = memory.data(16, 16);

/** Loads the operands of an SSE FP instruction into SA (destination) and SB (source). */
function loadOperands(kind: u32): bool {
  let scalar = (kind & 1) != 0;
  let src = scalar ? readEScalar(kind >= 2 ? 8 : 4) : readE128(true, true);
  if (faulted()) return false;
  v128.store(SB, src);
  v128.store(SA, readXmm(regField()));
  v128.store(SR, v128.load(SA));
  return true;
}

// @ts-ignore: decorator
@inline function lanes(kind: u32): u32 { return (kind & 1) ? 1 : kind >= 2 ? 2 : 4; }

/** add/sub/mul/div/min/max/sqrt in all four forms (op: sse-arith SF_*). */
export function sseArith(op: u32, kind: u32): void {
  if (!sseBegin()) return;
  if (kind & 1) {
    // Scalar: one element, straight between the registers and memory.
    let xa = xmmAddr(regField());
    let dbl = kind == 3;
    let b: u64;
    if (eIsReg()) {
      let xb = xmmAddr(rmField());
      b = dbl ? load<u64>(xb) : <u64>load<u32>(xb);
    } else {
      let h = memReadPtr(dbl ? 8 : 4);
      if (faulted()) return;
      b = dbl ? load<u64>(h) : <u64>load<u32>(h);
    }
    let r = sseElem(op, dbl ? load<u64>(xa) : <u64>load<u32>(xa), b, dbl);
    if (!sseFinish()) return;
    if (dbl) store<u64>(xa, r); else store<u32>(xa, <u32>r);
    return;
  }
  if (!loadOperands(kind)) return;
  let n = lanes(kind);
  let dbl = kind >= 2;
  for (let i: u32 = 0; i < n; i++) {
    if (dbl) store<u64>(SR + (i << 3), sseElem(op, load<u64>(SA + (i << 3)), load<u64>(SB + (i << 3)), true));
    else store<u32>(SR + (i << 2), <u32>sseElem(op, load<u32>(SA + (i << 2)), load<u32>(SB + (i << 2)), false));
  }
  if (!sseFinish()) return;
  writeXmm(regField(), v128.load(SR));
}

/** cmpps/cmpss/cmppd/cmpsd with the predicate in imm8[2:0]. */
export function sseCmp(kind: u32): void {
  if (!sseBegin()) return;
  if (!loadOperands(kind)) return;
  let pred = imm() & 7;
  let n = lanes(kind);
  let dbl = kind >= 2;
  for (let i: u32 = 0; i < n; i++) {
    if (dbl) store<u64>(SR + (i << 3), sseCmpElem(pred, load<u64>(SA + (i << 3)), load<u64>(SB + (i << 3)), true) ? 0xffffffffffffffff : 0);
    else store<u32>(SR + (i << 2), sseCmpElem(pred, load<u32>(SA + (i << 2)), load<u32>(SB + (i << 2)), false) ? 0xffffffff : 0);
  }
  if (!sseFinish()) return;
  writeXmm(regField(), v128.load(SR));
}

/** comiss/ucomiss/comisd/ucomisd: ZF, PF, CF from the comparison; OF, SF, AF cleared. */
export function sseComi(dbl: u32, quiet: u32): void {
  if (!sseBegin()) return;
  if (!loadOperands(dbl ? 3 : 1)) return;
  let c = dbl ? sseCompare(load<u64>(SA), load<u64>(SB), true, quiet != 0)
              : sseCompare(load<u32>(SA), load<u32>(SB), false, quiet != 0);
  if (!sseFinish()) return;
  let f: u32 = c == CMP_UN ? ZF | PF | CF : c == CMP_LT ? CF : c == CMP_EQ ? ZF : 0;
  materialize(ARITH);
  setFlagsRaw((flags & ~ARITH) | f);
}

/** rcpps (sqrt = 0) / rsqrtps (sqrt = 1), packed (scalar = 0) or scalar. */
export function sseRcp(sqrt: u32, scalar: u32): void {
  if (!sseCheck()) return;
  if (!loadOperands(scalar ? 1 : 0)) return;
  let n: u32 = scalar ? 1 : 4;
  for (let i: u32 = 0; i < n; i++) {
    let x = load<u32>(SB + (i << 2));
    store<u32>(SR + (i << 2), approx(x, sqrt != 0));
  }
  writeXmm(regField(), v128.load(SR));
}

function approx(x: u32, sqrt: bool): u32 {
  let sign = x & 0x80000000;
  let e = (x >> 23) & 0xff;
  if (e == 0xff && (x & 0x7fffff) != 0) return x | 0x400000; // NaN: quieted
  if (e == 0) {
    // Zeros and denormals: ±infinity (rsqrt of a negative denormal is -infinity too).
    return sign | 0x7f800000;
  }
  if (sqrt && sign != 0) return 0xffc00000;
  if (e == 0xff) return sign; // 1/inf = 0 (rsqrt(+inf) = +0)
  let v = <f64>reinterpret<f32>(x);
  let r = sqrt ? 1.0 / Math.sqrt(v) : 1.0 / v;
  let bits = reinterpret<u32>(<f32>r);
  // Results too small for a normal single are flushed to zero.
  if (((bits >> 23) & 0xff) == 0) return bits & 0x80000000;
  return bits;
}

/** shufps (dbl = 0) / shufpd (dbl = 1) xmm, xmm/m128, imm8. */
export function shufp(dbl: u32): void {
  if (!sseCheck()) return;
  if (!loadOperands(dbl ? 2 : 0)) return;
  let s = imm();
  if (dbl) {
    store<u64>(SR, load<u64>(SA + ((s & 1) << 3)));
    store<u64>(SR + 8, load<u64>(SB + (((s >> 1) & 1) << 3)));
  } else {
    store<u32>(SR, load<u32>(SA + ((s & 3) << 2)));
    store<u32>(SR + 4, load<u32>(SA + (((s >> 2) & 3) << 2)));
    store<u32>(SR + 8, load<u32>(SB + (((s >> 4) & 3) << 2)));
    store<u32>(SR + 12, load<u32>(SB + (((s >> 6) & 3) << 2)));
  }
  writeXmm(regField(), v128.load(SR));
}

/** pshufd (form 0), pshufhw (1), pshuflw (2): xmm, xmm/m128, imm8. */
export function pshuf(form: u32): void {
  if (!sseCheck()) return;
  let v = readE128(true, true);
  if (faulted()) return;
  v128.store(SB, v);
  v128.store(SR, v);
  let s = imm();
  if (form == 0) {
    for (let i: u32 = 0; i < 4; i++) store<u32>(SR + (i << 2), load<u32>(SB + (((s >> (i << 1)) & 3) << 2)));
  } else {
    let base: u32 = form == 1 ? 8 : 0;
    for (let i: u32 = 0; i < 4; i++) store<u16>(SR + base + (i << 1), load<u16>(SB + base + (((s >> (i << 1)) & 3) << 1)));
  }
  writeXmm(regField(), v128.load(SR));
}

/** pshufw mm, mm/m64, imm8. */
export function pshufw(): void {
  if (!mmxBegin()) return;
  let v = readE128(false, false);
  if (faulted()) return;
  mmxEnter();
  v128.store(SB, v);
  let s = imm();
  for (let i: u32 = 0; i < 4; i++) store<u16>(SR + (i << 1), load<u16>(SB + (((s >> (i << 1)) & 3) << 1)));
  writeMm(regField(), v128.load(SR));
}

/** pextrw r32, mm/xmm, imm8 (register operand only). */
export function pextrw(xmm: u32): void {
  if (xmm) { if (!sseCheck()) return; }
  else { if (!mmxBegin()) return; mmxEnter(); }
  let a = xmm ? xmmAddr(rmField()) : mmAddr(rmField());
  let i = imm() & (xmm ? 7 : 3);
  setReg32(regField(), load<u16>(a + (i << 1)));
}

/** pinsrw mm/xmm, r32/m16, imm8. */
export function pinsrw(xmm: u32): void {
  if (xmm) { if (!sseCheck()) return; }
  else { if (!mmxBegin()) return; }
  let v = eIsReg() ? reg32(rmField()) : readE(16);
  if (faulted()) return;
  if (!xmm) mmxEnter();
  let i = imm() & (xmm ? 7 : 3);
  if (xmm) store<u16>(xmmAddr(regField()) + (i << 1), <u16>v);
  else {
    let a = mmAddr(regField());
    store<u16>(a + (i << 1), <u16>v);
    store<u16>(a + 8, 0xffff);
  }
}

/** movmskps (0), movmskpd (1), pmovmskb xmm (2), pmovmskb mm (3): r32 from sign bits. */
export function movmsk(kind: u32): void {
  if (kind == 3) { if (!mmxBegin()) return; mmxEnter(); }
  else if (!sseCheck()) return;
  let m: i32;
  switch (kind) {
    case 0: m = i32x4.bitmask(readXmm(rmField())); break;
    case 1: m = i64x2.bitmask(readXmm(rmField())); break;
    case 2: m = i8x16.bitmask(readXmm(rmField())); break;
    default: m = i8x16.bitmask(readMm(rmField())) & 0xff; break;
  }
  setReg32(regField(), <u32>m);
}
