// Data movement: MOV forms, MOVZX/MOVSX, LEA, XCHG, BSWAP, CMOVcc, SETcc, XLAT,
// CBW/CWD, LAHF/SAHF (SDM Vol. 2).

import { getReg, setReg, reg32, setReg32, setReg16, setReg8, reg8, reg16, EAX, EDX, EBX, DS } from "../state";
import { testCC, getFlags, flags, setFlagsRaw, materialize, ARITH, CF, PF, AF, ZF, SF, FLAGS_FIXED, maskOf } from "../flags";
import { readE, writeE, eRmwBegin, eRmwEnd, readG, writeG, imm, disp, ea, eaSeg, eIsReg, rmField, regField, addr16, readEf, writeEf, eRmwBeginF, eRmwEndF } from "../operand";
import { readMem, writeMem } from "../mem";
import { faulted } from "../fault";

// @ts-ignore: decorator
@inline export function movEG(sz: u32, r: bool): void { writeEf(r, sz, readG(sz)); }

// @ts-ignore: decorator
@inline export function movGE(sz: u32, r: bool): void {
  let v = readEf(r, sz);
  if (faulted()) return;
  writeG(sz, v);
}

export function movEI(sz: u32, r: bool): void { writeEf(r, sz, imm() & maskOf(sz)); }

export function movRegImm(sz: u32, r: u32): void { setReg(sz, r, imm()); }

/** mov AL/eAX, moffs */
export function movAO(sz: u32): void {
  let v = readMem(sz, eaSeg(), disp());
  if (faulted()) return;
  setReg(sz, EAX, v);
}

/** mov moffs, AL/eAX */
export function movOA(sz: u32): void { writeMem(sz, eaSeg(), disp(), getReg(sz, EAX)); }

// @ts-ignore: decorator
@inline export function movzx(sz: u32, from: u32, r: bool): void {
  let v = readEf(r, from);
  if (faulted()) return;
  writeG(sz, v);
}

export function movsx(sz: u32, from: u32, r: bool): void {
  let v = readEf(r, from);
  if (faulted()) return;
  let s: u32 = from == 8 ? <u32><i32><i8>v : <u32><i32><i16>v;
  writeG(sz, s & maskOf(sz));
}

// @ts-ignore: decorator
@inline export function lea(sz: u32): void { writeG(sz, ea() & maskOf(sz)); }

export function xchgEG(sz: u32, r: bool): void {
  let d = eRmwBeginF(r, sz);
  if (faulted()) return;
  let s = readG(sz);
  eRmwEndF(r, sz, s);
  if (faulted()) return;
  writeG(sz, d);
}

export function xchgAReg(sz: u32, r: u32): void {
  let a = getReg(sz, EAX);
  setReg(sz, EAX, getReg(sz, r));
  setReg(sz, r, a);
}

export function bswap(sz: u32, r: u32): void {
  // With a 16-bit operand the result is undefined; processors clear the register.
  if (sz == 16) { setReg16(r, 0); return; }
  setReg32(r, builtinBswap(reg32(r)));
}

export function cmovcc(sz: u32, cc: u32, r: bool): void {
  let v = readEf(r, sz);
  if (faulted()) return;
  if (testCC(cc)) writeG(sz, v);
}

export function setcc(cc: u32, r: bool): void { writeEf(r, 8, testCC(cc) ? 1 : 0); }

export function xlat(): void {
  let off = reg32(EBX) + reg8(0);
  if (addr16()) off &= 0xffff;
  let v = readMem(8, eaSeg(), off);
  if (faulted()) return;
  setReg8(0, v);
}

/** CBW / CWDE */
export function cbw(sz: u32): void {
  if (sz == 16) setReg16(EAX, <u32><i32><i8>reg8(0));
  else setReg32(EAX, <u32><i32><i16>reg16(EAX));
}

/** CWD / CDQ */
export function cwd(sz: u32): void {
  if (sz == 16) setReg16(EDX, (reg16(EAX) & 0x8000) ? 0xffff : 0);
  else setReg32(EDX, (reg32(EAX) & 0x80000000) ? 0xffffffff : 0);
}

export function lahf(): void {
  setReg8(4, getFlags() & 0xff); // AH
}

export function sahf(): void {
  materialize(ARITH);
  let m = SF | ZF | AF | PF | CF;
  setFlagsRaw((flags & ~m) | (reg8(4) & m) | FLAGS_FIXED);
}

// @ts-ignore: decorator
@inline function builtinBswap(v: u32): u32 {
  return (v >>> 24) | ((v >>> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}
