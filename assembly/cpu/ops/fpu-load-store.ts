// x87 data transfer: fld/fst/fstp of m32/m64/m80 reals and registers, fild/fist/
// fistp of m16/m32/m64 integers, fbld/fbstp (18-digit BCD), the constants, fxch,
// fcmovcc, fchs and fabs.

import {
  fexc, saveA, unpackF32, unpackF64, unpackI64, uCls, uSign, uSig, resultA, roundA, packF32,
  packF64, packX80, pkSe, pkSig, rCls, rSig, setResult, aCls, aSign, aSig, C_QNAN, C_SNAN, C_BAD,
  QUIET_BIT, INDEFINITE_SIG, FLAG_IE, FLAG_DE, FLAG_OE, FLAG_UE, FLAG_PE, FLAG_UP, PREC_S, PREC_D,
  EMIN_S, EMAX_S, EMIN_D, EMAX_D, RC_UP, RC_DOWN, RC_ZERO, rMode, raiseFlags, uDen, rExp, setFexc,
} from "../fpu/softfloat";
import { toInt } from "../fpu/float-compare";
import {
  x87Begin, x87Finish, stEmpty, stAddr, unpackSt, writeSt, writeStIndefinite, pushSt, popSt,
  stackUnderflow, ieUnmasked, fcw, pushWouldOverflow,
} from "../fpu/x87-state";
import { memReadPtr, memWritePtr, writeDone } from "../fpu/fpu-mem";
import { rmField } from "../operand";
import { faulted } from "../fault";
import { testCC } from "../flags";
import { FM_M32R, FM_M64R, FM_M32I, FM_M16I } from "./fpu-arith";

export const FM_M64I: u32 = 4;
export const FM_M80R: u32 = 5;

/** Pushes softfloat's R (or the masked stack-overflow response). */
function pushR(): void {
  packX80();
  pushSt(pkSe, pkSig);
}

/** fld m32/m64/m80 and fild m16/m32/m64. */
export function fpuLoadM(fmt: u32): void {
  if (!x87Begin()) return;
  let size: u32 = fmt == FM_M16I ? 2 : fmt == FM_M32R || fmt == FM_M32I ? 4 : fmt == FM_M80R ? 10 : 8;
  let h = memReadPtr(size);
  if (faulted()) return;
  if (pushWouldOverflow()) {
    // Stack overflow: the operand is not examined (no DE or IE of its own).
    pushSt(0, 0);
    x87Finish(false, true);
    return;
  }
  if (fmt == FM_M80R) {
    // An extended value is loaded as is: no exception, not even for an SNaN.
    pushSt(load<u16>(h, 8), load<u64>(h));
    x87Finish(false, true);
    return;
  }
  switch (fmt) {
    case FM_M32R: unpackF32(load<u32>(h), false); break;
    case FM_M64R: unpackF64(load<u64>(h), false); break;
    case FM_M32I: unpackI64(<i64>load<i32>(h)); break;
    case FM_M16I: unpackI64(<i64>load<i16>(h)); break;
    default: unpackI64(load<i64>(h)); break;
  }
  saveA();
  if (uCls == C_SNAN) { raiseFlags(FLAG_IE); setResult(C_QNAN, uSign, 0, uSig | QUIET_BIT); }
  else resultA();
  // A denormal is loaded (normalized) even with DE unmasked; only an unmasked
  // invalid operation stops the push.
  if (uDen) raiseFlags(FLAG_DE);
  if ((fexc & FLAG_IE) == 0 || !ieUnmasked()) pushR();
  x87Finish(false, true);
}


/** fld ST(i). */
export function fpuLoadSt(): void {
  if (!x87Begin()) return;
  let i = rmField();
  if (stEmpty(i)) {
    stackUnderflow();
    if (!ieUnmasked()) pushSt(0xffff, INDEFINITE_SIG);
  } else {
    let a = stAddr(i);
    pushSt(load<u16>(a, 8), load<u64>(a));
  }
  x87Finish(false, false);
}

/** The value stored for a masked invalid store of a real (the format's default NaN). */
function storeReal(fmt: u32, h: u32): void {
  if (fmt == FM_M32R) store<u32>(h, packF32());
  else if (fmt == FM_M64R) store<u64>(h, packF64());
  else { packX80(); store<u64>(h, pkSig); store<u16>(h, <u16>pkSe, 8); }
}

/**
 * fst/fstp m32/m64/m80 (pop = 1 for fstp). The destination is checked for writing
 * before the value is examined: a #PF leaves the FPU state as it was.
 */
