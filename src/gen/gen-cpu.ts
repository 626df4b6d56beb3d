// Generates the core's decoder tables and dispatch switch from the x86 table
// (src/gen/x86/).
//
// Output (build products, not hand-edited; see .gitignore):
//   assembly/generated/x86-decode.ts   PRIMARY/FINAL lookup tables used by cpu/decode.ts
//   assembly/generated/x86-dispatch.ts two levels of dense switches (wasm br_tables) over op ids
//
// Decoding an opcode: PRIMARY[map * 256 + opcode] says whether a ModRM byte follows
// and which of (mandatory prefix, mod, reg, rm) select among the opcode's forms; the
// selected FINAL entry holds the op ids for 32- and 16-bit operand size, the kind of
// immediate, and the LOCK/jump properties. Op id 0 raises #UD.

import { X86_TABLE, Imm, type OpDef, type Prefix } from "./x86/index.js";

export const P_MODRM = 1 << 0;
export const P_SPLIT_PFX = 1 << 1;
export const P_SPLIT_MOD = 1 << 2;
export const P_SPLIT_REG = 1 << 3;
export const P_SPLIT_RM = 1 << 4;
/** The ModRM byte always names a register, whatever its mod field says. */
export const P_REG_ONLY = 1 << 5;
export const P_BASE_SHIFT = 8;

export const F_ID16_SHIFT = 12;
export const F_IMM_SHIFT = 24;
export const F_LOCK = 1 << 28;
export const F_JUMP = 1 << 29;
/** The op id is a pair: id for a register E operand, id + 1 for a memory one. */
export const F_EPAIR = 1 << 30;

/**
 * Handlers that take the form of their E operand (register or memory) as a constant
 * last argument: each gets two op ids, so every case of the dispatch switch keeps
 * only the path it needs (no run-time test of ModRM.mod).
 */
export const E_FORM_HANDLERS = new Set([
  "aluEG", "aluGE", "aluEI", "testEG", "testEI", "incE", "decE", "notE", "negE", "xadd", "cmpxchg",
  "movEG", "movGE", "movEI", "movzx", "movsx", "cmovcc", "setcc", "xchgEG",
  "mulE", "imulE", "divE", "idivE", "imulGE", "imulGEI",
  "shiftEI", "shiftE1", "shiftECL", "shld", "shrd", "btEG", "btEI", "bsf", "bsr",
  "pushE", "popE", "callE", "jmpE",
]);

const PFX_ORDER: Prefix[] = ["none", "66", "F3", "F2"];

export interface GeneratedCpu {
  primary: number[];
  final: number[];
  /** op id → call expression */
  calls: string[];
  /** op id → mnemonic(s) */
  names: string[];
}

function callExpr(d: OpDef, size: number | null, eForm?: boolean): string {
  const args: string[] = [];
  if (size !== null) args.push(String(size));
  for (const a of d.args ?? []) args.push(typeof a === "number" ? String(a) : `ops.${a}`);
  if (eForm !== undefined) args.push(String(eForm));
  return `ops.${d.h}(${args.join(", ")})`;
}

