// x87 FPU state of the running vcpu and the steps every x87 instruction shares.
//
// The state lives in the CPU_FPU region (layout.ts) in FXSAVE layout (SDM Vol. 1
// §10.5.1, Table 10-2), so a context switch copies it as one block:
//
//   +0 FCW  +2 FSW  +4 FTW (abridged: bit i = physical register i valid)  +6 FOP
//   +8 FIP  +12 FCS  +16 FDP  +20 FDS  +24 MXCSR  +28 MXCSR_MASK
//   +32 R0..R7, 16 bytes each (significand u64, sign/exponent u16)  +160 XMM0..7
//
// One difference from the architectural image: the data registers are kept in
// physical order (R0..R7), not stack order (ST0..ST7), so pushes and pops only move
// TOP. fxsave/fnsave rotate them into stack order (cpu/fpu/fpu-image.ts).
//
// Every non-control x87 instruction runs: x87Begin() (#NM when CR0.TS is set, #MF
// when an unmasked exception is pending), the operation, which accumulates flags in
// softfloat's `fexc` and writes results only when the masked response allows it,
// then x87Finish() (sticky flags, C1, ES/B, last-instruction pointers).

import { CPU_FPU } from "../../layout";
import { cr0, CR0_TS, CR0_MP, instrEip, segSel, CS } from "../state";
import { raise, EXC_NM, EXC_MF } from "../fault";
import { opcodeByte, modrm, ea, eaSeg } from "../operand";
import {
  fexc, setFexc, setRoundEnv, unpackX80, packX80, pkSe, pkSig, rCls, uCls, FLAG_IE, FLAG_DE,
  FLAG_ZE, FLAG_SF, FLAG_UP, C_ZERO, C_NORM, INDEFINITE_SIG, PREC_S, PREC_D, PREC_X,
} from "./softfloat";

export const FX_FCW: u32 = CPU_FPU + 0;
export const FX_FSW: u32 = CPU_FPU + 2;
export const FX_FTW: u32 = CPU_FPU + 4;
export const FX_FOP: u32 = CPU_FPU + 6;
export const FX_FIP: u32 = CPU_FPU + 8;
export const FX_FCS: u32 = CPU_FPU + 12;
export const FX_FDP: u32 = CPU_FPU + 16;
export const FX_FDS: u32 = CPU_FPU + 20;
export const FX_MXCSR: u32 = CPU_FPU + 24;
export const FX_MXCSR_MASK: u32 = CPU_FPU + 28;
export const FX_ST: u32 = CPU_FPU + 32;
export const FX_XMM: u32 = CPU_FPU + 160;

// Status word bits (SDM Vol. 1 §8.1.3).
export const SW_ES: u32 = 0x80;
export const SW_C0: u32 = 0x100;
export const SW_C1: u32 = 0x200;
export const SW_C2: u32 = 0x400;
export const SW_C3: u32 = 0x4000;
export const SW_B: u32 = 0x8000;
export const SW_TOP_SHIFT: u32 = 11;
export const SW_CC: u32 = SW_C0 | SW_C1 | SW_C2 | SW_C3;

/** Internal: the stack fault was an overflow (C1 = 1). */
export const FLAG_SO: u32 = 0x1000;
/** Internal: an operand register was empty; an underflow outranks an overflow for C1. */
export const FLAG_SU: u32 = 0x2000;

