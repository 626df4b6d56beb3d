// The case generator: for each row of the x86 table, instruction encodings (register
// and memory forms, operand sizes, prefixes) with random and edge-value operands and
// flags. A case is a pure function of (seed, index): case i exercises row
// rows[i % rows.length] with a PRNG seeded by (seed, i), so "seed 1, case 4711"
// names one case (for a given table and generator).
//
// Rows are handled by what their handler does (the `h` of the row): the generic path
// covers ModRM data-processing instructions; stack, branch, string, division and
// shift rows add the constraints that keep them inside the test area and reach
// their interesting inputs. A row whose handler is unknown here (a new unit of the
// table) still gets generic cases from its encoding: random ModRM forms,
// immediates and, for x87/SSE rows, a random FXSAVE image.

import { X86_TABLE, Imm, type OpDef } from "../../src/gen/x86/index.js";
import { Rng } from "./rng.js";
import { Builder, SEG_PREFIXES } from "./operands.js";
import { HANDLERS, genericCase, fpuCase } from "./cases.js";
import { skipReason } from "./skip.js";
import { randomFx } from "./fpu.js";
import { DATA_SIZE, CODE_SIZE, type Case, type Batch } from "./layout.js";

/** Indices of the table rows that get cases. */
export function testedRows(table: readonly OpDef[] = X86_TABLE): number[] {
  return table.map((_, i) => i).filter((i) => skipReason(table[i]) === undefined);
}

/** The pristine data area of every batch of `seed`. */
export function pristineData(seed: number): Uint8Array {
  return new Rng(seed, 0xda7a).bytes(DATA_SIZE);
}

/** Cases [first, first + count) of `seed`. */
export function generate(seed: number, first: number, count: number, rows = testedRows()): Batch {
  const cases: Case[] = [];
  for (let i = first; i < first + count; i++) cases.push(generateCase(seed, i, rows));
  return { data: pristineData(seed), cases };
}

export function generateCase(seed: number, index: number, rows = testedRows()): Case {
  const row = rows[index % rows.length];
  const rng = new Rng(seed, index);
  return caseFor(rng, X86_TABLE[row], row);
}

function caseFor(rng: Rng, d: OpDef, row: number): Case {
  const b = new Builder(rng);
  let size = d.b ? 8 : d.v ? (rng.chance(0.35) ? 16 : 32) : 32;
  // An operand-size prefix on a row without operand sizes: ignored, except that it
  // truncates a branch target to 16 bits and shortens a Jz displacement.
  const stray66 = !d.v && !d.pfx && rng.chance(0.05);
  if (stray66 && (d.imm === Imm.Jz || d.imm === Imm.Jb)) size = 16;
  b.opsize = size;
  if ((d.v && size === 16) || stray66) b.prefixes.push(0x66);
  // F2/F3 where the SDM defines them as ignorable hints: BND on near branches (no
  // MPX) and XACQUIRE/XRELEASE on lockable instructions (no HLE). Elsewhere on
  // non-string instructions they are reserved: this host's LOOPcc, for one, takes its
  // condition from them.
  if (["jcc", "jmpRel", "callRel", "retNear", "jmpE", "callE"].includes(d.h) && rng.chance(0.03)) b.prefixes.push(0xf2);
  if (d.lock && rng.chance(0.03)) b.prefixes.push(rng.pick([0xf2, 0xf3]));
  if (d.pfx === "66") b.prefixes.push(0x66);
  else if (d.pfx === "F3") b.prefixes.push(0xf3);
  else if (d.pfx === "F2") b.prefixes.push(0xf2);
  b.opcode = d.map === 1 ? [0x0f, d.op] : [d.op];
  const hasModrm = !!(d.modrm || d.reg !== undefined || d.mod !== undefined || d.rm !== undefined);
  const kind = HANDLERS[d.h] ?? (isFpu(d) ? fpuCase : genericCase);
  kind(b, d, size, hasModrm);
  finishPrefixes(b, d, hasModrm);
  if (FLAG_READERS.includes(d.h) && rng.chance(0.25)) b.lead = flagProducer(rng, b.pinned);
  b.fixup?.();
  const c = b.build(row);
  c.leadLen = b.lead.length;
  if (isFpu(d)) c.fx = b.fx ?? randomFx(rng);
  // Now and then an instruction too long to decode (more than 15 bytes: #GP), or one
  // that straddles the end of the code page (its tail is on an unmapped page: #PF).
  if (!d.jump && !c.leadLen) {
    if (rng.chance(0.01) && c.code.length < 16) c.code = Uint8Array.from([...new Array(16 - c.code.length).fill(0x3e), ...c.code]);
    else if (rng.chance(0.03)) c.insnOff = CODE_SIZE - rng.range(1, c.code.length);
  }
  return c;
}

