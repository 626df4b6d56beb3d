// Stack operations: PUSH/POP of registers, immediates, memory and segment registers,
// PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE (SDM Vol. 2B).
//
// The stack segment's B bit selects ESP or SP; every PV stack segment is 32-bit, but
// a guest may load a 16-bit one. Pushes compute the new stack pointer, store, and
// only then update ESP, so a faulting push changes nothing.

import { CPU_SEGS } from "../../layout";
import { reg32, setReg32, getReg, setReg, ESP, EBP, SS, SEG_ATTR, cpl, segSel } from "../state";
import { getFlags, setFlags, flags, IF, IOPL_MASK, VM, RF, AC, ID, NT, TF, DF, OF, ARITH, maskOf } from "../flags";
import { segLin, ptrRead, ptrWrite, loadHost, storeHost, writeDone } from "../mem";
import { readE, writeE, eIsReg, imm, imm2, readEf, writeEf, eRmwBeginF, eRmwEndF } from "../operand";
import { faulted, raiseError, EXC_SS } from "../fault";
import { loadDataSeg, ATTR_DB } from "../segments";

/** True when the stack is 32-bit (SS.B). */
export function stack32(): bool { return (load<u32>(CPU_SEGS + (SS << 4) + SEG_ATTR) & ATTR_DB) != 0; }

export function stackPtr(): u32 { return stack32() ? reg32(ESP) : reg32(ESP) & 0xffff; }

export function setStackPtr(v: u32): void {
  if (stack32()) setReg32(ESP, v);
  else setReg32(ESP, (reg32(ESP) & 0xffff0000) | (v & 0xffff));
}

/**
 * Linear address of a stack access. Bytes running past offset 0xffffffff of the
 * stack segment are a limit violation: #SS(0).
 */
// @ts-ignore: decorator
@inline export function stackLin(off: u32, size: u32, write: bool): u32 {
  if (off + size - 1 < off) { raiseError(EXC_SS, 0); return 0; }
  return segLin(SS, off, size, write);
}

/** Stores `v` (sz bits) at SS:(sp - sz/8) without changing ESP; returns the new sp. */
export function pushAt(sz: u32, sp: u32, v: u32): u32 {
  let n = sz >> 3;
  let nsp = sp - n;
  if (!stack32()) nsp &= 0xffff;
  let lin = stackLin(nsp, n, true);
  let h = ptrWrite(lin, n);
  storeHost(sz, h, v);
  writeDone(h);
  return nsp;
}

/** Pushes `v`; returns false with a fault pending (ESP unchanged). */
export function push(sz: u32, v: u32): bool {
  let nsp = pushAt(sz, stackPtr(), v);
  if (faulted()) return false;
  setStackPtr(nsp);
  return true;
}

/** Reads the value at SS:(sp + off) without popping. */
export function peek(sz: u32, off: u32): u32 {
  let sp = stackPtr() + off;
  if (!stack32()) sp &= 0xffff;
  let lin = stackLin(sp, sz >> 3, false);
  return loadHost(sz, ptrRead(lin, sz >> 3));
}

// @ts-ignore: decorator
@inline export function pushReg(sz: u32, r: u32): void { push(sz, getReg(sz, r)); }

// @ts-ignore: decorator
@inline export function popReg(sz: u32, r: u32): void {
  let v = peek(sz, 0);
  if (faulted()) return;
  setStackPtr(stackPtr() + (sz >> 3));
  setReg(sz, r, v);
}

export function pushImm(sz: u32): void { push(sz, imm() & maskOf(sz)); }

export function pushE(sz: u32, r: bool): void {
  let v = readEf(r, sz);
  if (faulted()) return;
  push(sz, v);
}

/** POP Ev: ESP is incremented before the destination address is computed. */
export function popE(sz: u32, r: bool): void {
  let v = peek(sz, 0);
  if (faulted()) return;
  let old = reg32(ESP);
  setStackPtr(stackPtr() + (sz >> 3));
  writeEf(r, sz, v);
  if (faulted()) setReg32(ESP, old);
}

