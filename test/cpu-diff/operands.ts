// Building one instruction's bytes and starting state: prefixes, ModRM/SIB/displacement
// for every addressing shape, and register and memory operands with edge values.
//
// Memory operands are placed by choosing the linear address first (mostly inside the
// data area, sometimes across its page boundary, across its edges or in the unmapped
// pages around it) and then solving the addressing form's free register or
// displacement for it. 16-bit addressing can only reach the first 64 KiB, which is
// unmapped in both places, so those cases compare the #PF and its CR2 (= the
// computed effective address).

import { Rng } from "./rng.js";
import { DATA_VA, DATA_SIZE, PAGE, ESP, type Case } from "./layout.js";

export const EDGE32 = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
  0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff];

/** An interesting value of `bits` bits: an edge value or a random one. */
export function value(rng: Rng, bits: number): number {
  const v = rng.chance(0.45) ? rng.pick(EDGE32) : rng.chance(0.2) ? rng.int(16) : rng.u32();
  const sign = rng.chance(0.25) ? (bits === 32 ? 0x80000000 : 1 << (bits - 1)) : 0;
  return ((bits === 32 ? v : v & ((1 << bits) - 1)) ^ (rng.chance(0.1) ? sign : 0)) >>> 0;
}

export function le(v: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.floor(v / 2 ** (8 * i)) & 0xff);
  return out;
}

/** Segment-override prefixes: ES CS SS DS FS GS. */
export const SEG_PREFIXES = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65];

export class Builder {
  readonly prefixes: number[] = [];
  opcode: number[] = [];
  modrm?: number;
  sib?: number;
  disp: number[] = [];
  imm: number[] = [];
  readonly regs = new Uint32Array(8);
  /** Registers whose value the case depends on (not to be re-randomised). */
  readonly pinned = new Set<number>();
  eflags: number;
  readonly patches: { off: number; bytes: Uint8Array }[] = [];
  addr16 = false;
  /** Linear address of the memory operand, when there is one. */
  ea?: number;
  count?: number;
  opsize?: number;
  /** An instruction run before this one (its bytes come first), e.g. to leave lazy flags. */
  lead: number[] = [];
  /** The FXSAVE image, when the case generator chose it (x87/SSE rows otherwise get a random one). */
  fx?: Uint8Array;
  /** Encodes what depends on the final instruction length (relative branch targets). */
  fixup?: () => void;

  constructor(readonly rng: Rng) {
    for (let i = 0; i < 8; i++) this.regs[i] = value(rng, 32);
    this.eflags = 0x2 | (rng.u32() & 0xcd5); // CF PF AF ZF SF OF and DF
    // A stack in the data area (ESP-relative code and pushes stay inside it).
    this.setReg(ESP, stackPointer(rng));
    this.pinned.delete(ESP);
  }

  setReg(r: number, v: number): void { this.regs[r] = v >>> 0; this.pinned.add(r); }
  setReg16(r: number, v: number): void { this.setReg(r, ((this.regs[r] & 0xffff0000) | (v & 0xffff)) >>> 0); }
  setReg8(r: number, v: number): void {
    const sh = r < 4 ? 0 : 8, idx = r & 3;
    this.setReg(idx, ((this.regs[idx] & ~(0xff << sh)) | ((v & 0xff) << sh)) >>> 0);
  }

  /** Writes bytes at linear address `lin`, keeping only what falls inside the data area. */
  poke(lin: number, bytes: number[]): void {
    const kept: number[] = [];
    let start = -1;
    bytes.forEach((b, i) => {
      const off = lin + i - DATA_VA;
      if (off >= 0 && off < DATA_SIZE) { if (start < 0) start = off; kept.push(b); }
    });
    if (kept.length) this.patches.push({ off: start, bytes: Uint8Array.from(kept) });
  }

  /** ModRM naming register `rm` (mod = 3). */
  regForm(reg: number, rm: number): void { this.modrm = 0xc0 | (reg << 3) | rm; }

