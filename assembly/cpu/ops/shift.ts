// Shifts and rotates: group 2, SHLD and SHRD (SDM Vol. 2B "SAL/SAR/SHL/SHR",
// "RCL/RCR/ROL/ROR", "SHLD", "SHRD").
//
// The count is masked to 5 bits; a masked count of 0 changes nothing (but the
// operand is still read, so its faults happen). Rotates change only CF and OF.
// Where the SDM leaves a flag undefined we produce what current Intel and AMD
// processors produce for the defined cases' formulas; the differential tests mask
// undefined flags.

import { getCF, setResultFlags, flags, setFlagsRaw, materialize, CF, OF, AF, maskOf, signOf } from "../flags";
import { eRmwBegin, eRmwEnd, readE, readG, imm, opcodeByte, readEf, writeEf, eRmwBeginF, eRmwEndF } from "../operand";
import { reg32, ECX } from "../state";
import { faulted } from "../fault";

export const SH_ROL: u32 = 0;
export const SH_ROR: u32 = 1;
export const SH_RCL: u32 = 2;
export const SH_RCR: u32 = 3;
export const SH_SHL: u32 = 4;
export const SH_SHR: u32 = 5;
export const SH_SAL: u32 = 6;
export const SH_SAR: u32 = 7;

// @ts-ignore: decorator
@inline function setCfOf(cf: u32, ovf: u32): void {
  setFlagsRaw((flags & ~(CF | OF)) | (cf ? CF : 0) | (ovf ? OF : 0));
}

/** Applies shift/rotate `op` to `d` by masked count `n` (> 0); sets flags. */
function shiftOp(sz: u32, op: u32, d: u32, n: u32): u32 {
  let m = maskOf(sz);
  let sign = signOf(sz);
  let res: u32;
  switch (op) {
    case SH_ROL: {
      let c = n & (sz - 1);
      res = c ? ((d << c) | (d >> (sz - c))) & m : d;
      materialize(CF | OF);
      let cf = res & 1;
      setCfOf(cf, ((res & sign) ? 1 : 0) ^ cf);
      return res;
    }
    case SH_ROR: {
      let c = n & (sz - 1);
      res = c ? ((d >> c) | (d << (sz - c))) & m : d;
      materialize(CF | OF);
      let msb = (res & sign) ? 1 : 0;
      let msb2 = (res & (sign >> 1)) ? 1 : 0;
      setCfOf(msb, msb ^ msb2);
      return res;
    }
    case SH_RCL: {
      let c = n % (sz + 1);
      let cin = <u64>getCF();
      materialize(CF | OF);
      if (c == 0) return d;
      // Rotate the (sz+1)-bit value CF:d left by c.
      let v = (cin << sz) | <u64>d;
      let w = <u64>sz + 1;
      let r = ((v << c) | (v >> (w - c))) & ((<u64>1 << w) - 1);
      res = <u32>r & m;
      let cf = <u32>(r >> sz) & 1;
      setCfOf(cf, ((res & sign) ? 1 : 0) ^ cf);
      return res;
    }
    case SH_RCR: {
      let c = n % (sz + 1);
      let cin = <u64>getCF();
      materialize(CF | OF);
      if (c == 0) return d;
      let v = (cin << sz) | <u64>d;
      let w = <u64>sz + 1;
      let r = ((v >> c) | (v << (w - c))) & ((<u64>1 << w) - 1);
      res = <u32>r & m;
      let cf = <u32>(r >> sz) & 1;
      let msb = (res & sign) ? 1 : 0;
      let msb2 = (res & (sign >> 1)) ? 1 : 0;
      setCfOf(cf, msb ^ msb2);
      return res;
    }
    case SH_SHL: case SH_SAL: {
      let cf: u32 = n <= sz ? <u32>((<u64>d >> (sz - n)) & 1) : 0;
      res = n < 32 ? (d << n) & m : 0;
      setResultFlags(sz, res);
      setFlagsRaw((flags & ~(CF | OF | AF)) | (cf ? CF : 0) | ((((res & sign) ? 1 : 0) ^ cf) ? OF : 0));
      return res;
    }
    case SH_SHR: {
      let cf: u32 = n <= sz ? (d >> (n - 1)) & 1 : 0;
      res = n < sz ? d >> n : 0;
      setResultFlags(sz, res);
      setFlagsRaw((flags & ~(CF | OF | AF)) | (cf ? CF : 0) | ((d & sign) ? OF : 0));
      return res;
    }
    default: { // SAR
      let s: i32 = sz == 32 ? <i32>d : (sz == 16 ? <i32><i16>d : <i32><i8>d);
      let c = n < sz ? n : sz - 1;
      let cf: u32 = n < sz ? (<u32>(s >> (n - 1))) & 1 : (<u32>(s >> (sz - 1))) & 1;
      res = <u32>(s >> c) & m;
      setResultFlags(sz, res);
      setFlagsRaw((flags & ~(CF | OF | AF)) | (cf ? CF : 0));
      return res;
    }
  }
}

