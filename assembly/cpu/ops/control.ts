// Control transfer: Jcc, JMP, CALL, RET, LOOP, JCXZ, INT n/INT3/INTO/INT1, IRET and
// far transfers (SDM Vol. 2).
//
// Branch targets are truncated to 16 bits with a 16-bit operand size. A target
// beyond the CS limit raises #GP(0) (flat PV code segments have no limit to check).

import { eip, setEip, instrEip, reg32, setReg32, ECX, CS, SS, cpl, segSel, segBase, segLimit, segCheckMask } from "../state";
import { testCC, getZF, getOF } from "../flags";
import { imm, imm2, readE, addr16, eIsReg, ea, eaSeg, opcodeByte, readEf, writeEf, eRmwBeginF, eRmwEndF } from "../operand";
import { push, peek, stackPtr, setStackPtr, pushAt } from "./stack";
import { faulted, raiseSoftware, raiseGP0, raiseUD, raiseError, EXC_BP, EXC_OF, EXC_DB, EXC_GP } from "../fault";
import { segLin, ptrRead, loadHost, readLin } from "../mem";
import { emulateCpuid } from "../../arch/cpuid";
import { noteInvalidOpcode } from "../../arch/crash";
import { hypercallFromGuest } from "../../arch/hypercall-entry";
import { iretInstruction, farTransfer, farReturn } from "../../arch/far";
import { signal, SIG_JUMP } from "../signal";

// @ts-ignore: decorator
@inline function branch(sz: u32, target: u32): void {
  if (sz == 16) target &= 0xffff;
  if ((segCheckMask & (1 << CS)) && target > segLimit(CS)) { raiseGP0(); return; }
  setEip(target);
}

/**
 * A taken conditional branch. Decoded blocks run on past conditional branches (the
 * fall-through is the next record), so a taken one also leaves the block.
 */
// @ts-ignore: decorator
@inline function condBranch(sz: u32, target: u32): void {
  branch(sz, target);
  signal(SIG_JUMP);
}

/** Jcc: with a 16-bit operand size the target is truncated to 16 bits. */
// @ts-ignore: decorator
@inline export function jcc(sz: u32, cc: u32): void {
  if (testCC(cc)) condBranch(sz, eip + imm());
}

export function jmpRel(sz: u32): void { branch(sz, eip + imm()); }

export function jmpE(sz: u32, r: bool): void {
  let t = readEf(r, sz);
  if (faulted()) return;
  branch(sz, t);
}

export function callRel(sz: u32): void {
  let target = eip + imm();
  if (sz == 16) target &= 0xffff;
  if (!push(sz, eip)) return;
  setEip(target);
}

export function callE(sz: u32, r: bool): void {
  let t = readEf(r, sz);
  if (faulted()) return;
  if (!push(sz, eip)) return;
  setEip(sz == 16 ? t & 0xffff : t);
}

/** RET and RET Iw (withImm = 1). */
export function retNear(sz: u32, withImm: u32): void {
  let t = peek(sz, 0);
  if (faulted()) return;
  let pop = (sz >> 3) + (withImm ? imm() & 0xffff : 0);
  setStackPtr(stackPtr() + pop);
  setEip(sz == 16 ? t & 0xffff : t);
}

/** LOOP (kind 0), LOOPNE (1), LOOPE (2). */
export function loop(sz: u32, kind: u32): void {
  let c: u32;
  if (addr16()) {
    c = (reg32(ECX) - 1) & 0xffff;
    setReg32(ECX, (reg32(ECX) & 0xffff0000) | c);
  } else {
    c = reg32(ECX) - 1;
    setReg32(ECX, c);
  }
  let take = c != 0;
  if (kind == 1) take = take && getZF() == 0;
  else if (kind == 2) take = take && getZF() != 0;
  if (take) condBranch(sz, eip + imm());
}

export function jcxz(sz: u32): void {
  let c = addr16() ? reg32(ECX) & 0xffff : reg32(ECX);
  if (c == 0) condBranch(sz, eip + imm());
}

export function int3(): void { raiseSoftware(EXC_BP); }
export function int1(): void { raiseSoftware(EXC_DB); }

export function into(): void {
  if (getOF()) raiseSoftware(EXC_OF);
}

/** INT n. int $0x82 from ring 1 is the hypercall gate (fact sheet §1.1). */
export function intN(): void {
  let n = imm() & 0xff;
  if (n == 0x82 && cpl == 1) { hypercallFromGuest(); return; }
  raiseSoftware(n);
}

export function hlt(): void {
  // HLT is privileged; Xen does not emulate it for PV guests (SCHEDOP_block is the
  // PV idle), so the guest gets #GP(0).
  raiseGP0();
}

/**
 * UD2 (and UD1). Xen's forced-emulation prefix "ud2; .ascii \"xen\"; cpuid" is the
 * exception: it runs Xen's CPUID and skips all seven bytes (fact sheet §5.10).
 */
export function ud2(): void {
  if (opcodeByte() == 0x0b && isXenEmulatePrefix()) {
    emulateCpuid();
    setEip(instrEip + 7);
    return;
  }
  noteInvalidOpcode(false);
  raiseUD();
}

function isXenEmulatePrefix(): bool {
  let p = segBase(CS) + instrEip + 2;
  // 'x' 'e' 'n' then 0F A2 (cpuid). Reading them may fault like any instruction fetch.
  let b0 = readLin(8, p), b1 = readLin(8, p + 1), b2 = readLin(8, p + 2);
  let b3 = readLin(8, p + 3), b4 = readLin(8, p + 4);
  if (faulted()) return false;
  return b0 == 0x78 && b1 == 0x65 && b2 == 0x6e && b3 == 0x0f && b4 == 0xa2;
}

export function iret(sz: u32): void { iretInstruction(sz); }

/** call ptr16:16/32 */
export function callFar(sz: u32): void { farTransfer(sz, imm2() & 0xffff, sz == 16 ? imm() & 0xffff : imm(), true); }
/** jmp ptr16:16/32 */
export function jmpFar(sz: u32): void { farTransfer(sz, imm2() & 0xffff, sz == 16 ? imm() & 0xffff : imm(), false); }

// @ts-ignore: decorator
@inline function farPointerE(sz: u32, call: bool): void {
  let n = sz >> 3;
  let lin = segLin(eaSeg(), ea(), n + 2, false);
  let h = ptrRead(lin, n + 2);
  if (faulted()) return;
  let off = loadHost(sz, h);
  let sel = load<u16>(h + n);
  farTransfer(sz, sel, off, call);
}

export function callFarE(sz: u32): void { farPointerE(sz, true); }
export function jmpFarE(sz: u32): void { farPointerE(sz, false); }

export function retFar(sz: u32, withImm: u32): void { farReturn(sz, withImm ? imm() & 0xffff : 0); }
