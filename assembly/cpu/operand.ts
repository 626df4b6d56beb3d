// Operand access for instruction handlers: reads the decoded record (cpu/decode.ts)
// and the ModRM-named register or memory operand.

import { curRec } from "./rec";
import { R_MODRM, R_PFX, R_SEG, R_BASE, R_INDEX, R_SCALE, R_EAKIND, R_DISP, R_IMM, R_IMM2, R_LEN, R_OPCODE, EA_REG, EA_MEM16, PFX_ADDRSIZE, PFX_REP, PFX_REPNE, PFX_LOCK } from "./decode";
import { reg32, getReg, setReg } from "./state";
import { segLin, ptrRead, ptrRMW, ptrWrite, loadHost, storeHost, writeDone } from "./mem";
import { faulted } from "./fault";

// @ts-ignore: decorator
@inline export function modrm(): u32 { return load<u8>(curRec + R_MODRM); }
/** ModRM.reg: the G operand, or the group's sub-opcode. */
// @ts-ignore: decorator
@inline export function regField(): u32 { return (load<u8>(curRec + R_MODRM) >> 3) & 7; }
// @ts-ignore: decorator
@inline export function rmField(): u32 { return load<u8>(curRec + R_MODRM) & 7; }
/** True when the E operand is a register (ModRM.mod = 3). */
// @ts-ignore: decorator
@inline export function eIsReg(): bool { return load<u8>(curRec + R_EAKIND) == EA_REG; }
// @ts-ignore: decorator
@inline export function imm(): u32 { return load<u32>(curRec + R_IMM); }
// @ts-ignore: decorator
@inline export function imm2(): u32 { return load<u32>(curRec + R_IMM2); }
// @ts-ignore: decorator
@inline export function disp(): u32 { return load<u32>(curRec + R_DISP); }
// @ts-ignore: decorator
@inline export function prefixes(): u32 { return load<u8>(curRec + R_PFX); }
// @ts-ignore: decorator
@inline export function insnLength(): u32 { return load<u8>(curRec + R_LEN); }
// @ts-ignore: decorator
@inline export function opcodeByte(): u32 { return load<u8>(curRec + R_OPCODE); }
// @ts-ignore: decorator
@inline export function addr16(): bool { return (load<u8>(curRec + R_PFX) & PFX_ADDRSIZE) != 0; }
// @ts-ignore: decorator
@inline export function hasRep(): bool { return (load<u8>(curRec + R_PFX) & (PFX_REP | PFX_REPNE)) != 0; }
// @ts-ignore: decorator
@inline export function hasRepne(): bool { return (load<u8>(curRec + R_PFX) & PFX_REPNE) != 0; }
// @ts-ignore: decorator
@inline export function hasLock(): bool { return (load<u8>(curRec + R_PFX) & PFX_LOCK) != 0; }
/** Segment of the memory operand (default or override). */
// @ts-ignore: decorator
@inline export function eaSeg(): u32 { return load<u8>(curRec + R_SEG); }

/** Offset of the memory operand within its segment. */
// @ts-ignore: decorator
@inline export function ea(): u32 {
  let r = curRec;
  let v = reg32(load<u8>(r + R_BASE)) + (reg32(load<u8>(r + R_INDEX)) << load<u8>(r + R_SCALE)) + load<u32>(r + R_DISP);
  if (load<u8>(r + R_EAKIND) == EA_MEM16) v &= 0xffff;
  return v;
}

/** Reads the E operand. */
// @ts-ignore: decorator
@inline export function readE(sz: u32): u32 {
  if (eIsReg()) return getReg(sz, rmField());
  let lin = segLin(eaSeg(), ea(), sz >> 3, false);
  return loadHost(sz, ptrRead(lin, sz >> 3));
}

/** Writes the E operand (no read). Check faulted() afterwards before committing more. */
// @ts-ignore: decorator
@inline export function writeE(sz: u32, v: u32): void {
  if (eIsReg()) { setReg(sz, rmField(), v); return; }
  let lin = segLin(eaSeg(), ea(), sz >> 3, true);
  let h = ptrWrite(lin, sz >> 3);
  if (faulted()) return;
  storeHost(sz, h, v);
  writeDone(h);
}

// Read-modify-write of the E operand: eRmwBegin() gives its value (remembering
// where it lives), eRmwEnd(v) stores the result there.
let rmwHost: u32 = 0;

// @ts-ignore: decorator
@inline export function eRmwBegin(sz: u32): u32 {
  if (eIsReg()) return getReg(sz, rmField());
  let lin = segLin(eaSeg(), ea(), sz >> 3, true);
  let h = ptrRMW(lin, sz >> 3);
  rmwHost = h;
  return loadHost(sz, h);
}

// @ts-ignore: decorator
@inline export function eRmwEnd(sz: u32, v: u32): void {
  if (eIsReg()) { setReg(sz, rmField(), v); return; }
  storeHost(sz, rmwHost, v);
  writeDone(rmwHost);
}

/** Reads the G operand. */
// @ts-ignore: decorator
@inline export function readG(sz: u32): u32 { return getReg(sz, regField()); }
// @ts-ignore: decorator
@inline export function writeG(sz: u32, v: u32): void { setReg(sz, regField(), v); }

// ── E operand with its form known when the op was generated ───────────────────────────
// The generator gives handlers of register and memory forms separate op ids, passing
// `r` (E is a register) as a constant, so each case of the dispatch switch keeps only
// the path it needs.

// @ts-ignore: decorator
@inline export function readEf(r: bool, sz: u32): u32 {
  if (r) return getReg(sz, rmField());
  let lin = segLin(eaSeg(), ea(), sz >> 3, false);
  return loadHost(sz, ptrRead(lin, sz >> 3));
}

// @ts-ignore: decorator
@inline export function writeEf(r: bool, sz: u32, v: u32): void {
  if (r) { setReg(sz, rmField(), v); return; }
  let lin = segLin(eaSeg(), ea(), sz >> 3, true);
  let h = ptrWrite(lin, sz >> 3);
  if (faulted()) return;
  storeHost(sz, h, v);
  writeDone(h);
}

// @ts-ignore: decorator
@inline export function eRmwBeginF(r: bool, sz: u32): u32 {
  if (r) return getReg(sz, rmField());
  let lin = segLin(eaSeg(), ea(), sz >> 3, true);
  let h = ptrRMW(lin, sz >> 3);
  rmwHost = h;
  return loadHost(sz, h);
}

// @ts-ignore: decorator
@inline export function eRmwEndF(r: bool, sz: u32, v: u32): void {
  if (r) { setReg(sz, rmField(), v); return; }
  storeHost(sz, rmwHost, v);
  writeDone(rmwHost);
}
