// Operands of MMX and SSE instructions.
//
// MMX register i is the 64-bit significand of x87 physical register Ri (SDM Vol. 1
// §9.5): every MMX instruction except EMMS sets TOP to 0 and tags all registers
// valid, and writing MMi sets that register's sign/exponent field to all ones.
// XMM registers live after the x87 registers in the FXSAVE-layout area. Values are
// handled as v128 (the low 8 bytes for MMX).

import { FX_ST, FX_FSW, FX_FTW, fsw, SW_ES } from "./x87-state";
import { xmmAddr } from "./sse-state";
import { cr0, CR0_TS } from "../state";
import { raise, raiseGP0, faulted, EXC_NM, EXC_MF } from "../fault";
import { eIsReg, rmField, regField, ea } from "../operand";
import { memReadPtr, memWritePtr, writeDone } from "./fpu-mem";

// @ts-ignore: decorator
@inline export function mmAddr(r: u32): u32 { return FX_ST + (r << 4); }

/** Starts an MMX instruction: #NM under TS, #MF for a pending x87 exception. */
export function mmxBegin(): bool {
  if (cr0 & CR0_TS) { raise(EXC_NM); return false; }
  if (fsw() & SW_ES) { raise(EXC_MF); return false; }
  return true;
}

/** The x87 → MMX transition: TOP = 0, all registers valid. */
export function mmxEnter(): void {
  store<u16>(FX_FSW, <u16>(<u32>load<u16>(FX_FSW) & ~(<u32>7 << 11)));
  store<u8>(FX_FTW, 0xff);
}

/** Writes MMi (8 bytes) and marks the register as an MMX value. */
// @ts-ignore: decorator
@inline export function writeMm(r: u32, v: v128): void {
  let a = mmAddr(r);
  v128.store64_lane(a, v, 0);
  store<u16>(a + 8, 0xffff);
}

export function writeMm64(r: u32, v: u64): void {
  let a = mmAddr(r);
  store<u64>(a, v);
  store<u16>(a + 8, 0xffff);
}

// @ts-ignore: decorator
@inline export function readMm(r: u32): v128 { return v128.load64_zero(mmAddr(r)); }
// @ts-ignore: decorator
@inline export function readXmm(r: u32): v128 { return v128.load(xmmAddr(r)); }
// @ts-ignore: decorator
@inline export function writeXmm(r: u32, v: v128): void { v128.store(xmmAddr(r), v); }

/** The G operand (ModRM.reg) as MMX (xmm = false) or XMM register. */
export function readG128(xmm: bool): v128 { return xmm ? readXmm(regField()) : readMm(regField()); }
// @ts-ignore: decorator
@inline export function writeG128(xmm: bool, v: v128): void {
  if (xmm) writeXmm(regField(), v); else writeMm(regField(), v);
}

/**
 * The E operand: a register, or 8 (MMX) / 16 (XMM) bytes of memory, which for
 * XMM must be 16-byte aligned when `align` is set (#GP(0) otherwise).
 */
export function readE128(xmm: bool, align: bool): v128 {
  if (eIsReg()) return xmm ? readXmm(rmField()) : readMm(rmField());
  if (xmm) {
    if (align && (ea() & 15) != 0) { raiseGP0(); return v128.splat<i32>(0); }
    let h = memReadPtr(16);
    if (faulted()) return v128.splat<i32>(0);
    return v128.load(h);
  }
  let h = memReadPtr(8);
  if (faulted()) return v128.splat<i32>(0);
  return v128.load64_zero(h);
}

/** A 4- or 8-byte memory-or-register E operand as the low lane of a v128 (scalar SSE). */
export function readEScalar(size: u32): v128 {
  if (eIsReg()) return readXmm(rmField());
  let h = memReadPtr(size);
  if (faulted()) return v128.splat<i32>(0);
  return size == 8 ? v128.load64_zero(h) : v128.load32_zero(h);
}

/** Stores `size` bytes (4, 8 or 16) of v to the memory operand. */
// @ts-ignore: decorator
@inline export function writeMemV(size: u32, v: v128, align: bool): void {
  if (align && (ea() & 15) != 0) { raiseGP0(); return; }
  let h = memWritePtr(size);
  if (faulted()) return;
  if (size == 16) v128.store(h, v);
  else if (size == 8) v128.store64_lane(h, v, 0);
  else v128.store32_lane(h, v, 0);
  writeDone(h);
}
