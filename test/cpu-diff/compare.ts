// Comparing a case's native and core results, and printing the difference readably.

import { X86_TABLE, type OpDef } from "../../src/gen/x86/index.js";
import { EFLAGS_COMPARED, undefinedFlags, FLAG_BITS } from "./undef.js";
import { FX_COMPARED } from "./fpu.js";
import { approxRule } from "./approx.js";
import { REG_NAMES, RES_DONE, DATA_SIZE, DATA_VA, CODE_VA, INSN_VA, initialData, type Batch, type Case, type Result } from "./layout.js";

/** Vectors that push an error code (SDM Vol. 3A §6.13). */
const HAS_ERROR = new Set([8, 10, 11, 12, 13, 14, 17, 21]);

// Flat selectors: Linux's user code and data segments (__USER32_CS, __USER_DS; the
// runner loads FS and GS with the latter) and Xen's FLAT_RING3_CS/DS.
const NATIVE_SEL = { cs: 0x23, ds: 0x2b };
const CORE_SEL = { cs: 0xe02b, ds: 0xe033 };

export interface Mismatch {
  index: number;
  case: Case;
  native: Result;
  core: Result;
  /** What differs, one item per field. */
  diffs: string[];
}

const hex = (v: number, w = 8) => "0x" + (v >>> 0).toString(16).padStart(w, "0");

function finalData(init: Uint8Array, r: Result): Uint8Array {
  const d = init.slice();
  for (const [off, v] of r.changes) d[off] = v;
  return d;
}

/** Which segment register a row stores (push Sreg, mov Ev,Sw), or -1. */
function storedSelector(d: OpDef, c: Case): number {
  if (d.h === "pushSreg") return Number(d.args?.[0]);
  if (d.h === "movES") return (modrmOf(c, d) >> 3) & 7;
  return -1;
}

function modrmOf(c: Case, d: OpDef): number {
  // The ModRM byte follows the opcode (one byte map 0, 0F xx map 1) after the prefixes.
  let i = 0;
  while ([0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65].includes(c.code[i])) i++;
  return c.code[i + (d.map === 1 ? 2 : 1)];
}

/** Rewrites the core's selector values into Linux's for rows that store a selector. */
function translateSelectors(d: OpDef, c: Case, core: Result, coreData: Uint8Array, init: Uint8Array): void {
  const seg = storedSelector(d, c);
  if (seg < 0 || seg > 5) return;
  const from = seg === 1 ? CORE_SEL.cs : CORE_SEL.ds, to = seg === 1 ? NATIVE_SEL.cs : NATIVE_SEL.ds;
  // Only registers the instruction wrote: an untouched register may hold the value by chance.
  for (let r = 0; r < 8; r++) {
    if ((core.regs[r] & 0xffff) === from && core.regs[r] !== c.regs[r]) core.regs[r] = ((core.regs[r] & 0xffff0000) | to) >>> 0;
  }
  for (let o = 0; o + 1 < DATA_SIZE; o++) {
    if (coreData[o] === (from & 0xff) && coreData[o + 1] === from >> 8 && (coreData[o] !== init[o] || coreData[o + 1] !== init[o + 1])) {
      coreData[o] = to & 0xff; coreData[o + 1] = to >> 8;
    }
  }
}

