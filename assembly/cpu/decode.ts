// Instruction decoding into a packed record (blink's "rde" idea).
//
// The decoder turns the bytes at CS:EIP into a fixed 32-byte record at CPU_REC:
//
//   +0  u16 op id        index into the generated dispatch switch (0 = #UD)
//   +2  u8  length       instruction length in bytes (1-15)
//   +3  u8  modrm        raw ModRM byte (0 when the opcode has none)
//   +4  u8  prefixes     PFX_* bits
//   +5  u8  seg          segment of the memory operand (override or default)
//   +6  u8  base         base register, REG_NONE (8) if none
//   +7  u8  index        index register, REG_NONE if none
//   +8  u8  scale        shift count for the index (0-3)
//   +9  u8  ea kind      EA_REG (ModRM names a register), EA_MEM32, EA_MEM16
//   +10 u8  opcode       last opcode byte
//   +11 u8  flags        REC_ENDS_BLOCK: changes EIP or CPU mode (F_JUMP in the table)
//   +12 u32 disp         displacement (or moffs)
//   +16 u32 imm          first immediate (sign-extended where the encoding says so)
//   +20 u32 imm2         second immediate (enter's level, a far pointer's selector)
//
// Handlers read operands only from the record, never from the instruction bytes, so
// a record can be cached and replayed (cpu/code-cache) without changing them.
// Which bytes follow the opcode is decided by the generated tables
// (assembly/generated/x86-decode.ts, from src/gen/x86/).

import { CPU_REC, PAGE_MASK } from "../layout";
import {
  PRIMARY, FINAL, P_MODRM, P_SPLIT_PFX, P_SPLIT_MOD, P_SPLIT_REG, P_SPLIT_RM, P_REG_ONLY, P_BASE_SHIFT,
  F_ID16_SHIFT, F_IMM_SHIFT, F_LOCK, F_JUMP, F_EPAIR,
} from "../generated/x86-decode";
import { tlbEntry, tlbGen, tlbExecOff, codeKey, codeDelta, setCodeWindow, T_DELTA, T_UX } from "./tlb";
import { tlbFill, ACC_EXEC } from "./paging";
import { raiseUD, raiseGP0, faulted } from "./fault";
import { ES, CS, SS, DS, FS, GS, REG_NONE, segBase, eip } from "./state";

export const R_ID: u32 = 0;
export const R_LEN: u32 = 2;
export const R_MODRM: u32 = 3;
export const R_PFX: u32 = 4;
export const R_SEG: u32 = 5;
export const R_BASE: u32 = 6;
export const R_INDEX: u32 = 7;
export const R_SCALE: u32 = 8;
export const R_EAKIND: u32 = 9;
export const R_OPCODE: u32 = 10;
export const R_FLAGS: u32 = 11;
export const REC_ENDS_BLOCK: u32 = 1;
export const R_DISP: u32 = 12;
export const R_IMM: u32 = 16;
export const R_IMM2: u32 = 20;
export const REC_SIZE: u32 = 32;

export const PFX_OPSIZE: u32 = 1 << 0;   // 66
export const PFX_ADDRSIZE: u32 = 1 << 1; // 67
export const PFX_LOCK: u32 = 1 << 2;     // F0
export const PFX_REP: u32 = 1 << 3;      // F3
export const PFX_REPNE: u32 = 1 << 4;    // F2
export const PFX_SEG: u32 = 1 << 5;      // a segment override is present

export const EA_REG: u32 = 0;
export const EA_MEM32: u32 = 1;
export const EA_MEM16: u32 = 2;

const IMM_Ib: u32 = 1, IMM_Ibs: u32 = 2, IMM_Iw: u32 = 3, IMM_Iz: u32 = 4, IMM_Jb: u32 = 5;
const IMM_Jz: u32 = 6, IMM_Ov: u32 = 7, IMM_Ap: u32 = 8, IMM_IwIb: u32 = 9;

/** Fetches one instruction byte at linear `lin` (0 with #PF pending on failure). */
// @ts-ignore: decorator
@inline function fetch8(lin: u32): u32 {
  if (((lin & PAGE_MASK) | tlbGen) == codeKey) return load<u8>(codeDelta + lin);
  return fetchSlow(lin);
}