// @ts-ignore: decorator
@inline export function fcw(): u32 { return load<u16>(FX_FCW); }
// @ts-ignore: decorator
@inline export function fsw(): u32 { return load<u16>(FX_FSW); }
// @ts-ignore: decorator
@inline export function setFsw(v: u32): void { store<u16>(FX_FSW, <u16>v); }
// @ts-ignore: decorator
@inline export function fpuTop(): u32 { return (load<u16>(FX_FSW) >> SW_TOP_SHIFT) & 7; }
// @ts-ignore: decorator
@inline export function setTop(t: u32): void {
  store<u16>(FX_FSW, <u16>((<u32>load<u16>(FX_FSW) & ~(<u32>7 << SW_TOP_SHIFT)) | ((t & 7) << SW_TOP_SHIFT)));
}
/** Physical register number of ST(i). */
// @ts-ignore: decorator
@inline export function physOf(i: u32): u32 { return (fpuTop() + i) & 7; }
// @ts-ignore: decorator
@inline export function regAddr(phys: u32): u32 { return FX_ST + (phys << 4); }
// @ts-ignore: decorator
@inline export function stAddr(i: u32): u32 { return regAddr(physOf(i)); }
// @ts-ignore: decorator
@inline export function physValid(p: u32): bool { return ((load<u8>(FX_FTW) >> p) & 1) != 0; }
// @ts-ignore: decorator
@inline export function stEmpty(i: u32): bool { return !physValid(physOf(i)); }
// @ts-ignore: decorator
@inline export function setPhysValid(p: u32): void { store<u8>(FX_FTW, <u8>(<u32>load<u8>(FX_FTW) | (<u32>1 << p))); }
// @ts-ignore: decorator
@inline export function setPhysEmpty(p: u32): void { store<u8>(FX_FTW, <u8>(<u32>load<u8>(FX_FTW) & ~(<u32>1 << p))); }

/** Unpacks ST(i) into softfloat's U (no flags). */
export function unpackSt(i: u32): void {
  let a = stAddr(i);
  unpackX80(load<u16>(a, 8), load<u64>(a));
}

/** Writes an 80-bit value to ST(i) and marks it valid. */
export function writeSt(i: u32, se: u32, sig: u64): void {
  let p = physOf(i);
  let a = regAddr(p);
  store<u64>(a, sig);
  store<u64>(a, <u64>(se & 0xffff), 8);
  setPhysValid(p);
}

/** Writes softfloat's R to ST(i). */
export function writeStR(i: u32): void {
  packX80();
  writeSt(i, pkSe, pkSig);
}

/** Writes the real indefinite (the masked response to an invalid operation). */
export function writeStIndefinite(i: u32): void { writeSt(i, 0xffff, INDEFINITE_SIG); }

export function popSt(): void {
  setPhysEmpty(physOf(0));
  setTop(fpuTop() + 1);
}

/** Stack underflow: an operand register is empty (IE, SF, C1 = 0). */
export function stackUnderflow(): void { setFexc(fexc | FLAG_IE | FLAG_SF | FLAG_SU); }

/** IE is unmasked: the masked response (a default result) must not be stored. */
// @ts-ignore: decorator
@inline export function ieUnmasked(): bool { return (fcw() & FLAG_IE) == 0; }

/**
 * Pushes a value: ST(7) must be empty, else stack overflow (IE, SF, C1 = 1), whose
 * masked response pushes the indefinite. Returns false when nothing was pushed.
 */
export function pushSt(se: u32, sig: u64): bool {
  let t = (fpuTop() - 1) & 7;
  if (physValid(t)) {
    setFexc(fexc | FLAG_IE | FLAG_SF | FLAG_SO);
    if (ieUnmasked()) return false;
    se = 0xffff; sig = INDEFINITE_SIG;
  }
  setTop(t);
  writeSt(0, se, sig);
  return true;
}

/** True when ST(7) is occupied (a push would overflow). */
// @ts-ignore: decorator
@inline export function pushWouldOverflow(): bool { return physValid((fpuTop() - 1) & 7); }

/** An unmasked IE, DE or ZE: the instruction leaves its destination unchanged. */
export function x87Blocked(): bool {
  return (fexc & ~fcw() & (FLAG_IE | FLAG_DE | FLAG_ZE)) != 0;
}

/** Precision control → significand bits (SDM Vol. 1 §8.1.5.2; PC = 01 is reserved). */
export function x87Prec(): i32 {
  let pc = (fcw() >> 8) & 3;
  return pc == 0 ? PREC_S : pc == 2 ? PREC_D : PREC_X;
}

/**
 * #NM while CR0.TS is set; for waiting instructions also #MF while an unmasked
 * exception is pending (CR0.NE = 1). Returns false when a fault was raised.
 */
