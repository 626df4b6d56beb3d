// The x87/MMX/SSE side of the differential tests: hand-picked corner cases
// (fpu-edges.ts) against the host CPU, and the rules that compare the
// implementation-specific parts of some results (approx.ts).

import { describe, expect, it } from "vitest";
import { X86_TABLE } from "../../src/gen/x86/index.js";
import { fpuEdges, edgeBatch } from "./fpu-edges.js";
import { APPROX_RULES, approxRule, x87Ordinal } from "./approx.js";
import { runNative } from "./native.js";
import { CoreCpu } from "./core-runner.js";
import { compareResults, formatMismatch } from "./compare.js";
import { RES_DONE, type Case, type Result } from "./layout.js";

describe("x87/MMX/SSE differential corner cases", () => {
  it("stack faults, special operands, range edges, image faults and undefined prefixes run the same in the core as on the host CPU", async () => {
    const edges = [...fpuEdges()];
    const batch = edgeBatch(edges);
    const native = runNative(batch);
    const cpu = await CoreCpu.create();
    const core = cpu.run(batch);
    cpu.close();
    const bad: string[] = [];
    batch.cases.forEach((c, i) => {
      const diffs = compareResults(batch, c, native[i], core[i]);
      if (diffs.length) bad.push(`${edges[i].name}\n${formatMismatch({ index: i, case: c, native: native[i], core: core[i], diffs }, 0)}`);
    });
    expect(edges.length).toBeGreaterThan(1000);
    expect(bad.length, bad.slice(0, 10).join("\n\n")).toBe(0);
  });
});

describe("comparison rules for implementation-specific results", () => {
  it("every table row with an approx note has a rule, and every rule covers only such rows", () => {
    for (const d of X86_TABLE) if (d.approx) expect(approxRule(d), d.m).toBeDefined();
    for (const r of APPROX_RULES) for (const m of r.rows) expect(X86_TABLE.find((d) => d.m === m)?.approx, m).toBeTruthy();
  });

  /** A finished fsin case whose ST(0) the test sets: native and core images. */
  function fsinPair(nativeSt0: [number, bigint], coreSt0: [number, bigint], fsw = [0, 0]): { c: Case; n: Result; k: Result } {
    const [edge] = [...fpuEdges()].filter((e) => e.m === "fsin" && e.name === "fsin 1");
    const batch = edgeBatch([edge]);
    const c = batch.cases[0];
    const mk = (st0: [number, bigint], sw: number): Result => {
      const fx = c.fx!.slice();
      const dv = new DataView(fx.buffer);
      dv.setBigUint64(32, st0[1], true);
      dv.setUint16(40, st0[0], true);
      dv.setUint16(2, sw, true);
      return { kind: RES_DONE, vector: 0, err: 0, cr2: 0, regs: c.regs.slice(), eip: 0, eflags: c.eflags, changes: [], fx };
    };
    return { c, n: mk(nativeSt0, fsw[0]), k: mk(coreSt0, fsw[1]) };
  }

  it("a transcendental result may be one unit off the host's (and C1 differ), not two", () => {
    const batchOf = () => edgeBatch([...fpuEdges()].filter((e) => e.name === "fsin 1"));
    const check = (p: ReturnType<typeof fsinPair>) => compareResults(batchOf(), p.c, p.n, p.k);
    expect(check(fsinPair([0x3ffe, 0xd76aa47848677021n], [0x3ffe, 0xd76aa47848677021n]))).toEqual([]);
    expect(check(fsinPair([0x3ffe, 0xd76aa47848677021n], [0x3ffe, 0xd76aa47848677020n], [0x0220, 0x0020]))).toEqual([]);
    expect(check(fsinPair([0x3ffe, 0xffffffffffffffffn], [0x3fff, 0x8000000000000000n]))).toEqual([]);
    expect(check(fsinPair([0x3ffe, 0xd76aa47848677021n], [0x3ffe, 0xd76aa4784867701fn]))[0]).toMatch(/^fxsave\[32\]/);
    expect(check(fsinPair([0x3ffe, 0xd76aa47848677021n], [0xbffe, 0xd76aa47848677021n]))[0]).toMatch(/^fxsave\[41\]/);
    // After a stack fault C1 is architectural (0: underflow).
    expect(check(fsinPair([0x3ffe, 1n], [0x3ffe, 1n], [0x0041, 0x0241]))[0]).toMatch(/^fxsave\[3\]/);
    expect(x87Ordinal(new Uint8Array(512), 0)).toBe(0n);
  });

  it("reciprocal approximations may differ within 3 × 2^-12, not beyond, and only in their own elements", () => {
    const d = X86_TABLE.find((x) => x.m === "rcpps Vps,Wps")!;
    const rule = approxRule(d)!;
    const c = { row: X86_TABLE.indexOf(d), code: Uint8Array.of(0x0f, 0x53, 0xc1), regs: new Uint32Array(8), eflags: 2, patches: [] } as Case;
    const img = (lanes: number[]) => { const fx = new Uint8Array(512); lanes.forEach((v, i) => new DataView(fx.buffer).setFloat32(160 + 4 * i, v, true)); return fx; };
    const n = img([1, 2, 0.5, 0]), k = img([1 + 2 ** -12, 2 * (1 - 2 ** -11), 0.5 * (1 + 2 ** -10), 0]);
    rule.reconcile(c, { data: new Uint8Array(0), fx: n }, { data: new Uint8Array(0), fx: k });
    expect([...k.subarray(160, 168)]).toEqual([...n.subarray(160, 168)]);
    expect(new DataView(k.buffer).getFloat32(168, true)).not.toBe(0.5); // 2^-10 apart: kept different
  });
});