export function fpuStoreM(fmt: u32, pop: u32): void {
  if (!x87Begin()) return;
  let size: u32 = fmt == FM_M32R ? 4 : fmt == FM_M64R ? 8 : 10;
  let h = memWritePtr(size);
  if (faulted()) return;
  if (stEmpty(0)) {
    stackUnderflow();
    if (!ieUnmasked()) {
      setResult(C_QNAN, 1, 0, INDEFINITE_SIG);
      storeReal(fmt, h);
      writeDone(h);
      if (pop) popSt();
    }
    x87Finish(false, true);
    return;
  }
  if (fmt == FM_M80R) {
    let a = stAddr(0);
    store<u64>(h, load<u64>(a));
    store<u16>(h, load<u16>(a, 8), 8);
    writeDone(h);
    if (pop) popSt();
    x87Finish(false, true);
    return;
  }
  unpackSt(0); saveA();
  if (aCls == C_BAD) { raiseFlags(FLAG_IE); setResult(C_QNAN, 1, 0, INDEFINITE_SIG); }
  else if (aCls == C_SNAN) { raiseFlags(FLAG_IE); setResult(C_QNAN, aSign, 0, aSig | QUIET_BIT); }
  else if (aCls == C_QNAN) resultA();
  else if (fmt == FM_M32R) roundA(PREC_S, EMIN_S, EMAX_S);
  else roundA(PREC_D, EMIN_D, EMAX_D);
  // Unmasked IE, or an unmasked overflow/underflow to memory: nothing is stored,
  // and only OE/UE is reported (no precision or rounding indication).
  let unmasked = fexc & ~fcw() & (FLAG_IE | FLAG_OE | FLAG_UE);
  if (unmasked & (FLAG_OE | FLAG_UE)) setFexc(fexc & ~(FLAG_PE | FLAG_UP));
  if (unmasked == 0) {
    storeReal(fmt, h);
    writeDone(h);
    if (pop) popSt();
  }
  x87Finish(false, true);
}

/** fst/fstp ST(i). */
export function fpuStoreSt(pop: u32): void {
  if (!x87Begin()) return;
  let i = rmField();
  if (stEmpty(0)) {
    stackUnderflow();
    if (!ieUnmasked()) {
      writeStIndefinite(i);
      if (pop) popSt();
    }
  } else {
    let a = stAddr(0);
    writeSt(i, load<u16>(a, 8), load<u64>(a));
    if (pop) popSt();
  }
  x87Finish(false, false);
}

/** fist/fistp m16/m32/m64 (the destination is checked first, as for fst). */
export function fpuStoreInt(fmt: u32, pop: u32): void {
  if (!x87Begin()) return;
  let bits: i32 = fmt == FM_M16I ? 16 : fmt == FM_M32I ? 32 : 64;
  let h = memWritePtr(<u32>bits >> 3);
  if (faulted()) return;
  let v: i64;
  if (stEmpty(0)) {
    stackUnderflow();
    v = -<i64>(<u64>1 << <u64>(bits - 1));
  } else {
    unpackSt(0); saveA();
    if (aCls == C_BAD) { raiseFlags(FLAG_IE); v = -<i64>(<u64>1 << <u64>(bits - 1)); }
    else v = toInt(bits, false);
  }
  if ((fexc & FLAG_IE) == 0 || !ieUnmasked()) {
    if (bits == 16) store<u16>(h, <u16>v);
    else if (bits == 32) store<u32>(h, <u32>v);
    else store<u64>(h, <u64>v);
    writeDone(h);
    if (pop) popSt();
  }
  x87Finish(false, true);
}

/** fbld m80: 18 packed BCD digits and a sign byte. */
export function fbld(): void {
  if (!x87Begin()) return;
  let h = memReadPtr(10);
  if (faulted()) return;
  let v: u64 = 0;
  for (let i = 8; i >= 0; i--) {
    let b = <u64>load<u8>(h + <u32>i);
    v = v * 100 + (b >> 4) * 10 + (b & 15);
  }
  let neg = (load<u8>(h, 9) & 0x80) != 0;
  unpackI64(<i64>v);
  saveA();
  resultA();
  if (neg) setResult(rCls, 1, rExp, rSig);
  pushR();
  x87Finish(false, true);
}