/**
 * Instructions that read the arithmetic flags. A quarter of their cases first run a
 * register-to-register ADD/ADC/SUB/SBB/CMP/NEG/INC/DEC, whose flags are all defined, so
 * that they read flags an instruction just computed (lazily, in the core) rather than
 * flags loaded from the case.
 */
const FLAG_READERS = ["jcc", "setcc", "cmovcc", "aluEG", "aluGE", "pushf", "lahf", "salc", "cmc", "into",
  "loop", "daa", "das", "aaa", "aas", "shiftE1"];

function flagProducer(rng: Rng, pinned: Set<number>): number[] {
  // Never ESP, nor a register the case's own operands depend on (a memory operand's
  // base, say): the lead instruction would move them elsewhere.
  const free = [0, 1, 2, 3, 5, 6, 7].filter((r) => !pinned.has(r));
  if (free.length === 0) return [];
  const reg = () => rng.pick(free);
  const k = rng.int(10);
  if (k < 6) return [rng.pick([0x01, 0x03, 0x11, 0x13, 0x19, 0x1b, 0x29, 0x2b, 0x39, 0x3b, 0x00, 0x28, 0x38]), 0xc0 | (reg() << 3) | reg()];
  if (k < 8) return [rng.pick([0x40, 0x48]) + reg()];
  return [rng.pick([0xf7, 0xf6]), 0xd8 | reg()]; // neg
}

/** x87 (D8-DF) and SSE/MMX (0F rows with V/W/P/Q/U/N operands) rows. */
export function isFpu(d: OpDef): boolean {
  if (d.map === 0) return d.op >= 0xd8 && d.op <= 0xdf;
  return /\b[VWPQUN][a-z]*\b|,\s*[VWPQUN]/.test(d.m) || /^(fx|ldmxcsr|stmxcsr|emms)/.test(d.m);
}

/** LOCK, segment overrides and the address-size prefix, in a random order. */
function finishPrefixes(b: Builder, d: OpDef, hasModrm: boolean): void {
  const rng = b.rng;
  const extra: number[] = [];
  const mem = b.ea !== undefined;
  // LOCK: valid, or #UD. Not on MOV to/from CR: AMD reads LOCK MOV CR0 as MOV CR8.
  const crMove = d.h === "movRC" || d.h === "movCR";
  if (d.lock && mem ? rng.chance(0.3) : !crMove && rng.chance(0.02)) extra.push(0xf0);
  if (mem && rng.chance(0.15)) extra.push(rng.pick(SEG_PREFIXES));
  if (b.addr16) extra.push(0x67);
  if (!hasModrm && !mem && rng.chance(0.03)) extra.push(0x3e); // a harmless redundant prefix
  const mandatory = d.pfx && d.pfx !== "none" ? [b.prefixes.pop()!] : [];
  b.prefixes.push(...extra);
  rng.shuffle(b.prefixes);
  b.prefixes.push(...mandatory); // a mandatory prefix must come last
}

