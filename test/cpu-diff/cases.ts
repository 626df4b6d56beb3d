// Case generators by handler (the `h` of a table row): the operands and state that
// reach each instruction's interesting inputs while keeping its memory accesses,
// stack and branch targets inside the test area (layout.ts). gen.ts picks one per row
// and adds the prefixes.

import { Imm, type OpDef } from "../../src/gen/x86/index.js";
import { Builder, value, le, pickTarget, stackPointer, EDGE32 } from "./operands.js";
import { DATA_VA, DATA_SIZE, CODE_VA, CODE_SIZE, INSN_VA, ESP } from "./layout.js";
import { randomFx } from "./fpu.js";
import { operandBytes } from "./fp-values.js";

const EAX = 0, ECX = 1, EDX = 2, EBX = 3, EBP = 5, ESI = 6, EDI = 7;

// ── operands ────────────────────────────────────────────────────────────────────────

/** The E operand: a register, or memory holding an interesting value. */
export function eOperand(b: Builder, d: OpDef, reg: number, size: number): void {
  const rng = b.rng;
  const wantMem = d.mod === "mem" || (d.mod !== "reg" && rng.chance(0.45));
  if (!wantMem) {
    b.regForm(reg, d.rm ?? rng.int(8));
    return;
  }
  if (rng.chance(0.06)) b.addr16 = true;
  const n = size / 8;
  const ea = b.memForm(reg, n);
  if (!b.addr16) b.poke(ea, le(value(rng, size), n));
}

function immediate(b: Builder, d: OpDef, size: number): void {
  const rng = b.rng;
  switch (d.imm) {
    case undefined: case Imm.None: break;
    case Imm.Ib: case Imm.Ibs: b.imm = le(value(rng, 8), 1); break;
    case Imm.Iw: b.imm = le(value(rng, 16), 2); break;
    case Imm.Iz: b.imm = le(value(rng, size === 16 ? 16 : 32), size === 16 ? 2 : 4); break;
    case Imm.IwIb: b.imm = [...le(rng.int(0x40), 2), rng.int(4)]; break;
    case Imm.Ov: b.disp = le(pickTarget(rng, 4), 4); break;
    default: b.imm = le(rng.u32(), d.imm === Imm.Jb ? 1 : size === 16 ? 2 : 4);
  }
}

export type Gen = (b: Builder, d: OpDef, size: number, hasModrm: boolean) => void;

export const genericCase: Gen = (b, d, size, hasModrm) => {
  if (hasModrm) eOperand(b, d, d.reg ?? b.rng.int(8), d.b || d.v ? size : 32);
  immediate(b, d, size);
};

export const fpuCase: Gen = (b, d, size, hasModrm) => {
  if (hasModrm) {
    const mem = d.mod === "mem" || (d.mod !== "reg" && b.rng.chance(0.5));
    // Mostly 16-byte aligned (movaps, fxsave … need it; the others don't mind).
    const aligned = b.rng.chance(0.6) ? DATA_VA + 16 * b.rng.int(DATA_SIZE / 16 - 1) : undefined;
    if (mem) { const ea = b.memForm(d.reg ?? b.rng.int(8), 16, aligned); b.poke(ea, [...operandBytes(b.rng, d.m)]); }
    else b.regForm(d.reg ?? b.rng.int(8), d.rm ?? b.rng.int(8));
  }
  immediate(b, d, size);
};

/** A count for shifts and rotates: mostly 0-33, sometimes any byte. */
function shiftCount(b: Builder, d: OpDef, size: number): number {
  const rng = b.rng;
  let c = rng.chance(0.85) ? rng.int(34) : rng.int(256);
  // SHLD/SHRD leave the result undefined for counts above a 16-bit operand's size.
  if ((d.h === "shld" || d.h === "shrd") && size === 16 && (c & 31) > 16) c = rng.int(17);
  return c;
}