/** The differences between the native and core results of case `c` (empty: they match). */
export function compareResults(batch: Batch, c: Case, native: Result, core: Result): string[] {
  const d = X86_TABLE[c.row];
  const diffs: string[] = [];
  if (quickMatch(d, c, native, core)) return diffs;
  const init = initialData(batch, c);
  const nData = finalData(init, native);
  const cData = finalData(init, core);
  const coreRegs = core.regs.slice();
  const coreT = { ...core, regs: coreRegs };
  translateSelectors(d, c, coreT, cData, init);
  // The instruction completed, even if fetching the next one then faulted.
  const start = CODE_VA + (c.insnOff ?? INSN_VA - CODE_VA) + (c.leadLen ?? 0);
  const nDone = native.kind === RES_DONE || native.eip !== start;
  const kDone = core.kind === RES_DONE || core.eip !== start;
  // A 32-bit push of a segment register writes a 16-bit selector: some processors
  // zero-extend it, others leave the upper half of the slot alone (SDM Vol. 2B PUSH).
  if (d.h === "pushSreg" && c.opsize === 32 && nDone) {
    const o = native.regs[4] - DATA_VA + 2;
    for (const k of [o, o + 1]) if (k >= 0 && k < DATA_SIZE) cData[k] = nData[k];
  }

  if (native.kind !== core.kind) {
    diffs.push(`outcome: native ${outcome(native)}, core ${outcome(core)}`);
  } else if (native.kind !== RES_DONE) {
    if (native.vector !== core.vector) diffs.push(`vector: native ${native.vector}, core ${core.vector}`);
    else {
      if (HAS_ERROR.has(native.vector) && native.err !== core.err) diffs.push(`error code: native ${hex(native.err, 4)}, core ${hex(core.err, 4)}`);
      if (native.vector === 14 && native.cr2 !== core.cr2) diffs.push(`cr2: native ${hex(native.cr2)}, core ${hex(core.cr2)}`);
    }
  }
  if (native.eip !== core.eip) diffs.push(`eip: native ${hex(native.eip)}, core ${hex(core.eip)}`);
  // A POPA that faults part-way has already loaded some registers on this host's
  // processor; architecturally a fault leaves them alone, which is what the core must do.
  const expectRegs = d.h === "popa" && !nDone ? c.regs : native.regs;
  for (let r = 0; r < 8; r++) {
    if (expectRegs[r] !== coreRegs[r]) diffs.push(`${REG_NAMES[r]}: native ${hex(expectRegs[r])}, core ${hex(coreRegs[r])}`);
  }
  const mask = EFLAGS_COMPARED & ~(nDone && kDone ? undefinedFlags(d, c) : 0);
  const fd = (native.eflags ^ core.eflags) & mask;
  if (fd) diffs.push(`eflags: native ${hex(native.eflags, 6)}, core ${hex(core.eflags, 6)} (differ: ${flagNames(fd)})`);
  // Implementation-specific parts of the result are compared by their row's rule.
  let coreFx = core.fx;
  const rule = d.approx ? approxRule(d) : undefined;
  if (rule) {
    coreFx = core.fx?.slice();
    rule.reconcile(c, { data: nData, fx: native.fx }, { data: cData, fx: coreFx });
  }
  const mem: string[] = [];
  for (let o = 0; o < DATA_SIZE; o++) {
    if (nData[o] !== cData[o]) mem.push(`[${hex(DATA_VA + o)}] native ${hex(nData[o], 2)} core ${hex(cData[o], 2)}`);
  }
  if (mem.length) diffs.push(`memory (${mem.length} bytes): ${mem.slice(0, 8).join(", ")}${mem.length > 8 ? ", ..." : ""}`);
  if (c.fx && native.fx && coreFx) {
    for (const [a, b] of FX_COMPARED) {
      for (let i = a; i < b; i++) {
        if (native.fx[i] !== coreFx[i]) { diffs.push(`fxsave[${i}]: native ${hex(native.fx[i], 2)}, core ${hex(coreFx[i], 2)}`); break; }
      }
    }
  }
  return diffs;
}

/** The common case, decided without rebuilding the data area: everything equal. */
function quickMatch(d: OpDef, c: Case, n: Result, k: Result): boolean {
  if (n.kind !== k.kind || n.eip !== k.eip || d.h === "pushSreg" || d.h === "movES" || d.h === "popa" || c.fx) return false;
  if (n.kind !== RES_DONE && (n.vector !== k.vector || n.err !== k.err || n.cr2 !== k.cr2)) return false;
  for (let r = 0; r < 8; r++) if (n.regs[r] !== k.regs[r]) return false;
  if ((n.eflags ^ k.eflags) & EFLAGS_COMPARED) return false;
  if (n.changes.length !== k.changes.length) return false;
  for (let i = 0; i < n.changes.length; i++) {
    if (n.changes[i][0] !== k.changes[i][0] || n.changes[i][1] !== k.changes[i][1]) return false;
  }
  return true;
}

function outcome(r: Result): string {
  return r.kind === RES_DONE ? "ran" : `exception ${r.vector}`;
}

function flagNames(bits: number): string {
  const names = Object.entries({ ...FLAG_BITS, IF: 0x200, DF: 0x400, IOPL: 0x3000, NT: 0x4000, AC: 0x40000, ID: 0x200000 })
    .filter(([, b]) => bits & b).map(([n]) => n);
  return names.join(" ");
}

function describeResult(r: Result): string {
  const head = r.kind === RES_DONE ? "ran" : `exception ${r.vector}${HAS_ERROR.has(r.vector) ? `(${hex(r.err, 4)})` : ""}${r.vector === 14 ? ` cr2=${hex(r.cr2)}` : ""}`;
  return `${head} eip=${hex(r.eip)} ${REG_NAMES.map((n, i) => `${n}=${hex(r.regs[i])}`).join(" ")} eflags=${hex(r.eflags, 6)}`;
}

/** A readable report of one mismatch: the case, its initial state, both results and what differs. */
export function formatMismatch(m: Mismatch, seed: number): string {
  const c = m.case, d = X86_TABLE[c.row];
  const bytes = [...c.code].map((b) => b.toString(16).padStart(2, "0")).join(" ");
  const patches = c.patches.map((p) => `[${hex(DATA_VA + p.off)}]=${[...p.bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`).join(" ");
  return [
    `case seed=${seed} index=${m.index}: ${d.m} (row ${c.row}, ${d.h})  bytes: ${bytes}${c.count !== undefined ? `  count=${c.count}` : ""}`,
    `  initial: ${REG_NAMES.map((n, i) => `${n}=${hex(c.regs[i])}`).join(" ")} eflags=${hex(c.eflags, 6)}`,
    patches ? `  memory:  ${patches}` : "",
    `  native:  ${describeResult(m.native)}`,
    `  core:    ${describeResult(m.core)}`,
    ...m.diffs.map((s) => `  differs: ${s}`),
  ].filter((l) => l).join("\n");
}