// @ts-ignore: decorator
@inline function shiftE(sz: u32, op: u32, count: u32, r: bool): void {
  let n = count & 31;
  if (n == 0) {
    // Nothing changes, but the operand is still accessed as a read-modify-write:
    // its faults are those of a write.
    if (!r) eRmwBeginF(r, sz);
    return;
  }
  let d = eRmwBeginF(r, sz);
  if (faulted()) return;
  eRmwEndF(r, sz, shiftOp(sz, op, d, n));
}

export function shiftEI(sz: u32, op: u32, r: bool): void { shiftE(sz, op, imm(), r); }
export function shiftE1(sz: u32, op: u32, r: bool): void { shiftE(sz, op, 1, r); }
export function shiftECL(sz: u32, op: u32, r: bool): void { shiftE(sz, op, reg32(ECX) & 0xff, r); }

/** 0F A4 / 0F AC take an immediate count, 0F A5 / 0F AD use CL. */
// @ts-ignore: decorator
@inline function immCountForm(): bool { return (opcodeByte() & 1) == 0; }

/** SHLD Ev, Gv, Ib/CL: shift Ev left, filling from Gv's high bits. */
export function shld(sz: u32, r: bool): void {
  let n = (immCountForm() ? imm() : reg32(ECX)) & 31;
  if (n == 0) { if (!r) eRmwBeginF(r, sz); return; }
  let d = eRmwBeginF(r, sz);
  if (faulted()) return;
  let s = readG(sz);
  let m = maskOf(sz);
  let res: u32, cf: u32;
  if (sz == 32) {
    let v = (<u64>d << 32) | <u64>s;
    res = <u32>((v << n) >> 32);
    cf = <u32>(d >> (32 - n)) & 1;
  } else {
    // 16-bit with counts above 16: the result is undefined; model the 32-bit
    // concatenation d:s:d as Intel processors do.
    let v = (<u64>d << 32) | (<u64>s << 16) | <u64>d;
    res = <u32>((v << n) >> 32) & m;
    cf = <u32>((v << (n - 1)) >> 47) & 1;
  }
  setResultFlags(sz, res);
  let sign = signOf(sz);
  setFlagsRaw((flags & ~(CF | OF | AF)) | (cf ? CF : 0) | (((res ^ d) & sign) ? OF : 0));
  eRmwEndF(r, sz, res);
}

/** SHRD Ev, Gv, Ib/CL: shift Ev right, filling from Gv's low bits. */
export function shrd(sz: u32, r: bool): void {
  let n = (immCountForm() ? imm() : reg32(ECX)) & 31;
  if (n == 0) { if (!r) eRmwBeginF(r, sz); return; }
  let d = eRmwBeginF(r, sz);
  if (faulted()) return;
  let s = readG(sz);
  let m = maskOf(sz);
  let res: u32, cf: u32;
  if (sz == 32) {
    let v = (<u64>s << 32) | <u64>d;
    res = <u32>(v >> n);
    cf = <u32>(d >> (n - 1)) & 1;
  } else {
    let v = (<u64>d << 32) | (<u64>s << 16) | <u64>d;
    res = <u32>(v >> n) & m;
    cf = <u32>(v >> (n - 1)) & 1;
  }
  setResultFlags(sz, res);
  let sign = signOf(sz);
  setFlagsRaw((flags & ~(CF | OF | AF)) | (cf ? CF : 0) | (((res ^ d) & sign) ? OF : 0));
  eRmwEndF(r, sz, res);
}
