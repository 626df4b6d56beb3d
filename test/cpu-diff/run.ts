// Running a slice of cases in both places and sorting the mismatches into known core
// bugs (known-failures.ts) and new ones.

import { generate, testedRows } from "./gen.js";
import { runNative } from "./native.js";
import { CoreCpu } from "./core-runner.js";
import { compareResults, type Mismatch } from "./compare.js";
import { knownFailure } from "./known-failures.js";

export interface SliceReport {
  cases: number;
  /** Mismatches matching no known failure. */
  unexpected: Mismatch[];
  /** Known-failure id → number of cases. */
  known: Map<string, number>;
  /** The first few cases of each known failure (with keepKnown). */
  knownCases: Map<string, Mismatch[]>;
  /** Rows that got at least one case. */
  rowsCovered: Set<number>;
  nativeMs: number;
  coreMs: number;
}

export async function runSlice(opts: {
  seed: number; first?: number; count: number; batch?: number; cpu?: CoreCpu;
  onBatch?: (done: number, r: SliceReport) => void; maxUnexpected?: number; keepKnown?: number;
}): Promise<SliceReport> {
  const rows = testedRows();
  const cpu = opts.cpu ?? await CoreCpu.create();
  const report: SliceReport = { cases: 0, unexpected: [], known: new Map(), knownCases: new Map(), rowsCovered: new Set(), nativeMs: 0, coreMs: 0 };
  const first = opts.first ?? 0, per = opts.batch ?? 10_000;
  for (let at = first; at < first + opts.count; at += per) {
    const n = Math.min(per, first + opts.count - at);
    const batch = generate(opts.seed, at, n, rows);
    let t = performance.now();
    const native = runNative(batch);
    report.nativeMs += performance.now() - t;
    t = performance.now();
    const core = cpu.run(batch);
    report.coreMs += performance.now() - t;
    batch.cases.forEach((c, i) => {
      report.rowsCovered.add(c.row);
      const diffs = compareResults(batch, c, native[i], core[i]);
      if (diffs.length === 0) return;
      const k = knownFailure(c, native[i], core[i], diffs);
      const m = { index: at + i, case: c, native: native[i], core: core[i], diffs };
      if (k) {
        report.known.set(k.id, (report.known.get(k.id) ?? 0) + 1);
        const list = report.knownCases.get(k.id) ?? [];
        if (list.length < (opts.keepKnown ?? 0)) report.knownCases.set(k.id, [...list, m]);
      } else if (report.unexpected.length < (opts.maxUnexpected ?? 1000)) report.unexpected.push(m);
    });
    report.cases += n;
    opts.onBatch?.(report.cases, report);
  }
  if (!opts.cpu) cpu.close();
  return report;
}