function fetchSlow(lin: u32): u32 {
  if (faulted()) return 0;
  let key = (lin & PAGE_MASK) | tlbGen;
  let t = tlbEntry(lin);
  if (load<u32>(t + tlbExecOff) != key) {
    t = tlbFill(lin, ACC_EXEC, tlbExecOff == T_UX);
    if (t == 0) return 0;
  }
  setCodeWindow(key, load<u32>(t + T_DELTA));
  return load<u8>(codeDelta + lin);
}

/** Bytes of the instruction being decoded, for the #UD report (cpu/ops/misc.ts). */
export function peekCode(lin: u32): u32 { return fetch8(lin); }

// 16-bit addressing forms (SDM Vol. 2A Table 2-1): base and index per r/m.
const BASE16: StaticArray<u8> = [3, 3, 5, 5, 6, 7, 5, 3];   // BX BX BP BP SI DI BP BX
const INDEX16: StaticArray<u8> = [6, 7, 6, 7, 8, 8, 8, 8];  // SI DI SI DI -  -  -  -

/** Decodes the instruction at CS:EIP into CPU_REC (the uncached path). */
export function decode(): bool {
  return decodeInto(CPU_REC, segBase(CS) + eip) != 0;
}

/**
 * Decodes the instruction at linear address `start` into record `r`. Returns its
 * length, or 0 with an exception pending (#PF on fetch, #GP for more than 15 bytes,
 * #UD for a misplaced LOCK).
 */