// @ts-ignore: decorator
@inline export function x87Check(waiting: bool): bool {
  if (cr0 & CR0_TS) { raise(EXC_NM); return false; }
  if (waiting && (fsw() & SW_ES)) { raise(EXC_MF); return false; }
  return true;
}

/** fwait: #NM only when both MP and TS are set. */
export function fwaitCheck(): void {
  if ((cr0 & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS)) { raise(EXC_NM); return; }
  if (fsw() & SW_ES) raise(EXC_MF);
}

/** Starts a waiting x87 instruction: checks, clears flags, loads the rounding mode. */
export function x87Begin(): bool {
  if (!x87Check(true)) return false;
  setFexc(0);
  let cw = fcw();
  setRoundEnv((cw >> 10) & 3, false, (cw & 0x10) != 0, (cw & 0x08) != 0);
  return true;
}

/** Recomputes ES and B from the flags and the masks. */
export function updateEs(): void {
  let sw = fsw();
  if (sw & ~fcw() & 0x3f) sw |= SW_ES | SW_B;
  else sw &= ~(SW_ES | SW_B);
  setFsw(sw);
}

/**
 * Ends an x87 instruction: ORs the flags into FSW, sets C1 (stack overflow 1,
 * underflow 0, otherwise "rounded up"), updates ES/B and records the instruction
 * (and, with a memory operand, data) pointers. `ownC1`: the instruction sets C1
 * itself or leaves it alone (fxam, fprem, fcomi, fcmovcc, fnop), except that a
 * stack fault still reports its direction.
 */
export function x87Finish(ownC1: bool, hasMem: bool): void {
  let f = fexc;
  if (f == 0) {
    // Nothing raised: no new flag, so ES/B stay as they are; C1 = 0.
    if (!ownC1) setFsw(fsw() & ~SW_C1);
    recordPointers(hasMem);
    return;
  }
  // An unmasked pre-computation exception stops the instruction before it computes:
  // none of the result's flags (OE, UE, PE, rounded-up) are reported.
  if (f & ~fcw() & (FLAG_IE | FLAG_DE | FLAG_ZE)) f &= FLAG_IE | FLAG_DE | FLAG_ZE | FLAG_SF | FLAG_SO | FLAG_SU;
  let sw = fsw() | (f & 0x7f);
  if (!ownC1 || (f & FLAG_SF)) {
    // An instruction that finds an operand empty and also has no room to push (fld
    // ST(i), fxtract, fsincos …) reports the underflow.
    let c1 = (f & FLAG_SF) ? (f & (FLAG_SO | FLAG_SU)) == FLAG_SO : (f & FLAG_UP) != 0;
    sw = c1 ? sw | SW_C1 : sw & ~SW_C1;
  }
  if (sw & ~fcw() & 0x3f) sw |= SW_ES | SW_B;
  setFsw(sw);
  recordPointers(hasMem);
}

/** The last non-control instruction's opcode, address and memory operand. */
// @ts-ignore: decorator
@inline function recordPointers(hasMem: bool): void {
  store<u16>(FX_FOP, <u16>(((opcodeByte() & 7) << 8) | modrm()));
  store<u32>(FX_FIP, instrEip);
  store<u16>(FX_FCS, <u16>segSel(CS));
  if (hasMem) {
    store<u32>(FX_FDP, ea());
    store<u16>(FX_FDS, <u16>segSel(eaSeg()));
  }
}

/** Sets the condition codes C3 C2 C1 C0 (bits of `cc` in status-word positions). */
export function setCC(cc: u32): void { setFsw((fsw() & ~SW_CC) | cc); }

/** The full 2-bit tag of physical register p (fnstenv/fnsave): valid, zero, special, empty. */
export function fullTag(p: u32): u32 {
  if (!physValid(p)) return 3;
  let a = regAddr(p);
  unpackX80(load<u16>(a, 8), load<u64>(a));
  let e = load<u16>(a, 8) & 0x7fff;
  if (uCls == C_ZERO) return 1;
  if (uCls == C_NORM && e != 0) return 0;
  return 2; // NaN, infinity, denormal, unsupported
}