export function generateCpu(table: readonly OpDef[] = X86_TABLE): GeneratedCpu {
  const calls: string[] = ["ops.opUndefined()"];
  const names: string[] = ["(undefined)"];
  const idOf = new Map<string, number>();
  const intern = (expr: string, name: string): number => {
    let id = idOf.get(expr);
    if (id === undefined) {
      id = calls.length;
      calls.push(expr);
      names.push(name);
      idOf.set(expr, id);
    }
    return id;
  };
  // A register/memory pair of ids, allocated together so that mem = reg + 1.
  const internPair = (d: OpDef, size: number | null): number => {
    const reg = callExpr(d, size, true);
    const known = idOf.get(reg);
    if (known !== undefined) return known;
    const id = intern(reg, d.m + " (register)");
    intern(callExpr(d, size, false), d.m + " (memory)");
    return id;
  };
  const finalOf = (d: OpDef): number => {
    let id32: number, id16: number;
    const eForm = E_FORM_HANDLERS.has(d.h);
    const pair = eForm && d.mod === undefined;
    const fixed = !eForm ? undefined : d.mod === "reg" ? true : d.mod === "mem" ? false : undefined;
    const one = (size: number | null) => pair ? internPair(d, size) : intern(callExpr(d, size, fixed), d.m);
    if (d.v) {
      id32 = one(32);
      id16 = one(16);
    } else {
      id32 = id16 = one(d.b ? 8 : null);
    }
    if (id32 >= 4096 || id16 >= 4096) throw new Error("too many op ids for the FINAL encoding");
    return id32 | (id16 << F_ID16_SHIFT) | ((d.imm ?? Imm.None) << F_IMM_SHIFT) |
      (d.lock ? F_LOCK : 0) | (d.jump === true ? F_JUMP : 0) | (pair ? F_EPAIR : 0);
  };

  const primary: number[] = new Array(512).fill(0);
  const final: number[] = [0]; // FINAL[0]: #UD, no ModRM, no immediate
  const byKey = new Map<number, OpDef[]>();
  for (const d of table) {
    const key = d.map * 256 + d.op;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(d);
  }

  for (const [key, defs] of byKey) {
    const modrm = defs.some((d) => d.modrm || d.reg !== undefined || d.mod !== undefined || d.rm !== undefined);
    if (defs.some((d) => !!(d.modrm || d.reg !== undefined || d.mod || d.rm !== undefined) !== modrm)) {
      throw new Error(`opcode ${key.toString(16)}: forms disagree about ModRM`);
    }
    // A row that names its prefix, even "none", makes the opcode prefix-selected (in
    // the 0F map, forms with other prefixes are then #UD: 66 0F 77, F3 0F AE /0 …).
    const splitPfx = defs.some((d) => d.pfx !== undefined);
    const splitMod = defs.some((d) => d.mod !== undefined);
    const splitReg = defs.some((d) => d.reg !== undefined);
    const splitRm = defs.some((d) => d.rm !== undefined);
    const nPfx = splitPfx ? 4 : 1, nMod = splitMod ? 2 : 1, nReg = splitReg ? 8 : 1, nRm = splitRm ? 8 : 1;
    const base = final.length;
    const block: number[] = new Array(nPfx * nMod * nReg * nRm).fill(0);
    const filled: boolean[] = new Array(block.length).fill(false);
    for (let p = 0; p < nPfx; p++) for (let m = 0; m < nMod; m++) for (let r = 0; r < nReg; r++) for (let rm = 0; rm < nRm; rm++) {
      const pfx = PFX_ORDER[p];
      const isReg = m === 1;
      const match = (d: OpDef, pf: Prefix) =>
        (d.pfx ?? "none") === pf &&
        (d.mod === undefined || (d.mod === "reg") === isReg) &&
        (d.reg === undefined || d.reg === r) &&
        (d.rm === undefined || (isReg && d.rm === rm));
      const cands = defs.filter((d) => match(d, pfx));
      // Mandatory prefixes only change the meaning of one-byte opcodes that have an
      // explicit prefixed form (F3 90 = pause); otherwise 66/F2/F3 keep their usual
      // meaning there. In the 0F map a missing prefixed form is #UD.
      let chosen = cands;
      if (chosen.length === 0 && pfx !== "none" && Math.floor(key / 256) === 0) chosen = defs.filter((d) => match(d, "none"));
      // A form that names a specific rm beats the generic one.
      if (chosen.length > 1) {
        const specific = chosen.filter((d) => d.rm !== undefined);
        if (specific.length) chosen = specific;
      }
      if (chosen.length > 1) throw new Error(`opcode ${key.toString(16)}: ambiguous forms ${chosen.map((d) => d.m).join(" / ")}`);
      const idx = ((p * nMod + m) * nReg + r) * nRm + rm;
      if (chosen.length === 1) { block[idx] = finalOf(chosen[0]); filled[idx] = true; }
    }
    final.push(...block);
    const regOnly = defs.some((d) => d.regOnly);
    primary[key] = (modrm ? P_MODRM : 0) | (regOnly ? P_REG_ONLY : 0) | (splitPfx ? P_SPLIT_PFX : 0) | (splitMod ? P_SPLIT_MOD : 0) |
      (splitReg ? P_SPLIT_REG : 0) | (splitRm ? P_SPLIT_RM : 0) | (base << P_BASE_SHIFT);
  }
  return { primary, final, calls, names };
}