const shiftCase: Gen = (b, d, size) => {
  const rng = b.rng;
  const c = shiftCount(b, d, size);
  if (d.h === "shiftECL" || ((d.h === "shld" || d.h === "shrd") && d.imm === undefined)) b.setReg8(ECX, c);
  eOperand(b, d, d.reg ?? rng.int(8), size);
  if (d.h === "shiftECL" || d.h === "shld" || d.h === "shrd") {
    // CL may have been taken as a base register: the count is what CL holds now.
    b.count = d.imm === undefined ? b.regs[ECX] & 31 : c & 31;
  } else {
    b.count = d.h === "shiftE1" ? 1 : c & 31;
  }
  if (d.imm === Imm.Ib) b.imm = [c];
};

const divCase: Gen = (b, d, size) => {
  const rng = b.rng;
  const signed = d.h === "idivE";
  const mask = size === 32 ? 0xffffffff : (1 << size) - 1;
  let divisor = rng.chance(0.1) ? 0 : value(rng, size) || 1;
  const kind = rng.int(3); // 0: quotient fits, 1: random (often #DE), 2: edge overflow
  let hi: number, lo = value(rng, size);
  if (kind === 0) hi = signed ? (lo & (1 << (size - 1) >>> 0) ? mask : 0) : rng.int(divisor || 1);
  else if (kind === 1) hi = value(rng, size);
  else { hi = signed ? (1 << (size - 1)) >>> 0 >>> 1 : divisor; divisor = signed ? mask : divisor; lo = 0; }
  if (size === 8) b.setReg16(EAX, ((hi & 0xff) << 8) | (lo & 0xff));
  else if (size === 16) { b.setReg16(EAX, lo); b.setReg16(EDX, hi); }
  else { b.setReg(EAX, lo); b.setReg(EDX, hi); }
  const reg = d.reg!;
  const wantMem = rng.chance(0.4);
  if (wantMem) {
    const ea = b.memForm(reg, size / 8);
    b.poke(ea, le(divisor & mask, size / 8));
  } else {
    const rm = rng.pick(size === 8 ? [1, 3, 5, 7, 0, 4] : [1, 3, 5, 6, 7, 0, 2]); // rm may alias the dividend
    if (size === 8) b.setReg8(rm, divisor); else if (size === 16) b.setReg16(rm, divisor); else if (rm !== ESP) b.setReg(rm, divisor);
    b.regForm(reg, rm);
  }
};

/** A target for a branch: an int3 of the code page (never the instruction itself) or an unmapped page. */
function branchTarget(b: Builder, len: number, near: boolean): number {
  const rng = b.rng;
  if (!near && rng.chance(0.1)) return rng.chance(0.5) ? CODE_VA - 1 - rng.int(0x800) : CODE_VA + CODE_SIZE + rng.int(0x800);
  for (;;) {
    const t = near ? INSN_VA + len + rng.range(-128, 127) : CODE_VA + rng.int(CODE_SIZE);
    if (t < INSN_VA || t >= INSN_VA + len) return t;
  }
}

const relBranchCase: Gen = (b, d, size) => {
  const rng = b.rng;
  if (d.h === "loop" || d.h === "jcxz") {
    b.setReg(ECX, rng.pick([0, 1, 2, 0x10000, 0x10001, 0xffffffff, rng.u32()]));
    if (rng.chance(0.15)) b.addr16 = true;
  }
  const short = d.imm === Imm.Jb;
  const immLen = short ? 1 : size === 16 ? 2 : 4;
  // The displacement depends on the instruction's length, known once the prefixes are.
  b.imm = new Array(immLen).fill(0);
  b.count = undefined;
  b.fixup = () => {
    const len = b.bytes().length;
    const t = branchTarget(b, len, short);
    const rel = t - (INSN_VA + len);
    b.imm = le(rel >>> 0, immLen);
  };
};

const indirectBranchCase: Gen = (b, d, size) => {
  const rng = b.rng;
  if (d.h === "callE") b.setReg(ESP, stackPointer(rng));
  const wantMem = rng.chance(0.5);
  const t = branchTarget(b, 16, false);
  if (wantMem) {
    if (rng.chance(0.06)) b.addr16 = true;
    const ea = b.memForm(d.reg!, size / 8);
    b.poke(ea, le(t, size / 8));
  } else {
    const rm = rng.int(8);
    if (rm === ESP) b.setReg(ESP, t); else b.setReg(rm, t);
    b.regForm(d.reg!, rm);
  }
};