export function decodeInto(r: u32, start: u32): u32 {
  let p = start;
  let pfx: u32 = 0;
  let seg: u32 = DS;
  let mand: u32 = 0; // mandatory-prefix index: 0 none, 1 66, 2 F3, 3 F2
  let b: u32;
  // Prefixes.
  while (true) {
    b = fetch8(p);
    if (faulted()) return 0;
    p++;
    if (p - start > 14) { raiseGP0(); return 0; }
    if (b == 0x66) { pfx |= PFX_OPSIZE; if (mand < 2) mand = 1; continue; }
    if (b == 0x67) { pfx |= PFX_ADDRSIZE; continue; }
    if (b == 0xf0) { pfx |= PFX_LOCK; continue; }
    if (b == 0xf3) { pfx = (pfx | PFX_REP) & ~PFX_REPNE; mand = 2; continue; }
    if (b == 0xf2) { pfx = (pfx | PFX_REPNE) & ~PFX_REP; mand = 3; continue; }
    if (b == 0x26) { seg = ES; pfx |= PFX_SEG; continue; }
    if (b == 0x2e) { seg = CS; pfx |= PFX_SEG; continue; }
    if (b == 0x36) { seg = SS; pfx |= PFX_SEG; continue; }
    if (b == 0x3e) { seg = DS; pfx |= PFX_SEG; continue; }
    if (b == 0x64) { seg = FS; pfx |= PFX_SEG; continue; }
    if (b == 0x65) { seg = GS; pfx |= PFX_SEG; continue; }
    break;
  }
  let key = b;
  if (b == 0x0f) {
    b = fetch8(p);
    if (faulted()) return 0;
    p++;
    key = 256 + b;
  }
  let prim = unchecked(PRIMARY[key]);
  let modrm: u32 = 0;
  let eaKind = EA_REG;
  let base = REG_NONE, index = REG_NONE, scale: u32 = 0, disp: u32 = 0;
  let sel = prim >> P_BASE_SHIFT;
  if (prim & P_MODRM) {
    modrm = fetch8(p);
    if (faulted()) return 0;
    p++;
    // MOV to/from CR/DR ignore mod: the operand is always a register (SDM Vol. 2B).
    let mod = (prim & P_REG_ONLY) ? 3 : modrm >> 6, rm = modrm & 7;
    if (prim & (P_SPLIT_PFX | P_SPLIT_MOD | P_SPLIT_REG | P_SPLIT_RM)) {
      let off: u32 = 0;
      if (prim & P_SPLIT_PFX) off = mand;
      if (prim & P_SPLIT_MOD) off = off * 2 + (mod == 3 ? 1 : 0);
      if (prim & P_SPLIT_REG) off = off * 8 + ((modrm >> 3) & 7);
      if (prim & P_SPLIT_RM) off = off * 8 + rm;
      sel += off;
    }
    if (mod != 3) {
      if (!(pfx & PFX_ADDRSIZE)) {
        eaKind = EA_MEM32;
        if (rm == 4) {
          let sib = fetch8(p);
          if (faulted()) return 0;
          p++;
          scale = sib >> 6;
          index = (sib >> 3) & 7;
          if (index == 4) index = REG_NONE;
          base = sib & 7;
          if (base == 5 && mod == 0) {
            base = REG_NONE;
            disp = fetch32(p); p += 4;
          }
        } else if (rm == 5 && mod == 0) {
          disp = fetch32(p); p += 4;
        } else {
          base = rm;
        }
        if (mod == 1) { disp = <u32><i32><i8>fetch8(p); p += 1; }
        else if (mod == 2) { disp = fetch32(p); p += 4; }
        if (!(pfx & PFX_SEG) && (base == 4 || base == 5)) seg = SS;
      } else {
        eaKind = EA_MEM16;
        if (mod == 0 && rm == 6) {
          disp = fetch16(p); p += 2;
        } else {
          base = unchecked(BASE16[rm]);
          index = unchecked(INDEX16[rm]);
          if (!(pfx & PFX_SEG) && base == 5) seg = SS;
        }
        if (mod == 1) { disp = <u32><i32><i8>fetch8(p); p += 1; }
        else if (mod == 2) { disp = fetch16(p); p += 2; }
      }
      if (faulted()) return 0;
    }
  } else if (prim & P_SPLIT_PFX) {
    sel += mand;
  }
  let fin = unchecked(FINAL[sel]);
  let opsize16 = (pfx & PFX_OPSIZE) != 0;
  let id = opsize16 ? (fin >> F_ID16_SHIFT) & 0xfff : fin & 0xfff;
  if ((fin & F_EPAIR) && eaKind != EA_REG) id++; // the memory-form handler
  let imm: u32 = 0, imm2: u32 = 0;
  switch ((fin >> F_IMM_SHIFT) & 0xf) {
    case 0: break;
    case IMM_Ib: imm = fetch8(p); p += 1; break;
    case IMM_Ibs: case IMM_Jb: imm = <u32><i32><i8>fetch8(p); p += 1; break;
    case IMM_Iw: imm = fetch16(p); p += 2; break;
    case IMM_Iz:
      if (opsize16) { imm = fetch16(p); p += 2; } else { imm = fetch32(p); p += 4; }
      break;
    case IMM_Jz:
      if (opsize16) { imm = <u32><i32><i16>fetch16(p); p += 2; } else { imm = fetch32(p); p += 4; }
      break;
    case IMM_Ov:
      eaKind = EA_MEM32;
      if (pfx & PFX_ADDRSIZE) { disp = fetch16(p); p += 2; eaKind = EA_MEM16; } else { disp = fetch32(p); p += 4; }
      break;
    case IMM_Ap:
      if (opsize16) { imm = fetch16(p); p += 2; } else { imm = fetch32(p); p += 4; }
      imm2 = fetch16(p); p += 2;
      break;
    case IMM_IwIb: imm = fetch16(p); p += 2; imm2 = fetch8(p); p += 1; break;
  }
  if (faulted()) return 0;
  let len = p - start;
  if (len > 15) { raiseGP0(); return 0; }
  if ((pfx & PFX_LOCK) && (!(fin & F_LOCK) || eaKind == EA_REG)) { raiseUD(); return 0; }

  store<u16>(r + R_ID, <u16>id);
  store<u8>(r + R_LEN, <u8>len);
  store<u8>(r + R_MODRM, <u8>modrm);
  store<u8>(r + R_PFX, <u8>pfx);
  store<u8>(r + R_SEG, <u8>seg);
  store<u8>(r + R_BASE, <u8>base);
  store<u8>(r + R_INDEX, <u8>index);
  store<u8>(r + R_SCALE, <u8>scale);
  store<u8>(r + R_EAKIND, <u8>eaKind);
  store<u8>(r + R_OPCODE, <u8>b);
  store<u8>(r + R_FLAGS, (fin & F_JUMP) ? <u8>REC_ENDS_BLOCK : 0);
  store<u32>(r + R_DISP, disp);
  store<u32>(r + R_IMM, imm);
  store<u32>(r + R_IMM2, imm2);
  return len;
}

function fetch16(p: u32): u32 { return fetch8(p) | (fetch8(p + 1) << 8); }
function fetch32(p: u32): u32 {
  return fetch8(p) | (fetch8(p + 1) << 8) | (fetch8(p + 2) << 16) | (fetch8(p + 3) << 24);
}