function hex(n: number): string { return "0x" + (n >>> 0).toString(16); }

function chunk(values: number[], perLine = 8): string {
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += perLine) lines.push("  " + values.slice(i, i + perLine).map(hex).join(", ") + ",");
  return lines.join("\n");
}

export function emitDecode(g: GeneratedCpu): string {
  return `// GENERATED by src/gen/gen-cpu.ts from src/gen/x86/. Do not edit.
// See gen-cpu.ts for the encoding of these tables.

export const P_MODRM: u32 = ${P_MODRM};
export const P_SPLIT_PFX: u32 = ${P_SPLIT_PFX};
export const P_SPLIT_MOD: u32 = ${P_SPLIT_MOD};
export const P_SPLIT_REG: u32 = ${P_SPLIT_REG};
export const P_SPLIT_RM: u32 = ${P_SPLIT_RM};
export const P_REG_ONLY: u32 = ${P_REG_ONLY};
export const P_BASE_SHIFT: u32 = ${P_BASE_SHIFT};
export const F_ID16_SHIFT: u32 = ${F_ID16_SHIFT};
export const F_IMM_SHIFT: u32 = ${F_IMM_SHIFT};
export const F_LOCK: u32 = ${F_LOCK};
export const F_JUMP: u32 = ${F_JUMP};
export const F_EPAIR: u32 = ${F_EPAIR};
export const NR_OPS: u32 = ${g.calls.length};

export const PRIMARY: StaticArray<u32> = [
${chunk(g.primary)}
];

export const FINAL: StaticArray<u32> = [
${chunk(g.final)}
];
`;
}

/**
 * Op ids per inner switch. The optimiser (binaryen) turns a switch into a jump table
 * only up to a size, so the dispatch is two levels of dense switches: id >> 7 picks a
 * group, id & 127 the op — two jump tables, never a chain of compares.
 */
const GROUP_BITS = 7;

export function emitDispatch(g: GeneratedCpu): string {
  const size = 1 << GROUP_BITS;
  const groups: string[] = [];
  for (let base = 0; base < g.calls.length; base += size) {
    const cases = g.calls.slice(base, base + size)
      .map((c, i) => `        case ${base + i}: ${c}; return; // ${g.names[base + i]}`).join("\n");
    groups.push(`    case ${base >> GROUP_BITS}:\n      switch (id) {\n${cases}\n      }\n      break;`);
  }
  return `// GENERATED by src/gen/gen-cpu.ts from src/gen/x86/. Do not edit.
import * as ops from "../cpu/ops/index";

/**
 * Executes the decoded instruction whose op id is \`id\`. Inlined into the
 * interpreter loop (cpu/interp.ts, its only caller): a call per instruction costs a
 * frame and a stack check, about a fifth of the run time.
 */
// @ts-ignore: decorator
@inline export function dispatchInline(id: u32): void {
  switch (id >> ${GROUP_BITS}) {
${groups.join("\n")}
  }
  ops.opUndefined();
}

/** dispatchInline as a call, for the rare callers outside the loop (mm/ptwr.ts). */
export function dispatch(id: u32): void { dispatchInline(id); }
`;
}
