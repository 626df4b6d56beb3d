// Where the differential CPU tests put things, and their case and result records.
// The numbers and byte formats are those of native/layout.h (a test checks that the
// native runner agrees).

export const AREA_LO = 0xc0000000;
export const AREA_HI = 0xc0010000;
export const CODE_VA = 0xc0004000;
export const CODE_SIZE = 0x1000;
export const INSN_VA = 0xc0004800;
export const DATA_VA = 0xc0008000;
export const DATA_SIZE = 0x2000;
export const PAGE = 4096;

export const CASE_MAGIC = 0x54445650;
export const RESULT_MAGIC = 0x52445650;
export const FMT_VERSION = 1;
export const CASE_HDR = 64;
export const RES_HDR = 64;

/** EAX ECX EDX EBX ESP EBP ESI EDI: ModRM register order. */
export const REG_NAMES = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"];
export const ESP = 4;

/** One instruction to run from a given state. */
export interface Case {
  /** Index of the x86 table row the case exercises (src/gen/x86 X86_TABLE). */
  row: number;
  code: Uint8Array;
  regs: Uint32Array;
  eflags: number;
  /** Bytes written over the pristine data area before the run. */
  patches: { off: number; bytes: Uint8Array }[];
  /** FXSAVE image to load (FPU/SSE cases only). */
  fx?: Uint8Array;
  /** Offset of the instruction in the code page (INSN_VA - CODE_VA unless moved). */
  insnOff?: number;
  /** Bytes of a flag-producing instruction run before the row's own (generator metadata). */
  leadLen?: number;
  /** The masked shift/rotate count, for count-dependent undefined flags. */
  count?: number;
  /** Operand size in bits, for the undefined-flag rules. */
  opsize?: number;
  /** Linear address of the memory operand, if any (for the rules of approx.ts). */
  ea?: number;
}

export interface Batch {
  /** The data area every case starts from, before its patches. */
  data: Uint8Array;
  cases: Case[];
}

export const RES_DONE = 0;
export const RES_EXC = 1;

/** What running a case did. */
export interface Result {
  /** RES_DONE: ran to the next instruction; RES_EXC: raised `vector`. */
  kind: number;
  vector: number;
  err: number;
  cr2: number;
  regs: Uint32Array;
  eip: number;
  eflags: number;
  /** [offset, new value] for every data byte that changed. */
  changes: [number, number][];
  fx?: Uint8Array;
}

/** The data area a case starts from: the pristine data with its patches applied. */
export function initialData(batch: Batch, c: Case): Uint8Array {
  const d = batch.data.slice();
  for (const p of c.patches) d.set(p.bytes, p.off);
  return d;
}

export function encodeCases(batch: Batch): Uint8Array {
  let size = 16 + DATA_SIZE;
  for (const c of batch.cases) size += caseSize(c);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, CASE_MAGIC, true);
  dv.setUint32(4, FMT_VERSION, true);
  dv.setUint32(8, batch.cases.length, true);
  dv.setUint32(12, DATA_SIZE, true);
  out.set(batch.data, 16);
  let o = 16 + DATA_SIZE;
  for (const c of batch.cases) {
    const sz = caseSize(c);
    const patchBytes = c.patches.reduce((n, p) => n + 4 + p.bytes.length, 0);
    dv.setUint32(o, sz, true);
    out[o + 4] = c.code.length;
    out[o + 5] = c.fx ? 1 : 0;
    dv.setUint16(o + 6, patchBytes, true);
    for (let i = 0; i < 8; i++) dv.setUint32(o + 8 + 4 * i, c.regs[i], true);
    dv.setUint32(o + 40, c.eflags, true);
    dv.setUint32(o + 44, c.insnOff ?? INSN_VA - CODE_VA, true);
    out.set(c.code, o + 48);
    let p = o + CASE_HDR;
    for (const pt of c.patches) {
      dv.setUint16(p, pt.off, true);
      dv.setUint16(p + 2, pt.bytes.length, true);
      out.set(pt.bytes, p + 4);
      p += 4 + pt.bytes.length;
    }
    if (c.fx) out.set(c.fx, p);
    o += sz;
  }
  return out;
}

function caseSize(c: Case): number {
  const n = CASE_HDR + c.patches.reduce((s, p) => s + 4 + p.bytes.length, 0) + (c.fx ? 512 : 0);
  return (n + 3) & ~3;
}

export function decodeResults(buf: Uint8Array): Result[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 12 || dv.getUint32(0, true) !== RESULT_MAGIC || dv.getUint32(4, true) !== FMT_VERSION) {
    throw new Error("cpu-diff: the native runner wrote no valid result file");
  }
  const n = dv.getUint32(8, true);
  const out: Result[] = [];
  let o = 12;
  for (let i = 0; i < n; i++) {
    const size = dv.getUint32(o, true);
    const regs = new Uint32Array(8);
    for (let r = 0; r < 8; r++) regs[r] = dv.getUint32(o + 20 + 4 * r, true);
    const nchg = dv.getUint16(o + 60, true);
    const changes: [number, number][] = [];
    for (let k = 0; k < nchg; k++) changes.push([dv.getUint16(o + RES_HDR + 4 * k, true), buf[o + RES_HDR + 4 * k + 2]]);
    const res: Result = {
      kind: dv.getUint32(o + 4, true), vector: dv.getUint32(o + 8, true), err: dv.getUint32(o + 12, true),
      cr2: dv.getUint32(o + 16, true), regs, eip: dv.getUint32(o + 52, true), eflags: dv.getUint32(o + 56, true), changes,
    };
    if (buf[o + 62] & 1) res.fx = buf.slice(o + RES_HDR + 4 * nchg, o + RES_HDR + 4 * nchg + 512);
    out.push(res);
    o += size;
  }
  return out;
}