export function pushSreg(sz: u32, s: u32): void {
  // A 32-bit push of a segment register writes only the low 16 bits on current
  // processors; the upper half of the slot keeps its old contents.
  if (sz == 32) {
    let sp = stackPtr() - 4;
    if (!stack32()) sp &= 0xffff;
    let lin = stackLin(sp, 4, true);
    let h = ptrWrite(lin, 4);
    if (faulted()) return;
    storeHost(16, h, segSel(s));
    writeDone(h);
    setStackPtr(sp);
    return;
  }
  push(16, segSel(s));
}

export function popSreg(sz: u32, s: u32): void {
  let v = peek(sz, 0);
  if (faulted()) return;
  if (!loadDataSeg(s, v & 0xffff)) return;
  setStackPtr(stackPtr() + (sz >> 3));
}

export function pusha(sz: u32): void {
  let sp = stackPtr();
  let orig = reg32(ESP);
  for (let r: u32 = 0; r < 8; r++) {
    let v = r == ESP ? (sz == 32 ? orig : orig & 0xffff) : getReg(sz, r);
    sp = pushAt(sz, sp, v);
    if (faulted()) return;
  }
  setStackPtr(sp);
}

export function popa(sz: u32): void {
  let n = sz >> 3;
  // Read all eight first so that a fault leaves every register unchanged.
  let vals = changetype<usize>(POPA_BUF);
  for (let i: u32 = 0; i < 8; i++) {
    store<u32>(vals + (i << 2), peek(sz, i * n));
    if (faulted()) return;
  }
  for (let i: u32 = 0; i < 8; i++) {
    let r = 7 - i;
    if (r != ESP) setReg(sz, r, load<u32>(vals + (i << 2)));
  }
  setStackPtr(stackPtr() + 8 * n);
}
const POPA_BUF = memory.data(32);

export function pushf(sz: u32): void {
  // VM and RF are never pushed; the guest sees hardware IOPL (0) and IF (1).
  let f = getFlags() & ~(VM | RF);
  push(sz, f & maskOf(sz));
}

/**
 * POPF in protected mode (SDM Vol. 2B "POPF"): at CPL > IOPL the IF bit is kept; at
 * CPL > 0 IOPL is kept; VM, RF, VIP and VIF are never changed by a 32-bit POPF.
 */
export function popf(sz: u32): void {
  let v = peek(sz, 0);
  if (faulted()) return;
  let old = getFlags();
  let changeable: u32 = ARITH | TF | DF | OF | NT;
  if (sz == 32) changeable |= AC | ID;
  let iopl = (old & IOPL_MASK) >> 12;
  if (cpl <= iopl) changeable |= IF;
  if (cpl == 0) changeable |= IOPL_MASK;
  let nf = (old & ~changeable) | (v & changeable);
  setStackPtr(stackPtr() + (sz >> 3));
  setFlags(nf);
}

export function leave(sz: u32): void {
  let bp = stack32() ? reg32(EBP) : reg32(EBP) & 0xffff;
  let lin = stackLin(bp, sz >> 3, false);
  let v = loadHost(sz, ptrRead(lin, sz >> 3));
  if (faulted()) return;
  setStackPtr(bp + (sz >> 3));
  setReg(sz, EBP, v);
}

/** ENTER Iw, Ib (SDM Vol. 2A "ENTER"), with nesting levels. */
export function enter(sz: u32): void {
  let size = imm() & 0xffff;
  let level = imm2() & 31;
  let n = sz >> 3;
  let sp = stackPtr();
  let bp = stack32() ? reg32(EBP) : reg32(EBP) & 0xffff;
  sp = pushAt(sz, sp, getReg(sz, EBP));
  if (faulted()) return;
  let frame = sp;
  if (level > 0) {
    for (let i: u32 = 1; i < level; i++) {
      bp -= n;
      if (!stack32()) bp &= 0xffff;
      let lin = stackLin(bp, n, false);
      let v = loadHost(sz, ptrRead(lin, n));
      if (faulted()) return;
      sp = pushAt(sz, sp, v);
      if (faulted()) return;
    }
    sp = pushAt(sz, sp, frame);
    if (faulted()) return;
  }
  let nsp = sp - size;
  if (!stack32()) nsp &= 0xffff;
  // The whole new frame must be writable (processors probe its lowest byte).
  if (size > 0) {
    let lin = stackLin(nsp, 1, true);
    ptrWrite(lin, 1);
    if (faulted()) return;
  }
  setReg(sz, EBP, frame);
  setStackPtr(nsp);
}