const retCase: Gen = (b, d, size) => {
  const rng = b.rng;
  const sp = stackPointer(rng);
  b.setReg(ESP, sp);
  b.poke(sp, le(branchTarget(b, 16, false), size / 8));
  immediate(b, d, size);
};

const stackCase: Gen = (b, d, size, hasModrm) => {
  const rng = b.rng;
  const sp = stackPointer(rng);
  b.setReg(ESP, sp);
  // Whatever is popped: random words, and for popf no TF (a single-step trap would
  // end the case one instruction late natively).
  const words: number[] = [];
  for (let i = 0; i < 9; i++) words.push(value(rng, 32));
  if (d.h === "popf") words[0] = (words[0] & ~0x100) >>> 0;
  b.poke(sp, words.flatMap((w) => le(w, 4)));
  if (d.h === "leave" || d.h === "enter") {
    // Mostly a frame in the data area; sometimes an edge value (never a random address,
    // which could be mapped natively and not in the core).
    const bp = rng.chance(0.9) ? DATA_VA + rng.range(0x100, DATA_SIZE - 0x100) : rng.pick(EDGE32);
    b.setReg(EBP, bp);
    b.poke(bp - 0x80, [...rng.bytes(0x100)]);
  }
  if (d.h === "enter") { b.imm = [...le(rng.chance(0.2) ? rng.int(0x10000) : rng.int(0x40), 2), rng.chance(0.8) ? rng.int(4) : rng.int(32)]; return; }
  if (hasModrm) eOperand(b, d, d.reg ?? 0, size);
  immediate(b, d, size);
};

const stringCase: Gen = (b, d, size) => {
  const rng = b.rng;
  const n = (d.b ? 8 : size) / 8;
  const count = rng.pick([0, 1, 2, 3, 4, 7, 8]);
  const rep = rng.int(3); // none, F3, F2
  if (rep === 1) b.prefixes.push(0xf3); else if (rep === 2) b.prefixes.push(0xf2);
  // (16-bit addressing reaches only unmapped memory, so CMPS would fault on both operands.)
  if (d.h !== "cmps" && rng.chance(0.07)) b.addr16 = true;
  if (rng.chance(0.5)) b.eflags |= 0x400; else b.eflags &= ~0x400;
  // At most one of the two operands may be unmapped: which of two faulting reads a
  // CMPS makes first is not architectural (this host reads ES:EDI first).
  const out = rng.chance(0.2) ? rng.pick([ESI, EDI]) : -1;
  const place = (r: number) => DATA_VA + rng.range(0x40, DATA_SIZE - 0x40) + (r === out ? DATA_SIZE : 0);
  b.setReg(ECX, rep ? (rng.chance(0.1) ? (rng.u32() & 0xffff0000) | count : count) : value(rng, 32));
  b.setReg(ESI, place(ESI));
  b.setReg(EDI, place(EDI));
  // Make repe/repne comparisons stop at a varying point: copy part of the source over the destination.
  if (d.h === "cmps" && rng.chance(0.5)) {
    const src = [...rng.bytes(count * n + 8)];
    const dir = b.eflags & 0x400 ? -1 : 1;
    const from = (p: number) => (dir > 0 ? p : p - (count - 1) * n);
    b.poke(from(b.regs[ESI]), src);
    const dst = src.slice(); if (rng.chance(0.7)) dst[rng.int(dst.length)] ^= 1;
    b.poke(from(b.regs[EDI]), dst);
  }
  if (d.h === "scas" && rng.chance(0.5)) b.poke(b.regs[EDI], le(b.regs[EAX], n));
  if (d.h === "ins" || d.h === "outs") b.setReg16(EDX, rng.pick([0x80, 0x3f8, 0x60, rng.int(0x10000)]));
};

