// String instructions: MOVS, CMPS, STOS, LODS, SCAS (and INS/OUTS, which reach the
// PV I/O emulation), with REP/REPE/REPNE (SDM Vol. 2B).
//
// The address size selects SI/DI/CX or ESI/EDI/ECX. A REP instruction runs at most
// REP_CHUNK iterations per execution and otherwise leaves EIP on itself, so a long
// string operation is interruptible and counted against the run budget like the
// loop of instructions it stands for. Registers are updated per iteration, so a fault
// leaves them describing the work done (as on hardware).

import { reg32, setReg32, getReg, setReg, EAX, ECX, ESI, EDI, ES, instrEip, setEip } from "../state";
import { flags, DF } from "../flags";
import { alu, ALU_CMP } from "./alu";
import { eaSeg, addr16, hasRep, hasRepne, prefixes } from "../operand";
import { segLin, ptrRead, ptrWrite, loadHost, storeHost, writeDone } from "../mem";
import { faulted, clearPending } from "../fault";
import { getZF } from "../flags";
import { emulateIoString } from "../../arch/emul-priv-op";

const REP_CHUNK: u32 = 1024;

/** Iterations beyond the first executed by REP instructions (for accounting). */
export let repIterations: u64 = 0;

// @ts-ignore: decorator
@inline function idx(r: u32): u32 { return addr16() ? reg32(r) & 0xffff : reg32(r); }

// @ts-ignore: decorator
@inline function advance(r: u32, n: u32): void {
  let step = (flags & DF) ? <u32>(0 - n) : n;
  if (addr16()) setReg32(r, (reg32(r) & 0xffff0000) | ((reg32(r) + step) & 0xffff));
  else setReg32(r, reg32(r) + step);
}

// @ts-ignore: decorator
@inline function count(): u32 { return addr16() ? reg32(ECX) & 0xffff : reg32(ECX); }

// @ts-ignore: decorator
@inline function setCount(c: u32): void {
  if (addr16()) setReg32(ECX, (reg32(ECX) & 0xffff0000) | (c & 0xffff));
  else setReg32(ECX, c);
}

// @ts-ignore: decorator
@inline function srcRead(sz: u32): u32 {
  let lin = segLin(eaSeg(), idx(ESI), sz >> 3, false);
  return loadHost(sz, ptrRead(lin, sz >> 3));
}

// @ts-ignore: decorator
@inline function dstRead(sz: u32): u32 {
  let lin = segLin(ES, idx(EDI), sz >> 3, false);
  return loadHost(sz, ptrRead(lin, sz >> 3));
}

// @ts-ignore: decorator
@inline function dstWrite(sz: u32, v: u32): void {
  let lin = segLin(ES, idx(EDI), sz >> 3, true);
  let h = ptrWrite(lin, sz >> 3);
  if (faulted()) return;
  storeHost(sz, h, v);
  writeDone(h);
}

/** Runs `body` under REP semantics; body returns false to stop (fault or condition). */
// @ts-ignore: decorator
@inline function finishChunk(done: u32, left: u32): void {
  if (done > 1) repIterations += done - 1;
  if (left != 0) setEip(instrEip); // not finished: execute again
}

export function movs(sz: u32): void {
  let n = sz >> 3;
  if (!hasRep()) {
    let v = srcRead(sz);
    if (faulted()) return;
    dstWrite(sz, v);
    if (faulted()) return;
    advance(ESI, n); advance(EDI, n);
    return;
  }
  let c = count();
  let done: u32 = 0;
  while (c != 0 && done < REP_CHUNK) {
    let v = srcRead(sz);
    if (faulted()) break;
    dstWrite(sz, v);
    if (faulted()) break;
    advance(ESI, n); advance(EDI, n);
    c--; setCount(c); done++;
  }
  if (!faulted()) finishChunk(done, c);
}

export function stos(sz: u32): void {
  let n = sz >> 3;
  let v = getReg(sz, EAX);
  if (!hasRep()) {
    dstWrite(sz, v);
    if (faulted()) return;
    advance(EDI, n);
    return;
  }
  let c = count();
  let done: u32 = 0;
  while (c != 0 && done < REP_CHUNK) {
    dstWrite(sz, v);
    if (faulted()) break;
    advance(EDI, n);
    c--; setCount(c); done++;
  }
  if (!faulted()) finishChunk(done, c);
}

export function lods(sz: u32): void {
  let n = sz >> 3;
  if (!hasRep()) {
    let v = srcRead(sz);
    if (faulted()) return;
    setReg(sz, EAX, v);
    advance(ESI, n);
    return;
  }
  let c = count();
  let done: u32 = 0;
  while (c != 0 && done < REP_CHUNK) {
    let v = srcRead(sz);
    if (faulted()) break;
    setReg(sz, EAX, v);
    advance(ESI, n);
    c--; setCount(c); done++;
  }
  if (!faulted()) finishChunk(done, c);
}

export function cmps(sz: u32): void {
  let n = sz >> 3;
  if (!hasRep()) {
    let a = srcRead(sz);
    if (faulted()) return;
    let b = dstRead(sz);
    if (faulted()) return;
    alu(sz, ALU_CMP, a, b);
    advance(ESI, n); advance(EDI, n);
    return;
  }
  let repne = hasRepne();
  let c = count();
  let done: u32 = 0;
  while (c != 0 && done < REP_CHUNK) {
    let a = srcRead(sz);
    if (faulted()) break;
    let b = dstRead(sz);
    if (faulted()) break;
    alu(sz, ALU_CMP, a, b);
    advance(ESI, n); advance(EDI, n);
    c--; setCount(c); done++;
    if ((getZF() != 0) == repne) { c = 0; break; }
  }
  if (!faulted()) finishChunk(done, c);
}

export function scas(sz: u32): void {
  let n = sz >> 3;
  let a = getReg(sz, EAX);
  if (!hasRep()) {
    let b = dstRead(sz);
    if (faulted()) return;
    alu(sz, ALU_CMP, a, b);
    advance(EDI, n);
    return;
  }
  let repne = hasRepne();
  let c = count();
  let done: u32 = 0;
  while (c != 0 && done < REP_CHUNK) {
    let b = dstRead(sz);
    if (faulted()) break;
    alu(sz, ALU_CMP, a, b);
    advance(EDI, n);
    c--; setCount(c); done++;
    if ((getZF() != 0) == repne) { c = 0; break; }
  }
  if (!faulted()) finishChunk(done, c);
}

export function ins(sz: u32): void { emulateIoString(sz, true); }
export function outs(sz: u32): void { emulateIoString(sz, false); }
