// MUL, IMUL, DIV, IDIV (SDM Vol. 2). A divide error is #DE, never a wasm trap: the
// one quotient wasm cannot compute (INT64_MIN / -1) is an overflow on x86 anyway.

import { getReg, setReg, EAX, EDX, reg32, setReg32 } from "../state";
import { flags, setFlagsRaw, setResultFlags, CF, OF, AF, maskOf, signOf } from "../flags";
import { readE, readG, writeG, imm, readEf, writeEf, eRmwBeginF, eRmwEndF } from "../operand";
import { faulted, raise, EXC_DE } from "../fault";

/** Sets CF = OF = `ovf` and result-derived PF/ZF/SF from `low` (AF cleared). */
// @ts-ignore: decorator
@inline function mulFlags(sz: u32, low: u32, ovf: bool): void {
  setResultFlags(sz, low);
  let f = flags & ~(CF | OF | AF);
  if (ovf) f |= CF | OF;
  setFlagsRaw(f);
}

// @ts-ignore: decorator
@inline function sext(sz: u32, v: u32): i64 {
  if (sz == 8) return <i64><i8>v;
  if (sz == 16) return <i64><i16>v;
  return <i64><i32>v;
}

export function mulE(sz: u32, er: bool): void {
  let s = readEf(er, sz);
  if (faulted()) return;
  if (sz == 8) {
    let r = (reg32(EAX) & 0xff) * s;
    setReg(16, EAX, r);
    mulFlags(8, r & 0xff, (r >> 8) != 0);
  } else if (sz == 16) {
    let r = (reg32(EAX) & 0xffff) * s;
    setReg(16, EAX, r);
    setReg(16, EDX, r >> 16);
    mulFlags(16, r & 0xffff, (r >> 16) != 0);
  } else {
    let r = <u64>reg32(EAX) * <u64>s;
    setReg32(EAX, <u32>r);
    setReg32(EDX, <u32>(r >> 32));
    mulFlags(32, <u32>r, (r >> 32) != 0);
  }
}

export function imulE(sz: u32, er: bool): void {
  let s = readEf(er, sz);
  if (faulted()) return;
  let r = sext(sz, getReg(sz, EAX)) * sext(sz, s);
  let low = <u32>r & maskOf(sz);
  let ovf = r != sext(sz, low);
  if (sz == 8) {
    setReg(16, EAX, <u32>r);
  } else if (sz == 16) {
    setReg(16, EAX, <u32>r);
    setReg(16, EDX, <u32>(r >> 16));
  } else {
    setReg32(EAX, <u32>r);
    setReg32(EDX, <u32>(r >> 32));
  }
  mulFlags(sz, low, ovf);
}

// @ts-ignore: decorator
@inline function imul2(sz: u32, a: u32, b: u32): void {
  let r = sext(sz, a) * sext(sz, b);
  let low = <u32>r & maskOf(sz);
  writeG(sz, low);
  mulFlags(sz, low, r != sext(sz, low));
}

/** imul Gv, Ev */
export function imulGE(sz: u32, er: bool): void {
  let s = readEf(er, sz);
  if (faulted()) return;
  imul2(sz, readG(sz), s);
}

/** imul Gv, Ev, imm */
export function imulGEI(sz: u32, er: bool): void {
  let s = readEf(er, sz);
  if (faulted()) return;
  imul2(sz, s, imm() & maskOf(sz));
}

export function divE(sz: u32, er: bool): void {
  let s = readEf(er, sz);
  if (faulted()) return;
  if (s == 0) { raise(EXC_DE); return; }
  if (sz == 8) {
    let n = reg32(EAX) & 0xffff;
    let q = n / s;
    if (q > 0xff) { raise(EXC_DE); return; }
    setReg(16, EAX, ((n % s) << 8) | q);
  } else if (sz == 16) {
    let n = ((reg32(EDX) & 0xffff) << 16) | (reg32(EAX) & 0xffff);
    let q = n / s;
    if (q > 0xffff) { raise(EXC_DE); return; }
    setReg(16, EAX, q);
    setReg(16, EDX, n % s);
  } else {
    let n = (<u64>reg32(EDX) << 32) | <u64>reg32(EAX);
    let q = n / <u64>s;
    if (q > 0xffffffff) { raise(EXC_DE); return; }
    setReg32(EAX, <u32>q);
    setReg32(EDX, <u32>(n % <u64>s));
  }
}

export function idivE(sz: u32, er: bool): void {
  let s = readEf(er, sz);
  if (faulted()) return;
  if (s == 0) { raise(EXC_DE); return; }
  let d = sext(sz, s);
  let n: i64;
  if (sz == 8) n = <i64><i16>(reg32(EAX) & 0xffff);
  else if (sz == 16) n = <i64><i32>(((reg32(EDX) & 0xffff) << 16) | (reg32(EAX) & 0xffff));
  else n = <i64>((<u64>reg32(EDX) << 32) | <u64>reg32(EAX));
  if (n == i64.MIN_VALUE && d == -1) { raise(EXC_DE); return; }
  let q = n / d;
  let r = n % d;
  let lim = <i64>signOf(sz);
  if (q >= lim || q < -lim) { raise(EXC_DE); return; }
  if (sz == 8) {
    setReg(16, EAX, ((<u32>r & 0xff) << 8) | (<u32>q & 0xff));
  } else {
    setReg(sz, EAX, <u32>q);
    setReg(sz, EDX, <u32>r);
  }
}