const cmpxchgCase: Gen = (b, d, size) => {
  const rng = b.rng;
  const n = size / 8;
  const v = value(rng, size);
  // Equal to the accumulator half the time (set first: the operand may be addressed through EAX).
  if (rng.chance(0.5)) { if (size === 8) b.setReg8(EAX, v); else if (size === 16) b.setReg16(EAX, v); else b.setReg(EAX, v); }
  eOperand(b, d, rng.int(8), size);
  if (b.ea !== undefined && !b.addr16) b.poke(b.ea, le(v, n));
  else if (b.modrm !== undefined && (b.modrm >> 6) === 3) {
    const rm = b.modrm & 7;
    if (rm !== ESP && !(size === 8 ? (rm & 3) === EAX : rm === EAX)) (size === 8 ? b.setReg8(rm, v) : size === 16 ? b.setReg16(rm, v) : b.setReg(rm, v));
  }
};

const cmpxchg8bCase: Gen = (b, d) => {
  const rng = b.rng;
  if (rng.chance(0.05)) { b.regForm(1, rng.int(8)); return; } // a register operand: #UD
  const lo = value(rng, 32), hi = value(rng, 32);
  if (rng.chance(0.5)) { b.setReg(EAX, lo); b.setReg(EDX, hi); }
  const ea = b.memForm(1, 8);
  b.poke(ea, [...le(lo, 4), ...le(hi, 4)]);
};

const boundCase: Gen = (b, d, size) => {
  const rng = b.rng;
  const n = size / 8;
  const sx = (v: number) => (size === 16 ? (v << 16) >> 16 : v | 0);
  let lo = value(rng, size), hi = value(rng, size);
  if (sx(lo) > sx(hi)) [lo, hi] = [hi, lo];
  const reg = rng.int(8);
  // Half the time the index lies within the bounds (no #BR).
  if (rng.chance(0.5) && reg !== ESP) {
    const idx = sx(lo) + Math.floor(rng.u32() / 2 ** 32 * (sx(hi) - sx(lo) + 1));
    if (size === 16) b.setReg16(reg, idx); else b.setReg(reg, idx);
  }
  const ea = b.memForm(reg, 2 * n);
  b.poke(ea, [...le(lo, n), ...le(hi, n)]);
};

const btCase: Gen = (b, d, size) => {
  const rng = b.rng;
  const reg = d.reg ?? rng.int(8); // btEI: the group's sub-opcode; btEG: the bit-offset register
  if (d.h === "btEG") {
    // Memory forms address bit `offset` from the operand, which may lie well before or after it.
    const off = rng.chance(0.7) ? rng.range(-200, 200) : value(rng, size);
    if (size === 16) b.setReg16(reg, off); else b.setReg(reg, off);
  }
  const wantMem = rng.chance(0.5);
  if (wantMem) {
    const gOff = d.h === "btEG" ? (size === 16 ? (b.regs[reg] << 16) >> 16 : b.regs[reg] | 0) : 0;
    const byteOff = Math.floor(gOff / size) * (size / 8);
    const target = DATA_VA + rng.int(DATA_SIZE - 4) - (Math.abs(byteOff) < DATA_SIZE ? byteOff : 0);
    const ea = b.memForm(reg, size / 8, target);
    b.poke(ea, le(value(rng, size), size / 8));
  } else {
    b.regForm(reg, rng.int(8));
  }
  if (d.imm === Imm.Ib) b.imm = [rng.chance(0.7) ? rng.int(32) : rng.int(256)];
};

const bsfCase: Gen = (b, d, size) => {
  genericCase(b, d, size, true);
  if (b.rng.chance(0.25)) {
    if (b.ea !== undefined && !b.addr16) b.poke(b.ea, new Array(size / 8).fill(0));
    else if (b.modrm !== undefined && (b.modrm >> 6) === 3) { const rm = b.modrm & 7; if (size === 16) b.setReg16(rm, 0); else if (rm !== ESP) b.setReg(rm, 0); }
  }
};

const xlatCase: Gen = (b) => {
  const rng = b.rng;
  b.setReg(EBX, pickTarget(rng, 256) - rng.int(256));
  if (rng.chance(0.1)) b.addr16 = true;
};