/** fbstp m80: ST(0) rounded to an integer, as 18 BCD digits; then pop. */
export function fbstp(): void {
  if (!x87Begin()) return;
  let h = memWritePtr(10);
  if (faulted()) return;
  let invalid = false;
  let neg = false;
  let m: u64 = 0;
  if (stEmpty(0)) { stackUnderflow(); invalid = true; }
  else {
    unpackSt(0); saveA();
    if (aCls == C_BAD) { raiseFlags(FLAG_IE); invalid = true; }
    else {
      neg = aSign != 0;
      let before = fexc;
      let v = toInt(64, false);
      if (fexc & FLAG_IE) invalid = true;
      else {
        m = <u64>(v < 0 ? -v : v);
        // Out of the 18-digit range: invalid, and no precision or rounding report.
        if (m > 999999999999999999) { setFexc(before | FLAG_IE); invalid = true; }
      }
    }
  }
  if (invalid && !ieUnmasked()) {
    // The packed BCD indefinite: FFFF C000 0000 0000 0000.
    store<u64>(h, 0xC000000000000000);
    store<u16>(h, 0xffff, 8);
    writeDone(h);
    popSt();
  } else if (!invalid) {
    for (let i: u32 = 0; i < 9; i++) {
      let lo = m % 10; m /= 10;
      let hi = m % 10; m /= 10;
      store<u8>(h + i, <u8>((hi << 4) | lo));
    }
    store<u8>(h + 9, neg ? 0x80 : 0);
    writeDone(h);
    popSt();
  }
  x87Finish(false, true);
}

// Constants (SDM Vol. 1 §8.3.8): the FPU holds them to 66 bits and rounds them to 64
// in the current mode; in the table, the significand rounded to nearest and whether
// rounding up (+1) or down (-1) differs from it.
const K_SE: StaticArray<u16> = [0x3fff, 0x4000, 0x3fff, 0x4000, 0x3ffd, 0x3ffe, 0];
const K_SIG: StaticArray<u64> = [
  0x8000000000000000, 0xd49a784bcd1b8afe, 0xb8aa3b295c17f0bc, 0xc90fdaa22168c235,
  0x9a209a84fbcff799, 0xb17217f7d1cf79ac, 0,
];
/** +1: the up-rounded value is one more; -1: down/zero-rounded is one less. */
const K_DIR: StaticArray<i8> = [0, 1, -1, -1, -1, -1, 0];

/** fld1, fldl2t, fldl2e, fldpi, fldlg2, fldln2, fldz (k = 0..6). */
export function fpuLoadConst(k: u32): void {
  if (!x87Begin()) return;
  let sig = unchecked(K_SIG[k]);
  let dir = unchecked(K_DIR[k]);
  if (dir > 0 && rMode == RC_UP) sig++;
  if (dir < 0 && (rMode == RC_DOWN || rMode == RC_ZERO)) sig--;
  pushSt(unchecked(K_SE[k]), sig);
  x87Finish(false, false);
}

/** fxch ST(i). */
export function fxch(): void {
  if (!x87Begin()) return;
  let i = rmField();
  if (stEmpty(0) || stEmpty(i)) {
    stackUnderflow();
    if (ieUnmasked()) { x87Finish(false, false); return; }
    if (stEmpty(0)) writeStIndefinite(0);
    if (stEmpty(i)) writeStIndefinite(i);
  }
  let a = stAddr(0), b = stAddr(i);
  let s0 = load<u64>(a), e0 = load<u16>(a, 8);
  writeSt(0, load<u16>(b, 8), load<u64>(b));
  writeSt(i, e0, s0);
  x87Finish(false, false);
}

/**
 * fcmovcc ST(0), ST(i): `cc` is the integer condition (CC_B, CC_E, CC_BE, CC_P, …).
 * An empty operand is a stack underflow whatever the condition, and its masked
 * response writes the indefinite to ST(0) even when the condition is false.
 */
export function fcmov(cc: u32): void {
  if (!x87Begin()) return;
  let i = rmField();
  if (stEmpty(0) || stEmpty(i)) {
    stackUnderflow();
    if (!ieUnmasked()) writeStIndefinite(0);
  } else if (testCC(cc)) {
    let b = stAddr(i);
    writeSt(0, load<u16>(b, 8), load<u64>(b));
  }
  x87Finish(true, false);
}

/** fchs (kind 0) and fabs (kind 1): sign-bit operations, no exceptions but underflow. */
export function fpuSign(kind: u32): void {
  if (!x87Begin()) return;
  if (stEmpty(0)) {
    stackUnderflow();
    if (!ieUnmasked()) writeStIndefinite(0);
  } else {
    let a = stAddr(0);
    let se = <u32>load<u16>(a, 8);
    store<u16>(a, <u16>(kind == 0 ? se ^ 0x8000 : se & 0x7fff), 8);
  }
  x87Finish(false, false);
}