  /**
   * ModRM for a memory operand of `size` bytes at a chosen address (see the file
   * comment); returns that address. `reg` is the ModRM.reg field.
   */
  memForm(reg: number, size: number, target = pickTarget(this.rng, size)): number {
    const rng = this.rng;
    if (this.addr16) return this.memForm16(reg);
    for (let tries = 0; tries < 20; tries++) {
      const mod = rng.int(3);
      const rm = rng.int(8);
      let disp = mod === 1 ? (rng.int(256) << 24) >> 24 : mod === 2 ? rng.u32() | 0 : 0;
      let base = -1, index = -1, scale = 0;
      if (rm === 4) {
        const b = rng.int(8), i = rng.int(8);
        scale = rng.int(4);
        index = i === 4 ? -1 : i;
        base = b === 5 && mod === 0 ? -1 : b;
        if (base < 0) disp = rng.u32() | 0;
        this.sib = (scale << 6) | (i << 3) | b;
      } else if (rm === 5 && mod === 0) {
        disp = target; // disp32 alone
      } else {
        base = rm;
      }
      // Solve: the base register if it is free, else the displacement if it is 32-bit.
      const idxVal = index >= 0 ? this.regs[index] : 0;
      const free = base >= 0 && !this.pinned.has(base) && base !== index;
      if (free) {
        this.setReg(base, target - disp - idxVal * 2 ** scale);
      } else if (index >= 0 && !this.pinned.has(index) && base !== index && scale === 0 && mod !== 2) {
        this.setReg(index, target - disp - (base >= 0 ? this.regs[base] : 0));
      } else if (mod === 2 || (rm === 4 && base < 0)) {
        disp = (target - (base >= 0 ? this.regs[base] : 0) - idxVal * 2 ** scale) | 0;
      } else if (!(rm === 5 && mod === 0)) {
        this.sib = undefined;
        continue;
      }
      if (base >= 0) this.pinned.add(base);
      if (index >= 0) this.pinned.add(index);
      this.modrm = (mod << 6) | (reg << 3) | rm;
      if (rm !== 4) this.sib = undefined;
      this.disp = mod === 1 ? le(disp & 0xff, 1) : mod === 2 || (mod === 0 && (rm === 5 || (rm === 4 && base < 0))) ? le(disp >>> 0, 4) : [];
      this.ea = (((base >= 0 ? this.regs[base] : 0) + (index >= 0 ? this.regs[index] : 0) * 2 ** scale + disp) >>> 0);
      return this.ea;
    }
    // Plain [disp32].
    this.modrm = (reg << 3) | 5;
    this.sib = undefined;
    this.disp = le(target >>> 0, 4);
    this.ea = target >>> 0;
    return this.ea;
  }

  private memForm16(reg: number): number {
    const rng = this.rng;
    const mod = rng.int(3), rm = rng.int(8);
    const disp = mod === 1 ? (rng.int(256) << 24) >> 24 : mod === 2 || (mod === 0 && rm === 6) ? rng.int(0x10000) : 0;
    const BASE = [3, 3, 5, 5, 6, 7, 5, 3], INDEX = [6, 7, 6, 7, -1, -1, -1, -1];
    let ea = disp;
    if (!(mod === 0 && rm === 6)) {
      ea += this.regs[BASE[rm]] & 0xffff;
      if (INDEX[rm] >= 0) ea += this.regs[INDEX[rm]] & 0xffff;
      this.pinned.add(BASE[rm]);
      if (INDEX[rm] >= 0) this.pinned.add(INDEX[rm]);
    }
    this.modrm = (mod << 6) | (reg << 3) | rm;
    this.disp = mod === 1 ? le(disp & 0xff, 1) : mod === 2 || (mod === 0 && rm === 6) ? le(disp, 2) : [];
    this.ea = ea & 0xffff;
    return this.ea;
  }

  bytes(): Uint8Array {
    const b = [...this.lead, ...this.prefixes, ...this.opcode];
    if (this.modrm !== undefined) b.push(this.modrm);
    if (this.sib !== undefined) b.push(this.sib);
    b.push(...this.disp, ...this.imm);
    return Uint8Array.from(b);
  }

  build(row: number): Case {
    return {
      row, code: this.bytes(), regs: this.regs, eflags: this.eflags, patches: this.patches,
      count: this.count, opsize: this.opsize, ea: this.ea,
    };
  }
}

/** A stack pointer inside the data area: mostly with room both ways, sometimes at an edge. */
export function stackPointer(rng: Rng): number {
  if (rng.chance(0.08)) return DATA_VA + rng.pick([0, 2, 4, 8, DATA_SIZE - 4, DATA_SIZE - 2, DATA_SIZE, PAGE, PAGE + 2]);
  const off = rng.range(0x200, DATA_SIZE - 0x200);
  return DATA_VA + (rng.chance(0.85) ? off & ~3 : off);
}

/** Where a memory operand of `size` bytes goes. */
export function pickTarget(rng: Rng, size: number): number {
  const p = rng.u32() / 2 ** 32;
  if (p < 0.8) return DATA_VA + rng.int(DATA_SIZE - size + 1);
  if (p < 0.88) return DATA_VA + PAGE - rng.range(1, size);            // across the data pages
  if (p < 0.94) return rng.chance(0.5) ? DATA_VA - rng.range(1, size) : DATA_VA + DATA_SIZE - size + rng.range(1, size);
  return rng.chance(0.5) ? DATA_VA - PAGE + rng.int(PAGE - size) : DATA_VA + DATA_SIZE + rng.int(PAGE);
}