const moffsCase: Gen = (b, d, size) => {
  const rng = b.rng;
  if (rng.chance(0.08)) { b.addr16 = true; b.disp = le(rng.int(0x10000), 2); return; }
  const t = pickTarget(rng, size / 8);
  b.disp = le(t, 4);
  b.poke(t, le(value(rng, size), size / 8));
};

const aamCase: Gen = (b, d) => {
  const rng = b.rng;
  b.imm = [rng.chance(0.15) ? 0 : rng.chance(0.5) ? 10 : rng.int(256)];
};


/**
 * MASKMOVQ/MASKMOVDQU store to DS:[E]DI, which must point where both places agree
 * (a random EDI may hit the native process's own stack): the data area, its edges or
 * the unmapped pages around it. Mask bytes are random; now and then all clear.
 */
const maskmovCase: Gen = (b, d) => {
  const rng = b.rng;
  const n = d.pfx === "66" ? 16 : 8;
  if (rng.chance(0.06)) { b.addr16 = true; b.setReg16(EDI, rng.int(0x10000)); }
  else b.setReg(EDI, pickTarget(rng, n));
  const rm = rng.int(8);
  b.regForm(rng.int(8), rm);
  b.fx = randomFx(rng);
  if (rng.chance(0.1)) {
    // MMi is physical register i: its slot in the image is counted from TOP.
    const top = (b.fx[3] >> 3) & 7;
    b.fx.fill(0, ...(n === 16 ? [160 + 16 * rm, 176 + 16 * rm] : [32 + 16 * ((rm - top) & 7), 40 + 16 * ((rm - top) & 7)]));
  }
};

/**
 * FXRSTOR: mostly a loadable image (random pristine bytes would nearly always hold
 * reserved MXCSR bits, #GP) at a 16-byte aligned address; sometimes anywhere.
 */
const fxrstorCase: Gen = (b, d) => {
  const rng = b.rng;
  if (rng.chance(0.2)) { fpuCase(b, d, 32, true); return; }
  const target = DATA_VA + 16 * rng.int((DATA_SIZE - 512) / 16 + 1);
  const ea = b.memForm(d.reg ?? 1, 512, target);
  const img = randomFx(rng);
  if (rng.chance(0.1)) new DataView(img.buffer).setUint32(24, rng.u32(), true); // reserved MXCSR bits
  if (!b.addr16) b.poke(ea, [...img]);
};

/** LEA: any address (nothing is accessed); a register operand is #UD. */
const leaCase: Gen = (b, d, size) => {
  if (b.rng.chance(0.05)) { b.regForm(b.rng.int(8), b.rng.int(8)); return; }
  if (b.rng.chance(0.2)) b.addr16 = true;
  b.memForm(b.rng.int(8), size / 8, b.rng.u32());
};

export const HANDLERS: Record<string, Gen> = {
  lea: leaCase,
  shiftEI: shiftCase, shiftE1: shiftCase, shiftECL: shiftCase, shld: shiftCase, shrd: shiftCase,
  divE: divCase, idivE: divCase,
  jcc: relBranchCase, jmpRel: relBranchCase, callRel: relBranchCase, loop: relBranchCase, jcxz: relBranchCase,
  jmpE: indirectBranchCase, callE: indirectBranchCase,
  retNear: retCase,
  pushReg: stackCase, popReg: stackCase, pushImm: stackCase, pushE: stackCase, popE: stackCase,
  pusha: stackCase, popa: stackCase, pushf: stackCase, popf: stackCase, leave: stackCase, enter: stackCase,
  pushSreg: stackCase,
  movs: stringCase, cmps: stringCase, stos: stringCase, lods: stringCase, scas: stringCase, ins: stringCase, outs: stringCase,
  cmpxchg: cmpxchgCase, cmpxchg8b: cmpxchg8bCase, bound: boundCase,
  btEG: btCase, btEI: btCase, bsf: bsfCase, bsr: bsfCase,
  xlat: xlatCase, movAO: moffsCase, movOA: moffsCase,
  aam: aamCase, aad: aamCase,
  maskmov: maskmovCase, fxrstor: fxrstorCase,
};
