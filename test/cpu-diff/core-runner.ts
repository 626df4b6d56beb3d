// The core side: a test domain whose pages match the native runner's address space,
// and a loop that runs each case for exactly one instruction (assembly/exports/cputest.ts).
//
// The domain is an ordinary PV domain built from a tiny kernel image covering
// [AREA_LO, AREA_HI). Through update_va_mapping — the guest's own front door — the
// code and data pages are remapped for ring 3 (P|RW|US|A|D) and every other page of
// the boot mapping is unmapped, so that a stray access is a not-present #PF in both
// places.
// One domain serves every case: a case only rewrites the code and data frames.

import { loadCore } from "../../src/core/node.js";
import type { Core } from "../../src/core/core.js";
import { buildDomain } from "../../src/builder/build.js";
import { writeElf, standardNotes } from "../helpers/elf-writer.js";
import {
  AREA_LO, AREA_HI, CODE_VA, CODE_SIZE, INSN_VA, DATA_VA, DATA_SIZE, PAGE, RES_DONE, RES_EXC,
  initialData, type Batch, type Case, type Result,
} from "./layout.js";

const HYPERVISOR_update_va_mapping = 14;
const UVMF_INVLPG = 2;
const USER_RW = 0x67; // P | RW | US | A | D
const DOMID = 1;

/** FXSAVE image of a freshly initialised FPU (FNINIT; MXCSR at reset): cases without FPU state. */
export const DEFAULT_FX = (() => {
  const fx = new Uint8Array(512);
  fx[0] = 0x7f; fx[1] = 0x03;
  new DataView(fx.buffer).setUint32(24, 0x1f80, true);
  return fx;
})();

export class CoreCpu {
  private constructor(
    private readonly core: Core,
    private readonly codeMfn: number,
    private readonly dataMfns: number[],
  ) {}

  static async create(opts: { debug?: boolean } = {}): Promise<CoreCpu> {
    const core = await loadCore({ frames: 8192, debug: opts.debug ?? false });
    const image = writeElf({
      entry: AREA_LO,
      segments: [{ paddr: AREA_LO, data: new Uint8Array(AREA_HI - AREA_LO) }],
      notes: standardNotes(AREA_LO),
    });
    const built = buildDomain(core, image, { domid: DOMID, memoryBytes: 16 << 20 });
    const mfnOf = (va: number) => built.p2m[(va - AREA_LO) / PAGE];
    const keep = new Set<number>([CODE_VA]);
    for (let va = DATA_VA; va < DATA_VA + DATA_SIZE; va += PAGE) keep.add(va);
    // Everything else the boot mapping covers goes, so a stray access is not-present
    // here as it is natively.
    for (let va = AREA_LO; va < built.layout.virtPgtabEnd; va += PAGE) {
      const pte = keep.has(va) ? ((mfnOf(va) * PAGE) | USER_RW) >>> 0 : 0;
      const rc = core.hypercall(DOMID, 0, HYPERVISOR_update_va_mapping, va, pte, 0, UVMF_INVLPG);
      if (rc !== 0) throw new Error(`cpu-diff: update_va_mapping(0x${va.toString(16)}) failed: ${rc}`);
    }
    const dataMfns: number[] = [];
    for (let va = DATA_VA; va < DATA_VA + DATA_SIZE; va += PAGE) dataMfns.push(mfnOf(va));
    core.cpuTestBegin(DOMID);
    return new CoreCpu(core, mfnOf(CODE_VA), dataMfns);
  }

  run(batch: Batch): Result[] {
    const core = this.core;
    const code = core.mapForeign(DOMID, this.codeMfn, true);
    const data = this.dataMfns.map((m) => core.mapForeign(DOMID, m, true));
    const x = core.cpuTestBuffer();
    const dv = new DataView(x.buffer, x.byteOffset, x.byteLength);
    const out: Result[] = [];
    for (const c of batch.cases) {
      const init = initialData(batch, c);
      for (let p = 0; p < data.length; p++) data[p].set(init.subarray(p * PAGE, (p + 1) * PAGE));
      code.fill(0xcc);
      const off = c.insnOff ?? INSN_VA - CODE_VA;
      code.set(c.code.subarray(0, CODE_SIZE - off), off);
      for (let i = 0; i < 8; i++) dv.setUint32(4 * i, c.regs[i], true);
      dv.setUint32(32, CODE_VA + off, true);
      dv.setUint32(36, c.eflags, true);
      dv.setUint32(40, 1, true);
      x.set(c.fx ?? DEFAULT_FX, 512);
      core.cpuTestStep(this.codeMfn);
      // Natively the CPU goes on until it reaches an int3 of the code page: the next
      // instruction of a case that has two, or, when a branch left the page, whatever
      // it fetches elsewhere (where it faults).
      for (let more = 0; more < 4 && dv.getUint32(1024, true) === 0; more++) {
        const next = dv.getUint32(1072, true);
        const inPage = next >= CODE_VA && next < CODE_VA + CODE_SIZE;
        if (inPage && code[next - CODE_VA] === 0xcc) break;
        dv.setUint32(40, 2, true);
        core.cpuTestStep(this.codeMfn);
      }
      out.push(this.result(c, x, dv, code, data, init));
    }
    return out;
  }

  private result(c: Case, x: Uint8Array, dv: DataView, code: Uint8Array, data: Uint8Array[], init: Uint8Array): Result {
    const regs = new Uint32Array(8);
    for (let i = 0; i < 8; i++) regs[i] = dv.getUint32(1040 + 4 * i, true);
    const r: Result = {
      kind: dv.getUint32(1024, true) ? RES_EXC : RES_DONE,
      vector: dv.getUint32(1028, true), err: dv.getUint32(1032, true), cr2: dv.getUint32(1036, true),
      regs, eip: dv.getUint32(1072, true), eflags: dv.getUint32(1076, true), changes: [],
    };
    // As the native runner sees it: #BP from an int3 of the code page ends the case.
    const at = r.eip - 1 - CODE_VA;
    if (r.kind === RES_EXC && r.vector === 3 && at >= 0 && at < CODE_SIZE && code[at] === 0xcc) {
      r.kind = RES_DONE;
      r.eip -= 1;
    }
    if (r.kind === RES_DONE) { r.vector = 0; r.err = 0; r.cr2 = 0; }
    for (let p = 0; p < data.length; p++) {
      const d = data[p];
      const dw = new Uint32Array(d.buffer, d.byteOffset, PAGE / 4);
      const iw = new Uint32Array(init.buffer, init.byteOffset + p * PAGE, PAGE / 4);
      for (let w = 0; w < PAGE / 4; w++) {
        if (dw[w] === iw[w]) continue;
        for (let i = 4 * w; i < 4 * w + 4; i++) if (d[i] !== init[p * PAGE + i]) r.changes.push([p * PAGE + i, d[i]]);
      }
    }
    if (c.fx) r.fx = x.slice(1536, 2048);
    return r;
  }

  close(): void { this.core.cpuTestEnd(); }
}
