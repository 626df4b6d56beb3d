// Integer arithmetic and logic: the eight ALU operations, TEST, INC/DEC, NOT/NEG,
// XADD and CMPXCHG (SDM Vol. 2). Flags are recorded lazily (cpu/flags.ts).

import {
  setLazy, setLogic, getCF, flags, setFlagsRaw, materialize, lazyMask,
  LF_ADD, LF_ADC, LF_SUB, LF_SBB, CF, ZF, ARITH, maskOf, setLazyMask,
} from "../flags";
import { getReg, setReg, EAX, EDX, ECX, EBX, reg32, setReg32 } from "../state";
import { faulted, raiseUD } from "../fault";
import { readE, eRmwBegin, eRmwEnd, readG, writeG, imm, eIsReg, regField, rmField, ea, eaSeg, readEf, writeEf, eRmwBeginF, eRmwEndF } from "../operand";
import { segLin, ptrRMW, writeDone } from "../mem";

export const ALU_ADD: u32 = 0;
export const ALU_OR: u32 = 1;
export const ALU_ADC: u32 = 2;
export const ALU_SBB: u32 = 3;
export const ALU_AND: u32 = 4;
export const ALU_SUB: u32 = 5;
export const ALU_XOR: u32 = 6;
export const ALU_CMP: u32 = 7;

/** dst OP src at size `sz`; sets the flags and returns the (truncated) result. */
// @ts-ignore: decorator
@inline export function alu(sz: u32, op: u32, dst: u32, src: u32): u32 {
  let m = maskOf(sz);
  let res: u32;
  switch (op) {
    case ALU_ADD: res = (dst + src) & m; setLazy(LF_ADD, sz, dst, src, res); break;
    case ALU_OR: res = dst | src; setLogic(sz, res); break;
    case ALU_ADC: {
      let c = getCF();
      res = (dst + src + c) & m;
      setLazy(c ? LF_ADC : LF_ADD, sz, dst, src, res);
      break;
    }
    case ALU_SBB: {
      let c = getCF();
      res = (dst - src - c) & m;
      setLazy(c ? LF_SBB : LF_SUB, sz, dst, src, res);
      break;
    }
    case ALU_AND: res = dst & src; setLogic(sz, res); break;
    case ALU_XOR: res = dst ^ src; setLogic(sz, res); break;
    default: res = (dst - src) & m; setLazy(LF_SUB, sz, dst, src, res); break; // SUB, CMP
  }
  return res;
}

/** op Eb/Ev, Gb/Gv */
// @ts-ignore: decorator
@inline export function aluEG(sz: u32, op: u32, r: bool): void {
  let src = readG(sz);
  if (op == ALU_CMP) {
    let d = readEf(r, sz);
    if (faulted()) return;
    alu(sz, op, d, src);
    return;
  }
  let d = eRmwBeginF(r, sz);
  if (faulted()) return;
  eRmwEndF(r, sz, alu(sz, op, d, src));
}

/** op Gb/Gv, Eb/Ev */
// @ts-ignore: decorator
@inline export function aluGE(sz: u32, op: u32, r: bool): void {
  let s = readEf(r, sz);
  if (faulted()) return;
  let res = alu(sz, op, readG(sz), s);
  if (op != ALU_CMP) writeG(sz, res);
}

/** op AL/eAX, imm */
export function aluAI(sz: u32, op: u32): void {
  let res = alu(sz, op, getReg(sz, EAX), imm() & maskOf(sz));
  if (op != ALU_CMP) setReg(sz, EAX, res);
}

/** Group 1: op Eb/Ev, imm */
// @ts-ignore: decorator
@inline export function aluEI(sz: u32, op: u32, r: bool): void {
  let src = imm() & maskOf(sz);
  if (op == ALU_CMP) {
    let d = readEf(r, sz);
    if (faulted()) return;
    alu(sz, op, d, src);
    return;
  }
  let d = eRmwBeginF(r, sz);
  if (faulted()) return;
  eRmwEndF(r, sz, alu(sz, op, d, src));
}

// @ts-ignore: decorator
@inline export function testEG(sz: u32, r: bool): void {
  let d = readEf(r, sz);
  if (faulted()) return;
  setLogic(sz, d & readG(sz));
}

export function testAI(sz: u32): void {
  setLogic(sz, getReg(sz, EAX) & imm() & maskOf(sz));
}

export function testEI(sz: u32, r: bool): void {
  let d = readEf(r, sz);
  if (faulted()) return;
  setLogic(sz, d & imm() & maskOf(sz));
}

// INC and DEC leave CF alone: make it concrete, then derive the rest lazily.
// @ts-ignore: decorator
@inline function incDec(sz: u32, d: u32, dec: bool): u32 {
  let c = getCF();
  let res = (dec ? d - 1 : d + 1) & maskOf(sz);
  setLazy(dec ? LF_SUB : LF_ADD, sz, d, 1, res);
  setFlagsRaw((flags & ~CF) | c);
  setLazyMask(ARITH & ~CF);
  return res;
}

// @ts-ignore: decorator
@inline export function incReg(sz: u32, r: u32): void { setReg(sz, r, incDec(sz, getReg(sz, r), false)); }
// @ts-ignore: decorator
@inline export function decReg(sz: u32, r: u32): void { setReg(sz, r, incDec(sz, getReg(sz, r), true)); }

export function incE(sz: u32, r: bool): void {
  let d = eRmwBeginF(r, sz);
  if (faulted()) return;
  eRmwEndF(r, sz, incDec(sz, d, false));
}

export function decE(sz: u32, r: bool): void {
  let d = eRmwBeginF(r, sz);
  if (faulted()) return;
  eRmwEndF(r, sz, incDec(sz, d, true));
}

export function notE(sz: u32, r: bool): void {
  let d = eRmwBeginF(r, sz);
  if (faulted()) return;
  eRmwEndF(r, sz, ~d & maskOf(sz));
}

export function negE(sz: u32, r: bool): void {
  let d = eRmwBeginF(r, sz);
  if (faulted()) return;
  let res = (0 - d) & maskOf(sz);
  setLazy(LF_SUB, sz, 0, d, res);
  eRmwEndF(r, sz, res);
}

export function xadd(sz: u32, r: bool): void {
  let d = eRmwBeginF(r, sz);
  if (faulted()) return;
  let s = readG(sz);
  let res = alu(sz, ALU_ADD, d, s);
  writeG(sz, d);
  eRmwEndF(r, sz, res);
}

export function cmpxchg(sz: u32, r: bool): void {
  let d = eRmwBeginF(r, sz);
  if (faulted()) return;
  let acc = getReg(sz, EAX);
  alu(sz, ALU_CMP, acc, d);
  if (acc == d) {
    eRmwEndF(r, sz, readG(sz));
  } else {
    // The destination is written back unchanged (the locked cycle always writes).
    eRmwEndF(r, sz, d);
    setReg(sz, EAX, d);
  }
}

export function cmpxchg8b(): void {
  let lin = segLin(eaSeg(), ea(), 8, true);
  let h = ptrRMW(lin, 8);
  if (faulted()) return;
  let lo = load<u32>(h), hi = load<u32>(h, 4);
  materialize(ZF);
  if (lo == reg32(EAX) && hi == reg32(EDX)) {
    store<u32>(h, reg32(EBX));
    store<u32>(h, reg32(ECX), 4);
    setFlagsRaw(flags | ZF);
  } else {
    setReg32(EAX, lo);
    setReg32(EDX, hi);
    setFlagsRaw(flags & ~ZF);
  }
  writeDone(h);
}
